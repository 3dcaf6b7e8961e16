"""Validate the front matter against a JSON Schema.

The schema comes from, in order: the page's own `$schema` key (a preset or
a file relative to the page or the project); the first glob of `schemas`
that matches the page's path in docs_dir; `schema`. Each can be a preset
(`material-blog`, `jekyll-post`), a JSON or YAML file, or a schema written
inline. `--schema` on the command line replaces `schema` and `schemas`.

The values checked are those PyYAML builds, the same that MkDocs and Material
see, so what passes the linter builds. Each problem is on the line and column
of its key or value: a date that stays a string gets its corrected spelling, a
YAML 1.1 boolean where text is expected is told to be quoted, an unknown key
gets the closest allowed one, and a missing required key is reported on the
opening `---`. Keys a schema marks `deprecated` (such as `author` for
Material's blog) are warnings. Without any schema this rule does nothing.
The schemas page of the documentation has every option and both presets.

Failing (with `schema: material-blog`):

```markdown
---
date: 2025-09-18 04:37:41 +0000
author: someone
---
```

Passing:

```markdown
---
date: 2025-09-18 04:37:41 +00:00
authors: [someone]
---
```
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from mkdocs_postlint import edits
from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Edit, Finding, Fix, Problem, Severity

ID = "frontmatter-schema"
SEVERITY = Severity.ERROR
SUMMARY = "front matter that violates the configured JSON Schema"
OPTIONS: Mapping[str, Any] = {}


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    schemas = options.get("schemas")
    if schemas is not None:
        yield from schemas.validate(doc)


FIX = Fix(
    safe=True,
    summary="respell a date YAML reads as a string, quote a bare word read as a boolean, "
    "number or date, make one value a list, rename a key the schema replaces",
)

# A plain scalar with one of these would change meaning inside [ ]: quote it there.
_FLOW_UNSAFE = frozenset(",[]{}#&*!|>'\"%@`")


def fix(doc: Document, problem: Problem, options: Mapping[str, Any]) -> list[Edit]:
    """The edits for a finding whose `fix_hint` says how; none when the text is not as expected."""
    if not problem.fix_hint:
        return []
    action, path, *args = problem.fix_hint
    entry = edits.meta_entry(doc, path)
    if entry is None:
        return []
    value = entry.value
    if action == "rename":
        new_key, as_list = args
        if entry.key is None or any(k.value == new_key for k, _ in entry.parent.value):
            return []  # the new key is there already: which one wins is for a person to say
        changes = [edits.replace_node(doc, entry.key, new_key)]
        if as_list and edits.single_line_scalar(value) and value.value:
            changes.append(edits.replace_node(doc, value, f"[{_flow_item(doc, value)}]"))
        elif as_list and not isinstance(value, yaml.SequenceNode):
            return []
        return changes
    if not edits.single_line_scalar(value):
        return []
    if action == "timestamp":
        return [edits.replace_node(doc, value, args[0])]
    if action == "quote" and value.style is None:
        return [edits.replace_node(doc, value, json.dumps(value.value, ensure_ascii=False))]
    if action == "list":
        return [edits.replace_node(doc, value, f"[{_flow_item(doc, value)}]")]
    return []


def _flow_item(doc: Document, node: yaml.ScalarNode) -> str:
    """The scalar as written, quoted when a plain one would read differently inside ``[ ]``."""
    written = edits.node_text(doc, node)
    if node.style is None and _FLOW_UNSAFE.intersection(written):
        return json.dumps(node.value, ensure_ascii=False)
    return written
