"""What rules find (`Finding`), what the linter reports (`Problem`), and how a rule fixes it.

Every line and column is 1-based and counts lines of the real source file, front
matter included. Columns count Unicode characters, not bytes.

A rule that can repair what it finds says so with a `Fix` constant and a
``fix()`` function returning `Edit`s (see `mkdocs_postlint.rules`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How serious a problem is. Ordered: ``WARNING < ERROR``."""

    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return 1 if self is Severity.WARNING else 2


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found, before the linter gives it a path and a severity.

    Attributes:
        line: 1-based line of the real source file.
        message: What is wrong, and where possible what to do instead.
        column: 1-based column (in characters) on ``line``.
        end_line: 1-based last line the finding spans; ``None`` means ``line``.
        severity: a lower severity for this finding only (a hint among
            errors); the configured severity of the rule caps it.
        fix_hint: what the rule's ``fix()`` needs to know beyond the lines,
            when it cannot be read again from the page (for example the
            front matter key a schema error is about and what to do with it).
        group: set when the cause is one for the whole site (a setting) and
            every page would say the same: a run reports the first such
            problem of a rule and group, and counts the pages of the others
            (`mkdocs_postlint.linter.collapse_groups`).
    """

    line: int
    message: str
    column: int = 1
    end_line: int | None = None
    severity: Severity | None = None
    fix_hint: tuple[Any, ...] = ()
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding as reported: where, which rule, how serious, and what.

    ``fingerprint`` identifies the finding by the content it is about, not its
    line, so it survives edits elsewhere in the file (baselines, SARIF).
    ``group`` is the finding's `Finding.group`.
    """

    path: str
    line: int
    column: int
    end_line: int
    rule: str
    severity: Severity
    message: str
    fingerprint: str = ""
    fix_hint: tuple[Any, ...] = ()
    group: str | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """What a rule can repair, for ``rules``, the rule pages and ``check --fix``.

    Attributes:
        safe: the fix keeps the meaning of the page and is applied by
            ``--fix``; an unsafe fix deletes or rewrites content and is applied
            only with ``--unsafe-fixes``.
        summary: what the fix does, in a few words.
    """

    safe: bool
    summary: str

    @property
    def label(self) -> str:
        return "safe" if self.safe else "unsafe"


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``source[start:end]`` with ``text``.

    ``start`` and ``end`` are character offsets in `Document.source` (the
    text with line endings normalised to ``\\n`` and without a BOM); ``text``
    uses ``\\n`` too. Line endings are restored when the file is written.
    """

    start: int
    end: int
    text: str = ""
