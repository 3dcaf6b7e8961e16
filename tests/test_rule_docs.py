"""The rule pages in docs/rules/ are generated from the rules and must not be stale."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mkdocs_postlint.config import ALL_RULES, load_config
from mkdocs_postlint.linter import lint_bytes
from mkdocs_postlint.rules import fix_of

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "docs" / "rules"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_rule_docs", ROOT / "scripts" / "gen_rule_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_rule_docs"] = module
    spec.loader.exec_module(module)
    return module


def test_committed_pages_are_up_to_date() -> None:
    stale = generator().stale()
    assert not stale, f"stale: {stale}; run `python scripts/gen_rule_docs.py`"


def test_a_changed_docstring_makes_a_page_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = ALL_RULES["duplicate-heading"]
    monkeypatch.setattr(rule, "__doc__", (rule.__doc__ or "") + "\nA new sentence.\n")
    assert generator().stale() == ["duplicate-heading.md"]


def test_generation_into_an_empty_folder(tmp_path: Path) -> None:
    gen = generator()
    (tmp_path / "gone-rule.md").write_text(f"{gen.GENERATED}\n\n# gone\n", encoding="utf-8")
    (tmp_path / "handwritten.md").write_text("# Kept\n", encoding="utf-8")
    written = gen.write(tmp_path)
    assert "gone-rule.md" in written and not (tmp_path / "gone-rule.md").exists()
    assert (tmp_path / "handwritten.md").exists()
    assert sorted(p.name for p in tmp_path.glob("*.md")) == sorted(
        ["handwritten.md", "index.md", *(f"{rule_id}.md" for rule_id in ALL_RULES)]
    )
    assert gen.stale(tmp_path) == []


@pytest.mark.parametrize("rule_id", list(ALL_RULES))
def test_page_has_docstring_severity_fix_and_options(rule_id: str) -> None:
    rule = ALL_RULES[rule_id]
    fix = fix_of(rule)
    page = (RULES_DIR / f"{rule_id}.md").read_text(encoding="utf-8")
    assert f"\n# {rule_id}\n" in page
    assert (rule.__doc__ or "").strip() in page
    assert f"Default severity: **{rule.SEVERITY.value}**." in page
    if fix is None:
        assert "\nFix: none:" in page
    else:
        assert f"\nFix: **{fix.label}**, applied by " in page
        assert f": {fix.summary}.\n" in page
    for option in rule.OPTIONS:
        assert f"          {option}:" in page
    index = (RULES_DIR / "index.md").read_text(encoding="utf-8")
    label = fix.label if fix else ""
    row = f"| [`{rule_id}`]({rule_id}.md) | {rule.SEVERITY.value} | {label} | {rule.SUMMARY} |"
    assert row in index


def test_pages_pass_the_linter() -> None:
    for page in sorted(RULES_DIR.glob("*.md")):
        problems = lint_bytes(page.read_bytes(), page.name, load_config({}))
        assert problems == [], page.name


def test_check_mode(capsys: pytest.CaptureFixture[str]) -> None:
    assert generator().main(["--check"]) == 0
