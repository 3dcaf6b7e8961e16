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
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import Any

import pyromark
import yaml

from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.text import shorten

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["Block", "Document", "MetaPath", "parse"]

MetaPath = tuple[Any, ...]
"""Path of a value inside the front matter: keys and list indexes, as in jsonschema."""

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
    | pyromark.Options.ENABLE_DEFINITION_LIST
)

# Front matter delimiters, as MkDocs' own `mkdocs.utils.meta.YAML_RE` reads them.
_FM_OPEN = re.compile(r"---[ \t]*\Z")
_FM_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")

# Material / pymdown-extensions block syntax whose body is indented four spaces.
_CONTAINER = re.compile(
    r"""(?P<indent>[ ]*)(?:
        (?:!!!|\?\?\?\+?)[ \t]+[\w-]+.*   # admonition or collapsible block
      | ===(?P<tab>[+!]*)[ \t]+".*"[ \t]*   # content tab
    )\Z""",
    re.VERBOSE,
)
# Lines that belong to a build tool, not to the reader.
_NON_PROSE = re.compile(
    r"""[ ]*(?:
        -{1,3}8<-{1,3}.*             # pymdownx.snippets include
      | :::[ \t]+\S.*                # mkdocstrings autodoc
      | /{3,}(?:[ \t].*)?            # pymdownx.blocks: /// note | Title ... ///
      | \{%.*%\}[ \t]*               # Jinja / mkdocs-macros statement
      | \{\{.*\}\}[ \t]*             # Jinja expression alone on a line
      | \{\#.*\#\}[ \t]*             # Jinja comment
      | \*\[[^\]]+\]:.*               # abbreviation definition: *[HTML]: Hyper Text ...
    )\Z""",
    re.VERBOSE,
)
# An HTML element whose body Python-Markdown's md_in_html parses as Markdown.
_MD_IN_HTML_OPEN = re.compile(
    r"[ ]{0,3}<(?P<tag>[a-zA-Z][\w-]*)\b[^>]*\smarkdown(?:=[\"']?(?:1|block)[\"']?)?[^>]*>[ \t]*\Z"
)
_MD_IN_HTML_CLOSE = re.compile(r"[ ]{0,3}</(?P<tag>[a-zA-Z][\w-]*)>[ \t]*\Z")
# attr_list after a paragraph, on its last line: "{: .class }" or "{ #id .class }".
_ATTR_LIST_END = re.compile(
    r"[ \t\n]*\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=\S+)(?:[ \t]+(?:[#.][\w-]+|[\w-]+=\S+))*[ \t]*\}\Z"
)
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
# A line that may start any of the above (a superset): pages without one are left as they are.
# (Searched for in "\n" + text: a literal first character makes the search fast.)
_SPECIAL = re.compile(
    r"\n[ ]*(?:!!!|\?\?\?|===|-{1,3}8<|:::|/{3}|\{[%{#]|\*\[|<[a-zA-Z][^\n]*markdown)"
)
# A line that may open or close a fence, or match any of the above: a superset.
_CANDIDATE = re.compile(
    r"\n(?:[^\S\n]*(?:```|~~~)"
    r"|[ ]*(?:!!!|\?\?\?|===|-{1,3}8<|:::|/{3}|\{[%{#]|\*\[|</|<[a-zA-Z][^\n]*markdown))"
)

# Bounds that keep hostile front matter from costing minutes (see SECURITY.md).
MAX_META_NODES = 50_000
MAX_META_DEPTH = 100
_TOO_DEEP = f"front matter is nested more than {MAX_META_DEPTH} levels deep: not read"

_YAML_TAG = "tag:yaml.org,2002:"
_STR = _YAML_TAG + "str"
# The tags the safe loader builds values for; anything else (!!python/..., !ENV,
# !custom) is refused before construction.
_SAFE_TAGS = frozenset(tag for tag in _Loader.yaml_constructors if tag is not None)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # builds single scalars for checks
_KEY_TAGS = frozenset({_YAML_TAG + "merge", _YAML_TAG + "value"})
_KEY_KINDS = {
    _YAML_TAG + "int": "a number",
    _YAML_TAG + "float": "a number",
    _YAML_TAG + "bool": "a boolean",
    _YAML_TAG + "null": "null",
    _YAML_TAG + "timestamp": "a date",
    _YAML_TAG + "binary": "base64 bytes",
}
# Jinja's `page.meta.name` looks up an attribute before a key: these names give
# the dict's method, never the value.
_DICT_METHODS = frozenset(name for name in dir(dict) if not name.startswith("_"))


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
            first, each as (first line of its tab set, index of the tab in
            the set): two blocks are alternatives of each other when they
            are in different tabs of one set.
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


def parse(data: bytes, path: str, src_path: str | None = None) -> Document:
    """Build the `Document` of a page from the bytes of its file."""
    doc = Document(path=path, src_path=src_path if src_path is not None else path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        line = _line_of(data, error.start)
        doc.encoding_finding = Finding(
            line,
            f"file is not valid UTF-8: byte 0x{bad:02x} on line {line} "
            "(save it as UTF-8; MkDocs reads pages as UTF-8)",
        )
        return doc
    if "\x00" in text:
        line = _line_of(data, data.index(b"\x00"))
        doc.encoding_finding = Finding(
            line, f"file contains a NUL byte on line {line}: it is binary or UTF-16, not UTF-8"
        )
        return doc
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc.source = text
    lines = text.split("\n")
    body_from = _read_front_matter(doc, lines)
    _tokenize(doc, lines, body_from)
    return doc


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset of the raw file (CRLF, CR and LF end lines)."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _read_front_matter(doc: Document, lines: list[str]) -> int:
    """Parse the front matter into ``doc``; return the index of the first body line."""
    if not lines or not _FM_OPEN.match(lines[0]):
        _foreign_front_matter(doc, lines)
        return 0
    close = next((i for i in range(1, len(lines)) if _FM_CLOSE.match(lines[i])), None)
    if close is None:
        doc.meta_findings.append(
            Finding(1, "front matter opened on line 1 is never closed: add a line '---' after it")
        )
        return 0
    doc.meta_span = (1, close + 1)
    yaml_text = "\n".join(lines[1:close]) + "\n"
    first_line = 2  # the YAML text starts on the line after the opening '---'
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.meta = {}
            return close + 1
        scan = _Scan(first_line)
        _index_node(doc, node, (), scan, 0)
        if scan.budget < 0:
            doc.meta_findings.append(
                Finding(
                    first_line,
                    f"front matter expands to more than {MAX_META_NODES} values "
                    "(YAML aliases?): not validated",
                )
            )
        if not scan.usable:
            return close + 1
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        column = mark.column + 1 if mark else 1
        source_line = lines[line - 1] if line <= len(lines) else ""
        indent = source_line[: len(source_line) - len(source_line.lstrip())]
        doc.meta_findings.append(Finding(line, _yaml_message(error, "\t" in indent), column))
        return close + 1
    except yaml.YAMLError as error:
        doc.meta_findings.append(Finding(first_line, f"front matter is not valid YAML: {error}"))
        return close + 1
    except (ValueError, OverflowError, TypeError) as error:  # pragma: no cover - checked above
        doc.meta_findings.append(
            Finding(first_line, f"front matter cannot be read: {shorten(str(error), 80)}")
        )
        return close + 1
    except RecursionError:  # pragma: no cover - MAX_META_DEPTH stops nesting long before
        doc.meta_findings.append(Finding(first_line, _TOO_DEEP))
        return close + 1
    finally:
        loader.dispose()
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else f"a single {type(value).__name__} value"
        doc.meta_findings.append(
            Finding(
                first_line,
                f"front matter must be a mapping of keys to values, not {kind} "
                "(MkDocs ignores it and shows it as text)",
            )
        )
        return close + 1
    if scan.non_string_keys:
        return close + 1  # reported; not handed to the schema, which expects string keys
    doc.meta = value
    return close + 1


def _foreign_front_matter(doc: Document, lines: list[str]) -> None:
    """Report JSON (``{`` ... ``}``) or TOML (``+++``) front matter, which MkDocs does not read."""
    first = lines[0].rstrip() if lines else ""
    if first == "+++":
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "+++"), None)
        kind = "TOML"
    elif first == "{":
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "}"), None)
        kind = "JSON"
        if close is not None:
            try:
                is_json = isinstance(json.loads("\n".join(lines[: close + 1])), dict)
            except ValueError:
                is_json = False
            close = close if is_json else None
    else:
        return
    if close is not None:
        doc.meta_findings.append(
            Finding(
                1,
                f"{kind} front matter (lines 1-{close + 1}) is not read by MkDocs, which shows "
                "it as text: write it as YAML between two '---' lines",
                end_line=close + 1,
            )
        )


def _yaml_message(error: yaml.MarkedYAMLError, tab_indent: bool) -> str:
    problem = error.problem or error.context or "invalid YAML"
    if "maximum nesting depth" in problem:  # libyaml's own limit (1000 levels)
        return _TOO_DEEP
    message = f"front matter is not valid YAML: {problem}"
    if tab_indent:
        message += " (YAML does not allow tabs for indentation: use spaces)"
    elif error.context and error.problem:
        message += f" ({error.context})"
    return message


@dataclass
class _Scan:
    """What `_index_node` learned while walking the YAML node tree."""

    first_line: int
    budget: int = MAX_META_NODES
    refused: bool = False  # a tag, a complex key or too deep: not constructed
    non_string_keys: bool = False

    @property
    def usable(self) -> bool:
        return self.budget >= 0 and not self.refused


def _index_node(doc: Document, node: yaml.Node, path: MetaPath, scan: _Scan, depth: int) -> None:
    """Record the position of every key and item; report what cannot be read as is.

    Reported here, before anything is constructed: duplicate keys, keys that
    are not strings, keys that templates cannot reach, refused tags and too
    deep nesting. Aliases are followed, within ``scan.budget`` nodes.
    """
    scan.budget -= 1
    if scan.budget < 0 or scan.refused:
        return
    line = scan.first_line + node.start_mark.line
    column = node.start_mark.column + 1
    if depth > MAX_META_DEPTH:
        doc.meta_findings.append(Finding(line, _TOO_DEEP, column))
        scan.refused = True
    elif node.tag not in _SAFE_TAGS:
        doc.meta_findings.append(Finding(line, _refused_tag(node.tag), column))
        scan.refused = True
    elif isinstance(node, yaml.ScalarNode):
        if problem := _scalar_problem(node):
            doc.meta_findings.append(Finding(line, problem, column))
            scan.refused = True
    elif isinstance(node, yaml.MappingNode):
        _index_mapping(doc, node, path, scan, depth)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            mark = item.start_mark
            doc.meta_keys[path + (index,)] = (scan.first_line + mark.line, mark.column + 1)
            _index_node(doc, item, path + (index,), scan, depth + 1)
            if scan.budget < 0:
                return


def _index_mapping(
    doc: Document, node: yaml.MappingNode, path: MetaPath, scan: _Scan, depth: int
) -> None:
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        line = scan.first_line + key_node.start_mark.line
        column = key_node.start_mark.column + 1
        if key_node.tag not in _SAFE_TAGS and key_node.tag not in _KEY_TAGS:
            doc.meta_findings.append(Finding(line, _refused_tag(key_node.tag), column))
            scan.refused = True
            return
        if not isinstance(key_node, yaml.ScalarNode):
            kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
            doc.meta_findings.append(
                Finding(line, f"a key may not be {kind} (a YAML complex key): use a string", column)
            )
            scan.refused = True
            return
        if problem := _scalar_problem(key_node):
            doc.meta_findings.append(Finding(line, problem, column))
            scan.refused = True
            return
        key = _scalar_key(key_node)
        if key_node.tag in _KEY_TAGS:  # '<<' (merge) or '=' (value): YAML's own keys
            pass
        elif key_node.tag != _STR:
            scan.non_string_keys = True
            doc.meta_findings.append(Finding(line, _non_string_key(key_node), column))
        elif key in _DICT_METHODS:
            doc.meta_findings.append(
                Finding(
                    line,
                    f"key '{key}' clashes with the dict method of that name: in templates "
                    f"'page.meta.{key}' is the method, not this value; rename the key",
                    column,
                    severity=Severity.WARNING,
                )
            )
        if key in seen:
            doc.meta_findings.append(
                Finding(
                    line,
                    f"duplicate key '{key_node.value}' (first on line {seen[key]}): "
                    "YAML keeps only the last value",
                    column,
                )
            )
        else:
            seen[key] = line
        doc.meta_keys[path + (key,)] = (line, column)
        _index_node(doc, value_node, path + (key,), scan, depth + 1)
        if scan.budget < 0 or scan.refused:
            return


def _scalar_key(node: yaml.ScalarNode) -> Any:
    """The Python key PyYAML will build for a scalar key node."""
    construct = _Loader.yaml_constructors.get(node.tag)
    if node.tag == _STR or construct is None:
        return node.value
    try:
        return construct(_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value


def _scalar_problem(node: yaml.ScalarNode) -> str | None:
    """Why PyYAML would fail to build this scalar (a date like 2025-13-45, an
    integer of 5,000 digits, bad base64), or ``None``.

    PyYAML raises a bare `ValueError` for these, without a line; MkDocs then
    drops the whole front matter.
    """
    construct = _Loader.yaml_constructors.get(node.tag)
    if node.tag == _STR or construct is None:
        return None
    try:
        construct(_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        kind = _KEY_KINDS.get(node.tag, node.tag.replace(_YAML_TAG, ""))
        reason = getattr(error, "problem", None) or str(error)
        return (
            f"'{shorten(node.value, 40)}' looks like {kind} but cannot be read as one "
            f"({shorten(reason, 60)}): quote it to keep it as text, or correct it"
        )
    return None


def _non_string_key(node: yaml.ScalarNode) -> str:
    kind = _KEY_KINDS.get(node.tag, "not a string")
    raw = node.value
    if not raw:
        return "a key is empty (null): give it a name"
    return (
        f"key '{raw}' is read as {kind}, not as a string: quote it (\"{raw}\") so that "
        "templates and the schema find it by name (the front matter is not validated until then)"
    )


def _refused_tag(tag: str) -> str:
    short = "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag
    return (
        f"tag '{short}' is refused: front matter may hold only plain YAML values "
        "(MkDocs' safe loader rejects it and ignores the whole front matter)"
    )


def _prepare_body(
    lines: list[str], body_from: int
) -> tuple[str, dict[int, int], dict[int, tuple[tuple[int, int], ...]]]:
    """The text handed to the tokenizer: same lines as the file, front matter blanked.

    Returns the text, per 0-based line index how many leading columns were
    removed (admonition bodies), and per 0-based line index inside content
    tabs the tabs it is in (see `Block.tabs`).
    """
    out = [""] * body_from + lines[body_from:]
    shifts: dict[int, int] = {}
    tabs: dict[int, tuple[tuple[int, int], ...]] = {}
    body = "\n" + "\n".join(lines[body_from:])
    if _SPECIAL.search(body) is None:
        return "\n".join(out), shifts, tabs  # nothing below applies: most pages
    # Outside admonitions only the lines that may open or close something matter:
    # visit those, and every line while an admonition or a tab is open.
    candidates = []
    index, at = body_from, 0
    for found in _CANDIDATE.finditer(body):  # found.start() is the "\n" before the line
        index += body.count("\n", at, found.start())
        at = found.start()
        candidates.append(index)
    total = len(lines)
    # Open admonitions / tabs: (indent their body needs, columns removed from it,
    # the tab's (set, index) or None for an admonition).
    containers: list[tuple[int, int, tuple[int, int] | None]] = []
    # Tab sets that a next `=== "Tab"` at their indent continues: (indent, first line, index).
    sets: list[tuple[int, int, int]] = []
    path: tuple[tuple[int, int], ...] = ()  # the tabs the current line is in
    html_tags: list[str] = []  # open md_in_html elements, innermost last
    fence: str | None = None
    index = candidates[0] if candidates else total
    while index < total:
        line = lines[index]
        stripped = line.lstrip(" ")
        if stripped:
            indent = len(line) - len(stripped)
            while containers and indent < containers[-1][0]:
                containers.pop()
                path = tuple(c[2] for c in containers if c[2] is not None)
            while sets and indent < sets[-1][0]:
                sets.pop()
            shift = containers[-1][1] if containers else 0
            if shift:
                line = line[shift:]
                shifts[index] = shift
            if fence is not None:
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = None
            elif match := _FENCE.match(line):
                fence = match.group(1)
            elif match := _CONTAINER.match(line):
                # The body is indented four more than the opener; removing those four
                # columns keeps it inside whatever holds the opener (a list item).
                tab = None
                if match.group("tab") is not None:
                    # Consecutive tabs at one indent are one set; `===!` starts a new one.
                    if sets and sets[-1][0] == indent and "!" not in match.group("tab"):
                        sets[-1] = (indent, sets[-1][1], sets[-1][2] + 1)
                    else:
                        if sets and sets[-1][0] == indent:
                            sets.pop()
                        sets.append((indent, index + 1, 0))
                    tab = (sets[-1][1], sets[-1][2])
                    path += (tab,)
                containers.append((indent + 4, shift + 4, tab))
                line = ""
            elif _NON_PROSE.match(line):
                line = ""
            elif match := _MD_IN_HTML_OPEN.match(line):
                html_tags.append(match.group("tag").lower())
                line = ""  # so that the body is not swallowed by an HTML block
            elif (
                html_tags
                and (match := _MD_IN_HTML_CLOSE.match(line))
                and match.group("tag").lower() == html_tags[-1]
            ):
                html_tags.pop()
                line = ""
        if stripped and sets and sets[-1][0] == indent and line:
            sets.pop()  # anything else at the tabs' own indent ends their set
        out[index] = line
        if path:
            tabs[index] = path
        if containers:
            index += 1
        else:
            following = bisect_right(candidates, index)
            index = candidates[following] if following < len(candidates) else total
    return "\n".join(out), shifts, tabs


def _tokenize(doc: Document, lines: list[str], body_from: int) -> None:
    text, doc._shifts, doc._tabs = _prepare_body(lines, body_from)
    encoded = text.encode("utf-8")
    doc._tokenized = encoded
    # Byte offset of the start of each line: 0, then one past each line's "\n".
    starts = list(accumulate([len(line) + 1 for line in encoded.split(b"\n")], initial=0))
    starts.pop()
    doc._line_starts = starts
    _build_blocks(doc, pyromark.events_with_range(text, options=_OPTIONS))


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
                ((kind, value),) = event.items()
                if kind == "Start":
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
                if kind == "End":
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
    block.end_line = max(block.line, bisect_right(doc._line_starts, max(end - 1, block.start)))
    kind = block.kind
    if doc._tabs:
        block.tabs = doc._tabs.get(block.line - 1, ())
    if kind == "paragraph" or kind == "heading":
        block.text = "".join(text or ()).strip()
        block.prose = "".join(prose or ()).strip()
        if kind == "paragraph" and block.text.endswith("}"):
            block.text = _ATTR_LIST_END.sub("", block.text)
            block.prose = _ATTR_LIST_END.sub("", block.prose)
        block.link_only = bool(block.text) and not visible
    elif kind == "html":
        block.text = "".join(text or ())
        line, counted = block.line, 0
        for offset, comment in _html_comments(block.text):
            line += block.text.count("\n", counted, offset)
            counted = offset
            doc.comments.append((line, comment))
    doc.blocks.append(block)
