"""Inline suppression comments: handled by the linter, never by the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_postlint.cli import main
from mkdocs_postlint.config import load_config
from mkdocs_postlint.linter import lint_bytes

DUPLICATE = "# A\n\nText.\n\n# A\n\nMore text.\n"


def lint(text: str, **raw: object) -> list[tuple[str, int]]:
    problems = lint_bytes(text.encode(), "page.md", load_config(raw))
    return [(p.rule, p.line) for p in problems]


def messages(text: str, **raw: object) -> list[str]:
    return [p.message for p in lint_bytes(text.encode(), "page.md", load_config(raw))]


def test_without_comments_the_problem_is_reported() -> None:
    assert lint(DUPLICATE) == [("duplicate-heading", 5)]


def test_disable_next_line() -> None:
    text = "# A\n\nText.\n\n<!-- postlint-disable-next-line duplicate-heading -->\n# A\n\nMore.\n"
    assert lint(text) == []


def test_disable_next_line_only_covers_the_next_line() -> None:
    text = "<!-- postlint-disable-next-line duplicate-heading -->\n\n# A\n\nText.\n\n# A\n"
    assert lint(text) == [("unused-suppression", 1), ("duplicate-heading", 7)]


def test_disable_next_line_of_another_rule_does_not_apply() -> None:
    text = "# A\n\nText.\n\n<!-- postlint-disable-next-line duplicate-block -->\n# A\n\nMore.\n"
    assert lint(text) == [("unused-suppression", 5), ("duplicate-heading", 6)]


def test_disable_line_on_the_same_line() -> None:
    text = "# A\n\nText.\n\n# A <!-- postlint-disable-line duplicate-heading -->\n\nMore.\n"
    assert lint(text) == []


def test_disable_enable_range() -> None:
    text = (
        "# A\n\nText.\n\n"
        "<!-- postlint-disable duplicate-heading -->\n\n# A\n\n"  # 5..7
        "<!-- postlint-enable -->\n\n# A\n"  # 9, 11
    )
    assert lint(text) == [("duplicate-heading", 11)]


def test_enable_one_rule_of_several() -> None:
    text = (
        "# A\n\nText.\n\n"
        "<!-- postlint-disable duplicate-heading, truncation-marker -->\n\n"  # 5
        "# A\n\n---END---\n\n"  # 7, 9
        "<!-- postlint-enable duplicate-heading -->\n\n"  # 11
        "# A\n\n---END---\n"  # 13, 15
    )
    assert lint(text) == [("duplicate-heading", 13)]


def test_disable_without_end_runs_to_the_end_of_the_page() -> None:
    text = "Text.\n\n<!-- postlint-disable -->\n\n# A\n\n# A\n\n---END---\n"
    assert lint(text) == []


def test_disable_all_then_enable_one() -> None:
    text = (
        "<!-- postlint-disable -->\n\n# A\n\n# A\n\n"  # 1, 3, 5
        "<!-- postlint-enable duplicate-heading -->\n\n# A\n\n---END---\n"  # 7, 9, 11
    )
    assert lint(text) == [("duplicate-heading", 9)]


def test_disable_file_with_and_without_rules() -> None:
    assert lint("# A\n\nText.\n\n# A\n\n<!-- postlint-disable-file duplicate-heading -->\n") == []
    assert lint("<!-- postlint-disable-file -->\n\n# A\n\nText.\n\n# A\n\n---END---\n") == []


def test_rules_separated_by_spaces_or_commas() -> None:
    body = "\n\n# A\n\n# A\n\n---END---\n"
    assert lint(body) == [("duplicate-heading", 5), ("truncation-marker", 7)]
    for names in ("truncation-marker,duplicate-heading", "truncation-marker duplicate-heading"):
        assert lint(f"<!-- postlint-disable-file {names} -->" + body) == []


def test_multiline_comment_next_line_counts_from_its_end() -> None:
    text = "# A\n\nText.\n\n<!--\npostlint-disable-next-line duplicate-heading\n-->\n# A\n"
    assert lint(text) == []


def test_comments_in_code_are_not_suppressions() -> None:
    text = "# A\n\n```html\n<!-- postlint-disable-file -->\n```\n\n# A\n"
    assert lint(text) == [("duplicate-heading", 7)]


def test_unused_suppressions_are_reported() -> None:
    text = (
        "<!-- postlint-disable-file truncation-marker -->\n\n"  # 1
        "<!-- postlint-disable-next-line duplicate-heading -->\n"  # 3
        "# Only once\n\n"
        "<!-- postlint-disable -->\n\nFine text.\n\n<!-- postlint-enable -->\n\n"  # 6, 10
        "<!-- postlint-enable duplicate-block -->\n"  # 12
    )
    found = lint_bytes(text.encode(), "page.md", load_config({}))
    assert [(p.rule, p.line, p.severity.value) for p in found] == [
        ("unused-suppression", 1, "warning"),
        ("unused-suppression", 3, "warning"),
        ("unused-suppression", 6, "warning"),
        ("unused-suppression", 12, "warning"),
    ]
    assert "no truncation-marker problem here" in found[0].message
    assert "postlint-disable disables nothing" in found[2].message
    assert "without a postlint-disable" in found[3].message


def test_only_the_unused_rule_of_a_comment_is_reported() -> None:
    comment = "<!-- postlint-disable-next-line duplicate-heading, truncation-marker -->"
    text = f"# A\n\nText.\n\n{comment}\n# A\n"
    found = messages(text)
    assert len(found) == 1
    assert "truncation-marker" in found[0] and "duplicate-heading" not in found[0]


def test_unknown_rule_in_a_comment() -> None:
    found = lint_bytes(b"<!-- postlint-disable-file no-such-rule -->\n", "p.md", load_config({}))
    assert [(p.rule, p.line) for p in found] == [("unused-suppression", 1)]
    assert "unknown rule 'no-such-rule'" in found[0].message


def test_suppressions_of_rules_turned_off_are_not_unused() -> None:
    text = "<!-- postlint-disable-file duplicate-heading -->\n\nText.\n"
    assert lint(text) == [("unused-suppression", 1)]
    assert lint(text, rules={"duplicate-heading": "off"}) == []


def test_unused_suppression_can_be_configured() -> None:
    text = "<!-- postlint-disable-file duplicate-heading -->\n\nText.\n"
    assert lint(text, rules={"unused-suppression": "off"}) == []
    found = lint_bytes(
        text.encode(), "p.md", load_config({"rules": {"unused-suppression": "error"}})
    )
    assert [p.severity.value for p in found] == ["error"]
    text += "<!-- postlint-disable-file unused-suppression -->\n"
    assert lint(text) == []


def test_not_a_directive() -> None:
    assert lint("<!-- postlint-disabled -->\n\n<!-- a postlint-disable -->\n\nText.\n") == []


def test_front_matter_problems_can_be_suppressed() -> None:
    text = (
        "---\ntitle: [unclosed\n---\n\nText.\n\n<!-- postlint-disable-file frontmatter-syntax -->\n"
    )
    assert lint(text) == []


def test_cli_honours_suppressions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text("Text.\n\n<!-- postlint-disable-next-line -->\n---END---\n", encoding="utf-8")
    assert main(["check", "--no-config", str(page)]) == 0
    assert "no problems" in capsys.readouterr().err
