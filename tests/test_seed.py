"""The reference input: the seed post gives exactly EXPECTED.md's first table."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import SEED, expected_seed_findings

from mkdocs_postlint.cli import main

# With MkDocs' default toc slugify (a site's mkdocs.yml that does not set one)
# every heading of the seed written only in Japanese gets an id without text
# (_1, _2, ...): duplicate-anchor says so once, on the first of them, with the
# setting that fixes it. Without a mkdocs.yml the site's slugify is not known,
# and the rule does not guess.
SLUGIFY_ANCHOR = {("duplicate-anchor", 38)}


def assert_seed_findings(
    problems: list[dict[str, Any]], anchors: set[tuple[str, int]] = SLUGIFY_ANCHOR
) -> None:
    """Exactly EXPECTED.md's table plus ``anchors``.

    duplicate-block may report a run of repeats as one problem: its range
    starts at an expected line, and every expected line it covers after the
    first is named in its message. Every expected line is covered exactly once.
    """
    expected = expected_seed_findings() | anchors
    blocks = [p for p in problems if p["rule"] == "duplicate-block"]
    others = {(p["rule"], p["line"]) for p in problems if p["rule"] != "duplicate-block"}
    assert len(others) == len(problems) - len(blocks), "a (rule, line) reported twice"
    assert others == {f for f in expected if f[0] != "duplicate-block"}
    wanted = sorted(line for rule, line in expected if rule == "duplicate-block")
    covered: list[int] = []
    for problem in blocks:
        assert problem["line"] in wanted, f"unexpected duplicate-block on line {problem['line']}"
        inside = [n for n in wanted if problem["line"] <= n <= problem["end_line"]]
        for line in inside[1:]:
            assert re.search(rf"[(;] ?{line} ", problem["message"]), (line, problem["message"])
        covered += inside
    assert sorted(covered) == wanted


def test_expected_table_is_read() -> None:
    expected = expected_seed_findings()
    # 3 markers, 3 endings, 5 headings, 11 repeated blocks.
    assert len(expected) == 22
    assert ("truncation-marker", 53) in expected
    assert ("duplicate-block", 126) in expected


def test_cli_json_on_seed_matches_expected(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["check", "--no-config", "--format", "json", str(SEED)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["files"] == 1
    assert_seed_findings(report["problems"], anchors=set())
    for problem in report["problems"]:
        assert set(problem) == {
            "path",
            "line",
            "column",
            "end_line",
            "rule",
            "severity",
            "message",
        }
        assert problem["end_line"] >= problem["line"] >= 1
        assert problem["severity"] in ("error", "warning")


def test_messages_name_the_first_occurrence(capsys) -> None:  # type: ignore[no-untyped-def]
    main(["check", "--no-config", "--format", "json", str(SEED)])
    problems = json.loads(capsys.readouterr().out)["problems"]
    by_line = {(p["rule"], p["line"]): p["message"] for p in problems}
    assert "line 49" in by_line[("duplicate-heading", 57)]
    assert "line 38" in by_line[("duplicate-heading", 111)]
    assert "line 32" in by_line[("duplicate-block", 34)]
    # 65 and 68 restate 55 and 59; 109-126 restate 32-70, paragraph by paragraph.
    assert by_line[("duplicate-block", 65)].startswith("lines 65–68 repeat lines 55–59")
    run = by_line[("duplicate-block", 109)]
    assert run.startswith("lines 109–126 repeat lines 32–70")
    for part in ("109 joins 32 and 36", "116 repeats 44", "121 joins 51 and 55", "124 repeats 59"):
        assert part in run
    assert "126 is a cut-off copy of 70" in run
    assert "---END---" in by_line[("truncation-marker", 53)]


def _parse_log(stderr: str, folder: str) -> list[dict[str, Any]]:
    """The findings of a build log: "path:line:col rule message" lines."""
    pattern = re.compile(rf"{folder}{re.escape(SEED.name)}:(\d+):\d+ ([a-z-]+) (.*)")
    reported = []
    for match in pattern.finditer(stderr):
        line, message = int(match.group(1)), match.group(3)
        span = re.match(r"lines (\d+)–(\d+) repeat", message)
        end_line = int(span.group(2)) if span else line
        reported.append(
            {"rule": match.group(2), "line": line, "end_line": end_line, "message": message}
        )
    return reported


def _blog(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nWelcome to the blog.\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    shutil.copy(SEED, docs / "blog" / "posts" / SEED.name)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Seed blog\ntheme:\n  name: material\nplugins:\n  - blog\n  - postlint\n",
        encoding="utf-8",
    )
    return tmp_path


def test_strict_mkdocs_build_reports_the_same_findings(tmp_path: Path) -> None:
    site = _blog(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=site,
        timeout=300,
    )
    assert run.returncode != 0
    # One log line per finding: "path:line:col rule message", path relative to mkdocs.yml.
    reported = _parse_log(run.stderr, "docs/blog/posts/")
    assert_seed_findings(reported)
    (anchor,) = [p["message"] for p in reported if p["rule"] == "duplicate-anchor"]
    assert "'_1'" in anchor and "(and 9 more headings on this page)" in anchor
    assert "slugify: !!python/object/apply:pymdownx.slugs.slugify" in anchor
    # The plugin reports before Material's blog plugin can abort on the bad date.
    assert "fail_on" in run.stderr


def test_example_site_fails_strict_with_the_seed_findings(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "seed-blog"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=example,
        timeout=300,
    )
    assert run.returncode != 0
    # The example site slugifies with pymdownx.slugs, which keeps Japanese text:
    # its headings get real ids, and duplicate-anchor has nothing to say.
    assert_seed_findings(_parse_log(run.stderr, "docs/posts/"), anchors=set())
