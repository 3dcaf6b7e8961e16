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

import os
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from itertools import accumulate
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


class _Cells(dict[str, int]):
    """Display cells of a character, looked up once per character (a dict lookup after)."""

    def __missing__(self, char: str) -> int:
        if unicodedata.combining(char):
            cells = 0
        else:
            cells = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if len(self) < 65536:  # bounded, whatever the input holds
            self[char] = cells
        return cells


_cells = _Cells().__getitem__


def snippet(line: str, column: int) -> tuple[str, int, int]:
    """The part of ``line`` to show, the caret's offset in cells, the underline's width.

    ``column`` is 1-based in characters; a column past the end points just
    after the last character. Only the characters up to the column and those
    shown are measured, so a long paragraph costs no more than a short one.
    """
    chars = printable(line.rstrip()).replace("\t", " ")
    index = min(max(column - 1, 0), len(chars))
    if chars.isascii():  # one cell per character
        start = max(index - LEAD, 0) if index > WIDTH - LEAD else 0
        cells = 1 if start else 0
        stop = min(len(chars), start + WIDTH - cells)
        cut = stop < len(chars)
        caret = cells + index - start
        cells += stop - start
    else:
        start = 0
        if _wider(chars, index, WIDTH - LEAD):
            start = index
            room = LEAD
            while start > 0 and room - _cells(chars[start - 1]) >= 0:
                start -= 1
                room -= _cells(chars[start])
        cells = 1 if start else 0
        window = chars[start : start + WIDTH + 1]  # enough, unless characters of no width
        sums = list(accumulate(map(_cells, window), initial=cells))  # cells before each one
        fit = bisect_right(sums, WIDTH) - 1  # characters from start that fit
        if fit < len(window) or start + len(window) == len(chars):
            stop = start + fit
            cut = stop < len(chars)
            caret = sums[index - start] if index < stop else 0
            cells = sums[fit]
        else:  # more characters of no width than fit in the window: one at a time
            caret = 0
            stop, cut = len(chars), False
            for position in range(start, len(chars)):
                width = _cells(chars[position])
                if cells + width > WIDTH:
                    stop, cut = position, True
                    break
                if position == index:
                    caret = cells
                cells += width
    shown = ("…" if start else "") + chars[start:stop] + ("…" if cut else "")
    if index >= len(chars):
        caret = cells
    under = cells - caret if index < len(chars) else 0
    return shown, caret, max(under, 1)


def _wider(chars: str, index: int, limit: int) -> bool:
    """Whether the first ``index`` characters take more than ``limit`` cells."""
    if index * 2 <= limit:  # no character takes more than two cells
        return False
    if sum(map(_cells, chars[: min(index, limit + 1)])) > limit:
        return True
    return index > limit + 1 and sum(map(_cells, chars[:index])) > limit


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
    line = result.source_line(problem.path, problem.line)
    if line is None or not line.strip():
        return
    shown, caret, under = snippet(line, problem.column)
    number = str(problem.line)
    gutter = " " * len(number)
    out.write(f"  {paint('gutter', number + ' |')} {shown}\n")
    marks = paint(problem.severity, "^" * under)
    out.write(f"  {paint('gutter', gutter + ' |')} {' ' * caret}{marks}\n")
