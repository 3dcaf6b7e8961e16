"""Errors of use, no writes, no network, the same output in every process.

* Every error of use exits 2 with one line on stderr that names the thing,
  never a traceback.
* A CLI run and a plugin build leave the checked tree exactly as it was
  (content, modification times, modes, no new files).
* No socket is opened, even when a schema points at a remote ``$ref``.
* Two processes with different hash seeds print the same report.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mkdocs_postlint.cli import main

ROOT = Path(__file__).parent.parent
SEED = Path(__file__).parent / "fixtures" / "seed" / "2025-09-18-japan-domestic-ai.md"


def _project(tmp_path: Path, config: str = "") -> Path:
    """A small MkDocs project whose pages have findings of several rules."""
    project = tmp_path / "project"
    (project / "docs" / "blog").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        f"site_name: t\nplugins:\n  - postlint:\n      fail_on: never\n{config}",
        encoding="utf-8",
    )
    (project / "schema.json").write_text(
        json.dumps({"type": "object", "required": ["title"], "additionalProperties": False}),
        encoding="utf-8",
    )
    (project / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (project / "docs" / "blog" / "post.md").write_bytes(SEED.read_bytes())
    (project / "docs" / "dup.md").write_text(
        "---\ntitle: a\ntitle: b\nitems: 1\n---\n\n# A\n\nText.\n\n# A\n\n政府は「計画を\n",
        encoding="utf-8",
    )
    (project / "docs" / "latin1.md").write_bytes("Café.\n".encode("latin-1"))
    return project


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("mkdocs-postlint")
    return lines[0]


# --- errors of use ------------------------------------------------------------


@pytest.mark.parametrize(
    ("mkdocs_yml", "args", "needle"),
    [
        ("site_name: t\ndocs_dir: nowhere\n", [], "docs folder"),
        ("site_name: t\n", ["missing/page.md"], "path missing/page.md does not exist"),
        ("site_name: t\n", ["--schema", "missing.json", "docs"], "missing.json"),
        ("site_name: t\n", ["--schema", "bad.json", "docs"], "bad.json cannot be parsed"),
        ("site_name: t\n", ["--schema", "invalid.json", "docs"], "invalid schema"),
        ("site_name: t\n", ["--config-file", "nope.yml"], "nope.yml does not exist"),
        ("site_name: t\nplugins:\n  - postlint:\n      bogus: 1\n", [], "unknown option 'bogus'"),
        (
            "site_name: t\nplugins:\n  - postlint:\n      max_file_size: huge\n",
            [],
            "max_file_size",
        ),
        ("site_name: [unclosed\n", [], "cannot be parsed"),
        ("- a list\n", [], "is not a mapping"),
    ],
)
def test_errors_of_use_exit_2_with_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mkdocs_yml: str,
    args: list[str],
    needle: str,
) -> None:
    (tmp_path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    if "nowhere" not in mkdocs_yml:
        (tmp_path / "docs").mkdir()
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "invalid.json").write_text('{"type": 5}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", *args]) == 2
    assert needle in _one_line_error(capsys)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "--bogus"], "unrecognized arguments: --bogus"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["check", "--format", "xml"], "argument --format"),
        (["explain"], "the following arguments are required: rule"),
    ],
)
def test_bad_command_lines_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    line = _one_line_error(capsys)
    assert needle in line and "--help" in line


def test_python_tags_in_mkdocs_yml_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # MkDocs' own loader would run this; the linter reads mkdocs.yml safely.
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !!python/object/apply:os.mkdir [pwned]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - postlint:\n      fail_on: !ENV [POSTLINT_TEST_FAIL_ON, never]\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("---\nt: a\nt: b\n---\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    monkeypatch.setenv("POSTLINT_TEST_FAIL_ON", "error")
    assert main(["check"]) == 1
    assert not (tmp_path / "pwned").exists()


def test_python_tags_in_mkdocs_yml_are_inert_and_known_slugify_is_built() -> None:
    import yaml

    from mkdocs_postlint.config import PythonTag, _safe_mkdocs_loader
    from mkdocs_postlint.config.slugs import site_slugify

    data = yaml.load(
        "a: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "b: !!python/name:markdown.extensions.toc.slugify_unicode\n"
        "c: !!python/object/apply:os.system [echo hacked]\n"
        "d: !!python/name:os.system\n"
        "e: !!python/name:material.extensions.emoji.twemoji\n",
        Loader=_safe_mkdocs_loader(),
    )
    assert all(isinstance(value, PythonTag) for value in data.values())  # nothing imported
    assert data["c"] == "tag:yaml.org,2002:python/object/apply:os.system"
    assert data["d"] == "tag:yaml.org,2002:python/name:os.system"
    assert data["e"].name == "material.extensions.emoji.twemoji"
    slugify_a, why = site_slugify(data["a"])
    assert why is None and slugify_a("Ünïcode Title", "-") == "ünïcode-title"
    slugify_b, why = site_slugify(data["b"])
    assert why is None and slugify_b("Ünïcode Title", "-") == "ünïcode-title"
    for name in "cd":
        slugify, why = site_slugify(data[name])
        assert slugify is None and why is not None and "os.system" in why


def test_no_path_and_no_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "no PATH given" in _one_line_error(capsys)


# --- never writes -----------------------------------------------------------


def _tree_state(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder under ``root``: content hash, mtime (ns) and mode."""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            state[str(path.relative_to(root))] = (digest, info.st_mtime_ns, info.st_mode)
    return state


def test_cli_and_plugin_never_write_to_the_checked_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path, "      schema: schema.json\n")
    (project / "docs" / "latin1.md").unlink()  # MkDocs itself cannot build that page
    before = _tree_state(project)
    assert len(before) == 7
    monkeypatch.chdir(project)
    assert main(["check"]) == 0
    assert main(["check", "--format", "json", "--fail-on", "warning"]) == 1
    assert main(["check", "--no-config", "--schema", "schema.json", "docs"]) == 1
    assert "frontmatter-syntax" in capsys.readouterr().out
    assert _tree_state(project) == before

    site = tmp_path / "site"  # outside the checked tree: building a site is MkDocs' job
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "frontmatter-syntax" in build.stderr, build.stderr
    assert (site / "index.html").is_file()
    assert _tree_state(project) == before


# --- no network ---------------------------------------------------------------


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to open a socket or resolve a name is recorded and refused."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if name == 'socket' else args}")
            raise OSError("network access is blocked in this test")

        return blocked

    monkeypatch.setattr(socket.socket, "__init__", refuse("socket"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_a_normal_run_opens_no_socket(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_sockets: list[str],
) -> None:
    project = _project(tmp_path, "      schema: schema.json\n")
    (project / "docs" / "links.md").write_text(
        "---\ntitle: x\n---\n\nSee [the site](https://example.com/) and <https://example.org>.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    assert main(["check", "--format", "json", "--fail-on", "warning"]) == 1
    assert json.loads(capsys.readouterr().out)["files"] == 5
    assert no_sockets == []


@pytest.mark.parametrize(
    "ref", ["https://example.com/title.schema.json", "file:///etc/passwd", "../../outside.json"]
)
def test_a_remote_ref_is_never_fetched(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_sockets: list[str],
    ref: str,
) -> None:
    schema = {
        "type": "object",
        "properties": {
            "title": {"$ref": ref},
            "link": {"type": "string", "format": "uri"},
        },
    }
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "p.md").write_text(
        "---\ntitle: x\nlink: https://example.com\n---\nText.\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-config", "--schema", "schema.json", "p.md"]) == 2
    assert ref in _one_line_error(capsys)
    assert no_sockets == []


# --- deterministic across processes ---------------------------------------


def test_same_report_whatever_the_hash_seed(tmp_path: Path) -> None:
    project = _project(tmp_path, "      schema: schema.json\n")
    (project / "docs" / "keys.md").write_text(
        "---\nzeta: 1\nalpha: 2\nmid: 3\ntags: [b, a, b]\n---\n\n# T\n\n(「『【\n",
        encoding="utf-8",
    )
    reports = []
    for seed in ("0", "1", "4242"):
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs_postlint", "check", "--format", "json"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
        )
        assert run.returncode == 0, run.stderr
        reports.append(run.stdout)
    assert json.loads(reports[0])["problems"]
    assert reports[0] == reports[1] == reports[2]
