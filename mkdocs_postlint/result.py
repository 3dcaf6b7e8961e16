"""What a run found: `Result`, shared by the linter, the reporters and the CLI.

It lives apart from both the linter and the reporters (as ruff keeps its
diagnostics apart from the checker and the printers), so neither imports the
other to speak about a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_postlint.files import PageTooLarge, read_page
from mkdocs_postlint.problem import Edit, Fix, Problem, Severity

__all__ = ["Result"]

# Reporters that show source lines read at most this much of a file.
_SOURCE_LIMIT = 64 * 1024 * 1024


@dataclass
class Result:
    """What a run found: how many files were checked, and the problems.

    Attributes:
        baselined: how many findings a baseline held back (not in ``problems``).
        removable: baseline entries whose findings are gone (as dicts).
        sources: source lines by problem path, for reporters that show them,
            when the caller has them; `source_lines` reads other files on
            demand and keeps only the last one read (reporters go through the
            problems file by file), so that memory does not grow with the run.
        shown_lines: by problem path, the lines (by number) its problems
            start and end on, as they were linted; `source_line` answers from
            these without reading the file again.
        root: the folder problem paths are relative to; ``None`` for the
            current folder.
    """

    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    baselined: int = 0
    removable: list[dict[str, object]] = field(default_factory=list)
    sources: dict[str, list[str] | None] = field(default_factory=dict)
    shown_lines: dict[str, dict[int, str]] = field(default_factory=dict)
    root: Path | None = None
    fixes: dict[Problem, tuple[Fix, list[Edit]]] = field(default_factory=dict)
    _last: tuple[str, list[str] | None] | None = field(default=None, repr=False, compare=False)

    def source_line(self, path: str, number: int) -> str | None:
        """Line ``number`` (1-based) of a problem's file, or ``None`` if it has none."""
        known = self.shown_lines.get(path)
        if known is not None and number in known:
            return known[number]
        lines = self.source_lines(path)
        return lines[number - 1] if lines is not None and 0 < number <= len(lines) else None

    def source_lines(self, path: str) -> list[str] | None:
        """The lines of a problem's file (``None`` if it cannot be read)."""
        if path in self.sources:
            return self.sources[path]
        if self._last is not None and self._last[0] == path:
            return self._last[1]
        lines: list[str] | None
        try:
            file = self.root / path if self.root is not None else path
            text = read_page(file, _SOURCE_LIMIT).decode("utf-8-sig", "replace")
        except (OSError, PageTooLarge):
            lines = None
        else:
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            lines = text.split("\n")
        self._last = (path, lines)
        return lines

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)
