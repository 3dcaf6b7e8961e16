"""Run the enabled rules on pages and collect problems.

Data flows one way: bytes, then one `Document` per page, then each enabled
rule reads the document and yields findings, which become `Problem`s with the
page's path and the configured severity, sorted by position.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_postlint.config import Config
from mkdocs_postlint.document import Document, parse
from mkdocs_postlint.files import PageTooLarge, read_page, unreadable_reason
from mkdocs_postlint.problem import Finding, Problem, Severity
from mkdocs_postlint.rules import RULES, file_too_large

__all__ = [
    "Result",
    "lint_bytes",
    "lint_document",
    "lint_file",
    "lint_unreadable",
    "read_page",
]

MAX_FINDINGS_PER_RULE = 1000
"""Findings of one rule on one page past which the rule stops (see `_capped`)."""

# The rules that speak about a page whose text could not be read.
_FILE_RULES = frozenset({"encoding", "unreadable-file", "file-too-large"})


@dataclass
class Result:
    """What a run found: how many files were checked, and the problems."""

    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


def lint_document(doc: Document, config: Config) -> list[Problem]:
    """Every problem the enabled rules find on a parsed page."""
    problems = []
    for rule_id, setting in config.rules.items():
        if not setting.enabled:
            continue
        if not doc.readable and rule_id not in _FILE_RULES:
            continue
        for finding in _capped(RULES[rule_id].check(doc, setting.options)):
            severity = setting.severity
            if finding.severity is not None and finding.severity.rank < severity.rank:
                severity = finding.severity
            problems.append(
                Problem(
                    path=doc.path,
                    line=finding.line,
                    column=finding.column,
                    end_line=max(finding.end_line or finding.line, finding.line),
                    rule=rule_id,
                    severity=severity,
                    message=finding.message,
                )
            )
    problems.sort(key=lambda p: p.sort_key)
    return problems


def _capped(findings: Iterator[Finding]) -> Iterator[Finding]:
    """At most `MAX_FINDINGS_PER_RULE` findings, then one that says there are more.

    A page of 100,000 unmatched brackets would otherwise be 100,000 problems:
    seconds of work and hundreds of megabytes for a report nobody reads.
    """
    for count, finding in enumerate(findings):
        if count == MAX_FINDINGS_PER_RULE:
            yield Finding(
                finding.line,
                f"more than {MAX_FINDINGS_PER_RULE} problems of this rule on this page: "
                "the rest are not reported",
                finding.column,
            )
            return
        yield finding


def lint_bytes(
    data: bytes, path: str, config: Config, src_path: str | None = None
) -> list[Problem]:
    """Parse a page once and lint it (a page over ``max_file_size`` is not parsed)."""
    if len(data) > config.max_file_size:
        return _lint_too_large(len(data), path, config, src_path)
    return lint_document(parse(data, path, src_path), config)


def lint_file(
    path: Path, display: str, config: Config, src_path: str | None = None
) -> list[Problem]:
    """Read and lint one file; a file that cannot be read is one problem, not a crash."""
    try:
        data = read_page(path, config.max_file_size)
    except PageTooLarge as error:
        return _lint_too_large(error.size, display, config, src_path)
    except OSError as error:
        return lint_unreadable(unreadable_reason(path, error), display, config, src_path)
    return lint_bytes(data, display, config, src_path)


def lint_unreadable(
    reason: str, display: str, config: Config, src_path: str | None = None
) -> list[Problem]:
    """The problem for a page or folder that could not be read, as configured."""
    doc = Document(path=display, src_path=display if src_path is None else src_path)
    doc.unreadable_finding = Finding(1, reason)
    return lint_document(doc, config)


def _lint_too_large(size: int, display: str, config: Config, src_path: str | None) -> list[Problem]:
    doc = Document(path=display, src_path=display if src_path is None else src_path)
    doc.too_large_finding = file_too_large.finding(size, config.max_file_size)
    return lint_document(doc, config)
