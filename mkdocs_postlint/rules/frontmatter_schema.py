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

from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Finding, Severity

ID = "frontmatter-schema"
SEVERITY = Severity.ERROR
SUMMARY = "front matter that violates the configured JSON Schema"
OPTIONS: Mapping[str, Any] = {}


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    schemas = options.get("schemas")
    if schemas is not None:
        yield from schemas.validate(doc)
