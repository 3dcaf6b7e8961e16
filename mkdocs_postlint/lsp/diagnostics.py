"""Problems as Language Server Protocol diagnostics.

A problem starts at its line and column and runs to the end of its last line.
Lines and columns are counted in code points here, as everywhere in the
linter; the server's position codec turns them into the units the client
negotiated (UTF-16 by default), so a Japanese or emoji line is highlighted
where the problem is.

Several messages name other lines of the same page: ``(first on line 49)``,
``repeats the one on line 32``, ``repeat lines 55–59``, ``right before the
marker on line 53``. Every rule writes them that one way, so they are read
back from the message and become the diagnostic's related information: a link
to that line, labelled with its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition, ServerTextRange

from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.reporters.sarif import DOCS_URI
from mkdocs_postlint.text import shorten

__all__ = ["SOURCE", "diagnostic", "notice", "related_lines"]

SOURCE = "mkdocs-postlint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}
# "line 49", "lines 55–59" (an en dash, or a hyphen).
_LINES = re.compile(r"(?<![\w-])lines? (\d+)(?:[–-](\d+))?(?![\w-])")


def related_lines(problem: Problem) -> list[tuple[int, int]]:
    """The other line ranges of the page a problem's message names, as (first, last)."""
    found = []
    for match in _LINES.finditer(problem.message):
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first == problem.line or last < first or (first, last) in found:
            continue  # the problem's own lines ("lines 65–68 repeat ..."), or nonsense
        found.append((first, last))
    return found


def _range(
    lines: Sequence[str], codec: PositionCodec, first: int, column: int, last: int
) -> types.Range:
    """1-based ``first:column`` to the end of line ``last``, in the client's units."""
    count = len(lines)
    start_line = min(max(first, 1), count) - 1
    end_line = min(max(last, first, 1), count) - 1
    start = min(max(column, 1) - 1, len(lines[start_line]))
    server = ServerTextRange(
        ServerTextPosition(start_line, start),
        ServerTextPosition(end_line, len(lines[end_line])),
    )
    return codec.range_to_client_units(lines, server)


def diagnostic(
    problem: Problem, lines: Sequence[str], codec: PositionCodec, uri: str
) -> types.Diagnostic:
    """One problem of the page at ``uri`` whose text is ``lines``."""
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri, _range(lines, codec, first, 1, last)),
            message=_label(lines, first, last),
        )
        for first, last in related_lines(problem)
        if first <= len(lines)
    ]
    return types.Diagnostic(
        range=_range(lines, codec, problem.line, problem.column, problem.end_line),
        message=problem.message,
        severity=_SEVERITY[problem.severity],
        code=problem.rule,
        code_description=types.CodeDescription(href=DOCS_URI.format(rule=problem.rule)),
        source=SOURCE,
        related_information=related or None,
        data={"rule": problem.rule, "line": problem.line},
    )


def notice(message: str, lines: Sequence[str], codec: PositionCodec) -> types.Diagnostic:
    """Why the page is not linted as configured, on its first line."""
    return types.Diagnostic(
        range=_range(lines, codec, 1, 1, 1),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def _label(lines: Sequence[str], first: int, last: int) -> str:
    where = f"line {first}" if first == last else f"lines {first}–{last}"
    text = shorten(lines[first - 1], 60) if 0 < first <= len(lines) else ""
    return f"{where}: {text}" if text else where
