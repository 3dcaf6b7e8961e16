"""The configuration shared by the plugin and the command line.

Both read the same ``postlint`` block (from mkdocs.yml, or given to the CLI),
and both go through `load_config`, so a setting means the same in each. Every
problem is a `ConfigError` whose message starts with ``invalid config:`` and
names the key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs_postlint.problem import Severity
from mkdocs_postlint.rules import RULES

__all__ = ["KNOWN_KEYS", "Config", "ConfigError", "RuleSetting", "glob_matcher", "load_config"]

# Settings of the plugin's pages (report page, serve notice): the CLI accepts and ignores them.
PAGE_KEYS = frozenset({"report_page", "report_page_search", "serve_notice"})
KNOWN_KEYS = frozenset({"enabled", "fail_on", "schema", "schemas", "exclude", "rules"}) | PAGE_KEYS
FAIL_ON = ("error", "warning", "never")


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
    raw: Mapping[str, Any] | None,
    base_dir: Path | None = None,
    schema: Any = None,
    site: Any = None,
) -> Config:
    """Validate a ``postlint`` block.

    ``schema`` (the command line's ``--schema``) replaces the block's ``schema``
    and ``schemas``. ``site`` (a `mkdocs_postlint.schema.Site`) tells schemas
    about docs_dir and the blog plugin; by default only ``base_dir`` is known.
    """
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
    rules["frontmatter-schema"] = _with_schemas(
        rules["frontmatter-schema"], raw, schema, base, site
    )
    return Config(
        base_dir=base,
        enabled=enabled,
        fail_on=None if fail_on == "never" else Severity(fail_on),
        exclude=tuple(exclude),
        rules=rules,
    )


def _with_schemas(
    setting: RuleSetting, raw: Mapping[str, Any], override: Any, base: Path, site: Any
) -> RuleSetting:
    """The rule's options with the run's `SchemaSet` (every schema loaded and checked now)."""
    from mkdocs_postlint.schema import SchemaError, SchemaSet, Site, load_schema

    site = site if site is not None else Site(base_dir=base)
    if override is not None:
        default_spec, entries = override, []
    else:
        default_spec, entries = raw.get("schema"), _schema_globs(raw.get("schemas"))
    loaded: dict[str, Any] = {}

    def load(spec: Any, where: str) -> Any:
        if not isinstance(spec, (str, Mapping)) or (isinstance(spec, str) and not spec.strip()):
            raise ConfigError(
                f"invalid config: {where}: expected a preset name, a file path or a mapping"
            )
        cache_key = json.dumps(spec, sort_keys=True, default=str)
        if cache_key not in loaded:
            try:
                loaded[cache_key] = load_schema(spec, site)
            except SchemaError as error:
                raise ConfigError(f"invalid config: {where}: {error}") from None
        return loaded[cache_key]

    default = load(default_spec, "schema") if default_spec is not None else None
    globs = tuple(
        (pattern, glob_matcher((pattern,)), load(spec, f"schemas: {pattern}"))
        for pattern, spec in entries
    )
    schemas = SchemaSet(site, default, globs)
    return RuleSetting(setting.enabled, setting.severity, {**setting.options, "schemas": schemas})


def _schema_globs(value: Any) -> list[tuple[str, Any]]:
    """``schemas``: a list of ``{glob, schema}`` or a mapping glob -> schema, in order."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = []
        for index, item in enumerate(value):
            if not isinstance(item, Mapping) or set(item) != {"glob", "schema"}:
                raise ConfigError(
                    f"invalid config: schemas[{index}]: expected a mapping with the keys "
                    "'glob' and 'schema'"
                )
            pairs.append((item["glob"], item["schema"]))
    else:
        raise ConfigError(
            "invalid config: schemas: expected a list of {glob, schema} mappings "
            "or a mapping of globs to schemas"
        )
    for pattern, _ in pairs:
        if not isinstance(pattern, str) or not pattern.strip():
            raise ConfigError(f"invalid config: schemas: glob {pattern!r} is not a glob pattern")
    return pairs


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
