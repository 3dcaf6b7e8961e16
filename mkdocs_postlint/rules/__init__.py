"""The rules, listed by name. Adding a rule: one module here, one line below.

Each rule module has:

* a docstring, which is the rule's user documentation;
* ``ID``: its stable kebab-case name, used in config and output;
* ``SEVERITY``: its default severity;
* ``SUMMARY``: one line for ``mkdocs-postlint rules``;
* ``OPTIONS``: its options with their defaults;
* ``check(doc, options)``: a generator of `Finding`s.

A rule that can repair what it finds also has, at the end of its module:

* ``FIX``: a `Fix` saying what it repairs and whether that is safe (applied
  by ``check --fix``) or unsafe (only with ``--unsafe-fixes``);
* ``fix(doc, problem, options)``: the `Edit`s that repair one problem of the
  rule on that page, read again from the page and the problem's lines (and
  its ``fix_hint``); none when the page is not as the fix expects.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Edit, Finding, Fix, Problem, Severity
from mkdocs_postlint.rules import (
    duplicate_anchor,
    duplicate_block,
    duplicate_heading,
    encoding,
    file_too_large,
    frontmatter_schema,
    frontmatter_syntax,
    truncated_ending,
    truncation_marker,
    unclosed_pair,
    unreadable_file,
)


class Rule(Protocol):
    """What the linter needs of a rule module."""

    __doc__: str | None
    ID: str
    SEVERITY: Severity
    SUMMARY: str
    OPTIONS: Mapping[str, Any]

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]: ...


class FixableRule(Rule, Protocol):
    """A rule that can also repair what it finds."""

    FIX: Fix

    def fix(self, doc: Document, problem: Problem, options: Mapping[str, Any]) -> list[Edit]: ...


def fix_of(rule: object) -> Fix | None:
    """The rule's `Fix`, or ``None`` when it has none."""
    found = getattr(rule, "FIX", None)
    return found if isinstance(found, Fix) else None


RULES: dict[str, Rule] = {
    rule.ID: rule
    for rule in (
        encoding,
        unreadable_file,
        file_too_large,
        frontmatter_syntax,
        frontmatter_schema,
        duplicate_heading,
        duplicate_anchor,
        duplicate_block,
        truncation_marker,
        truncated_ending,
        unclosed_pair,
    )
}
