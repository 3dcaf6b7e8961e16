"""``text``: each problem as ``path:line:col: severity rule message``, then its line.

The source line is shown under the problem with a caret under the column and
an underline to the end of the line::

    docs/post.md:53:1: error truncation-marker leftover truncation marker ...
      53 | ---END---
         | ^^^^^^^^^

Long lines are cut around the column; wide (CJK) characters count two cells,
so the caret lines up. Colour only on a terminal; ``NO_COLOR`` (any non-empty
value) turns it off, ``FORCE_COLOR`` (any non-empty value) turns it on when the
output is not a terminal. ``NO_COLOR`` wins when both are set.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Mapping
from typing import TextIO

from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.reporters._terminal import printable
from mkdocs_postlint.result import Result

WIDTH = 100  # display cells of source shown per problem
LEAD = 24  # cells shown before the column when a long line is cut

_RESET = "\033[0m"
_STYLES: dict[object, str] = {
    "path": "\033[1m",
    "gutter": "\033[2m",
    "rule": "\033[36m",
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
}


def use_color(out: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Colour on a terminal, unless ``NO_COLOR``; forced by ``FORCE_COLOR``."""
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


@functools.lru_cache(maxsize=4096)
def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def snippet(line: str, column: int) -> tuple[str, int, int]:
    """The part of ``line`` to show, the caret's offset in cells, the underline's width.

    ``column`` is 1-based in characters; a column past the end points just
    after the last character.
    """
    chars = [" " if c == "\t" else c for c in printable(line.rstrip())]
    widths = list(map(_cells, chars))
    index = min(max(column - 1, 0), len(chars))
    start = 0
    if sum(widths[:index]) > WIDTH - LEAD:
        start = index
        room = LEAD
        while start > 0 and room - widths[start - 1] >= 0:
            start -= 1
            room -= widths[start]
    cells = 1 if start else 0
    caret = under = 0
    stop, cut = len(chars), False
    for position in range(start, len(chars)):
        width = widths[position]
        if cells + width > WIDTH:
            stop, cut = position, True
            break
        if position == index:
            caret = cells
        cells += width
    shown = ("…" if start else "") + "".join(chars[start:stop]) + ("…" if cut else "")
    if index >= len(chars):
        caret = cells
    if index < len(chars):
        under = cells - caret
    return shown, caret, max(under, 1)


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, style: object, value: str) -> str:
        return f"{_STYLES[style]}{value}{_RESET}" if self.on else value


def render(result: Result, out: TextIO, color: bool | None = None) -> None:
    """Write the report; ``color`` ``None`` decides by `use_color`."""
    paint = _Paint(use_color(out) if color is None else color)
    for number, problem in enumerate(result.problems):
        if number:
            out.write("\n")
        out.write(
            f"{paint('path', printable(problem.path))}:{problem.line}:{problem.column}: "
            f"{paint(problem.severity, problem.severity.value)} "
            f"{paint('rule', problem.rule)} {printable(problem.message)}\n"
        )
        _write_source(result, problem, out, paint)


def _write_source(result: Result, problem: Problem, out: TextIO, paint: _Paint) -> None:
    lines = result.source_lines(problem.path)
    if lines is None or not 0 < problem.line <= len(lines):
        return
    line = lines[problem.line - 1]
    if not line.strip():
        return
    shown, caret, under = snippet(line, problem.column)
    number = str(problem.line)
    gutter = " " * len(number)
    out.write(f"  {paint('gutter', number + ' |')} {shown}\n")
    marks = paint(problem.severity, "^" * under)
    out.write(f"  {paint('gutter', gutter + ' |')} {' ' * caret}{marks}\n")
