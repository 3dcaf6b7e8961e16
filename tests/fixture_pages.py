"""Fixture pages that carry their own expected findings (see fixtures/rules/README.md).

Shared by ``tests/test_fixtures.py`` and ``scripts/score.py``.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_postlint.config import Config, load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.linter import lint_document

ROOT = Path(__file__).parent / "fixtures" / "rules"

# <!-- expect: rule-id, rule-id:-2, rule-id:+1 -->
EXPECT = re.compile(r"[ \t]*<!--[ \t]*expect:[ \t]*([^>]*?)[ \t]*-->")
_ONE = re.compile(r"([a-z][a-z-]*)(?::([+-]\d+))?\Z")
# <!-- postlint-test-config: {"rules": {...}, "toc": "<YAML of the toc settings>"} -->
CONFIG = re.compile(r"<!--[ \t]*postlint-test-config:(.*?)-->", re.DOTALL)


@dataclass
class Fixture:
    path: Path
    raw: bytes
    stripped: bytes  # the page with its expect markers removed, same lines
    expected: Counter[tuple[str, int]] = field(default_factory=Counter)
    config: Config = field(default_factory=lambda: load_config({}))

    @property
    def name(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def clean(self) -> bool:
        return not self.expected

    def found(self, data: bytes | None = None) -> Counter[tuple[str, int]]:
        """(rule, line) of every problem the linter reports on the page."""
        doc = parse(self.stripped if data is None else data, self.name)
        return Counter((p.rule, p.line) for p in lint_document(doc, self.config))


def load(path: Path) -> Fixture:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    expected: Counter[tuple[str, int]] = Counter()
    for number, line in enumerate(text.split("\n"), start=1):
        for match in EXPECT.finditer(line):
            for item in filter(None, (part.strip() for part in match.group(1).split(","))):
                parsed = _ONE.match(item)
                if parsed is None:
                    raise ValueError(f"{path}:{number}: bad expectation {item!r}")
                expected[(parsed.group(1), number + int(parsed.group(2) or 0))] += 1
    stripped = EXPECT.sub("", text).encode("utf-8")
    return Fixture(path, raw, stripped, expected, _config(path, text))


def _config(path: Path, text: str) -> Config:
    match = CONFIG.search(text)
    if match is None:
        return load_config({})
    settings: dict[str, Any] = json.loads(match.group(1))
    toc = settings.pop("toc", None)
    if isinstance(toc, str):  # YAML, read as MkDocs reads mkdocs.yml (!!python/... tags)
        from mkdocs.utils.yaml import yaml_load

        toc = yaml_load(io.StringIO(toc)) or {}
    return load_config(settings, path.parent, toc=toc)


def all_fixtures() -> list[Path]:
    paths = (p for p in ROOT.rglob("*.md") if p.name != "README.md")
    return sorted(paths, key=lambda p: p.as_posix())
