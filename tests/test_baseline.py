"""Baselines: record findings, then fail only on new ones, matched by content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkdocs_postlint.baseline import BaselineError, load
from mkdocs_postlint.cli import main
from mkdocs_postlint.config import load_config
from mkdocs_postlint.linter import lint_bytes

PAGE = "# Title\n\nSome text.\n\n---END---\n\n## Part\n\nMore text.\n\n## Part\n\nEnd.\n"


def fingerprints(text: str) -> list[tuple[str, str]]:
    problems = lint_bytes(text.encode(), "p.md", load_config({}))
    return [(p.rule, p.fingerprint) for p in problems]


def test_fingerprints_survive_inserted_lines() -> None:
    before = fingerprints(PAGE)
    assert len(before) == 2 and all(len(fp) == 20 for _, fp in before)
    after = fingerprints(
        "Intro line.\n\nAnother paragraph.\n\n" + PAGE.replace("More", "Much more")
    )
    assert after == before


def test_fingerprints_change_with_the_offending_text() -> None:
    assert fingerprints(PAGE) != fingerprints(PAGE.replace("## Part", "## Section"))


def test_same_text_twice_gets_two_fingerprints() -> None:
    found = fingerprints("# A\n\nx.\n\n# A\n\ny.\n\n# A\n")
    assert [rule for rule, _ in found] == ["duplicate-heading", "duplicate-heading"]
    assert found[0][1] != found[1][1]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text("Clean text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["check", "--no-config", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_write_baseline_then_pass(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--write-baseline", "baseline.json", "docs"], capsys)
    assert code == 0
    assert "2 files checked: 2 problems recorded in baseline.json" in err
    data = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [(e["path"], e["rule"], e["line"]) for e in data["findings"]] == [
        ("docs/a.md", "truncation-marker", 5),
        ("docs/a.md", "duplicate-heading", 11),
    ]
    code, out, err = run(["--baseline", "baseline.json", "docs"], capsys)
    assert code == 0
    assert out == ""
    assert err.strip() == "2 files checked: no problems (2 in the baseline)"


def test_baseline_survives_inserted_lines_and_reports_new_findings(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--write-baseline", "baseline.json", "docs"], capsys)[0] == 0
    page = site / "docs" / "a.md"
    page.write_text("A new first paragraph.\n\n" + PAGE + "\n# Title\n", encoding="utf-8")
    code, out, err = run(["--baseline", "baseline.json", "--format", "concise", "docs"], capsys)
    assert code == 0  # the new finding is a warning
    assert out == (
        'docs/a.md:17:1: warning duplicate-heading duplicate heading "Title" (first on line 3)\n'
    )
    assert "1 warning (2 in the baseline)" in err


def test_fixed_findings_are_removable(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--write-baseline", "baseline.json", "docs"], capsys)[0] == 0
    (site / "docs" / "a.md").write_text(PAGE.replace("---END---", "Done."), encoding="utf-8")
    code, out, err = run(["--baseline", "baseline.json", "--format", "json", "docs"], capsys)
    assert code == 0
    report = json.loads(out)
    assert report["problems"] == []
    assert report["baseline"]["matched"] == 1
    assert [(e["path"], e["rule"]) for e in report["baseline"]["removable"]] == [
        ("docs/a.md", "truncation-marker")
    ]
    assert "1 problem recorded in baseline.json is fixed" in err
    assert "docs/a.md:5: truncation-marker" in err


def test_files_not_checked_are_not_fixed(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--write-baseline", "baseline.json", "docs"], capsys)[0] == 0
    code, out, _ = run(["--baseline", "baseline.json", "--format", "json", "docs/b.md"], capsys)
    assert code == 0
    assert json.loads(out)["baseline"] == {"matched": 0, "removable": []}


def test_baseline_paths_are_relative_to_the_baseline_file(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "ci").mkdir()
    assert run(["--write-baseline", "ci/baseline.json", "docs"], capsys)[0] == 0
    data = json.loads((site / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in data["findings"]} == {"../docs/a.md"}
    monkeypatch.chdir(site / "docs")
    code, _, err = run(["--baseline", "../ci/baseline.json", "."], capsys)
    assert code == 0, err
    assert "(2 in the baseline)" in err


def test_baseline_from_config(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--write-baseline", "known.json", "docs"], capsys)[0] == 0
    (site / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - postlint:\n      baseline: known.json\n", encoding="utf-8"
    )
    assert main(["check"]) == 0
    assert "(2 in the baseline)" in capsys.readouterr().err
    assert main(["check", "--no-config"]) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline missing.json does not exist (create it with --write-baseline"),
        ("{not json", "is not valid JSON"),
        ('{"version": 1}', "has no 'findings' list"),
        ('{"version": 9, "findings": []}', "has version 9"),
        ('{"version": 1, "findings": [{"path": "a"}]}', "findings[0] needs"),
    ],
)
def test_bad_baseline_exits_2(
    site: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    if content is not None:
        (site / "missing.json").write_text(content, encoding="utf-8")
    code, _, err = run(["--baseline", "missing.json", "docs"], capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_load_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(BaselineError, match="not valid JSON"):
        load(path)


def test_write_baseline_into_a_missing_folder_exits_2(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["--write-baseline", "no/such/dir/b.json", "docs"], capsys)
    assert code == 2
    assert "cannot write baseline" in err
