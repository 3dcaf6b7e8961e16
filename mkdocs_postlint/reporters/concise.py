"""``concise``: one line per problem, ``path:line:col: severity rule message``.

Control characters in paths and messages are shown as escapes (``\\n``), so a
problem is always one line.
"""

from __future__ import annotations

from typing import TextIO

from mkdocs_postlint.reporters._terminal import printable
from mkdocs_postlint.result import Result


def render(result: Result, out: TextIO) -> None:
    for p in result.problems:
        out.write(
            f"{printable(p.path)}:{p.line}:{p.column}: "
            f"{p.severity.value} {p.rule} {printable(p.message)}\n"
        )
