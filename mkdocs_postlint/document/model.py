"""The parsed page every rule reads: `Document` and its `Block`s."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from mkdocs_postlint.problem import Finding

__all__ = ["Block", "Document", "MetaPath"]

MetaPath = tuple[Any, ...]
"""Path of a value inside the front matter: keys and list indexes, as in jsonschema."""


@dataclass(slots=True)
class Block:
    """A leaf block of the Markdown body, in document order.

    Attributes:
        kind: ``paragraph``, ``heading``, ``code``, ``html``, ``rule`` (a
            thematic break) or ``table``.
        line: 1-based first line in the real file.
        end_line: 1-based last line in the real file.
        start: byte offset of the block in the tokenized text (for columns).
        text: what a reader sees: inline markup stripped, code spans kept,
            link and image targets dropped, line breaks as ``\\n``. Empty for
            code, rules and tables; the raw HTML for ``html`` blocks.
        prose: ``text`` without code spans, math and inline HTML: the words
            only, for checks of punctuation and brackets.
        level: heading level 1-6, else 0.
        container: innermost container: ``""`` (top level), ``item``,
            ``quote`` or ``footnote``.
        tabs: the content tabs (``=== "Tab"``) the block is inside, outermost
            first, each as (set, index of the tab in the set): two blocks are
            alternatives of each other when they are in different tabs of one
            set. Sibling raw-HTML ``<div class="…">`` elements of different
            classes count as tabs of one set too (a negative set id).
        anchor: an explicit ``{#id}`` of a heading.
        info: the info string of a fenced code block, ``indented`` for an
            indented one.
        link_only: every visible character is inside a link or an image.
        tail: what the block's text ends with: ``text``, ``code`` (a code
            span or math), ``link`` (a link's or an image's text) or ``html``
            (a closing tag; comments do not count).
    """

    kind: str
    line: int
    end_line: int
    start: int
    text: str = ""
    prose: str = ""
    level: int = 0
    container: str = ""
    tabs: tuple[tuple[int, int], ...] = ()
    anchor: str | None = None
    info: str = ""
    link_only: bool = False
    tail: str = "text"


@dataclass
class Document:
    """A page parsed once; rules only read it.

    Attributes:
        path: the path shown in reports.
        src_path: the path relative to the docs folder, with ``/`` (for
            globs); the file name when there is no docs folder.
        source: the decoded text with line endings normalised to ``\\n``.
        meta: the front matter as PyYAML builds it (what MkDocs and Material
            see); ``None`` when the page has none or it could not be parsed.
        meta_span: 1-based lines of the opening and closing delimiters, or
            ``None`` without front matter.
        meta_keys: position (line, column) of every key and list item of the
            front matter, by its path (``("tags", 0)``).
        meta_findings: what is wrong with the front matter's syntax or shape.
        encoding_finding: set when the bytes are not UTF-8; nothing else is
            parsed then.
        unreadable_finding: set by the linter when the file could not be
            read (a dangling link, a FIFO, no permission); nothing is parsed.
        too_large_finding: set by the linter when the file is over
            ``max_file_size``; it is not read.
        blocks: the body's leaf blocks in order.
        comments: HTML comments of the body as (line, text), for suppressions
            and markers.
        derived: views of the page that more than one rule needs, computed
            once by the first rule that asks (keyed by the rule that owns them).
    """

    path: str
    src_path: str = ""
    source: str = ""
    meta: dict[Any, Any] | None = None
    meta_span: tuple[int, int] | None = None
    meta_keys: dict[MetaPath, tuple[int, int]] = field(default_factory=dict)
    meta_findings: list[Finding] = field(default_factory=list)
    encoding_finding: Finding | None = None
    unreadable_finding: Finding | None = None
    too_large_finding: Finding | None = None
    blocks: list[Block] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)
    _tokenized: bytes = b""
    derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    _line_starts: list[int] = field(default_factory=list)
    _shifts: dict[int, int] = field(default_factory=dict)
    _tabs: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[str]:
        """The source lines; ``lines[n - 1]`` is line ``n``."""
        return self.source.split("\n")

    @property
    def readable(self) -> bool:
        """Whether the page's text was read; if not, only the rule saying why runs."""
        return (
            self.encoding_finding is None
            and self.unreadable_finding is None
            and self.too_large_finding is None
        )

    @property
    def headings(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "heading")

    def line_at(self, offset: int) -> int:
        """1-based line of a byte offset of the tokenized text."""
        return bisect_right(self._line_starts, offset)

    def column_at(self, offset: int) -> int:
        """1-based character column of a byte offset of the tokenized text."""
        index = bisect_right(self._line_starts, offset) - 1
        start = self._line_starts[index]
        prefix = self._tokenized[start:offset].decode("utf-8", "replace")
        return len(prefix) + self._shifts.get(index, 0) + 1

    def column_of(self, line: int, needle: str, start: int = 0) -> int:
        """1-based column of ``needle`` on a source line (1 when not found)."""
        found = self.lines[line - 1].find(needle, start) if 0 < line <= len(self.lines) else -1
        return found + 1 if found >= 0 else 1
