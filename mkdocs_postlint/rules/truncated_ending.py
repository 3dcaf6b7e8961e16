"""Report prose that breaks off mid-sentence.

When a generation stops early, a paragraph ends in the middle of a word or a
sentence (``…巨大テック``, ``例えば``) and the page goes on with a marker, a new
section, or nothing at all. This rule reports a prose paragraph that does not
end with sentence-final punctuation right before a heading, a truncation
marker, a thematic break, or the end of the page.

Sentence-final punctuation is Japanese and Latin alike: ``。．.！!？?…`` (and
``:``, ``;``, ``〜``), optionally followed by closing quotes or brackets; an
emoji also ends a sentence. A paragraph followed by a list, a table, a code
block or another paragraph ends however it likes.

Not prose, never reported: headings, list items, table rows, code, footnotes,
a paragraph that is only links or images, one that ends with a URL, a bold
label ending in a colon (``**投資家の方々へ：**``), and a one-line title as the
first block of the page.

Failing:

```markdown
…中国のBAT（Baidu, Alibaba, Tencent）といった巨大テック

---END---
```

Passing:

```markdown
…といった巨大テック企業が、AI開発に投じる資金力は桁違いです。

## 次の節
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.rules import truncation_marker
from mkdocs_postlint.text import ends_sentence, shorten

ID = "truncated-ending"
SEVERITY = Severity.ERROR
SUMMARY = "prose that breaks off mid-sentence before a heading, a marker or the end"
OPTIONS: Mapping[str, Any] = {}

_URL_END = re.compile(r"(?:https?://|www\.)\S+\s*\Z")
# A comment cannot contain '-->', so there is one way to split: linear time
# (`.*?` here backtracks exponentially on a line of comments followed by text).
_ONLY_COMMENTS = re.compile(r"\s*(?:<!--(?:(?!-->).)*-->\s*)+", re.DOTALL)


def _boundary(doc: Document, following: Block | None, markers: set[int]) -> str | None:
    """What follows a paragraph, when it is something a sentence must end before."""
    if following is None:
        return "the end of the page"
    if following.kind == "heading":
        return f"the heading on line {following.line}"
    if following.kind == "rule":
        return f"the thematic break on line {following.line}"
    if following.line in markers:
        return f"the marker on line {following.line}"
    return None


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    markers = set(truncation_marker.marker_lines(doc, truncation_marker.matcher()))
    # HTML comments (<!-- more -->, suppressions) are invisible: look past them.
    blocks = [b for b in doc.blocks if not (b.kind == "html" and _ONLY_COMMENTS.fullmatch(b.text))]
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or block.container in ("item", "footnote"):
            continue
        if block.line in markers or block.link_only or not block.prose:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        where = _boundary(doc, following, markers)
        if where is None:
            continue
        if index == 0 and block.line == block.end_line and following is not None:
            continue  # a one-line title at the top of the page
        text = block.prose
        if ends_sentence(text) or _URL_END.search(text):
            continue
        last = doc.lines[block.end_line - 1].rstrip()
        yield Finding(
            block.end_line,
            f"text breaks off mid-sentence ('{shorten(text, 24, tail=True)}') right before {where}",
            max(len(last), 1),
            severity=None,
        )
