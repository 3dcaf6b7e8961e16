"""Report a `postlint-disable` comment that suppresses nothing.

Problems can be silenced where they occur with HTML comments in the Markdown
(they do not appear on the built page):

* `<!-- postlint-disable RULE, RULE -->` turns the rules off from its line
  until `<!-- postlint-enable -->` (all rules back on) or
  `<!-- postlint-enable RULE -->`, or to the end of the page;
* `<!-- postlint-disable-next-line RULE -->` turns the rules off for the
  line after the comment;
* `<!-- postlint-disable-line RULE -->` for the comment's own line;
* `<!-- postlint-disable-file RULE -->` for the whole page.

Without a rule name a comment applies to every rule. Rule names are separated
by commas or spaces. Comments inside code blocks and code spans are text, not
suppressions. A problem is matched by the line it is reported on.

A suppression that no longer suppresses anything is reported by this rule, so
stale ones do not pile up after the text they excused was fixed: a rule named
in a comment with no problem of that rule in its range, a comment without rule
names that suppresses nothing, an unknown rule name, and a
`postlint-enable` with nothing to enable. Rules turned off in the
configuration are not reported as unused. To keep an unused comment on
purpose, add `<!-- postlint-disable-file unused-suppression -->` to the page,
or turn this rule off for some files with `overrides`.

Failing (nothing on the next line repeats a heading):

```markdown
<!-- postlint-disable-next-line duplicate-heading -->
## A heading seen only once
```

Passing:

```markdown
## Fixed

<!-- postlint-disable-next-line duplicate-heading -->
## Fixed
```
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from mkdocs_postlint import edits
from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Edit, Fix, Problem, Severity

ID = "unused-suppression"
SEVERITY = Severity.WARNING
SUMMARY = "a postlint-disable comment that suppresses nothing"
OPTIONS: Mapping[str, Any] = {}

__all__ = ["FIX", "ID", "OPTIONS", "SEVERITY", "SUMMARY", "apply", "fix"]

_DIRECTIVE = re.compile(
    r"<!--\s*postlint-(disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?![\w-])(.*?)-->",
    re.DOTALL,
)
_NAMES = re.compile(r"[\s,]+")


class Setting(Protocol):
    """What the suppression layer needs of a configured rule."""

    @property
    def enabled(self) -> bool: ...

    @property
    def severity(self) -> Severity: ...


@dataclass(eq=False)
class _Directive:
    line: int
    column: int
    kind: str  # disable, disable-next-line, disable-line, disable-file, enable
    names: tuple[str, ...]  # () means every rule
    first: int = 0  # lines covered, for -line / -next-line
    last: int = 0
    used: set[str] = field(default_factory=set)

    @property
    def comment(self) -> str:
        return f"postlint-{self.kind}"


def _directives(doc: Document) -> list[_Directive]:
    found = []
    for line, text in doc.comments:
        match = _DIRECTIVE.fullmatch(text.strip())
        if match is None:
            continue
        kind, rest = match.group(1), match.group(2)
        names = tuple(name for name in _NAMES.split(rest) if name)
        directive = _Directive(line, doc.column_of(line, "<!--"), kind, names)
        end = line + text.count("\n")
        if kind == "disable-next-line":
            directive.first = directive.last = end + 1
        elif kind == "disable-line":
            directive.first, directive.last = line, end
        found.append(directive)
    return found


def _covers(directive: _Directive, rule: str) -> bool:
    return not directive.names or rule in directive.names


def apply(doc: Document, problems: list[Problem], settings: Mapping[str, Setting]) -> list[Problem]:
    """Drop the problems the page's comments suppress; add unused-suppression problems.

    ``problems`` are sorted by position; so is what is returned.
    """
    directives = _directives(doc)
    if not directives:
        return problems
    files = [d for d in directives if d.kind == "disable-file"]
    lines = [d for d in directives if d.kind in ("disable-line", "disable-next-line")]
    ranges = [d for d in directives if d.kind in ("disable", "enable")]
    # An enable takes effect after its own line.
    ranges.sort(key=lambda d: d.line + (1 if d.kind == "enable" else 0))
    active = _Ranges()
    kept = []
    next_range = 0
    for problem in problems:
        while next_range < len(ranges):
            directive = ranges[next_range]
            effective = directive.line + (1 if directive.kind == "enable" else 0)
            if effective > problem.line:
                break
            active.switch(directive)
            next_range += 1
        by = _suppressor(problem, lines, active, files)
        if by is None:
            kept.append(problem)
        else:
            by.used.add(problem.rule)
    for directive in ranges[next_range:]:
        active.switch(directive)
    if not any(ID in d.names for d in files):
        kept.extend(_unused(doc, directives, active.unmatched, settings))
    kept.sort(key=lambda p: p.sort_key)
    return kept


@dataclass
class _Ranges:
    """The ``postlint-disable`` ranges in force at a point of the page."""

    by_rule: dict[str, _Directive] = field(default_factory=dict)
    all_rules: _Directive | None = None
    reenabled: set[str] = field(default_factory=set)  # exceptions to all_rules
    unmatched: list[_Directive] = field(default_factory=list)

    def switch(self, directive: _Directive) -> None:
        if directive.kind == "disable":
            if not directive.names:
                self.all_rules, self.reenabled = directive, set()
            for name in directive.names:
                self.by_rule[name] = directive
                self.reenabled.discard(name)
        elif not directive.names:
            if not self.by_rule and self.all_rules is None:
                self.unmatched.append(directive)
            self.by_rule.clear()
            self.all_rules = None
        else:
            for name in directive.names:
                if self.by_rule.pop(name, None) is not None:
                    continue
                if self.all_rules is not None and name not in self.reenabled:
                    self.reenabled.add(name)
                    continue
                self.unmatched.append(
                    _Directive(directive.line, directive.column, "enable", (name,))
                )

    def get(self, rule: str) -> _Directive | None:
        if rule in self.by_rule:
            return self.by_rule[rule]
        return self.all_rules if rule not in self.reenabled else None


def _suppressor(
    problem: Problem,
    lines: Iterable[_Directive],
    active: _Ranges,
    files: Iterable[_Directive],
) -> _Directive | None:
    """The most specific comment that suppresses the problem, if one does."""
    for directive in lines:
        if directive.first <= problem.line <= directive.last and _covers(directive, problem.rule):
            return directive
    in_range = active.get(problem.rule)
    if in_range is not None:
        return in_range
    for directive in files:
        if _covers(directive, problem.rule):
            return directive
    return None


def _unused(
    doc: Document,
    directives: list[_Directive],
    unmatched_enables: list[_Directive],
    settings: Mapping[str, Setting],
) -> Iterable[Problem]:
    setting = settings.get(ID)
    if setting is None or not setting.enabled:
        return

    def problem(directive: _Directive, message: str, name: str = "") -> Problem:
        return Problem(
            doc.path, directive.line, directive.column, directive.line, ID, setting.severity,
            message, fix_hint=(name,),
        )  # fmt: skip

    for directive in directives:
        if directive.kind == "enable":
            continue
        if not directive.names:
            if not directive.used:
                message = f"unused suppression: {directive.comment} disables nothing"
                yield problem(directive, message)
            continue
        for name in directive.names:
            if name not in settings:
                yield problem(
                    directive,
                    f"unknown rule '{name}' in {directive.comment} "
                    "(`mkdocs-postlint rules` lists them)",
                    name,
                )
            elif name not in directive.used and settings[name].enabled and name != ID:
                yield problem(
                    directive,
                    f"unused suppression: no {name} problem here to disable "
                    f"(remove it from the {directive.comment} comment)",
                    name,
                )
    for directive in unmatched_enables:
        what = f"'{directive.names[0]}'" if directive.names else "any rule"
        yield problem(
            directive,
            f"postlint-enable of {what} without a postlint-disable before it",
            directive.names[0] if directive.names else "",
        )


FIX = Fix(
    safe=True,
    summary="remove the unused rule name from the comment, or the comment when nothing "
    "in it is used",
)


def fix(doc: Document, problem: Problem, options: Mapping[str, Any]) -> list[Edit]:
    """Remove what the problem says is unused; a comment over several lines is left as it is."""
    if not problem.fix_hint or not 0 < problem.line <= len(doc.lines):
        return []
    name = problem.fix_hint[0]
    text = doc.lines[problem.line - 1]
    start = problem.column - 1
    end = text.find("-->", start) + 3
    match = _DIRECTIVE.fullmatch(text[start:end]) if end > 2 else None
    if match is None or not text.startswith("<!--", start):
        return []
    names = [n for n in _NAMES.split(match.group(2)) if n]
    if name and name not in names:
        return []
    offset = edits.line_start(doc, problem.line)
    if name and len(names) > 1:
        names.remove(name)
        separator = ", " if "," in match.group(2) else " "
        comment = f"<!-- postlint-{match.group(1)} {separator.join(names)} -->"
        return [Edit(offset + start, offset + end, comment)]
    if not text[:start].strip() and not text[end:].strip():
        floor = doc.meta_span[1] + 1 if doc.meta_span else 1
        return [edits.remove_lines(doc, problem.line, problem.line, floor)]
    if text[start - 1 : start] == " ":
        start -= 1  # the space that separated it from the text before
    return [Edit(offset + start, offset + end)]
