"""Where a block sits on its page: its section and its content tab.

Shared by the rules that compare blocks with each other (`duplicate-block`,
`duplicate-heading`): text that recurs in another tab of the same tab set, or
under another heading of a templated reference page, is not a repeat.
"""

from __future__ import annotations

import re
from collections import Counter

from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.text import nfkc, normalize

Tabs = tuple[tuple[int, int], ...]

_ATX = re.compile(r"#{1,6}(?:[ \t]+|\Z)")
_CLOSING = re.compile(r"[ \t]+#+[ \t]*\Z")


def alternatives(first: Tabs, second: Tabs) -> bool:
    """Whether two blocks are in different tabs of one tab set (`Block.tabs`).

    A reader sees one tab at a time: ``=== "pip"`` and ``=== "uv"`` say the
    same thing for each alternative on purpose.
    """
    if not first or not second:
        return False
    tabs = dict(first)
    return any(tabs.get(tab_set, index) != index for tab_set, index in second)


def heading_source(doc: Document, heading: Block) -> str:
    """A heading's text as a reader sees it, or as written when nothing shows.

    Material's reference pages write a heading as a shortcode in an HTML
    comment (``#### <!-- md:setting config.enabled -->``): its visible text
    is empty, so only the source tells two such headings apart.
    """
    if heading.text.strip():
        return normalize(heading.text)
    line = doc.lines[heading.line - 1] if 0 < heading.line <= len(doc.lines) else ""
    return normalize(_CLOSING.sub("", _ATX.sub("", line.lstrip(), count=1)))


def capital(heading: Block) -> str:
    """What case-folding loses of a heading that may make it another heading.

    Headings are compared case-folded (`SEPARATOR` and `Separator` are one),
    except for the first letter and the capitals in code: `object` and
    `Object`, the class `Crypto` and the instance `crypto`, `module` and
    `Module` are different things.
    """
    text = nfkc(heading.text)
    first = next((char for char in text if char.isalpha()), "")
    signature = "^" if first.isupper() else ""
    if heading.prose != heading.text:  # capitals in code spans: the text's, less the prose's
        capitals = Counter(char for char in text if char.isupper())
        capitals.subtract(char for char in heading.prose if char.isupper())
        signature += "".join(sorted(capitals.elements()))
    return signature
