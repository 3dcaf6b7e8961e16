"""The validator: jsonschema plus ``yamlType``, ``deprecated`` and time-bounded patterns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

PATTERN_TIMEOUT = 0.1
"""Seconds a schema's regular expression may take on one value."""

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


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


def extra_keys(instance: Mapping[Any, Any], schema: Mapping[str, Any]) -> list[Any]:
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
    extra = extra_keys(instance, schema)
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
def extended(cls: Any) -> Any:
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
def format_checker(cls: Any) -> Any:
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
