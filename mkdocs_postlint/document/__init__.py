"""One parsed page: the model every rule reads.

A `Document` is built once per page from the file's bytes:

1. decode strict UTF-8 (a leading BOM is accepted; anything else is an
   ``encoding`` finding and the page is not linted further);
2. normalise CRLF and lone CR to LF, which keeps the line count of the file;
3. split the YAML front matter the way MkDocs does (``---`` on the first line,
   closed by ``---`` or ``...``) and parse it once with PyYAML's C loader,
   keeping the line and column of every key and list item. The split is
   written here rather than taken from python-frontmatter, whose boundary rule
   differs from MkDocs' (it accepts ``----`` and ``+++``), which lets YAML and
   decoding errors escape and which blocks on a FIFO: what matters is what
   MkDocs will read;
4. tokenize the body once with pulldown-cmark (through ``pyromark``), which
   gives byte ranges, and fold the events into a flat list of `Block`s.

Line numbers are converted from parser positions in exactly one place
(`Document.line_at` and `Document.column_at`), and every line anywhere in the
project is a 1-based line of the real file, front matter included.

Material for MkDocs syntax that CommonMark does not know is handled before
tokenizing, without changing the number of lines: the bodies of admonitions,
collapsible blocks and content tabs (``!!! note``, ``??? tip``, ``=== "Tab"``)
are de-indented so that they are parsed as Markdown instead of code (inside a
list item they stay in the item); the opening and closing lines of
``<div markdown>`` elements are blanked so that their bodies are Markdown, not
an HTML block; snippet includes (``--8<--``), mkdocstrings (``::: module``),
pymdownx ``///`` block lines, abbreviation definitions and Jinja lines are
blanked so that no rule mistakes them for prose; an ``attr_list`` at the end of
a paragraph (``{: .class }``) is not part of its text. The columns removed are
remembered and added back when a column is reported.

The package keeps those jobs apart, one module each: `model` (the `Document`
and `Block` the rules read), `decoding` (bytes to text), `front_matter`
(the YAML split, parse and key index), `material` (Material syntax prepared
for a CommonMark tokenizer) and `markdown` (pulldown-cmark's events folded
into blocks).
"""

from __future__ import annotations

from mkdocs_postlint.document.decoding import decode
from mkdocs_postlint.document.front_matter import MAX_META_DEPTH, MAX_META_NODES, read_front_matter
from mkdocs_postlint.document.markdown import tokenize
from mkdocs_postlint.document.model import Block, Document, MetaPath

__all__ = ["MAX_META_DEPTH", "MAX_META_NODES", "Block", "Document", "MetaPath", "parse"]


def parse(data: bytes, path: str, src_path: str | None = None) -> Document:
    """Build the `Document` of a page from the bytes of its file."""
    doc = Document(path=path, src_path=src_path if src_path is not None else path)
    text = decode(data, doc)
    if text is None:
        return doc
    doc.source = text
    doc.lines = lines = text.split("\n")
    body_from = read_front_matter(doc, lines)
    tokenize(doc, lines, body_from)
    return doc
