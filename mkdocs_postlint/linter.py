"""Run the enabled rules on pages and collect problems.

Data flows one way: bytes, then one `Document` per page, then each enabled
rule reads the document and yields findings, which become `Problem`s with the
page's path and the configured severity, sorted by position.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_postlint.config import Config
from mkdocs_postlint.document import Document, parse
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.rules import RULES

__all__ = ["Result", "lint_bytes", "lint_document", "lint_file", "read_page"]


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
        if doc.encoding_finding is not None and rule_id != "encoding":
            continue
        for finding in RULES[rule_id].check(doc, setting.options):
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


def lint_bytes(
    data: bytes, path: str, config: Config, src_path: str | None = None
) -> list[Problem]:
    """Parse a page once and lint it."""
    return lint_document(parse(data, path, src_path), config)


def read_page(path: Path) -> bytes:
    """The bytes of a regular file; `OSError` for anything else (never blocks on a FIFO)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path} is not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def lint_file(
    path: Path, display: str, config: Config, src_path: str | None = None
) -> list[Problem]:
    """Read and lint one file; a file that cannot be read is one problem, not a crash."""
    try:
        data = read_page(path)
    except OSError as error:
        reason = error.strerror or str(error)
        return [
            Problem(display, 1, 1, 1, "encoding", Severity.ERROR, f"cannot read file: {reason}")
        ]
    return lint_bytes(data, display, config, src_path)
