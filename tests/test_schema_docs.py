"""docs/schemas.md documents the presets as they are: a stale page fails."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from mkdocs_postlint.presets import PRESETS, preset_path

ROOT = Path(__file__).resolve().parent.parent


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "schema_docs", ROOT / "scripts" / "schema_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_page_is_up_to_date() -> None:
    page = (ROOT / "docs" / "schemas.md").read_text(encoding="utf-8")
    assert generator().updated(page) == page, "run: python scripts/schema_docs.py"


def test_every_preset_key_is_documented() -> None:
    rendered = generator().render()
    for name in PRESETS:
        path = preset_path(name)
        assert path is not None
        assert f"### `{name}`" in rendered
        for key in json.loads(path.read_text(encoding="utf-8"))["properties"]:
            assert f"| `{key}` |" in rendered, (name, key)


def test_presets_ship_in_the_package() -> None:
    for name in PRESETS:
        path = preset_path(name)
        assert path is not None and path.is_file()
        assert path.parent.name == "presets" and path.parent.parent.name == "mkdocs_postlint"
    assert preset_path("nope") is None
