"""What rules find (`Finding`) and what the linter reports (`Problem`).

Every line and column is 1-based and counts lines of the real source file, front
matter included. Columns count Unicode characters, not bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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
