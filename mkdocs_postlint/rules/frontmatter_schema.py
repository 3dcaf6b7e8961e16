"""Validate the front matter against a JSON Schema.

The schema is set with the ``schema`` setting of the plugin (or ``--schema``
on the command line): a JSON or YAML file, or a schema written inline in
mkdocs.yml. Each violation is reported on the line of the offending key; a
missing required key is reported on the opening ``---``. The values checked
are those PyYAML builds, the same that MkDocs and Material see, so what passes
the linter builds. Without a schema this rule does nothing.

Failing (with a schema requiring ``title``):

```markdown
---
date: 2025-09-18
---
```

Passing:

```markdown
---
title: 日本、国産AIに本腰を入れる
date: 2025-09-18
---
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Finding, Severity

ID = "frontmatter-schema"
SEVERITY = Severity.ERROR
SUMMARY = "front matter that violates the configured JSON Schema"
OPTIONS: Mapping[str, Any] = {"schema": None}


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    schema = options.get("schema")
    if schema is not None:
        yield from schema.validate(doc)
