"""Text edits on a page: how rules' fixes build them and how they are applied.

An `Edit` replaces a range of characters of `Document.source` (line endings
normalised to ``\\n``, no BOM). Rules build them with the helpers below: whole
lines removed with the blank line that separated them, and front matter values
and keys replaced where they are written, so that comments, quoting and the
order of the rest of the YAML stay as they are (the YAML is never dumped again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeGuard

import yaml

from mkdocs_postlint.document import Document, MetaPath
from mkdocs_postlint.problem import Edit

__all__ = [
    "Edit",
    "MetaEntry",
    "apply",
    "insert_after_line",
    "line_start",
    "meta_entry",
    "meta_mapping",
    "meta_offset",
    "node_span",
    "node_text",
    "overlaps",
    "remove_lines",
    "replace_node",
    "single_line_scalar",
]


def _starts(doc: Document) -> list[int]:
    """Offset of the start of each line (index 0 is line 1), then the length of the text."""
    key = ("edits", "line-starts")
    starts = doc.derived.get(key)
    if starts is None:
        starts = list(accumulate((len(line) + 1 for line in doc.lines), initial=0))
        starts[-1] = len(doc.source)
        doc.derived[key] = starts
    return starts


def line_start(doc: Document, line: int) -> int:
    """Offset of the first character of a 1-based line (the text's length past the end)."""
    starts = _starts(doc)
    return starts[min(max(line, 1), len(starts)) - 1]


def _last_line(doc: Document) -> int:
    """The last line that has content or a line ending (a final newline adds none)."""
    lines = doc.lines
    return len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)


def remove_lines(doc: Document, first: int, last: int, floor: int = 1) -> Edit:
    """Remove lines ``first`` to ``last``, and one blank line that separated them.

    The blank line after them goes when there is one before them too (or they
    start the body at ``floor``); at the end of the page the blank line before
    them goes instead. A page without a final newline keeps having none.
    """
    lines = doc.lines
    end_of_page = _last_line(doc)
    blank_before = first > floor and not lines[first - 2].strip()
    blank_after = last < end_of_page and not lines[last].strip()
    if blank_after and (blank_before or first == floor):
        last += 1
    elif blank_before and last >= end_of_page:
        first -= 1
    start, end = line_start(doc, first), line_start(doc, last + 1)
    if last >= end_of_page and not doc.source.endswith("\n") and first > 1:
        start -= 1  # the newline before them, so that none is left at the end
    return Edit(start, end)


def insert_after_line(doc: Document, line: int, text: str) -> Edit:
    """Insert ``text`` as a new line after a 1-based line."""
    at = line_start(doc, line) + len(doc.lines[line - 1])
    return Edit(at, at, "\n" + text)


def apply(source: str, edits: Iterable[Edit]) -> str:
    """``source`` with non-overlapping edits applied."""
    out, at = [], 0
    for edit in sorted(edits):
        out.append(source[at : edit.start])
        out.append(edit.text)
        at = edit.end
    out.append(source[at:])
    return "".join(out)


def overlaps(edit: Edit, taken: Iterable[Edit]) -> bool:
    """Whether ``edit`` touches a range of ``taken`` (two inserts at one place do)."""
    return any(
        (edit.start < other.end and other.start < edit.end)
        or edit.start == other.start
        or (edit.start == edit.end and other.start < edit.start < other.end)
        or (other.start == other.end and edit.start < other.start < edit.end)
        for other in taken
    )


# ---------------------------------------------------------------------------
# Front matter: nodes with their places in the file


def meta_offset(doc: Document) -> int:
    """Offset of the first character of the YAML text (the line after ``---``)."""
    return line_start(doc, 2)


def meta_mapping(doc: Document) -> yaml.MappingNode | None:
    """The front matter's top mapping node, with positions in the YAML text.

    ``None`` without front matter or when it does not parse: such a page gets
    no front matter fix. The pure-Python composer gives character offsets.
    """
    key = ("edits", "meta-node")
    if key in doc.derived:
        return doc.derived[key]  # type: ignore[no-any-return]
    node = None
    if doc.meta is not None and doc.meta_span is not None:
        close = doc.meta_span[1]
        text = doc.source[meta_offset(doc) : line_start(doc, close)]
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            node = None
    if not isinstance(node, yaml.MappingNode):
        node = None
    doc.derived[key] = node
    return node


@dataclass(frozen=True)
class MetaEntry:
    """A value of the front matter, its key (``None`` for a list item) and its mapping."""

    parent: yaml.Node
    key: yaml.ScalarNode | None
    value: yaml.Node


def meta_entry(doc: Document, path: MetaPath) -> MetaEntry | None:
    """The nodes of the value at ``path`` (keys and list indexes), if it is there."""
    node: yaml.Node | None = meta_mapping(doc)
    entry = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = [
                (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part
            ]
            if not found:
                return None
            key, value = found[-1]  # YAML keeps the last of duplicate keys
            entry = MetaEntry(node, key, value)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            entry = MetaEntry(node, None, node.value[part])
        else:
            return None
        node = entry.value
    return entry


def node_span(doc: Document, node: yaml.Node) -> tuple[int, int]:
    """Offsets of a node in `Document.source`."""
    base = meta_offset(doc)
    return base + node.start_mark.index, base + node.end_mark.index


def node_text(doc: Document, node: yaml.Node) -> str:
    start, end = node_span(doc, node)
    return doc.source[start:end]


def replace_node(doc: Document, node: yaml.Node, text: str) -> Edit:
    start, end = node_span(doc, node)
    return Edit(start, end, text)


def single_line_scalar(node: yaml.Node) -> TypeGuard[yaml.ScalarNode]:
    """A scalar written on one line (not a block scalar ``|`` or ``>``)."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.style not in ("|", ">")
        and node.start_mark.line == node.end_mark.line
    )
