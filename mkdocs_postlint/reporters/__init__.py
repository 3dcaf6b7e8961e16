"""Output formats, one module each. Each has ``render(result, out)``.

``auto`` is not a format of its own: it is ``github`` inside GitHub Actions
(``GITHUB_ACTIONS=true``), else ``text``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, TextIO

from mkdocs_postlint.reporters import concise, github, json, sarif, text
from mkdocs_postlint.result import Result


class Reporter(Protocol):
    def render(self, result: Result, out: TextIO) -> None: ...


REPORTERS: dict[str, Reporter] = {
    "text": text,
    "concise": concise,
    "json": json,
    "sarif": sarif,
    "github": github,
}
FORMATS = ("auto", *REPORTERS)


def resolve(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """The format ``name`` stands for: ``auto`` becomes ``github`` or ``text``."""
    if name != "auto":
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def write_report(result: Result, file: Path, name: str) -> None:
    """Write a report file (UTF-8, ``\\n`` line ends, never coloured); `OSError` if it fails."""
    with file.open("w", encoding="utf-8", newline="\n") as out:
        if resolve(name) == "text":
            text.render(result, out, color=False)  # FORCE_COLOR is for terminals and pipes
        else:
            REPORTERS[resolve(name)].render(result, out)
