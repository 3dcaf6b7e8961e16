"""Run the enabled rules on pages and collect problems.

Data flows one way: bytes, then one `Document` per page, then each enabled
rule reads the document and yields findings, which become `Problem`s with the
page's path and the configured severity, sorted by position. Then, in one
place, the page's ``postlint-disable`` comments drop what they suppress
(`mkdocs_postlint.suppress`; rules never see them), and each problem gets its
fingerprint (`mkdocs_postlint.baseline`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from mkdocs_postlint import suppress
from mkdocs_postlint.baseline import fingerprinted
from mkdocs_postlint.config import Config
from mkdocs_postlint.document import Document, parse
from mkdocs_postlint.files import PageTooLarge, read_page, unreadable_reason
from mkdocs_postlint.problem import Finding, Problem, Severity
from mkdocs_postlint.result import Result
from mkdocs_postlint.rules import RULES, file_too_large

__all__ = [
    "Result",
    "collapse_groups",
    "few_collections",
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


def lint_document(doc: Document, config: Config) -> list[Problem]:
    """Every problem the enabled rules find on a parsed page, less the suppressed ones."""
    problems = []
    settings = config.rules_for(doc.src_path)
    for rule_id, rule in RULES.items():
        setting = settings[rule_id]
        if not setting.enabled:
            continue
        if not doc.readable and rule_id not in _FILE_RULES:
            continue
        for finding in _capped(rule.check(doc, setting.options)):
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
                    fix_hint=finding.fix_hint,
                    group=finding.group,
                )
            )
    problems.sort(key=lambda p: p.sort_key)
    problems = suppress.apply(doc, problems, settings)
    return fingerprinted(problems, doc.lines)


def collapse_groups(problems: list[Problem]) -> list[Problem]:
    """A run's problems with each `Problem.group` reported once.

    The first problem of a rule and group (in the order given: by page) stays,
    its message saying on how many more pages the same was found; the others
    go. Used by the command line and the plugin once every page is linted.
    """
    firsts: dict[tuple[str, str, Severity], int] = {}
    more: dict[int, set[str]] = {}
    kept: list[Problem] = []
    for problem in problems:
        if problem.group is None:
            kept.append(problem)
            continue
        key = (problem.rule, problem.group, problem.severity)
        index = firsts.get(key)
        if index is None:
            firsts[key] = len(kept)
            more[len(kept)] = set()
            kept.append(problem)
        elif problem.path != kept[index].path:
            more[index].add(problem.path)
    for index, paths in more.items():
        if paths:
            count = len(paths)
            message = (
                f"{kept[index].message} (the same on {count} more page{'s' if count != 1 else ''})"
            )
            kept[index] = replace(kept[index], message=message)
    return kept


@contextmanager
def few_collections() -> Iterator[None]:
    """Lint many pages with the cyclic garbage collector mostly out of the way.

    Parsing a page makes thousands of short-lived objects (pulldown-cmark's
    events), which reference counting frees at once; with the default
    thresholds the collector still runs every 700 allocations and, as the
    findings of earlier pages pile up, walks them again and again: about a
    tenth of a cold run. Objects made so far are frozen (never walked again)
    and collections happen a hundred times less often; both are undone after
    (a host process that froze objects itself keeps them frozen).
    """
    thresholds = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(70_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()


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
