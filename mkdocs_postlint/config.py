"""The configuration shared by the plugin and the command line.

Both read the same ``postlint`` block (from mkdocs.yml, or given to the CLI),
and both go through `load_config`, so a setting means the same in each. Every
problem is a `ConfigError` whose message starts with ``invalid config:`` and
names the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs_postlint.problem import Severity
from mkdocs_postlint.rules import RULES
from mkdocs_postlint.text import shorten

__all__ = ["KNOWN_KEYS", "Config", "ConfigError", "RuleSetting", "glob_matcher", "load_config"]

KNOWN_KEYS = frozenset({"enabled", "fail_on", "schema", "exclude", "rules", "max_file_size"})
FAIL_ON = ("error", "warning", "never")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
"""Pages larger than this are reported by ``file-too-large`` and not read (10 MiB)."""
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|bytes|kb|kib|mb|mib|gb|gib)?\s*", re.IGNORECASE)
_UNITS = {"kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}


class ConfigError(Exception):
    """The configuration cannot be used; the message names the key."""


@dataclass(frozen=True)
class RuleSetting:
    """A rule as configured: on or off, its severity and its options."""

    enabled: bool
    severity: Severity
    options: Mapping[str, Any]


@dataclass(frozen=True)
class Config:
    """A validated configuration.

    Attributes:
        base_dir: the folder relative paths (schema files) are resolved from:
            the folder of mkdocs.yml, or the current folder.
        fail_on: the lowest severity that fails the run; ``None`` for never.
    """

    base_dir: Path = field(default_factory=Path.cwd)
    enabled: bool = True
    fail_on: Severity | None = Severity.ERROR
    exclude: tuple[str, ...] = ()
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE

    def is_excluded(self, src_path: str) -> bool:
        return bool(self.exclude) and glob_matcher(self.exclude)(src_path)

    def fails(self, severity: Severity) -> bool:
        return self.fail_on is not None and severity.rank >= self.fail_on.rank


def _severity(value: Any, key: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"invalid config: {key}: expected 'error' or 'warning', got {value!r}"
        ) from None


def _rule_setting(rule_id: str, raw: Any) -> RuleSetting:
    rule = RULES[rule_id]
    key = f"rules.{rule_id}"
    enabled, severity, given = True, rule.SEVERITY, {}
    if raw is False or raw == "off":
        enabled = False
    elif raw is True or raw is None:
        pass
    elif isinstance(raw, str):
        severity = _severity(raw, key)
    elif isinstance(raw, Mapping):
        given = dict(raw)
        enabled = given.pop("enabled", True)
        if not isinstance(enabled, bool):
            raise ConfigError(f"invalid config: {key}.enabled: expected true or false")
        if "severity" in given:
            severity = _severity(given.pop("severity"), f"{key}.severity")
        unknown = sorted(set(given) - set(rule.OPTIONS))
        if unknown:
            known = ", ".join(sorted(rule.OPTIONS)) or "none"
            raise ConfigError(
                f"invalid config: {key}: unknown option '{unknown[0]}' (options: {known})"
            )
        for name, value in given.items():
            default = rule.OPTIONS[name]
            if default is not None and not isinstance(value, type(default)):
                raise ConfigError(
                    f"invalid config: {key}.{name}: expected {type(default).__name__}, "
                    f"got {type(value).__name__}"
                )
    else:
        raise ConfigError(
            f"invalid config: {key}: expected off, error, warning, true, false or a mapping"
        )
    return RuleSetting(enabled, severity, {**rule.OPTIONS, **given})


def load_config(
    raw: Mapping[str, Any] | None, base_dir: Path | None = None, schema: Any = None
) -> Config:
    """Validate a ``postlint`` block; ``schema`` overrides the block's schema."""
    raw = dict(raw or {})
    base = base_dir if base_dir is not None else Path.cwd()
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        options = ", ".join(sorted(KNOWN_KEYS))
        raise ConfigError(f"invalid config: unknown option '{unknown[0]}' (options: {options})")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError("invalid config: enabled: expected true or false")
    fail_on = raw.get("fail_on", "error")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"invalid config: fail_on: expected one of {', '.join(FAIL_ON)}")
    exclude = raw.get("exclude") or []
    if not isinstance(exclude, list) or not all(isinstance(g, str) for g in exclude):
        raise ConfigError("invalid config: exclude: expected a list of glob patterns")
    max_file_size = _size(raw.get("max_file_size", DEFAULT_MAX_FILE_SIZE), "max_file_size")
    rules_raw = raw.get("rules") or {}
    if not isinstance(rules_raw, Mapping):
        raise ConfigError("invalid config: rules: expected a mapping of rule names")
    for rule_id in rules_raw:
        if rule_id not in RULES:
            raise ConfigError(
                f"invalid config: rules: unknown rule '{rule_id}' "
                "(`mkdocs-postlint rules` lists them)"
            )
    rules = {rule_id: _rule_setting(rule_id, rules_raw.get(rule_id)) for rule_id in RULES}
    schema_spec = schema if schema is not None else raw.get("schema")
    if schema_spec is not None:
        rules["frontmatter-schema"] = _with_schema(rules["frontmatter-schema"], schema_spec, base)
    return Config(
        base_dir=base,
        enabled=enabled,
        fail_on=None if fail_on == "never" else Severity(fail_on),
        exclude=tuple(exclude),
        rules=rules,
        max_file_size=max_file_size,
    )


def _size(value: Any, key: str) -> int:
    """A size in bytes from ``10485760``, ``"10 MiB"`` or ``"10MB"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str) and (match := _SIZE.fullmatch(value)):
        unit = (match.group(2) or "b").lower()
        size = int(float(match.group(1)) * _UNITS.get(unit, 1))
    else:
        raise ConfigError(
            f"invalid config: {key}: expected a number of bytes or a size like '10 MiB', "
            f"got {shorten(repr(value), 40)}"
        )
    if size <= 0:
        raise ConfigError(f"invalid config: {key}: must be more than 0 bytes")
    return size


def _with_schema(setting: RuleSetting, spec: Any, base: Path) -> RuleSetting:
    from mkdocs_postlint.schema import SchemaError, load_schema

    if not isinstance(spec, (str, Mapping)):
        raise ConfigError("invalid config: schema: expected a file path or a mapping")
    try:
        loaded = load_schema(spec, base)
    except SchemaError as error:
        raise ConfigError(f"invalid config: schema: {error}") from None
    return RuleSetting(setting.enabled, setting.severity, {**setting.options, "schema": loaded})


@lru_cache(maxsize=64)
def _glob_regex(pattern: str) -> str:
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return "".join(out)


@lru_cache(maxsize=64)
def _glob_union(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_glob_regex(p.lstrip('/'))})" for p in patterns))


def glob_matcher(patterns: tuple[str, ...]) -> Any:
    """A predicate: does a ``/``-separated relative path match one of the globs?

    ``*`` matches within one folder, ``**`` across folders, ``?`` one character.
    """
    regex = _glob_union(tuple(patterns))
    return lambda path: regex.fullmatch(path) is not None
