"""Report front matter that cannot be read.

MkDocs silently ignores front matter whose YAML does not parse, so a typo loses
the page's title, date and tags without a word; Material's blog plugin then
aborts on the post. This rule reports, on the line where it happens:

* front matter opened with `---` and never closed;
* YAML that does not parse (with a hint for tabs used as indentation);
* front matter that is a list or a single value instead of a mapping;
* a key given twice (YAML keeps only the last value silently);
* front matter that expands past a size limit through YAML aliases, or is
  nested more than 100 levels deep (not read);
* a tag other than YAML's own (`!!python/object`, `!ENV`, `!custom`):
  refused, never constructed;
* a key that is not a string (`2025:`, `yes:`, `on:`, `null:`) or is a
  list or mapping: templates and schemas look keys up by name;
* a key named like a method of Python's `dict` (`items`, `keys`,
  `values`, `get`, `copy`...): in a template `page.meta.items` is the
  method, not the value (a warning);
* JSON (`{` ... `}`) or TOML (`+++`) front matter, which MkDocs does not
  read and shows as text.

Failing:

```markdown
---
title: "Unclosed quote
date: 2025-09-18
---
```

Passing:

```markdown
---
title: "Closed quote"
date: 2025-09-18
---
```
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from mkdocs_postlint import edits
from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Edit, Finding, Fix, Problem, Severity

ID = "frontmatter-syntax"
SEVERITY = Severity.ERROR
SUMMARY = "front matter that cannot be parsed or is not a mapping"
OPTIONS: Mapping[str, Any] = {}


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from doc.meta_findings


FIX = Fix(
    safe=False,
    summary="convert TOML or JSON front matter to YAML; remove the value of a repeated key "
    "that YAML ignores",
)


def fix(doc: Document, problem: Problem, options: Mapping[str, Any]) -> list[Edit]:
    """Convert foreign front matter, or remove the first of two keys (YAML keeps the last)."""
    if problem.line == 1 and doc.meta_span is None and doc.lines[0].rstrip() in ("+++", "{"):
        return _to_yaml(doc, problem.end_line)
    return _drop_first_duplicate(doc, problem)


def _toml_loads(text: str) -> Any:
    """``tomllib.loads`` (tomli before Python 3.11), imported only when a fix needs it."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    return tomllib.loads(text)


def _to_yaml(doc: Document, close: int) -> list[Edit]:
    """TOML between ``+++`` lines, or a JSON object, rewritten as YAML between ``---`` lines.

    Comments of the TOML are lost and values are written as YAML writes them:
    an unsafe fix, for a person to review.
    """
    lines = doc.lines
    if not 1 < close <= len(lines):
        return []
    try:
        if lines[0].rstrip() == "+++":
            data = _toml_loads("\n".join(lines[1 : close - 1]))
        else:
            data = json.loads("\n".join(lines[:close]))
    except ValueError:  # tomllib.TOMLDecodeError and json.JSONDecodeError are ValueErrors
        return []
    if not isinstance(data, dict):
        return []
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    except yaml.YAMLError:  # a TOML time of day, which YAML has no type for
        return []
    start = edits.line_start(doc, 1)
    end = edits.line_start(doc, close) + len(lines[close - 1])
    return [Edit(start, end, f"---\n{text}---")]


def _drop_first_duplicate(doc: Document, problem: Problem) -> list[Edit]:
    """Remove the lines of the earlier entry of a key given twice in a block mapping."""
    mapping = edits.meta_mapping(doc)
    if mapping is None or doc.meta_span is None:
        return []
    first_line = doc.meta_span[0] + 1  # line of the first YAML line
    for node in _mappings(mapping):
        entries = node.value
        for index, (key, _) in enumerate(entries):
            if first_line + key.start_mark.line != problem.line:
                continue
            if key.start_mark.column + 1 != problem.column:
                continue
            earlier = [
                n
                for n, (k, _) in enumerate(entries[:index])
                if isinstance(k, yaml.ScalarNode) and k.value == key.value and k.tag == key.tag
            ]
            if not earlier or node.flow_style:
                return []
            drop = earlier[-1]
            old_key, old_value = entries[drop]
            start = old_key.start_mark.line
            end = old_value.end_mark.line - (old_value.end_mark.column == 0)
            following = entries[drop + 1][0].start_mark.line
            before_key = doc.lines[first_line + start - 1][: old_key.start_mark.column]
            if end >= following or before_key.strip():
                return []  # not alone on its lines
            return [
                Edit(
                    edits.line_start(doc, first_line + start),
                    edits.line_start(doc, first_line + end + 1),
                )
            ]
    return []


def _mappings(node: yaml.Node) -> Iterator[yaml.MappingNode]:
    """Every mapping node of the front matter, the top one first."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            yield current
            stack.extend(value for _, value in reversed(current.value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
