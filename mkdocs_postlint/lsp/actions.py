"""Code actions offered on a problem: quick fixes as plain text edits.

Each provider in `PROVIDERS` takes the linted page and one of its problems and
yields the `Action`s it offers. Positions are 0-based lines and code points;
the server converts them for the client. A rule's own fixes join as one more
provider that turns the rule's edits into `Edit`s.

"Disable on this line" writes the suppression comment that
`mkdocs_postlint.suppress` reads:

* above the line, ``<!-- postlint-disable-next-line RULE -->``, when the line
  starts a block (a heading, or a line after a blank line), so the comment is
  a block of its own and the page renders as before;
* at the end of the line, ``<!-- postlint-disable-line RULE -->``, inside a
  paragraph, where a comment line of its own would split the paragraph;
* for a problem in the front matter, where a Markdown comment cannot go,
  ``<!-- postlint-disable-file RULE -->`` right after the front matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mkdocs_postlint.lsp.page import Linted
from mkdocs_postlint.problem import Problem

__all__ = ["PROVIDERS", "Action", "Edit", "actions_for", "disable_on_line"]

_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_INDENT = re.compile(r"[ \t]*")


@dataclass(frozen=True)
class Edit:
    """Replace the text from (line, character) to (end_line, end_character) by ``text``.

    Lines are 0-based and characters are code points.
    """

    line: int
    character: int
    end_line: int
    end_character: int
    text: str


@dataclass(frozen=True)
class Action:
    """A quick fix: a title and the edits that make it."""

    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False


Provider = Callable[[Linted, Problem], Iterator[Action]]


def disable_on_line(page: Linted, problem: Problem) -> Iterator[Action]:
    """A suppression comment for the problem's rule on the problem's line."""
    lines, index = page.lines, problem.line - 1
    if not 0 <= index < len(lines):
        return
    rule, eol = problem.rule, "\n"
    if problem.line <= page.meta_end:
        comment = f"<!-- postlint-disable-file {rule} -->"
        yield Action(
            f"Disable {rule} for this page",
            (Edit(page.meta_end, 0, page.meta_end, 0, comment + eol),),
        )
        return
    text = lines[index]
    starts_block = index == 0 or not lines[index - 1].strip() or _HEADING.match(text)
    if starts_block:
        indent = _INDENT.match(text)
        prefix = indent.group() if indent else ""
        comment = f"{prefix}<!-- postlint-disable-next-line {rule} -->{eol}"
        edit = Edit(index, 0, index, 0, comment)
    else:
        end = len(text)
        edit = Edit(index, end, index, end, f" <!-- postlint-disable-line {rule} -->")
    yield Action(f"Disable {rule} on this line", (edit,))


PROVIDERS: tuple[Provider, ...] = (disable_on_line,)
"""Every provider of code actions, in the order their actions are listed."""


def actions_for(page: Linted, rule: str, line: int) -> list[tuple[Problem, Action]]:
    """The actions for the page's problems of ``rule`` that start on 1-based ``line``."""
    found: list[tuple[Problem, Action]] = []
    for problem in page.problems:
        if problem.rule == rule and problem.line == line:
            for provider in PROVIDERS:
                found.extend((problem, action) for action in provider(page, problem))
    return found
