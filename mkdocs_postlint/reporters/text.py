"""``text``: one line per problem, ``path:line:col: severity rule message``."""

from __future__ import annotations

from typing import TextIO

from mkdocs_postlint.linter import Result


def render(result: Result, out: TextIO) -> None:
    for p in result.problems:
        out.write(f"{p.path}:{p.line}:{p.column}: {p.severity.value} {p.rule} {p.message}\n")
