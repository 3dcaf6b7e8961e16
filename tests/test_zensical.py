"""The Zensical route: a real `zensical build` of small sites listing the extension."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, expected_seed_problems
from sitekit import build_site, write_site

from mkdocs_postlint import zensical as zensical_route

pytest.importorskip("zensical", reason="Zensical needs Python 3.11 or newer")

TOC = (
    "  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
    "        kwds:\n          case: lower\n"
)
_LINE = re.compile(
    r"^docs/posts/[^:]+:(?P<line>\d+):(?P<col>\d+): (?:error|warning) (?P<rule>[a-z-]+) "
)


def _site(root: Path, extension: str = "  - mkdocs_postlint.zensical\n", extra: str = "") -> Path:
    config = f"site_name: Seed\nmarkdown_extensions:\n{TOC}{extension}{extra}"
    write_site(root, {"index.md": "# Home\n\nThe seed post.\n"}, config)
    (root / "docs" / "posts").mkdir()
    shutil.copy(SEED, root / "docs" / "posts" / SEED.name)
    return root


def _zensical_build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _findings(output: str) -> set[tuple[str, int]]:
    return {(m["rule"], int(m["line"])) for m in map(_LINE.match, output.splitlines()) if m}


def test_build_prints_the_seed_findings_on_real_file_lines(tmp_path: Path) -> None:
    run = _zensical_build(_site(tmp_path))
    assert "Traceback" not in run.stderr + run.stdout
    found = _findings(run.stderr)
    assert found == expected_seed_problems()
    assert {line for _, line in found} >= {34, 51, 53, 57, 128}
    assert "mkdocs-postlint: 2 pages checked: 9 errors, 5 warnings" in run.stderr
    # fail_on is `error` by default, as in the plugin: the build fails, saying why last.
    assert run.returncode == 1
    assert run.stderr.rstrip().splitlines()[-1] == (
        "mkdocs-postlint: the build fails: 9 problems at or above 'error' (fail_on)"
    )
    assert (tmp_path / "site" / "posts" / SEED.stem / "index.html").is_file()


def test_settings_from_the_postlint_block_of_mkdocs_yml(tmp_path: Path) -> None:
    block = (
        "plugins:\n  - postlint:\n      fail_on: never\n"
        "      rules:\n        duplicate-heading: off\n"
    )
    run = _zensical_build(_site(tmp_path, extra=block))
    assert run.returncode == 0, run.stderr
    found = _findings(run.stderr)
    assert ("truncation-marker", 53) in found
    assert not [f for f in found if f[0] == "duplicate-heading"]
    assert run.stderr.rstrip().splitlines()[-1] == (
        "mkdocs-postlint: 2 pages checked: 9 errors, 0 warnings"
    )


def test_options_of_the_extension_and_an_invalid_one(tmp_path: Path) -> None:
    options = (
        "  - mkdocs_postlint.zensical:\n      fail_on: warning\n"
        "      rules:\n        truncation-marker: off\n"
    )
    run = _zensical_build(_site(tmp_path / "a", options))
    assert run.returncode == 1
    found = _findings(run.stderr)
    assert ("duplicate-heading", 57) in found and ("truncation-marker", 53) not in found
    assert run.stderr.rstrip().splitlines()[-1] == (
        "mkdocs-postlint: the build fails: 11 problems at or above 'warning' (fail_on)"
    )

    bad = "  - mkdocs_postlint.zensical:\n      fail_on: often\n"
    run = _zensical_build(_site(tmp_path / "b", bad))
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    lines = run.stderr.rstrip().splitlines()
    said = [line for line in lines if line.startswith("mkdocs-postlint: invalid config:")]
    assert said == [
        "mkdocs-postlint: invalid config: fail_on: expected one of error, warning, never, "
        "got 'often'; nothing is linted"
    ]
    assert lines[-1] == "mkdocs-postlint: the build fails: the configuration above is invalid"
    assert not _findings(run.stderr)


def test_under_mkdocs_the_extension_does_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = (
        f"site_name: Seed\nmarkdown_extensions:\n{TOC}  - mkdocs_postlint.zensical\nplugins: []\n"
    )
    write_site(tmp_path, {"index.md": "# Home\n\n---END---\n"}, config)
    site = build_site(tmp_path / "mkdocs.yml")
    assert (site / "index.html").is_file()
    assert "mkdocs-postlint" not in capsys.readouterr().err
    # Nothing was linted, and no end-of-build summary is waiting to be printed.
    assert not zensical_route._BUILD.problems
    assert not zensical_route._BUILD.finishing


def test_zensical_toml_with_settings_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nHello.\n", encoding="utf-8")
    shutil.copy(SEED, tmp_path / "docs" / SEED.name)
    (tmp_path / "zensical.toml").write_text(
        '[project]\nsite_name = "Seed"\n\n'
        '[project.markdown_extensions."mkdocs_postlint.zensical"]\n',
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mkdocs-postlint]\nfail_on = "never"\n\n'
        '[tool.mkdocs-postlint.rules]\nduplicate-anchor = "off"\ntruncated-ending = "off"\n',
        encoding="utf-8",
    )
    run = _zensical_build(tmp_path)
    assert run.returncode == 0, run.stderr
    found = {
        (m["rule"], int(m["line"]))
        for m in (
            re.match(r"^docs/[^:]+:(?P<line>\d+):\d+: \w+ (?P<rule>[a-z-]+) ", line)
            for line in run.stderr.splitlines()
        )
        if m
    }
    assert found == {f for f in expected_seed_problems() if f[0] != "truncated-ending"}
    assert run.stderr.rstrip().splitlines()[-1] == (
        "mkdocs-postlint: 2 pages checked: 6 errors, 5 warnings"
    )
