"""JSON Schemas for front matter: loading them offline and mapping errors to lines.

A schema is a file (JSON or YAML), a mapping written inline in the config, or a
built-in preset (`mkdocs_postlint.presets`). Pages are matched to schemas by a
`SchemaSet`: a page's own ``$schema`` key first, then the first matching glob
of ``schemas``, then ``schema``.

A schema is checked when the config loads, so an invalid schema is a
configuration error before any page is linted. Every ``$ref`` is resolved then
too, through a `referencing.Registry` whose only source is local files under
the project folder: remote (``http:``, ``https:``) and ``file:`` references are
errors and never fetched, and so are references that leave the folder, that
point nowhere, or that loop back to themselves without reaching into the value.

Validation sees the values PyYAML builds (what MkDocs and Material see), with
three additions to JSON Schema, documented in ``docs/schemas.md``:

* ``yamlType``: ``timestamp``, ``date`` or ``datetime``: the value must be a
  real YAML date or timestamp, not a string that looks like one;
* ``deprecated: true`` on a key makes its presence a warning;
* ``errorMessage``: a message replacing those of the keywords beside it.

``format`` is enforced (``date`` and ``date-time`` accept YAML dates and
timestamps), and ``pattern`` / ``patternProperties`` run with a time budget:
a regular expression that takes longer is reported, not waited on.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

import yaml

from mkdocs_postlint.presets import PRESETS, material_blog, preset_path
from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.text import shorten

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from mkdocs_postlint.document import Document

__all__ = ["PATTERN_TIMEOUT", "Schema", "SchemaError", "SchemaSet", "Site", "load_schema"]

PATTERN_TIMEOUT = 0.1
"""Seconds a schema's regular expression may take on one value."""
MAX_SCHEMA_BYTES = 1 << 20
MAX_SCHEMA_NODES = 100_000
YAML_TYPES = ("timestamp", "date", "datetime")

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class SchemaError(Exception):
    """A schema that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Site:
    """What schemas need to know about the site being linted.

    Attributes:
        base_dir: the project folder (where mkdocs.yml is); ``$ref`` and a
            page's ``$schema`` may only reach files under it.
        docs_dir: the documentation folder, when known.
        plugins: the site's plugin entries as (name, settings), for the
            ``material-blog`` preset (the blog plugin's settings).
    """

    base_dir: Path
    docs_dir: Path | None = None
    plugins: tuple[tuple[str, Mapping[str, Any]], ...] = ()

    def shown(self, path: Path) -> str:
        """A path as printed: relative to the project folder when inside it."""
        try:
            return path.resolve().relative_to(self.base_dir.resolve()).as_posix()
        except ValueError:
            return str(path)


# ---------------------------------------------------------------------------
# Loading


@dataclass(frozen=True)
class Schema:
    """A checked schema, ready to validate front matter.

    Attributes:
        name: how messages name it (a file, a preset, ``inline schema``).
        validator: the jsonschema validator, offline and format-enforcing.
        blogs: for the ``material-blog`` preset, the site's blogs, whose
            authors and categories are checked too.
    """

    name: str
    validator: Any
    blogs: tuple[material_blog.Blog, ...] | None = None
    site: Site | None = None

    def findings(self, doc: Document, meta: Mapping[Any, Any]) -> Iterator[Finding]:
        """Findings for ``meta`` (the page's front matter), each on the line it concerns."""
        seen: set[Any] = set()
        try:
            for error in self.validator.iter_errors(meta):
                yield from _findings(doc, error, seen)
        except RecursionError:
            yield Finding(_opening(doc), f"schema {self.name} recurses without end on this page")
        except Exception as error:  # a reference error would surface here; all are checked at load
            yield Finding(_opening(doc), f"schema {self.name} could not be applied: {error}")
        if self.blogs:
            shown = self.site.shown if self.site else str
            for path, message in material_blog.check(self.blogs, meta, doc.src_path, shown):
                line, column = _value_position(doc, path)
                yield Finding(line, message, column)


def load_schema(spec: str | Mapping[str, Any], site: Site) -> Schema:
    """Load and check a schema: a preset name, a file path, or an inline mapping."""
    if isinstance(spec, Mapping):
        base = site.base_dir.resolve()
        return _compile(dict(spec), "inline schema", base.as_uri() + "/", base, site)
    preset = preset_path(spec)
    if preset is not None:
        data = _read_schema_file(preset, spec)
        schema = _compile(data, spec, preset.as_uri(), preset.parent, site)
        if spec == "material-blog":
            schema = _with_blogs(schema, site)
        return schema
    path = (site.base_dir / spec).resolve()
    data = _read_schema_file(path, spec)
    base = site.base_dir.resolve()
    root = base if path.is_relative_to(base) else path.parent
    return _compile(data, spec, path.as_uri(), root, site)


def _with_blogs(schema: Schema, site: Site) -> Schema:
    if site.docs_dir is None:
        return schema
    try:
        blogs = material_blog.blogs_from_plugins(site.docs_dir, site.plugins)
    except material_blog.AuthorsFileError as error:
        raise SchemaError(f"material-blog: {error}") from None
    return Schema(schema.name, schema.validator, blogs, site)


def _read_schema_file(path: Path, name: str) -> Any:
    if not path.is_file():
        what = "does not exist" if not path.exists() else "is not a regular file"
        raise SchemaError(f"schema file {name} {what}")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemaError(f"cannot read schema file {name}: {error.strerror or error}") from None
    if len(raw) > MAX_SCHEMA_BYTES:
        raise SchemaError(f"schema file {name} is larger than {MAX_SCHEMA_BYTES >> 20} MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SchemaError(f"schema file {name} is not UTF-8") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else _load_yaml(text)
    except (ValueError, yaml.YAMLError) as error:
        detail = str(error).replace("\n", " ")
        raise SchemaError(f"schema file {name} cannot be parsed: {detail}") from None
    except RecursionError:
        raise SchemaError(f"schema file {name} is nested too deeply") from None
    if not isinstance(data, (dict, bool)):
        raise SchemaError(f"schema file {name} must contain a JSON Schema object")
    return data


def _load_yaml(text: str) -> Any:
    """YAML with a bound on the size aliases expand to (checking walks every value)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        sizes: dict[int, int] = {}

        def size(n: yaml.Node) -> int:
            if id(n) not in sizes:
                sizes[id(n)] = 1  # a recursive alias counts once
                if isinstance(n, yaml.MappingNode):
                    sizes[id(n)] += sum(size(k) + size(v) for k, v in n.value)
                elif isinstance(n, yaml.SequenceNode):
                    sizes[id(n)] += sum(size(v) for v in n.value)
            return sizes[id(n)]

        if size(node) > MAX_SCHEMA_NODES:
            raise ValueError(f"it expands to more than {MAX_SCHEMA_NODES} values (YAML aliases?)")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _compile(schema: Any, name: str, uri: str, root: Path, site: Site) -> Schema:
    from jsonschema import exceptions, validators
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    base_cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    try:
        base_cls.check_schema(schema)
    except exceptions.SchemaError as error:
        where = "/".join(str(p) for p in error.path) or "(root)"
        keyword = next((p for p in reversed(error.path) if isinstance(p, str)), error.validator)
        raise SchemaError(
            f"invalid schema {name}: keyword '{keyword}' at {where}: {shorten(error.message, 160)}"
        ) from None
    if isinstance(schema, dict):
        _check_extensions(schema, name)
        old = (validators.Draft3Validator, validators.Draft4Validator)
        id_key = "id" if base_cls in old else "$id"
        if id_key not in schema:
            schema = {id_key: uri, **schema}
    retrieved: dict[str, Any] = {}
    retrieve = _retriever(root, site, retrieved)
    resource = Resource.from_contents(schema, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry(retrieve=retrieve).with_resource(uri, resource)  # type: ignore[call-arg]
    _RefWalker(name, site).run(schema, registry.resolver(base_uri=uri), uri)
    registry = registry.with_resources(retrieved.items()).crawl()
    cls = _extended(base_cls)
    return Schema(name, cls(schema, registry=registry, format_checker=_format_checker(base_cls)))


def _check_extensions(schema: dict[str, Any], name: str) -> None:
    """Check what the meta-schema does not: our keywords and the regular expressions."""
    import regex

    nodes = _all_subschemas(schema)
    has_unevaluated = any("unevaluatedProperties" in n for n in nodes)
    for node in nodes:
        kinds = node.get("yamlType")
        if kinds is not None:
            listed = [kinds] if isinstance(kinds, str) else kinds
            if (
                not isinstance(listed, list)
                or not listed
                or any(k not in YAML_TYPES for k in listed)
            ):
                raise SchemaError(
                    f"invalid schema {name}: keyword 'yamlType' must be one of "
                    f"{', '.join(YAML_TYPES)} (or a list of them), not {_render(kinds)}"
                )
        if "errorMessage" in node and not isinstance(node["errorMessage"], str):
            raise SchemaError(f"invalid schema {name}: keyword 'errorMessage' must be a string")
        patterns = list(node.get("patternProperties") or ())
        if isinstance(node.get("pattern"), str):
            patterns.append(node["pattern"])
        for pattern in patterns:
            try:
                regex.compile(pattern)
            except regex.error as error:
                raise SchemaError(
                    f"invalid schema {name}: pattern {pattern!r} is not a valid regular "
                    f"expression: {error}"
                ) from None
        if has_unevaluated and node.get("patternProperties"):
            raise SchemaError(
                f"invalid schema {name}: keyword 'unevaluatedProperties' cannot be combined "
                "with 'patternProperties' (its matching cannot be given a time budget)"
            )


# Keywords whose values are subschemas, by shape, and whether they apply to the
# same value (a loop through them never ends) or to a part of it.
_ONE_SAME = ("not", "if", "then", "else")
_MANY_SAME = ("allOf", "anyOf", "oneOf")
_MAP_SAME = ("dependentSchemas", "dependencies")
_ONE_PART = (
    "items",
    "additionalItems",
    "additionalProperties",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
_MANY_PART = ("prefixItems", "items")
_MAP_PART = ("properties", "patternProperties", "$defs", "definitions")


def _subschemas(node: Mapping[str, Any]) -> Iterator[tuple[Any, bool]]:
    """The direct subschemas of a schema, each with: does it apply to the same value?"""
    for keys, same, shape in (
        (_ONE_SAME, True, "one"),
        (_MANY_SAME, True, "many"),
        (_MAP_SAME, True, "map"),
        (_ONE_PART, False, "one"),
        (_MANY_PART, False, "many"),
        (_MAP_PART, False, "map"),
    ):
        for key in keys:
            value = node.get(key)
            if shape == "one" and isinstance(value, (dict, bool)):
                yield value, same
            elif shape == "many" and isinstance(value, list):
                yield from ((v, same) for v in value)
            elif shape == "map" and isinstance(value, dict):
                # $defs are not applied at all; "same" only matters for loops.
                yield from ((v, same) for v in value.values() if isinstance(v, (dict, bool)))


def _all_subschemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[int] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and id(node) not in seen:
            seen.add(id(node))
            found.append(node)
            stack.extend(child for child, _ in _subschemas(node))
    return found


class _Refused(Exception):
    """A reference the registry will not resolve; the message says why."""


def _retriever(root: Path, site: Site, retrieved: dict[str, Any]) -> Callable[[str], Any]:
    """The registry's only source: schema files under ``root``, read once."""
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    root = root.resolve()

    def retrieve(uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise _Refused(f"'{uri}' is not a local file, and references are never fetched")
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(root):
            raise _Refused(f"{site.shown(path)} is outside the project folder")
        try:
            data = _read_schema_file(path, site.shown(path))
        except SchemaError as error:
            raise _Refused(str(error)) from None
        resource = Resource.from_contents(data, default_specification=DRAFT202012)
        retrieved[uri] = resource
        return resource

    return retrieve


class _RefWalker:
    """Resolves every ``$ref`` of a schema now, and finds loops that never end.

    A reference loop is harmless when it passes through a keyword that applies
    to a part of the value (``properties``, ``items``): the value is finite. A
    loop through ``$ref``, ``allOf``, ``not``, ... alone recurses forever.
    """

    def __init__(self, name: str, site: Site) -> None:
        self.name = name
        self.site = site
        self.done: set[int] = set()
        self.active: dict[int, int] = {}
        self.trail: list[str] = []
        self.queue: list[tuple[Any, Any, str]] = []

    def run(self, schema: Any, resolver: Any, uri: str) -> None:
        self.queue.append((schema, resolver, uri))
        try:
            while self.queue:
                self._visit(*self.queue.pop())
        except RecursionError:
            raise SchemaError(f"schema {self.name} is nested too deeply") from None

    def _visit(self, node: Any, resolver: Any, base: str) -> None:
        if not isinstance(node, dict) or id(node) in self.done:
            return
        from referencing import Resource
        from referencing.jsonschema import DRAFT202012

        key = id(node)
        self.active[key] = len(self.trail)
        if isinstance(node.get("$id"), str) and node.get("$id") != base:
            base = urljoin(base, node["$id"])
            resolver = resolver.in_subresource(
                Resource.from_contents(node, default_specification=DRAFT202012)
            )
        for keyword in ("$ref", "$dynamicRef"):
            ref = node.get(keyword)
            if isinstance(ref, str):
                target, target_resolver = self._lookup(ref, resolver, base)
                self._follow(ref, target, target_resolver, urldefrag(urljoin(base, ref)).url)
        for child, same in _subschemas(node):
            if same:
                self._follow(None, child, resolver, base)
            elif isinstance(child, dict) and id(child) not in self.done:
                self.queue.append((child, resolver, base))
        del self.active[key]
        self.done.add(key)

    def _follow(self, ref: str | None, target: Any, resolver: Any, base: str) -> None:
        if not isinstance(target, dict):
            return
        if ref is not None:
            self.trail.append(ref)
        if id(target) in self.active:
            loop = " -> ".join(self.trail[self.active[id(target)] :])
            raise SchemaError(
                f"circular $ref in schema {self.name}: {loop} leads back to itself "
                "without reaching into the value"
            )
        self._visit(target, resolver, base)
        if ref is not None:
            self.trail.pop()

    def _lookup(self, ref: str, resolver: Any, base: str) -> tuple[Any, Any]:
        from referencing.exceptions import Unresolvable

        where = f"$ref '{ref}' in schema {self._file(base)}"
        scheme = urlsplit(ref).scheme
        if scheme in ("http", "https"):
            raise SchemaError(
                f"{where}: remote references are not allowed and never fetched; "
                "save the schema in the project and refer to it by a relative path"
            )
        if scheme == "file":
            raise SchemaError(f"{where}: file: references are not allowed; use a relative path")
        try:
            resolved = resolver.lookup(ref)
        except Unresolvable as error:
            cause: BaseException | None = error
            while cause is not None and not isinstance(cause, _Refused):
                cause = cause.__cause__
            if cause is not None:
                raise SchemaError(f"{where}: {cause}") from None
            raise SchemaError(f"{where} points to no location in that schema") from None
        return resolved.contents, resolved.resolver

    def _file(self, uri: str) -> str:
        parts = urlsplit(uri)
        if parts.scheme == "file":
            path = Path(url2pathname(parts.path))
            return self.name if path.name == "" else self.site.shown(path)
        return uri


# ---------------------------------------------------------------------------
# The validator: jsonschema plus yamlType, deprecated and time-bounded patterns


class _PatternTimeout(Exception):
    pass


# Timeouts per pattern. A pattern that timed out a few times is not run again
# in this process: a slow pattern costs a bounded time per run, not per value,
# and one timeout on a busy machine does not condemn a good pattern.
_SLOW_PATTERNS: dict[str, int] = {}
_GIVE_UP_AFTER = 3


def _search(pattern: str, text: str) -> bool:
    """``re.search`` semantics with a time budget (`_PatternTimeout` when exceeded)."""
    import regex

    if _SLOW_PATTERNS.get(pattern, 0) >= _GIVE_UP_AFTER:
        raise _PatternTimeout
    try:
        return regex.search(pattern, text, timeout=PATTERN_TIMEOUT) is not None
    except TimeoutError:
        _SLOW_PATTERNS[pattern] = _SLOW_PATTERNS.get(pattern, 0) + 1
        raise _PatternTimeout from None


def _timeout_error(pattern: str, key: Any = None) -> ValidationError:
    from jsonschema.exceptions import ValidationError

    return ValidationError(
        f"pattern {pattern} took longer than {PATTERN_TIMEOUT} s and was stopped",
        validator="patternTimeout",
        validator_value=pattern,
        path=() if key is None else (key,),
    )


def _kw_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if not isinstance(instance, str):
        return
    try:
        matched = _search(pattern, instance)
    except _PatternTimeout:
        yield _timeout_error(pattern)
        return
    if not matched:
        yield ValidationError(f"does not match {pattern}")


def _kw_pattern_properties(
    validator: Any, patterns: Mapping[str, Any], instance: Any, schema: Any
) -> Iterator[Any]:
    if not isinstance(instance, dict):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            try:
                matched = isinstance(key, str) and _search(pattern, key)
            except _PatternTimeout:
                yield _timeout_error(pattern, key)
                return
            if matched:
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _extra_keys(instance: Mapping[Any, Any], schema: Mapping[str, Any]) -> list[Any]:
    """Keys neither in ``properties`` nor matching ``patternProperties``."""
    properties = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extra = []
    for key in instance:
        if key in properties:
            continue
        if patterns and isinstance(key, str):
            try:
                if any(_search(p, key) for p in patterns):
                    continue
            except _PatternTimeout:
                continue  # reported by patternProperties
        extra.append(key)
    return extra


def _kw_additional_properties(
    validator: Any, additional: Any, instance: Any, schema: Any
) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if not isinstance(instance, dict):
        return
    extra = _extra_keys(instance, schema)
    if isinstance(additional, dict):
        for key in extra:
            yield from validator.descend(instance[key], additional, path=key)
    elif additional is False and extra:
        yield ValidationError("additional properties are not allowed")


def _is_yaml_type(value: Any, kind: str) -> bool:
    if kind == "date":
        return isinstance(value, date) and not isinstance(value, datetime)
    if kind == "datetime":
        return isinstance(value, datetime)
    return isinstance(value, date)


def _kw_yaml_type(validator: Any, kinds: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    listed = [kinds] if isinstance(kinds, str) else kinds
    if not any(_is_yaml_type(instance, kind) for kind in listed):
        yield ValidationError(f"is not a YAML {' or '.join(listed)}")


def _kw_deprecated(validator: Any, deprecated: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if deprecated is True:
        yield ValidationError("is deprecated")


@cache
def _extended(cls: Any) -> Any:
    from jsonschema import validators

    return validators.extend(  # type: ignore[no-untyped-call]
        cls,
        {
            "yamlType": _kw_yaml_type,
            "deprecated": _kw_deprecated,
            "pattern": _kw_pattern,
            "patternProperties": _kw_pattern_properties,
            "additionalProperties": _kw_additional_properties,
        },
    )


@cache
def _format_checker(cls: Any) -> Any:
    """The draft's format checks, all enforced, with YAML dates for date and date-time."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=list(cls.FORMAT_CHECKER.checkers))
    for name, kind in (("date", "date"), ("date-time", "datetime")):
        if name not in checker.checkers:
            continue
        original, raises = checker.checkers[name]

        def check(value: Any, original: Any = original, kind: str = kind) -> bool:
            if isinstance(value, date):
                return _is_yaml_type(value, kind)
            return bool(original(value))

        checker.checks(name, raises)(check)
    return checker


# ---------------------------------------------------------------------------
# Pages: which schema, and its errors as findings


@dataclass
class SchemaSet:
    """The schemas of a run and how pages are matched to them.

    A page's own ``$schema`` key wins; then the first glob of ``globs`` that
    matches the page's path relative to docs_dir; then ``default``.
    """

    site: Site
    default: Schema | None = None
    globs: tuple[tuple[str, Callable[[str], bool], Schema], ...] = ()
    _declared: dict[str, Schema | str] = field(default_factory=dict)

    def validate(self, doc: Document) -> Iterator[Finding]:
        meta = doc.meta
        if meta is None:
            if doc.meta_findings or doc.encoding_finding:
                return  # frontmatter-syntax already reports why there is none
            meta = {}
        schema: Schema | str | None
        if "$schema" in meta:
            schema = self._declared_schema(doc, meta["$schema"])
            if isinstance(schema, str):
                line, column = _value_position(doc, ("$schema",))
                yield Finding(line, schema, column)
                return
            meta = {k: v for k, v in meta.items() if k != "$schema"}
        else:
            schema = self.schema_for(doc.src_path)
        if schema is not None:
            yield from schema.findings(doc, meta)

    def schema_for(self, src_path: str) -> Schema | None:
        for _, matches, schema in self.globs:
            if matches(src_path):
                return schema
        return self.default

    def _declared_schema(self, doc: Document, value: Any) -> Schema | str:
        """The schema a page names in ``$schema``, or why it cannot be used."""
        if not isinstance(value, str) or not value.strip():
            return "$schema must be a preset name or a path to a schema file"
        if value in PRESETS:
            key = value
        else:
            if urlsplit(value).scheme:
                return (
                    f"$schema '{value}' is not a local file: schemas are never fetched; "
                    "use a path relative to the page or to the project folder, or a preset"
                )
            found = self._page_relative(doc, value)
            if isinstance(found, str):
                return found
            key = str(found)
        if key not in self._declared:
            spec = value if value in PRESETS else str(Path(key))
            try:
                self._declared[key] = load_schema(spec, self.site)
            except SchemaError as error:
                self._declared[key] = f"$schema '{value}': {error}"
        return self._declared[key]

    def _page_relative(self, doc: Document, value: str) -> Path | str:
        base = self.site.base_dir.resolve()
        page = self._page_file(doc)
        candidates = ([page.parent / value] if page is not None else []) + [base / value]
        for candidate in candidates:
            if candidate.exists():
                resolved = candidate.resolve()
                if not resolved.is_relative_to(base):
                    return f"$schema '{value}' is outside the project folder"
                return resolved
        return f"$schema '{value}' does not exist (relative to the page or the project folder)"

    def _page_file(self, doc: Document) -> Path | None:
        """The page's file: under docs_dir by its source path, else by its shown path."""
        candidates = [Path(doc.path), self.site.base_dir / doc.path]
        if self.site.docs_dir is not None:
            candidates.insert(0, self.site.docs_dir / doc.src_path)
        return next((c for c in candidates if c.is_file()), None)


def _findings(doc: Document, error: Any, seen: set[Any]) -> Iterator[Finding]:
    """One jsonschema error as findings (several for several unknown keys)."""
    path = tuple(error.absolute_path)
    keyword = error.validator
    custom = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    if keyword == "deprecated":
        line, column = _position(doc, path)
        message = f"{_label(path)}: {custom}" if custom else f"{_label(path)} is deprecated"
        yield Finding(line, message, column, severity=Severity.WARNING)
        return
    if custom:
        line, column = _value_position(doc, path)
        yield Finding(line, f"{_label(path)}: {custom}", column)
        return
    if keyword == "required":
        yield from _missing(doc, error, path, seen)
        return
    if (
        keyword in ("additionalProperties", "unevaluatedProperties")
        and error.validator_value is False
    ):
        yield from _unknown(doc, error, path)
        return
    if keyword in ("anyOf", "oneOf") and error.context:
        combined = _combined_type_message(doc, error, path)
        if combined is not None:
            line, column = _value_position(doc, path)
            yield Finding(line, combined, column)
            return
        from jsonschema.exceptions import best_match

        # Branches that failed on the value's kind are the least relevant: the
        # value was clearly meant for another branch.
        wrong_kind = {
            sub.relative_schema_path[0]
            for sub in error.context
            if sub.validator in ("type", "yamlType") and not sub.relative_path
        }
        relevant = [s for s in error.context if s.relative_schema_path[0] not in wrong_kind]
        cause = best_match(relevant or error.context)
        if cause is not None:
            yield from _findings(doc, cause, seen)
            return
    if "propertyNames" in error.relative_schema_path and isinstance(error.instance, str):
        line, column = _position(doc, (*path, error.instance))
        yield Finding(line, f"key '{error.instance}': {_message(doc, error, path)}", column)
        return
    line, column = _value_position(doc, path)
    yield Finding(line, _message(doc, error, path), column)


def _missing(doc: Document, error: Any, path: tuple[Any, ...], seen: set[Any]) -> Iterator[Finding]:
    if (path, "required") in seen or not isinstance(error.instance, dict):
        return
    seen.add((path, "required"))
    missing = [k for k in error.validator_value if k not in error.instance]
    for key in missing:
        if path:
            line, column = _position(doc, path)
            yield Finding(
                line,
                f"{_label(path)} is missing the required key '{key}': add '{key}:' under it",
                column,
            )
        elif doc.meta_span is None:
            yield Finding(
                1,
                f"the page has no front matter, and the schema requires '{key}': add "
                f"front matter with '{key}:' between '---' lines at the top",
            )
        else:
            yield Finding(
                doc.meta_span[0], f"missing required key '{key}': add '{key}:' to the front matter"
            )


def _unknown(doc: Document, error: Any, path: tuple[Any, ...]) -> Iterator[Finding]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    if error.validator == "additionalProperties":
        extra = _extra_keys(instance, error.schema)
    else:  # unevaluatedProperties: jsonschema names them in its message
        extra = [k for k in instance if repr(k) in error.message]
    allowed = [k for k in error.schema.get("properties", {}) if k not in instance]
    for key in extra:
        line, column = _position(doc, (*path, key))
        where = f" in {_label(path)}" if path else ""
        message = f"unknown key '{key}'{where} is not allowed by the schema"
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        if close:
            message += f": did you mean '{close[0]}'?"
        elif allowed and len(allowed) <= 12:
            message += f" (allowed: {', '.join(allowed)})"
        yield Finding(line, message, column)


def _message(doc: Document, error: Any, path: tuple[Any, ...]) -> str:
    """What a person reads for one error: no Python reprs, values shown as YAML."""
    label = _label(path)
    keyword = error.validator
    value = error.validator_value
    instance = error.instance
    shown = _render(instance)
    if keyword == "type":
        expected = [value] if isinstance(value, str) else list(value)
        return _type_message(
            doc, path, instance, [_TYPE_WORDS.get(t, t) for t in expected], set(expected)
        )
    if keyword == "yamlType":
        listed = [value] if isinstance(value, str) else list(value)
        return _type_message(doc, path, instance, [_YAML_WORDS[k] for k in listed], {"timestamp"})
    if keyword == "enum":
        allowed = ", ".join(_render(v) for v in value)
        message = f"{label} must be one of: {allowed}; not {shown}"
        if isinstance(instance, str):
            close = difflib.get_close_matches(instance, [v for v in value if isinstance(v, str)], 1)
            if close:
                message += f" (did you mean {_render(close[0])}?)"
        return message
    if keyword == "const":
        return f"{label} must be {_render(value)}, not {_describe(instance)}"
    if keyword == "format":
        wanted = _FORMAT_WORDS.get(value, f"a valid {value}")
        message = f"{label} must be {wanted}, not {_describe(instance)}"
        if value in ("date", "date-time") and isinstance(instance, str):
            message += _timestamp_hint(_raw_value(doc, path), instance)
        elif value in ("date", "date-time") and isinstance(instance, date):
            message += ": it has a time" if value == "date" else ": it has no time of day"
        return message
    if keyword == "pattern":
        return f"{label} must match the pattern {value}, not {_describe(instance)}"
    if keyword == "patternTimeout":
        return (
            f"{label}: the schema's pattern {shorten(str(value), 60)} took longer than "
            f"{PATTERN_TIMEOUT} s and was stopped, so the value is not checked: "
            "simplify the pattern"
        )
    limits = {
        "minLength": ("at least", "character", len),
        "maxLength": ("at most", "character", len),
        "minItems": ("at least", "item", len),
        "maxItems": ("at most", "item", len),
        "minProperties": ("at least", "key", len),
        "maxProperties": ("at most", "key", len),
    }
    if keyword in limits and isinstance(instance, (str, list, dict)):
        bound, unit, measure = limits[keyword]
        count = measure(instance)
        plural = "s" if value != 1 else ""
        return f"{label} must have {bound} {value} {unit}{plural}, not {count}: {shown}"
    bounds = {
        "minimum": "at least",
        "maximum": "at most",
        "exclusiveMinimum": "greater than",
        "exclusiveMaximum": "less than",
        "multipleOf": "a multiple of",
    }
    if keyword in bounds and not isinstance(value, bool):
        return f"{label} must be {bounds[keyword]} {_render(value)}, not {_describe(instance)}"
    if keyword == "uniqueItems" and isinstance(instance, list):
        seen: set[str] = set()
        repeated = "an item"
        for item in instance:
            key = json.dumps(item, sort_keys=True, default=str)
            if key in seen:
                repeated = _render(item)
                break
            seen.add(key)
        return f"{label} lists {repeated} more than once"
    if keyword in ("contains", "minContains", "maxContains"):
        return f"{label} does not have the items its schema asks for ({keyword})"
    if keyword == "not":
        return f"{label} must not be {_describe(instance)}"
    if keyword == "oneOf":
        return f"{label} matches more than one of the alternatives the schema allows"
    if keyword in ("dependentRequired", "dependencies"):
        return f"{label}: {_sanitize(error.message, instance)}"
    if keyword is None or error.schema is False:
        return f"{label} is not allowed here"
    return f"{label}: {_sanitize(error.message, instance)} ({keyword})"


_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}
_YAML_WORDS = {
    "timestamp": "a YAML date or timestamp",
    "date": "a YAML date",
    "datetime": "a YAML timestamp with a time",
}
_FORMAT_WORDS = {
    "date": "a date (YYYY-MM-DD)",
    "date-time": "a date and time (like 2025-09-18T04:37:41+00:00)",
    "time": "a time of day (like 04:37:41+00:00)",
    "uri": "an absolute URI (like https://example.com/page)",
    "uri-reference": "a URI or a relative reference",
    "iri": "an absolute IRI",
    "email": "an email address",
    "hostname": "a host name",
    "ipv4": "an IPv4 address",
    "ipv6": "an IPv6 address",
    "uuid": "a UUID",
    "duration": "an ISO 8601 duration (like P1DT2H)",
    "regex": "a regular expression",
}


def _combined_type_message(doc: Document, error: Any, path: tuple[Any, ...]) -> str | None:
    """``anyOf`` whose every branch failed on the value's kind: one message naming all kinds."""
    words: list[str] = []
    wants: set[str] = set()
    for sub in error.context:
        if sub.relative_path:
            return None
        listed = _listed(sub.validator_value)
        if sub.validator == "type":
            required = sub.schema.get("required") if isinstance(sub.schema, dict) else None
            for kind in listed:
                word = _TYPE_WORDS.get(kind, kind)
                if kind == "object" and required:
                    word += " with " + ", ".join(f"'{k}'" for k in required)
                words.append(word)
            wants.update(listed)
        elif sub.validator == "yamlType":
            words.extend(_YAML_WORDS[k] for k in listed)
            wants.add("timestamp")
        else:
            continue
    branches = {tuple(sub.relative_schema_path)[:1] for sub in error.context}
    typed = {
        tuple(sub.relative_schema_path)[:1]
        for sub in error.context
        if sub.validator in ("type", "yamlType")
    }
    if not words or branches != typed:
        return None
    return _type_message(doc, path, error.instance, list(dict.fromkeys(words)), wants)


def _listed(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


def _type_message(
    doc: Document, path: tuple[Any, ...], instance: Any, words: list[str], wants: set[str]
) -> str:
    expected = words[0] if len(words) == 1 else ", ".join(words[:-1]) + ", or " + words[-1]
    message = f"{_label(path)} must be {expected}, not {_describe(instance)}"
    raw = _raw_value(doc, path)
    if isinstance(instance, str) and "timestamp" in wants:
        return message + _timestamp_hint(raw, instance)
    if "string" in wants and isinstance(instance, (bool, int, float, date)) and raw:
        token = raw.strip()
        if isinstance(instance, bool) and token.lower() not in ("true", "false"):
            return (
                message + f": YAML 1.1 reads the bare word {token} as {_render(instance)}; "
                f'quote it: "{token}"'
            )
        return message + f': YAML reads {token} as {_kind(instance)}; quote it: "{token}"'
    if "array" in wants and isinstance(instance, (str, int, float)) and raw:
        return message + f": write it as a list: [{raw.strip()}]"
    return message


_LOOSE_TIMESTAMP = re.compile(
    r"""\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})
    (?:(?P<sep>[Tt]|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{1,2})(?::(?P<S>\d{1,2})(?P<f>\.\d+)?)?
       (?P<sp>[ \t]*)(?P<tz>[Zz]|[+-]\d{1,2}(?::?\d{2})?)?)?\s*\Z""",
    re.VERBOSE,
)


def timestamp_fix(text: str) -> tuple[str, list[str]] | None:
    """A spelling of ``text`` that YAML reads as a date or timestamp, and what was wrong.

    ``2025-09-18 04:37:41 +0000`` gives ``2025-09-18 04:37:41 +00:00`` (the
    offset needs a colon); ``2025-9-18`` gives ``2025-09-18``. ``None`` when
    ``text`` is no date.
    """
    match = _LOOSE_TIMESTAMP.match(text)
    if not match:
        return None
    g = match.groupdict()
    reasons = []
    if len(g["m"]) == 1 or len(g["d"]) == 1:
        reasons.append("month and day need two digits")
    fixed = f"{g['y']}-{int(g['m']):02d}-{int(g['d']):02d}"
    if g["H"] is not None:
        if g["S"] is None:
            reasons.append("the time needs seconds")
        if len(g["M"]) == 1 or (g["S"] is not None and len(g["S"]) == 1):
            reasons.append("minutes and seconds need two digits")
        separator = "T" if g["sep"] in "Tt" else " "
        hour, minute, second = int(g["H"]), int(g["M"]), int(g["S"] or 0)
        fixed += f"{separator}{hour:02d}:{minute:02d}:{second:02d}{g['f'] or ''}"
        tz = g["tz"]
        if tz:
            if tz in "Zz":
                fixed += g["sp"] + "Z"
            else:
                digits = tz[1:].replace(":", "")
                hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
                if ":" not in tz:
                    reasons.append("the offset needs a colon")
                fixed += f"{g['sp']}{tz[0]}{int(hours):02d}:{minutes}"
    try:
        value = yaml.load(fixed, Loader=_Loader)
    except (yaml.YAMLError, ValueError):
        return None  # no such day: 2025-02-30
    if not isinstance(value, date):
        return None
    return fixed, reasons


def _timestamp_hint(raw: str | None, value: str) -> str:
    quoted = raw is not None and raw.strip()[:1] in ("'", '"')
    found = timestamp_fix(value)
    if found is None and _LOOSE_TIMESTAMP.match(value):
        return ": there is no such date or time"
    if found is None:
        return (
            ": YAML reads a date only as YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an "
            "optional offset like +00:00"
        )
    fixed, reasons = found
    if quoted:
        reasons.insert(0, "it is quoted")
    why = ", and ".join(reasons) if reasons else "it is not spelled as YAML reads a date"
    return f": {why}, so YAML keeps it a string; write {fixed}"


# ---------------------------------------------------------------------------
# Positions and values as shown


def _opening(doc: Document) -> int:
    return doc.meta_span[0] if doc.meta_span else 1


def _position(doc: Document, path: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column of the key (or list item) at ``path``, or of its nearest parent."""
    while path:
        if path in doc.meta_keys:
            return doc.meta_keys[path]
        path = path[:-1]
    return _opening(doc), 1


_KEY_END = re.compile(r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#][^#]*?)[ \t]*:(?:[ \t]+|\Z)""")


def _value_start(doc: Document, path: tuple[Any, ...]) -> tuple[int, int] | None:
    """Line and 1-based column where the value at ``path`` starts, when on the key's line."""
    if not path or path not in doc.meta_keys:
        return None
    line, column = doc.meta_keys[path]
    if isinstance(path[-1], int):
        return line, column
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    match = _KEY_END.match(text, column - 1)
    if not match or match.end() >= len(text) or text[match.end()] == "#":
        return None
    return line, match.end() + 1


def _value_position(doc: Document, path: tuple[Any, ...]) -> tuple[int, int]:
    return _value_start(doc, path) or _position(doc, path)


def _raw_value(doc: Document, path: tuple[Any, ...]) -> str | None:
    """The value at ``path`` as written in the file (a scalar on one line), if found."""
    start = _value_start(doc, path)
    if start is None:
        return None
    line, column = start
    text = doc.lines[line - 1][column - 1 :]
    if text[:1] in ("'", '"'):
        end = text.find(text[0], 1)
        return text[: end + 1] if end > 0 else text
    in_flow = any(bracket in doc.lines[line - 1][: column - 1] for bracket in "[{")
    stop = re.search(r"[ \t]#|[,\]}]" if in_flow else r"[ \t]#", text)
    return (text[: stop.start()] if stop else text).strip() or None


def _label(path: tuple[Any, ...]) -> str:
    if not path:
        return "the front matter"
    out = str(path[0])
    for part in path[1:]:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return f"'{out}'"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, datetime):
        return "a timestamp"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a YAML {type(value).__name__} value"


def _describe(value: Any) -> str:
    """``the string "abc"``, ``the date 2025-09-18``, ``a list [a, b]``, ``empty (null)``."""
    if value is None:
        return "empty (null)"
    kind = _kind(value)
    if isinstance(value, (list, dict)):
        return f"{kind} {_render(value)}"
    return f"the {kind.split(' ', 1)[1]} {_render(value)}"


def _render(value: Any, width: int = 60) -> str:
    """A value as YAML would show it, on one line, at most ``width`` characters."""
    out: list[str] = []
    _emit(value, out, [width * 2])
    return shorten("".join(out), width)


def _emit(value: Any, out: list[str], budget: list[int]) -> None:
    if budget[0] <= 0:
        out.append("…")
        return
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, float):
        text = {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}.get(repr(value), repr(value))
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(", ")
            _emit(item, out, budget)
            if budget[0] <= 0:
                break
        out.append("]")
        return
    elif isinstance(value, dict):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(", ")
            _emit(key, out, budget)
            out.append(": ")
            _emit(item, out, budget)
            if budget[0] <= 0:
                break
        out.append("}")
        return
    else:
        text = f"<{type(value).__name__}>"
    budget[0] -= len(text)
    out.append(text)


def _sanitize(message: str, instance: Any) -> str:
    """A jsonschema message with the Python repr of the value replaced by YAML."""
    try:
        text = repr(instance)
    except Exception:  # pragma: no cover - every YAML value has a repr
        return message
    return shorten(message.replace(text, _render(instance)), 160) if text else message


def site_from_plugins(
    base_dir: Path, docs_dir: Path | None, plugins: Iterable[tuple[str, Any]]
) -> Site:
    """A `Site` from plugin entries whose settings may be any mapping-like object."""
    entries = tuple(
        (str(name), settings if isinstance(settings, Mapping) else {}) for name, settings in plugins
    )
    return Site(base_dir=base_dir, docs_dir=docs_dir, plugins=entries)
