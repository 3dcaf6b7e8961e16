"""JSON Schemas for front matter: loading them offline and mapping errors to lines.

A schema is a file (JSON or YAML) or a mapping written inline in the config.
It is checked when the config loads, so an invalid schema is a configuration
error before any page is linted. ``$ref`` never reaches the network: the
registry resolves only references that the schema itself contains.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mkdocs_postlint.problem import Finding
from mkdocs_postlint.text import shorten

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

    from mkdocs_postlint.document import Document

__all__ = ["Schema", "SchemaError", "load_schema"]


class SchemaError(Exception):
    """A schema that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Schema:
    """A checked schema, ready to validate front matter."""

    name: str
    validator: Validator

    def validate(self, doc: Document) -> Iterator[Finding]:
        """Findings for the page's front matter, each on the line of its key."""
        if doc.meta is None:
            if doc.meta_findings or doc.encoding_finding:
                return  # frontmatter-syntax already reports why there is none
            meta: dict[Any, Any] = {}
        else:
            meta = doc.meta
        for error in sorted(self.validator.iter_errors(meta), key=lambda e: list(e.path)):
            yield _finding(doc, error)


def load_schema(spec: str | Mapping[str, Any], base_dir: Path) -> Schema:
    """Load and check a schema given as a file path or an inline mapping."""
    if isinstance(spec, Mapping):
        return _compile(dict(spec), "inline schema")
    path = (base_dir / spec).resolve()
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SchemaError(f"cannot read schema file {spec}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SchemaError(f"schema file {spec} is not UTF-8") from None
    try:
        data = json.loads(raw) if path.suffix == ".json" else yaml.safe_load(raw)
    except (ValueError, yaml.YAMLError) as error:
        raise SchemaError(f"schema file {spec} cannot be parsed: {error}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"schema file {spec} must contain a JSON Schema object")
    return _compile(data, str(spec))


def _compile(schema: dict[str, Any], name: str) -> Schema:
    from jsonschema import exceptions, validators
    from referencing import Registry

    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except exceptions.SchemaError as error:
        where = "/".join(str(p) for p in error.path) or "(root)"
        raise SchemaError(
            f"invalid schema {name}: '{error.validator}' at {where}: {error.message}"
        ) from None
    validator = cls(schema, registry=Registry(), format_checker=cls.FORMAT_CHECKER)
    return Schema(name, validator)


def _position(doc: Document, path: tuple[Any, ...]) -> tuple[int, int]:
    while path:
        if path in doc.meta_keys:
            return doc.meta_keys[path]
        path = path[:-1]
    return (doc.meta_span[0] if doc.meta_span else 1), 1


def _finding(doc: Document, error: Any) -> Finding:
    path = tuple(error.absolute_path)
    where = ".".join(str(p) for p in path)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        line, column = _position(doc, path)
        inside = f" in '{where}'" if where else ""
        return Finding(line, f"missing required key '{missing}'{inside}", column)
    if error.validator == "additionalProperties":
        extra = [k for k in error.instance if path + (k,) in doc.meta_keys]
        known = error.schema.get("properties", {})
        unexpected = [k for k in extra if k not in known]
        key = unexpected[0] if unexpected else None
        line, column = _position(doc, path + (key,) if key is not None else path)
        return Finding(line, f"unknown key '{key}' is not allowed by the schema", column)
    line, column = _position(doc, path)
    label = f"'{where}'" if where else "front matter"
    return Finding(line, f"{label}: {shorten(error.message, 160)}", column)
