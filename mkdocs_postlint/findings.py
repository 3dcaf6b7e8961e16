"""What the plugin keeps of each linted page, for the report page and the serve notice.

Both show a finding with the source line it points at and link it to the
nearest heading before it, so the page's `Document` is read once, when it is
linted, and only what they need is kept: the problems, the source line of each
problem, and the headings (line, text, explicit id).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Problem, Severity

__all__ = ["Heading", "PageFindings", "Slugify", "heading_ids", "page_findings", "problem_lines"]

Slugify = Callable[[str, str], str]
"""A slugify function as Python-Markdown's ``toc`` extension takes it: (text, separator)."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a page: its line, its visible text and its explicit ``{#id}``."""

    line: int
    text: str
    anchor: str | None = None


@dataclass(frozen=True)
class PageFindings:
    """The findings of one page.

    Attributes:
        src_uri: the page's path in the docs folder (``/``-separated).
        path: the page's path as reported (relative to the project).
        problems: the problems, sorted by position.
        source_lines: the text of every line a problem starts or ends on
            (`problem_lines`).
        headings: the page's headings in order.
    """

    src_uri: str
    path: str
    problems: tuple[Problem, ...] = ()
    source_lines: Mapping[int, str] = field(default_factory=dict)
    headings: tuple[Heading, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    def source_line(self, line: int) -> str:
        return self.source_lines.get(line, "")


def page_findings(
    src_uri: str, path: str, problems: list[Problem], doc: Document | None
) -> PageFindings:
    """Keep what the report page and the notice need of a linted page."""
    if doc is None or not problems:
        return PageFindings(src_uri, path, tuple(problems))
    headings = tuple(Heading(b.line, b.text, b.anchor) for b in doc.headings)
    return PageFindings(
        src_uri, path, tuple(problems), problem_lines(problems, doc.lines), headings
    )


def problem_lines(problems: list[Problem], lines: list[str]) -> dict[int, str]:
    """The text of every line a problem starts or ends on, by line number.

    What reporters show of a page without reading its file again: the text
    report and the notices show the first line, SARIF measures the last.
    """
    return {
        number: lines[number - 1]
        for problem in problems
        for number in (problem.line, problem.end_line)
        if 0 < number <= len(lines)
    }


def heading_ids(
    headings: tuple[Heading, ...], slugify: Slugify | None = None, separator: str = "-"
) -> list[str]:
    """The ``id`` each heading gets in the built page, as the ``toc`` extension assigns them.

    The same assignment as the ``duplicate-anchor`` rule's. Headings that
    Markdown does not see (raw HTML, other plugins' pages) are out of reach: at
    worst the link goes to the top of the page.
    """
    from mkdocs_postlint.rules.duplicate_anchor import assign_ids, toc_slugify

    pairs = [(h.text, h.anchor) for h in headings]
    return [id_ for id_, _, _ in assign_ids(pairs, slugify or toc_slugify, separator)]
