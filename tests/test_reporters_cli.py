"""Formats from the command line: --format, --output, the summary, exit codes, progress."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mkdocs_postlint import cli
from mkdocs_postlint.cli import Progress, main

PAGE = "# A\n\nText.\n\n# A\n\nMore text.\n\n---END---\n"


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_default_is_text_with_source(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-config", "page.md"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith('page.md:5:1: warning duplicate-heading duplicate heading "A"')
    assert "  9 | ---END---\n" in out
    assert err == "1 file checked: 1 error, 1 warning\n"


def test_source_lines_come_from_the_linting_not_a_second_read(
    page: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report shows the lines as they were linted: the files are not read again."""
    import mkdocs_postlint.result

    def no_second_read(*args: object) -> bytes:
        raise AssertionError("the report read a file again")

    monkeypatch.setattr(mkdocs_postlint.result, "read_page", no_second_read)
    assert main(["check", "--no-config", "--no-cache", "page.md"]) == 1
    assert "  9 | ---END---\n" in capsys.readouterr().out


def test_auto_in_github_actions(
    page: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "--no-config", "page.md"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("::warning file=page.md,line=5,col=1,endLine=5,")
    assert err.endswith("1 file checked: 1 error, 1 warning\n")


@pytest.mark.parametrize("name", ["concise", "json", "sarif", "github"])
def test_every_format_prints_the_summary_on_stderr(
    page: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["check", "--no-config", "--format", name, "page.md"]) == 1
    out, err = capsys.readouterr()
    assert "truncation-marker" in out
    assert err == "1 file checked: 1 error, 1 warning\n"
    if name in ("json", "sarif"):
        json.loads(out)


@pytest.mark.parametrize(
    ("fail_on", "code"), [(None, 1), ("error", 1), ("warning", 1), ("never", 0)]
)
def test_fail_on(page: Path, fail_on: str | None, code: int) -> None:
    args = ["--fail-on", fail_on] if fail_on else []
    assert main(["check", "--no-config", *args, "page.md"]) == code


def test_fail_on_with_warnings_only(page: Path) -> None:
    page.write_text("# A\n\nText.\n\n# A\n", encoding="utf-8")
    assert main(["check", "--no-config", "page.md"]) == 0
    assert main(["check", "--no-config", "--fail-on", "warning", "page.md"]) == 1


def test_usage_errors_exit_2(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--format", "xml"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("output", "format_", "check"),
    [
        ("report.sarif", [], lambda text: json.loads(text)["version"] == "2.1.0"),
        ("report.json", [], lambda text: json.loads(text)["files"] == 1),
        ("report.txt", [], lambda text: text.startswith("page.md:5:1: warning")),
        ("report.txt", ["--format", "json"], lambda text: "problems" in json.loads(text)),
    ],
)
def test_output_file(
    page: Path,
    capsys: pytest.CaptureFixture[str],
    output: str,
    format_: list[str],
    check: object,
) -> None:
    assert main(["check", "--no-config", *format_, "--output", output, "page.md"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"report written to {output}\n1 file checked: 1 error, 1 warning\n"
    text = (page.parent / output).read_text(encoding="utf-8")
    assert callable(check) and check(text)
    assert "\033" not in text


def test_output_file_that_cannot_be_written(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-config", "--output", "no/dir/r.json", "page.md"]) == 2
    assert "cannot write no/dir/r.json" in capsys.readouterr().err


def test_rules_lists_every_rule_with_severity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    by_id = {line.split()[0]: line.split()[1] for line in lines}
    assert by_id["unused-suppression"] == "warning"
    assert by_id["truncation-marker"] == "error"


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "duplicate-heading"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# duplicate-heading\n\nDefault severity: warning\n")
    assert "Option siblings_only: default true" in out
    assert main(["explain", "unused-suppression"]) == 0
    assert "postlint-disable-next-line" in capsys.readouterr().out
    assert main(["explain", "duplicate-headings"]) == 2
    assert "did you mean 'duplicate-heading'?" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only() -> None:
    stream = _Terminal()
    progress = Progress.start(cli.PROGRESS_FROM, stream, environ={})
    for _ in range(cli.PROGRESS_FROM):
        progress.step()
    progress.done()
    text = stream.getvalue()
    assert f"\r[{'#' * Progress.WIDTH}] {cli.PROGRESS_FROM}/{cli.PROGRESS_FROM} files" in text
    assert text.endswith("\r\033[K")
    for stream_, environ, total in [
        (io.StringIO(), {}, 500),  # piped
        (_Terminal(), {"CI": "true"}, 500),  # in CI
        (_Terminal(), {}, cli.PROGRESS_FROM - 1),  # few files
    ]:
        quiet = Progress.start(total, stream_, environ=environ)
        quiet.step()
        quiet.done()
        assert stream_.getvalue() == ""


def test_cli_knows_every_format() -> None:
    from mkdocs_postlint.reporters import FORMATS

    assert cli.FORMATS == FORMATS


def test_output_file_is_never_coloured(
    page: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert main(["check", "--no-config", "--output", "report.txt", "page.md"]) == 1
    assert "\033" not in (page.parent / "report.txt").read_text(encoding="utf-8")
    assert main(["check", "--no-config", "page.md"]) == 1
    assert "\033[1;31merror" in capsys.readouterr().out
