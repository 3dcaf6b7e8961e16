"""Fix mode: every fix on a real example, idempotence, and how files are written."""

from __future__ import annotations

import json
import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from mkdocs_postlint.cli import main
from mkdocs_postlint.config import load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.fix import fix_page, fix_text, suggest, unified_diff
from mkdocs_postlint.linter import Result, lint_bytes
from tests.conftest import SEED

BLOG = load_config({"schema": "material-blog"}, Path.cwd())
DEFAULT = load_config({}, Path.cwd())
STRINGS = load_config(
    {
        "schema": {
            "type": "object",
            "properties": {
                "title": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        }
    },
    Path.cwd(),
)
SARIF_SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"
PARAGRAPH = "さて、あなたはこの日本のAIの「本気」を、どう評価しますか？ そして、この波にどう乗っていきますか？"  # noqa: E501

# (name, config, unsafe, before, after): each fix on a page written as such pages are.
EXAMPLES = [
    (
        "date offset without colon",
        BLOG,
        False,
        "---\ndate: 2025-09-18 04:37:41 +0000  # from Jekyll\n---\n\nText.\n",
        "---\ndate: 2025-09-18 04:37:41 +00:00  # from Jekyll\n---\n\nText.\n",
    ),
    (
        "unpadded month and day",
        BLOG,
        False,
        "---\ndate: 2025-9-8\n---\n\nText.\n",
        "---\ndate: 2025-09-08\n---\n\nText.\n",
    ),
    (
        "quoted date inside created",
        BLOG,
        False,
        '---\ndate:\n  created: "2025-09-18"\n---\n\nText.\n',
        "---\ndate:\n  created: 2025-09-18\n---\n\nText.\n",
    ),
    (
        "jekyll keys renamed, comments kept",
        BLOG,
        False,
        '---\n# post\ndate: 2025-09-18\nauthor: "ALLFORCES編集部"  # the desk\n'
        "excerpt: 概要です。\nreading_time: 8\n---\n\nText.\n",
        '---\n# post\ndate: 2025-09-18\nauthors: ["ALLFORCES編集部"]  # the desk\n'
        "description: 概要です。\nreadtime: 8\n---\n\nText.\n",
    ),
    (
        "author list kept as a list",
        BLOG,
        False,
        "---\ndate: 2025-09-18\nauthor:\n  - alice\n---\n\nText.\n",
        "---\ndate: 2025-09-18\nauthors:\n  - alice\n---\n\nText.\n",
    ),
    (
        "yaml 1.1 boolean and number quoted where text is expected",
        STRINGS,
        False,
        "---\ntitle: yes\ntags: [on, 3.10]\n---\n\nText.\n",
        '---\ntitle: "yes"\ntags: ["on", "3.10"]\n---\n\nText.\n',
    ),
    (
        "one value made a list",
        STRINGS,
        False,
        "---\ntags: python, mkdocs\n---\n\nText.\n",
        '---\ntags: ["python, mkdocs"]\n---\n\nText.\n',
    ),
    (
        "truncation markers removed",
        DEFAULT,
        False,
        "First paragraph.\n\n---END---\n\nSecond paragraph.\n\n[truncated]\n",
        "First paragraph.\n\nSecond paragraph.\n",
    ),
    (
        "marker at the end of a page without a final newline",
        DEFAULT,
        False,
        "Done.\n\n<|endoftext|>",
        "Done.",
    ),
    (
        "unused suppression comment removed",
        DEFAULT,
        False,
        "<!-- postlint-disable-next-line duplicate-heading -->\n## Once\n\nText.\n",
        "## Once\n\nText.\n",
    ),
    (
        "unused rule name removed from a suppression",
        DEFAULT,
        False,
        "## A\n\nText.\n\n<!-- postlint-disable-next-line duplicate-heading, unclosed-pair -->\n"
        "## A\n\nText.\n",
        "## A\n\nText.\n\n<!-- postlint-disable-next-line duplicate-heading -->\n## A\n\nText.\n",
    ),
    (
        "unused suppression at the end of a line removed",
        DEFAULT,
        False,
        "Text. <!-- postlint-disable-line truncation-marker -->\n",
        "Text.\n",
    ),
    (
        "toml front matter converted",
        DEFAULT,
        True,
        '+++\ntitle = "日本のAI"\ntags = ["AI"]\ndate = 2025-09-18T04:37:41Z\n+++\n\nText.\n',
        "---\ntitle: 日本のAI\ntags:\n- AI\ndate: 2025-09-18 04:37:41+00:00\n---\n\nText.\n",
    ),
    (
        "duplicate key: the ignored one removed",
        DEFAULT,
        True,
        "---\ntitle: Draft\ntags:\n  - a\n# keep me\ntitle: Final\n---\n\nText.\n",
        "---\ntags:\n  - a\n# keep me\ntitle: Final\n---\n\nText.\n",
    ),
    (
        "unclosed fence closed at the end of the page",
        DEFAULT,
        True,
        "Setup:\n\n```sh\npip install mkdocs-postlint\n\n",
        "Setup:\n\n```sh\npip install mkdocs-postlint\n```\n\n",
    ),
    (
        "unclosed fence in a list item closed in the item",
        DEFAULT,
        True,
        "- Step:\n\n  ~~~~python\n  print(1)\n",
        "- Step:\n\n  ~~~~python\n  print(1)\n  ~~~~\n",
    ),
    (
        "exact repeat removed, the first kept",
        DEFAULT,
        True,
        f"# Title\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n## Next\n\nEnd.\n",
        f"# Title\n\n{PARAGRAPH}\n\n## Next\n\nEnd.\n",
    ),
]


@pytest.mark.parametrize(
    ("config", "unsafe", "before", "after"),
    [example[1:] for example in EXAMPLES],
    ids=[example[0] for example in EXAMPLES],
)
def test_fix(config: object, unsafe: bool, before: str, after: str) -> None:
    fixed, count, _ = fix_text(before, "page.md", "page.md", config, unsafe)  # type: ignore[arg-type]
    assert fixed == after
    assert count >= 1
    again, count, rounds = fix_text(fixed, "page.md", "page.md", config, unsafe)  # type: ignore[arg-type]
    assert (again, count, rounds) == (fixed, 0, 0)  # a second --fix changes nothing


@pytest.mark.parametrize(
    ("config", "before"),
    [(example[1], example[3]) for example in EXAMPLES if example[2]],
    ids=[example[0] for example in EXAMPLES if example[2]],
)
def test_unsafe_fixes_need_unsafe(config: object, before: str) -> None:
    assert fix_text(before, "page.md", "page.md", config)[0] == before  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "before",
    [
        # the target key is there already: a person chooses
        "---\ndate: 2025-09-18\nreading_time: 8\nreadtime: 5\n---\n\nText.\n",
        # renaming would break the schema (readtime is an integer): not applied
        '---\ndate: 2025-09-18\nreading_time: "8 min"\n---\n\nText.\n',
        # no such day: nothing to respell
        "---\ndate: 2025-02-30\n---\n\nText.\n",
    ],
)
def test_no_fix_where_it_would_not_be_right(before: str) -> None:
    assert fix_text(before, "page.md", "page.md", BLOG, True)[0] == before


def test_front_matter_that_does_not_parse_gets_no_front_matter_fix() -> None:
    before = "---\ntitle: [unclosed\ndate: 2025-9-8\n---\n\nText.\n\n---END---\n"
    fixed = fix_text(before, "page.md", "page.md", BLOG, True)[0]
    assert fixed == "---\ntitle: [unclosed\ndate: 2025-9-8\n---\n\nText.\n"


def test_a_marker_inside_a_line_is_not_removed() -> None:
    before = "Text <!-- truncated --> and more.\n"
    assert fix_text(before, "page.md", "page.md", DEFAULT, True)[0] == before


def test_line_endings_bom_and_final_newline_are_kept() -> None:
    crlf = "\ufeffDone.\r\n\r\n---END---\r\n\r\nMore.".encode()
    change = fix_page(crlf, "page.md", "page.md", DEFAULT, False)
    assert change is not None and change.after == "\ufeffDone.\r\n\r\nMore."
    lone_cr = b"Done.\r\r---END---\r\rMore.\r"
    change = fix_page(lone_cr, "page.md", "page.md", DEFAULT, False)
    assert change is not None and change.after == "Done.\r\rMore.\r"


def test_mixed_line_endings_keep_each_unchanged_line_s_own() -> None:
    mixed = b"A.\r\n\r\n---END---\r\n\r\nB.\nC.\r\n"
    change = fix_page(mixed, "page.md", "page.md", DEFAULT, False)
    assert change is not None and change.after == "A.\r\n\r\nB.\nC.\r\n"


def test_not_utf8_is_never_fixed() -> None:
    assert fix_page(b"caf\xe9\n\n---END---\n", "page.md", "page.md", DEFAULT, True) is None


# --- the command line -------------------------------------------------------------


@pytest.fixture
def seed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / SEED.name
    shutil.copyfile(SEED, copy)
    return copy


def _problems(path: Path) -> list[tuple[str, str]]:
    problems = lint_bytes(path.read_bytes(), path.name, BLOG, path.name)
    return [(p.rule, p.message) for p in problems]


def test_seed_diff_then_fix_then_check_then_fix_again(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's done-when, on a copy of the seed with the material-blog schema."""
    original = seed_copy.read_bytes()
    mtime = seed_copy.stat().st_mtime_ns
    args = ["check", "--schema", "material-blog", "--no-config", seed_copy.name]

    assert main([*args, "--diff"]) == 1
    diff = capsys.readouterr().out
    assert "-date: 2025-09-18 04:37:41 +0000\n+date: 2025-09-18 04:37:41 +00:00\n" in diff
    assert '-author: "ALLFORCES編集部"\n' in diff
    assert '+authors: ["ALLFORCES編集部"]\n' in diff
    assert diff.count("\n----END---") == 3  # the three marker lines removed
    assert seed_copy.read_bytes() == original  # --diff writes nothing
    assert seed_copy.stat().st_mtime_ns == mtime

    assert main([*args, "--fix", "--format", "concise"]) == 1  # errors are left
    fixed = seed_copy.read_bytes()
    assert fixed != original
    assert b"+00:00" in fixed and b"\nauthors: " in fixed and b"---END---" not in fixed
    capsys.readouterr()

    assert main([*args, "--format", "json"]) == 1
    left = json.loads(capsys.readouterr().out)
    rules = {(p["rule"], p["line"]) for p in left["problems"]}
    assert not any(rule == "truncation-marker" for rule, _ in rules)
    assert not any(rule == "frontmatter-schema" for rule, _ in rules)

    mtime = seed_copy.stat().st_mtime_ns
    assert main([*args, "--fix"]) == 1
    assert seed_copy.read_bytes() == fixed  # a second --fix changes nothing
    assert seed_copy.stat().st_mtime_ns == mtime  # and does not write
    assert "fixed 0 problems in 0 files" in capsys.readouterr().err


def test_fix_keeps_permissions_and_diff_exit_zero_when_nothing_to_fix(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chmod(seed_copy, 0o640)
    assert main(["check", "--no-config", "--fix", seed_copy.name]) == 1
    assert stat.S_IMODE(seed_copy.stat().st_mode) == 0o640
    assert [p for p in seed_copy.parent.iterdir() if p.name.startswith(".")] == []
    capsys.readouterr()
    assert main(["check", "--no-config", "--diff", seed_copy.name]) == 0
    assert capsys.readouterr().out == ""


def test_unsafe_fixes_alone_is_a_usage_error(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--no-config", "--unsafe-fixes", seed_copy.name]) == 2
    assert "--unsafe-fixes applies with --fix or --diff" in capsys.readouterr().err


def test_unsafe_fixes_remove_exact_repeats_and_add_nothing(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _problems(seed_copy)
    assert main(["check", "--no-config", "--fix", "--unsafe-fixes", seed_copy.name]) == 1
    after = _problems(seed_copy)
    assert len(after) < len(before)
    for rule in {rule for rule, _ in after}:
        assert sum(r == rule for r, _ in after) <= sum(r == rule for r, _ in before)
    text = seed_copy.read_text(encoding="utf-8")
    assert text.count(PARAGRAPH + "\n") == 1
    assert parse(seed_copy.read_bytes(), seed_copy.name).meta is not None


def test_sarif_results_carry_their_fixes(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--schema", "material-blog", "--no-config", "--format", "sarif",
                 seed_copy.name]) == 1  # fmt: skip
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    fixes = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r["fixes"]
        for r in log["runs"][0]["results"]
        if "fixes" in r
    }
    date = fixes[("frontmatter-schema", 4)][0]["artifactChanges"][0]["replacements"][0]
    assert date == {
        "deletedRegion": {"startLine": 4, "startColumn": 7, "endLine": 4, "endColumn": 32},
        "insertedContent": {"text": "2025-09-18 04:37:41 +00:00"},
    }
    assert ("truncation-marker", 53) in fixes
    assert "unsafe fix" in fixes[("duplicate-block", 34)][0]["description"]["text"]
    assert ("duplicate-heading", 57) not in fixes
    assert seed_copy.read_bytes() == SEED.read_bytes()


def test_rules_shows_which_rules_fix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "fix: safe" in lines["truncation-marker"]
    assert "fix: unsafe" in lines["duplicate-block"]
    assert "fix:" not in lines["duplicate-heading"]


def test_author_renamed_only_when_the_blog_knows_the_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Blog\nplugins:\n  - blog\n  - postlint:\n      schema: material-blog\n",
        encoding="utf-8",
    )
    posts = tmp_path / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (tmp_path / "docs" / "blog" / ".authors.yml").write_text(
        "authors:\n  alice:\n    name: Alice\n    description: Writer\n    avatar: a.png\n",
        encoding="utf-8",
    )
    known = posts / "known.md"
    unknown = posts / "unknown.md"
    known.write_text("---\ndate: 2025-09-18\nauthor: alice\n---\n\nText.\n", encoding="utf-8")
    unknown.write_text("---\ndate: 2025-09-18\nauthor: bob\n---\n\nText.\n", encoding="utf-8")
    assert main(["check", "--fix"]) == 0  # the unknown author stays a warning
    assert (
        known.read_text(encoding="utf-8")
        == "---\ndate: 2025-09-18\nauthors: [alice]\n---\n\nText.\n"
    )
    assert "author: bob\n" in unknown.read_text(encoding="utf-8")  # authors: [bob] would fail
    assert "fixed 1 problem in 1 file" in capsys.readouterr().err


def test_diff_splits_lines_only_at_line_endings() -> None:
    change = fix_page("A\u2028B\n\n---END---\n".encode(), "page.md", "page.md", DEFAULT, False)
    assert change is not None
    assert unified_diff("page.md", change).split("\n")[2:] == [
        "@@ -1,3 +1 @@",
        " A\u2028B",
        "-",
        "----END---",
        "",
    ]


def test_sarif_fixes_do_not_need_the_problems_own_hints(seed_copy: Path) -> None:
    """Problems read back from a cache carry no fix_hint: the file is linted again."""
    problems = lint_bytes(seed_copy.read_bytes(), seed_copy.name, BLOG, seed_copy.name)
    result = Result(files=1, problems=[replace(p, fix_hint=()) for p in problems])
    suggest(result, BLOG, {})
    date = next(p for p in result.problems if p.rule == "frontmatter-schema" and p.line == 4)
    fix, edits = result.fixes[date]
    assert fix.safe and [edit.text for edit in edits] == ["2025-09-18 04:37:41 +00:00"]
    assert not any(p.rule == "duplicate-heading" for p in result.fixes)


def test_a_read_only_file_is_not_written(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chmod(seed_copy, 0o444)
    assert main(["check", "--no-config", "--fix", "--format", "concise", seed_copy.name]) == 1
    assert seed_copy.read_bytes() == SEED.read_bytes()
    captured = capsys.readouterr()
    assert f"cannot write {seed_copy.name}: the file is read-only" in captured.err
    assert "truncation-marker" in captured.out  # reported as it is


def test_a_link_stays_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "real.md"
    target.write_text("Done.\n\n---END---\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    link = tmp_path / "docs" / "page.md"
    link.symlink_to(target)
    assert main(["check", "--no-config", "--fix", "docs"]) == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "Done.\n"
