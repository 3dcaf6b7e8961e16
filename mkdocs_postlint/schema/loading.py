"""Loading schemas (files, inline mappings, presets): checked, every ``$ref`` resolved offline."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml

from mkdocs_postlint.plain import plain_data
from mkdocs_postlint.presets import PRESETS, material_blog, preset_path
from mkdocs_postlint.problem import Finding
from mkdocs_postlint.schema.keywords import extended, format_checker
from mkdocs_postlint.schema.messages import (
    error_findings,
    opening_line,
    render_value,
    value_position,
)
from mkdocs_postlint.text import shorten

if TYPE_CHECKING:
    from mkdocs_postlint.document import Document


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
                yield from error_findings(doc, error, seen)
        except RecursionError:
            yield Finding(
                opening_line(doc), f"schema {self.name} recurses without end on this page"
            )
        except Exception as error:  # a reference error would surface here; all are checked at load
            yield Finding(opening_line(doc), f"schema {self.name} could not be applied: {error}")
        if self.blogs:
            shown = self.site.shown if self.site else str
            for path, message in material_blog.check(self.blogs, meta, doc.src_path, shown):
                line, column = value_position(doc, path)
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
    cls = extended(base_cls)
    return Schema(name, cls(schema, registry=registry, format_checker=format_checker(base_cls)))


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
                    f"{', '.join(YAML_TYPES)} (or a list of them), not {render_value(kinds)}"
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


def _url2pathname(path: str) -> str:
    """``urllib.request.url2pathname``, imported only when a ``file:`` URI is met
    (urllib.request brings http.client, email and ssl: a third of start-up)."""
    from urllib.request import url2pathname

    return url2pathname(path)


def _retriever(root: Path, site: Site, retrieved: dict[str, Any]) -> Callable[[str], Any]:
    """The registry's only source: schema files under ``root``, read once."""
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    root = root.resolve()

    def retrieve(uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise _Refused(f"'{uri}' is not a local file, and references are never fetched")
        path = Path(_url2pathname(parts.path)).resolve()
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
            path = Path(_url2pathname(parts.path))
            return self.name if path.name == "" else self.site.shown(path)
        return uri


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
                line, column = value_position(doc, ("$schema",))
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


def site_from_plugins(
    base_dir: Path, docs_dir: Path | None, plugins: Iterable[tuple[str, Any]]
) -> Site:
    """A `Site` from plugin entries whose settings may be any mapping-like object.

    The settings are copied as plain data (`mkdocs_postlint.plain`): a plugin's
    own configuration classes (MkDocs' ``Config``, Material's) would otherwise
    travel with the settings to the plugin's worker process, which would import
    MkDocs and Material again to read them.
    """
    entries = tuple(
        (str(name), plain_data(settings) if isinstance(settings, Mapping) else {})
        for name, settings in plugins
    )
    return Site(base_dir=base_dir, docs_dir=docs_dir, plugins=entries)
