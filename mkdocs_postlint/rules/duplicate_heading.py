"""Report a heading whose text already appeared on the page.

Machine-written drafts restart sections and repeat them; the second heading
with the same text also gets a degraded anchor (`#section_1`), so links and
the table of contents point to the wrong place.

Headings are compared as a reader sees them: inline markup stripped
(`**Foo**` and `Foo` are the same), Unicode NFKC, case-folded, whitespace
collapsed, except that a different capital first letter or a different
capital in code makes a different heading (`object` and `Object`, `module`
and `Module` name different things). A heading that shows
no text, such as Material's `#### <!-- md:setting config.enabled -->`, is
compared as written. ATX (`## Foo`) and setext headings count; nothing inside
code blocks, HTML blocks or front matter is a heading. The message names the
line of the first occurrence.

The same heading in sibling content tabs (`=== "pip"`, `=== "uv"`, each with
its `## Options`) is not a duplicate: a reader sees one tab at a time.

Options:

* `siblings_only` (`true`): only compare headings under the same parent
  heading. Changelogs repeat `### Fixed` under every version and API pages
  repeat `### Parameters` under every function: that is fine. A heading
  with a version number or a date (`### [10.0.1] (2023-11-02)`) is the
  parent of the headings at its own level that follow it, as changelogs
  that give a patch release the level of its sections mean it. Set it to
  `false` to compare every heading of the page with every other.
* `allow` (`[]`): heading texts that may repeat (compared normalised).
* `levels` (`[1, 2, 3, 4, 5, 6]`): which heading levels are checked.

Failing:

```markdown
### 国際競争の激化と、日本の戦略的優位性
...
### 国際競争の激化と、日本の戦略的優位性
```

Passing: give each section its own heading, or remove the repeated section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.sections import alternatives, capital, heading_source
from mkdocs_postlint.text import normalize, shorten

ID = "duplicate-heading"
SEVERITY = Severity.WARNING
SUMMARY = "a heading whose text already appeared on the page"
OPTIONS: Mapping[str, Any] = {
    "siblings_only": True,
    "allow": [],
    "levels": [1, 2, 3, 4, 5, 6],
}
# A version number or a date: the heading of a release in a changelog.
_RELEASE = re.compile(r"\bv?\d+\.\d+(?:\.\d+)?\b|\b\d{4}-\d{2}-\d{2}\b")
_KEPT = 8  # earlier headings kept per text: bounds the work on a page of identical tabs


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    siblings_only = bool(options["siblings_only"])
    allowed = {normalize(str(text)) for text in options["allow"]}
    levels = set(options["levels"])
    # The earlier headings with a text, under a parent, a few at most (one only in
    # other tabs so far may be there again).
    seen: dict[tuple[int, str], list[Block]] = {}
    parents: list[tuple[int, int]] = []  # (level, line) of the enclosing headings
    release: tuple[int, int] | None = None  # (level, line) of the last release heading
    for heading in doc.headings:
        level = heading.level
        while parents and parents[-1][0] >= level:
            parents.pop()
        if release is not None and release[0] > level:
            release = None
        parent = parents[-1][1] if siblings_only and parents else 0
        if _RELEASE.search(heading.text):
            release = (level, heading.line)
        elif siblings_only and release is not None and release[0] == level:
            # A changelog that gives a patch release the level of its sections
            # ("### [10.0.1]", "### Bug Fixes"): the sections are the release's.
            parent = release[1]
        parents.append((level, heading.line))
        key = heading_source(doc, heading)
        if not key or heading.level not in levels or key in allowed:
            continue
        earlier = seen.get((parent, key))
        if earlier is None:
            seen[(parent, key)] = [heading]
            continue
        upper = capital(heading)
        first = next(
            (
                other.line
                for other in earlier
                if capital(other) == upper and not alternatives(other.tabs, heading.tabs)
            ),
            0,
        )
        if first:
            text = heading.text.strip() or key
            yield Finding(
                heading.line,
                f'duplicate heading "{shorten(text)}" (first on line {first})',
                doc.column_of(heading.line, "#") if heading.line else 1,
            )
        elif len(earlier) < _KEPT:
            earlier.append(heading)
