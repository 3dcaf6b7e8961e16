"""The YAML front matter: split as MkDocs splits it, parsed once, every key's position indexed.

The split is written here rather than taken from python-frontmatter, whose
boundary rule differs from MkDocs' (it accepts ``----`` and ``+++``). The YAML
is composed with PyYAML's C loader, every key and list item is indexed with its
line and column, and what MkDocs would refuse or silently drop (duplicate keys,
tags, non-string keys, values that cannot be built, hostile nesting) becomes a
finding before anything is constructed. The same walk builds the value for
plain mappings, lists and scalars (PyYAML's constructor, written in Python,
would take as long again); front matter with anchors, merge keys or set and
ordered-map tags is built by PyYAML's constructor.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from mkdocs_postlint.document.model import Document, MetaPath
from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.text import shorten

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Front matter delimiters, as MkDocs' own `mkdocs.utils.meta.YAML_RE` reads them.
_FM_OPEN = re.compile(r"---[ \t]*\Z")
_FM_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")

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
_MAP = _YAML_TAG + "map"
_SEQ = _YAML_TAG + "seq"
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


def read_front_matter(doc: Document, lines: list[str]) -> int:
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
        # Without an anchor ('&'), no node is shared and the walk can build the value.
        scan = _Scan(first_line, build="&" not in yaml_text)
        value = _index_node(doc, node, (), scan, 0)
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
        if not scan.build:
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
    build: bool = True  # the walk builds the value (False: PyYAML's constructor will)

    @property
    def usable(self) -> bool:
        return self.budget >= 0 and not self.refused


def _index_node(doc: Document, node: yaml.Node, path: MetaPath, scan: _Scan, depth: int) -> Any:
    """Record the position of every key and item; report what cannot be read as is.

    Reported here, before anything is constructed: duplicate keys, keys that
    are not strings, keys that templates cannot reach, refused tags and too
    deep nesting. Aliases are followed, within ``scan.budget`` nodes. Returns
    the node's value while ``scan.build`` holds (what PyYAML's safe
    constructor would build); once it is cleared, the return value is not used.
    """
    scan.budget -= 1
    if scan.budget < 0 or scan.refused:
        return None
    tag = node.tag
    if depth > MAX_META_DEPTH:
        _refuse(doc, node, scan, _TOO_DEEP)
    elif tag not in _SAFE_TAGS:
        _refuse(doc, node, scan, _refused_tag(tag))
    elif isinstance(node, yaml.ScalarNode):
        if tag == _STR:
            return node.value
        value, problem = _scalar_value(node)
        if problem:
            _refuse(doc, node, scan, problem)
        return value
    elif isinstance(node, yaml.MappingNode):
        if tag != _MAP:
            scan.build = False  # !!set, !!omap: built by PyYAML
        return _index_mapping(doc, node, path, scan, depth)
    elif isinstance(node, yaml.SequenceNode):
        if tag != _SEQ:
            scan.build = False  # !!pairs, !!omap: built by PyYAML
        items = []
        first_line = scan.first_line
        keys = doc.meta_keys
        for index, item in enumerate(node.value):
            mark = item.start_mark
            keys[path + (index,)] = (first_line + mark.line, mark.column + 1)
            items.append(_index_node(doc, item, path + (index,), scan, depth + 1))
            if scan.budget < 0:
                return None
        return items
    return None


def _refuse(doc: Document, node: yaml.Node, scan: _Scan, message: str) -> None:
    """Report why ``node`` is not read; the front matter is then not constructed."""
    mark = node.start_mark
    doc.meta_findings.append(Finding(scan.first_line + mark.line, message, mark.column + 1))
    scan.refused = True


def _index_mapping(
    doc: Document, node: yaml.MappingNode, path: MetaPath, scan: _Scan, depth: int
) -> dict[Any, Any] | None:
    seen: dict[Any, int] = {}
    value: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        line = scan.first_line + key_node.start_mark.line
        column = key_node.start_mark.column + 1
        if key_node.tag not in _SAFE_TAGS and key_node.tag not in _KEY_TAGS:
            doc.meta_findings.append(Finding(line, _refused_tag(key_node.tag), column))
            scan.refused = True
            return None
        if not isinstance(key_node, yaml.ScalarNode):
            kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
            doc.meta_findings.append(
                Finding(line, f"a key may not be {kind} (a YAML complex key): use a string", column)
            )
            scan.refused = True
            return None
        if key_node.tag == _STR:
            key = key_node.value
        else:
            key, problem = _scalar_value(key_node)
            if problem:
                doc.meta_findings.append(Finding(line, problem, column))
                scan.refused = True
                return None
        if key_node.tag in _KEY_TAGS:  # '<<' (merge) or '=' (value): YAML's own keys
            scan.build = False  # merged by PyYAML's constructor
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
        item = _index_node(doc, value_node, path + (key,), scan, depth + 1)
        if scan.budget < 0 or scan.refused:
            return None
        value[key] = item  # (keys are scalars: hashable) the last of duplicate keys wins
    return value


def _scalar_value(node: yaml.ScalarNode) -> tuple[Any, str | None]:
    """The value PyYAML builds for a scalar of a non-string tag, and why it cannot, or ``None``.

    PyYAML raises a bare `ValueError` for a date like 2025-13-45, an integer of
    5,000 digits or bad base64, without a line; MkDocs then drops the whole
    front matter.
    """
    construct = _Loader.yaml_constructors.get(node.tag)
    if construct is None:  # '<<' and '=' keys
        return node.value, None
    try:
        return construct(_CONSTRUCTOR, node), None
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        kind = _KEY_KINDS.get(node.tag, node.tag.replace(_YAML_TAG, ""))
        reason = getattr(error, "problem", None) or str(error)
        return None, (
            f"'{shorten(node.value, 40)}' looks like {kind} but cannot be read as one "
            f"({shorten(reason, 60)}): quote it to keep it as text, or correct it"
        )


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
