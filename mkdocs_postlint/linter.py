"""Run the enabled rules on pages and collect problems.

Data flows one way: bytes, then one `Document` per page, then each enabled
rule reads the document and yields findings, which become `Problem`s with the
page's path and the configured severity, sorted by position. Then, in one
place, the page's ``postlint-disable`` comments drop what they suppress
(`mkdocs_postlint.suppress`; rules never see them), and each problem gets its
fingerprint (`mkdocs_postlint.baseline`).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_postlint import suppress
from mkdocs_postlint.baseline import fingerprinted
from mkdocs_postlint.config import Config
from mkdocs_postlint.document import Document, parse
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.rules import RULES

__all__ = ["Result", "lint_bytes", "lint_document", "lint_file", "read_page"]


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
        root: the folder problem paths are relative to; ``None`` for the
            current folder.
    """

    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    baselined: int = 0
    removable: list[dict[str, object]] = field(default_factory=list)
    sources: dict[str, list[str] | None] = field(default_factory=dict)
    root: Path | None = None
    _last: tuple[str, list[str] | None] | None = field(default=None, repr=False, compare=False)

    def source_lines(self, path: str) -> list[str] | None:
        """The lines of a problem's file (``None`` if it cannot be read)."""
        if path in self.sources:
            return self.sources[path]
        if self._last is not None and self._last[0] == path:
            return self._last[1]
        lines: list[str] | None
        try:
            file = self.root / path if self.root is not None else Path(path)
            text = read_page(file).decode("utf-8-sig", "replace")
        except OSError:
            lines = None
        else:
            lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self._last = (path, lines)
        return lines

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


def lint_document(doc: Document, config: Config) -> list[Problem]:
    """Every problem the enabled rules find on a parsed page, less the suppressed ones."""
    problems = []
    settings = config.rules_for(doc.src_path)
    for rule_id, rule in RULES.items():
        setting = settings[rule_id]
        if not setting.enabled:
            continue
        if doc.encoding_finding is not None and rule_id != "encoding":
            continue
        for finding in rule.check(doc, setting.options):
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
    problems = suppress.apply(doc, problems, settings)
    return fingerprinted(problems, doc.lines)


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
        problem = Problem(
            display, 1, 1, 1, "encoding", Severity.ERROR, f"cannot read file: {reason}"
        )
        return fingerprinted([problem], [])
    return lint_bytes(data, display, config, src_path)


def finish_build(problems: list[Problem], checked: list[str], config: Config) -> Result:
    """What the plugin does after linting every page: the baseline, then the report file.

    ``problems`` and ``checked`` have paths relative to ``config.base_dir``.
    Raises `mkdocs_postlint.baseline.BaselineError` for a bad baseline and
    `OSError` (with a readable message) when the report cannot be written.
    """
    from mkdocs_postlint.baseline import compare, load

    result = Result(files=len(checked), problems=problems, root=config.base_dir)
    if config.baseline is not None:
        outcome = compare(
            problems, load(config.baseline), config.baseline, config.base_dir, checked
        )
        result.problems = outcome.new
        result.baselined = outcome.matched
        result.removable = [entry.as_dict() for entry in outcome.fixed]
    if config.report_file is not None:
        from mkdocs_postlint.reporters import write_report

        try:
            write_report(result, config.report_file, config.report_format)
        except OSError as error:
            reason = error.strerror or str(error)
            raise OSError(f"cannot write report file {config.report_file}: {reason}") from None
    return result
