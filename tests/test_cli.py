"""The command line: exit codes, config discovery, usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_postlint.cli import main


def _page(tmp_path: Path, text: str, name: str = "page.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, "# Title\n\nA complete sentence.\n")
    assert main(["check", "--no-config", str(page)]) == 0
    assert "no problems" in capsys.readouterr().err


def test_warnings_pass_unless_fail_on_warning(tmp_path: Path) -> None:
    page = _page(tmp_path, "# A\n\nText.\n\n# A\n\nMore text.\n")
    assert main(["check", "--no-config", str(page)]) == 0
    assert main(["check", "--no-config", "--fail-on", "warning", str(page)]) == 1


def test_mkdocs_yml_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs").mkdir()
    _page(tmp_path / "docs", "# A\n\nText.\n\n# A\n\nMore text.\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - postlint:\n      rules:\n        duplicate-heading: error\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert main(["check", "--no-config", "docs"]) == 0


def test_env_tag_in_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs").mkdir()
    _page(tmp_path / "docs", "# A\n\nText.\n\n# A\n\nMore text.\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - postlint:\n      fail_on: !ENV [POSTLINT_FAIL_ON, error]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POSTLINT_FAIL_ON", "warning")
    assert main(["check"]) == 1


def test_exclude_globs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs" / "drafts").mkdir(parents=True)
    _page(tmp_path / "docs" / "drafts", "Text\n\n---END---\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - postlint:\n      exclude: ['drafts/**']\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("bogus: 1", "unknown option 'bogus'"),
        ("rules: {no-such-rule: error}", "unknown rule 'no-such-rule'"),
        ("rules: {duplicate-heading: loud}", "rules.duplicate-heading"),
        ("rules: {duplicate-block: {min_length: many}}", "rules.duplicate-block.min_length"),
        ("fail_on: sometimes", "fail_on"),
        ("schema: missing.json", "missing.json"),
    ],
)
def test_config_errors_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    config: str,
    message: str,
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nplugins:\n  - postlint:\n      {config}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_missing_path_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-config", "does/not/exist"]) == 2
    assert "does/not/exist" in capsys.readouterr().err


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    assert "truncated-ending" in capsys.readouterr().out
    assert main(["explain", "duplicate-heading"]) == 0
    assert "siblings_only" in capsys.readouterr().out
    assert main(["explain", "nope"]) == 2


def test_schema_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = _page(tmp_path, '{"type": "object", "required": ["title"]}', "schema.json")
    page = _page(tmp_path, "---\ndate: 2025-01-01\n---\n\nText.\n")
    assert main(["check", "--no-config", "--schema", str(schema), str(page)]) == 1
    out = capsys.readouterr().out
    assert f"{page.name}:1:1: error frontmatter-schema missing required key 'title'" in out


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    page = _page(tmp_path, "Text.\n")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs_postlint", "check", "--no-config", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
