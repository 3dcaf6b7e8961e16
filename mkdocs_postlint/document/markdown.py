"""The body tokenized once by pulldown-cmark (through pyromark) and folded into `Block`s.

pulldown-cmark gives byte ranges; they become 1-based lines of the real file here
(`Document.line_at`, `Document.column_at`) and nowhere else.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

import pyromark

from mkdocs_postlint.document.material import prepare_body
from mkdocs_postlint.document.model import Block, Document

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
    | pyromark.Options.ENABLE_DEFINITION_LIST
)
# attr_list after a paragraph, on its last line: "{: .class }" or "{ #id .class }".
_ATTR_LIST_END = re.compile(
    r"[ \t\n]*\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=\S+)(?:[ \t]+(?:[#.][\w-]+|[\w-]+=\S+))*[ \t]*\}\Z"
)


def tokenize(doc: Document, lines: list[str], body_from: int) -> None:
    text, doc._shifts, doc._tabs = prepare_body(lines, body_from)
    encoded = text.encode("utf-8")
    doc._tokenized = encoded
    # Byte offset of the start of each line: 0, then one past each line's "\n".
    starts = list(accumulate([len(line) + 1 for line in encoded.split(b"\n")], initial=0))
    starts.pop()
    doc._line_starts = starts
    # Adjacent text pieces come merged (one event, one range): fewer events to fold.
    _build_blocks(doc, pyromark.events_with_range(text, options=_OPTIONS, merge_text=True))
    if "<div" in text:
        _sibling_divs(doc)


# An opening or closing <div> tag of a raw HTML block.
_DIV_TAG = re.compile(r"<(/?)div\b([^>]*)>", re.IGNORECASE)
_CLASS = re.compile(r"""\bclass\s*=\s*["']?([^"'>]*)""", re.IGNORECASE)


def _sibling_divs(doc: Document) -> None:
    """Read sibling ``<div class="…">`` elements of raw HTML as tabs of one set.

    Sites switch between alternatives with classes the way Material does with
    content tabs: ``<div class="composition-api">`` then ``<div
    class="options-api">`` right after it, each saying the same thing for its
    own API style. The blocks inside such divs get a tab (`Block.tabs`) whose
    set is the first div's line, so that the rules that compare blocks treat
    them as alternatives. A div with no sibling of another class is one tab of
    its own and changes nothing.
    """
    open_divs: list[tuple[str, tuple[int, int]]] = []  # (class, (set, index)), innermost last
    closed: tuple[int, str, tuple[int, int]] | None = None  # depth, class, tab of the last </div>
    sets = 0  # each new set gets its own id, negative: never the line of a `===` tab set
    for block in doc.blocks:
        if block.kind != "html":
            if open_divs:
                block.tabs = block.tabs + tuple(tab for _, tab in open_divs)
            closed = None  # content between two divs: they are not siblings
            continue
        for tag in _DIV_TAG.finditer(block.text):
            if tag.group(1):  # </div>
                if open_divs:
                    name, tab = open_divs.pop()
                    closed = (len(open_divs), name, tab)
                continue
            found = _CLASS.search(tag.group(2))
            name = found.group(1).strip() if found else ""
            depth = len(open_divs)
            if closed is not None and closed[0] == depth and name and closed[1] != name:
                tab = (closed[2][0], closed[2][1] + 1)  # the next alternative of that set
            else:
                sets += 1
                tab = (-sets, 0)
            open_divs.append((name, tab))
            closed = None


def _html_comments(text: str) -> Iterator[tuple[int, str]]:
    """Offset and text of each complete ``<!-- ... -->``, in one linear pass.

    (A regular expression rescans to the end from every unclosed ``<!--``:
    quadratic time on a line of them.)
    """
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            return
        yield start, text[start : end + 3]
        start = text.find("<!--", end + 3)


_CONTAINERS = {
    "Item": "item",
    "BlockQuote": "quote",
    "FootnoteDefinition": "footnote",
    # def_list: a term and its definitions are items of a list, not paragraphs.
    "DefinitionListTitle": "item",
    "DefinitionListDefinition": "item",
}


def _build_blocks(doc: Document, events: Any) -> None:
    """Fold pulldown-cmark's event stream into `Block`s.

    One loop with local state: it runs for every event of every page, so the
    common events (text, breaks, inline markup, table cells) take the shortest
    path and no method is called per event.
    """
    line_starts = doc._line_starts
    comments = doc.comments
    containers: list[str] = []
    container = ""  # the innermost container, "" at the top level
    block: Block | None = None
    implicit = False  # the open block is a tight list item's text, which has no Paragraph event
    text: list[str] = []
    prose: list[str] = []
    link_depth = 0
    visible = False  # some visible text is outside links
    in_table = 0
    for event, span in events:
        if type(event) is str:
            if event == "SoftBreak" or event == "HardBreak":
                value, is_prose = "\n", True
            elif event == "Rule":
                start = span["start"]
                if implicit:
                    _finish(doc, block, start, text, prose, visible)  # type: ignore[arg-type]
                line = bisect_right(line_starts, start)
                _finish(doc, Block("rule", line, line, start, container=container), span["end"])
                block, implicit = None, False
                continue
            else:
                continue
        else:
            value = event.get("Text")
            if value is not None:
                if block is not None and (block.kind == "code" or block.kind == "html"):
                    continue
                is_prose = True
            else:
                # One lookup per kind, most frequent first: cheaper than unpacking items().
                value = event.get("Start")
                if value is not None:
                    name = value if type(value) is str else next(iter(value))
                    if name in _INERT:
                        continue
                    if name == "Link" or name == "Image":
                        link_depth += 1
                        continue
                    if name not in _OPENERS:
                        continue
                    start = span["start"]
                    if implicit:
                        _finish(doc, block, start, text, prose, visible)  # type: ignore[arg-type]
                        block, implicit = None, False
                    if name in _CONTAINERS:
                        container = _CONTAINERS[name]
                        containers.append(container)
                        continue
                    if name == "List":
                        continue
                    line = bisect_right(line_starts, start)
                    if name == "Paragraph":
                        block = Block("paragraph", line, line, start, container=container)
                    elif name == "Heading":
                        data = value["Heading"]
                        level = int(data["level"][1])
                        block = Block(
                            "heading", line, line, start, level=level, container=container
                        )
                        block.anchor = data["id"]
                    elif name == "CodeBlock":
                        code = value["CodeBlock"]
                        info = "indented" if code == "Indented" else code["Fenced"]
                        block = Block("code", line, line, start, container=container, info=info)
                    elif name == "HtmlBlock":
                        block = Block("html", line, line, start, container=container)
                    else:  # Table
                        in_table += 1
                        block = Block("table", line, line, start, container=container)
                    text, prose, visible = [], [], False
                    continue
                value = event.get("End")
                if value is not None:
                    name = value if type(value) is str else next(iter(value))
                    if name in _INERT:
                        continue
                    if name in _LEAVES:
                        if name == "Table":
                            in_table -= 1
                        if block is not None:
                            _finish(doc, block, span["end"], text, prose, visible)
                            block, implicit = None, False
                    elif name in _CONTAINERS:
                        if implicit:
                            _finish(doc, block, span["end"], text, prose, visible)  # type: ignore[arg-type]
                            block, implicit = None, False
                        if containers:
                            containers.pop()
                            container = containers[-1] if containers else ""
                    elif name == "Link" or name == "Image":
                        link_depth -= 1
                    continue
                ((kind, value),) = event.items()
                if kind == "Code" or kind == "InlineMath" or kind == "DisplayMath":
                    is_prose = False
                elif kind == "InlineHtml":
                    if value.startswith("<!--"):
                        comments.append((bisect_right(line_starts, span["start"]), value))
                    elif block is not None and value.startswith("</"):
                        block.tail = "html"  # text wrapped in an element: <Lesson>…</Lesson>
                    continue
                elif kind == "Html":
                    if block is not None and block.kind == "html":
                        text.append(value)  # joined when the block ends: += is quadratic
                    continue
                else:
                    continue
        # Inline content: text, a line break, a code span or math.
        if in_table:
            continue
        if block is None:
            if container != "item":
                continue
            start = span["start"]
            line = bisect_right(line_starts, start)
            block = Block("paragraph", line, line, start, container=container)
            text, prose, visible = [], [], False
            implicit = True
        text.append(value)
        if is_prose:
            prose.append(value)
        if value.strip():
            if link_depth:
                block.tail = "link"
            else:
                block.tail = "text" if is_prose else "code"
                visible = True


# Start and End events that change nothing here: inline markup and table parts.
_INERT = frozenset(
    ("TableCell", "TableRow", "TableHead", "Emphasis", "Strong", "Strikethrough", "DefinitionList")
)
_LEAVES = frozenset(("Paragraph", "Heading", "CodeBlock", "HtmlBlock", "Table"))
# Start events that end a tight list item's text.
_OPENERS = _LEAVES | frozenset(_CONTAINERS) | {"List"}


def _finish(
    doc: Document,
    block: Block,
    end: int,
    text: list[str] | None = None,
    prose: list[str] | None = None,
    visible: bool = False,
) -> None:
    """Complete a block at its end offset and add it to the document."""
    line = block.line
    block.end_line = max(line, bisect_right(doc._line_starts, max(end - 1, block.start)))
    kind = block.kind
    if doc._tabs:
        block.tabs = doc._tabs.get(line - 1, ())
    if kind == "paragraph" or kind == "heading":
        joined = "".join(text).strip() if text else ""
        # Prose is the text less its code spans: the same pieces when there are none.
        if len(prose or ()) == len(text or ()):
            words = joined
        else:
            words = "".join(prose).strip() if prose else ""
        if kind == "paragraph" and joined.endswith("}"):
            joined = _ATTR_LIST_END.sub("", joined)
            words = _ATTR_LIST_END.sub("", words)
        block.text, block.prose = joined, words
        block.link_only = not visible and bool(joined)
    elif kind == "html":
        block.text = "".join(text or ())
        line, counted = block.line, 0
        for offset, comment in _html_comments(block.text):
            line += block.text.count("\n", counted, offset)
            counted = offset
            doc.comments.append((line, comment))
    doc.blocks.append(block)
