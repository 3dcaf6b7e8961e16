"""A jsonschema error as findings a person can act on: the line of the key, a plain message."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import yaml

from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.schema.keywords import PATTERN_TIMEOUT, extra_keys
from mkdocs_postlint.text import shorten

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

if TYPE_CHECKING:
    from mkdocs_postlint.document import Document


def error_findings(doc: Document, error: Any, seen: set[Any]) -> Iterator[Finding]:
    """One jsonschema error as findings (several for several unknown keys)."""
    path = tuple(error.absolute_path)
    keyword = error.validator
    custom = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    if keyword == "deprecated":
        line, column = _position(doc, path)
        message = f"{_label(path)}: {custom}" if custom else f"{_label(path)} is deprecated"
        hint = _rename_hint(error.schema, path)
        yield Finding(line, message, column, severity=Severity.WARNING, fix_hint=hint)
        return
    if custom:
        line, column = value_position(doc, path)
        hint = _fix_hint(doc, error, path)
        yield Finding(line, f"{_label(path)}: {custom}", column, fix_hint=hint)
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
            line, column = value_position(doc, path)
            yield Finding(line, combined, column, fix_hint=_fix_hint(doc, error, path))
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
            yield from error_findings(doc, cause, seen)
            return
    if "propertyNames" in error.relative_schema_path and isinstance(error.instance, str):
        line, column = _position(doc, (*path, error.instance))
        yield Finding(line, f"key '{error.instance}': {_message(doc, error, path)}", column)
        return
    line, column = value_position(doc, path)
    yield Finding(line, _message(doc, error, path), column, fix_hint=_fix_hint(doc, error, path))


def _rename_hint(schema: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """``("rename", path, new key, as a list)`` from the ``replacedBy`` keyword."""
    replaced = schema.get("replacedBy") if isinstance(schema, dict) else None
    if isinstance(replaced, str):
        replaced = {"key": replaced}
    if not path or not isinstance(replaced, dict) or not isinstance(replaced.get("key"), str):
        return ()
    return ("rename", path, replaced["key"], replaced.get("list") is True)


def _fix_hint(doc: Document, error: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """How frontmatter-schema's fix repairs a value of the wrong kind, if it can.

    ``("timestamp", path, spelling)``: a string that is nearly a date;
    ``("quote", path)``: a bare word YAML reads as a boolean, number or date
    where text is expected; ``("list", path)``: one value where a list is expected.
    """
    keyword, instance = error.validator, error.instance
    if keyword == "type":
        wants = set(_listed(error.validator_value))
    elif keyword == "yamlType" or (
        keyword == "format" and error.validator_value in ("date", "date-time")
    ):
        wants = {"timestamp"}
    elif keyword in ("anyOf", "oneOf") and error.context:
        wants = set()
        for sub in error.context:
            if sub.validator == "type" and not sub.relative_path:
                wants.update(_listed(sub.validator_value))
            elif sub.validator == "yamlType" and not sub.relative_path:
                wants.add("timestamp")
    else:
        return ()
    if isinstance(instance, str) and "timestamp" in wants:
        found = timestamp_fix(instance)
        return ("timestamp", path, found[0]) if found else ()
    if _raw_value(doc, path) is None:
        return ()
    if "string" in wants and isinstance(instance, (bool, int, float, date)):
        return ("quote", path)
    if "array" in wants and isinstance(instance, (str, int, float)):
        return ("list", path)
    return ()


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
        extra = extra_keys(instance, error.schema)
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
    shown = render_value(instance)
    if keyword == "type":
        expected = [value] if isinstance(value, str) else list(value)
        return _type_message(
            doc, path, instance, [_TYPE_WORDS.get(t, t) for t in expected], set(expected)
        )
    if keyword == "yamlType":
        listed = [value] if isinstance(value, str) else list(value)
        return _type_message(doc, path, instance, [_YAML_WORDS[k] for k in listed], {"timestamp"})
    if keyword == "enum":
        allowed = ", ".join(render_value(v) for v in value)
        message = f"{label} must be one of: {allowed}; not {shown}"
        if isinstance(instance, str):
            close = difflib.get_close_matches(instance, [v for v in value if isinstance(v, str)], 1)
            if close:
                message += f" (did you mean {render_value(close[0])}?)"
        return message
    if keyword == "const":
        return f"{label} must be {render_value(value)}, not {_describe(instance)}"
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
        return f"{label} must be {bounds[keyword]} {render_value(value)}, not {_describe(instance)}"
    if keyword == "uniqueItems" and isinstance(instance, list):
        seen: set[str] = set()
        repeated = "an item"
        for item in instance:
            key = json.dumps(item, sort_keys=True, default=str)
            if key in seen:
                repeated = render_value(item)
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
                message + f": YAML 1.1 reads the bare word {token} as {render_value(instance)}; "
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


def opening_line(doc: Document) -> int:
    return doc.meta_span[0] if doc.meta_span else 1


def _position(doc: Document, path: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column of the key (or list item) at ``path``, or of its nearest parent."""
    while path:
        if path in doc.meta_keys:
            return doc.meta_keys[path]
        path = path[:-1]
    return opening_line(doc), 1


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


def value_position(doc: Document, path: tuple[Any, ...]) -> tuple[int, int]:
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
        return f"{kind} {render_value(value)}"
    return f"the {kind.split(' ', 1)[1]} {render_value(value)}"


def render_value(value: Any, width: int = 60) -> str:
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
    return shorten(message.replace(text, render_value(instance)), 160) if text else message
