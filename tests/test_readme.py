"""The examples users copy first print what the README and the home page say they print.

Each is a console block: ``$ cd FOLDER`` (optional), ``$ COMMAND``, then the
output, findings on standard output and the summary on standard error. When a
rule's messages change, rerun the command and paste its output.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _console_block(text: str, command_start: str) -> tuple[Path, list[str], list[str]]:
    """(cwd, argv, expected output lines) of the block whose command starts so."""
    for block in re.findall(r"```(?:text|console)\n(.*?)```", text, re.DOTALL):
        lines = textwrap.dedent(block).splitlines()
        cwd = ROOT
        if lines and lines[0].startswith("$ cd "):
            cwd = ROOT / lines.pop(0).removeprefix("$ cd ")
        if lines and lines[0].startswith(f"$ {command_start}"):
            return cwd, shlex.split(lines[0][2:]), lines[1:]
    raise AssertionError(f"no console block running {command_start!r}")


def _indented_blocks(text: str) -> str:
    """The page with content-tab indentation removed, so its fenced blocks are found."""
    return re.sub(r"^    ", "", text, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("page", "text_of"),
    [("README.md", lambda text: text), ("docs/index.md", _indented_blocks)],
)
def test_the_seed_example_prints_what_it_shows(page: str, text_of: object) -> None:
    text = text_of((ROOT / page).read_text(encoding="utf-8"))  # type: ignore[operator]
    cwd, argv, expected = _console_block(text, "mkdocs-postlint check --format concise")
    assert argv[0] == "mkdocs-postlint"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs_postlint", *argv[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""},
    )
    actual = run.stdout.splitlines() + run.stderr.splitlines()
    assert actual == expected, "\n".join(["the page should show:", *actual])
