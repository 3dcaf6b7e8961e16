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

from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Finding, Severity

ID = "frontmatter-syntax"
SEVERITY = Severity.ERROR
SUMMARY = "front matter that cannot be parsed or is not a mapping"
OPTIONS: Mapping[str, Any] = {}


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from doc.meta_findings
