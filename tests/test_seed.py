"""The reference input: the seed post gives exactly EXPECTED.md's first table."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SEED, expected_seed_findings

from mkdocs_postlint.cli import main


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
    found = {(p["rule"], p["line"]) for p in report["problems"]}
    assert found == expected_seed_findings()
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
    assert "line 44" in by_line[("duplicate-block", 116)]
    assert "32" in by_line[("duplicate-block", 109)] and "36" in by_line[("duplicate-block", 109)]
    assert "55" in by_line[("duplicate-block", 121)]
    assert "line 70" in by_line[("duplicate-block", 126)]
    assert "---END---" in by_line[("truncation-marker", 53)]


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
    pattern = re.compile(rf"docs/blog/posts/{re.escape(SEED.name)}:(\d+):\d+ ([a-z-]+) ")
    reported = {(m.group(2), int(m.group(1))) for m in pattern.finditer(run.stderr)}
    assert reported == expected_seed_findings()
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
    pattern = re.compile(rf"docs/posts/{re.escape(SEED.name)}:(\d+):\d+ ([a-z-]+) ")
    reported = {(m.group(2), int(m.group(1))) for m in pattern.finditer(run.stderr)}
    assert reported == expected_seed_findings()
