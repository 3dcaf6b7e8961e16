"""The pre-commit hook: declared in .pre-commit-hooks.yaml, run on a sample repository.

`test_try_repo` is the real thing: ``pre-commit try-repo`` installs this
repository at its current commit (a ``rev`` that exists) into a fresh
environment (pip, from the package index for the dependencies) and runs the
hook on a sample git repository whose mkdocs.yml is a Material site's, with
``pymdownx`` slugify and emoji tags that environment cannot import. It needs this checkout
to be a git work tree and takes some seconds. `test_entry_as_pre_commit_runs_it`
does what pre-commit does with the hook (the entry, plus the staged files that
match its types) without installing anything, so the hook's contract is
checked everywhere.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitekit import MATERIAL_EXTENSIONS

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BAD = "# T\n\nText.\n\n---END---\n"
GOOD = "# Fine\n\nText.\n"
# A Material site as its docs set it up: the hook's environment has neither
# Material nor pymdown-extensions, and must read this all the same.
MATERIAL_SITE = (
    """\
site_name: t
theme:
  name: material
"""
    + MATERIAL_EXTENSIONS
    + """\
plugins:
  - search
  - postlint:
      exclude: ['draft.markdown']
"""
)


def hook() -> dict[str, object]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    (only,) = [h for h in hooks if h["id"] == "mkdocs-postlint"]
    return dict(only)


def test_hook_declaration() -> None:
    declared = hook()
    assert declared["entry"] == "mkdocs-postlint check"
    assert declared["language"] == "python"
    assert declared["types"] == ["markdown"]
    assert declared["name"] == "mkdocs-postlint"


def sample_repo(path: Path) -> Path:
    (path / "docs").mkdir(parents=True)
    (path / "docs" / "bad.md").write_text(BAD, encoding="utf-8")
    (path / "docs" / "good.md").write_text(GOOD, encoding="utf-8")
    (path / "docs" / "draft.markdown").write_text(BAD, encoding="utf-8")
    (path / "notes.txt").write_text("---END---\n", encoding="utf-8")
    (path / "mkdocs.yml").write_text(MATERIAL_SITE, encoding="utf-8")
    return path


def test_entry_as_pre_commit_runs_it(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo")
    declared = hook()
    # pre-commit's `markdown` type: files named *.md or *.markdown (identify's table).
    staged = ["docs/bad.md", "docs/draft.markdown", "docs/good.md", "notes.txt"]
    files = [f for f in staged if f.endswith((".md", ".markdown"))]
    entry = shlex.split(str(declared["entry"]))
    command = [str(Path(sys.executable).parent / entry[0]), *entry[1:]]
    if not Path(command[0]).exists():  # not installed as a script: run the module
        command = [sys.executable, "-m", "mkdocs_postlint", *entry[1:]]
    run = subprocess.run([*command, *files], cwd=repo, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "docs/bad.md:5:1: error truncation-marker" in run.stdout
    assert "draft" not in run.stdout  # excluded by the config pre-commit's cwd has
    assert run.stderr.endswith("2 files checked: 1 error, 0 warnings\n")
    run = subprocess.run(
        [*command, "docs/good.md"], cwd=repo, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_try_repo(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit (the test extra) and git are needed")
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=ROOT, capture_output=True, text=True
    )
    if inside.stdout.strip() != "true":
        pytest.skip("this checkout is not a git work tree; try-repo needs one")
    repo = sample_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "sample")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)

    # A revision that exists (this checkout's commit), as a user's `rev:` names one.
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()

    def try_repo(*args: str) -> subprocess.CompletedProcess[str]:
        command = [pre_commit, "try-repo", str(ROOT), "mkdocs-postlint", "--ref", head]
        return subprocess.run(
            [*command, "--color", "never", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )

    run = try_repo("--all-files")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "cannot be parsed" not in run.stdout  # mkdocs.yml read without Material
    assert "docs/bad.md:5:1: error truncation-marker" in run.stdout
    assert "notes.txt" not in run.stdout.split("hooks:")[-1]
    assert "draft" not in run.stdout.split("hooks:")[-1]
    run = try_repo("--files", "docs/good.md")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
