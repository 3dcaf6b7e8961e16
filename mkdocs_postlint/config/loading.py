"""Validating a ``postlint`` block into a `Config`.

Both the plugin and the command line go through `load_config`, so a setting
means the same in each. Every bad setting is named at once where there are
several (all unknown keys of a block, all unknown rule ids), with the name
that was probably meant.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs_postlint.config.globs import glob_matcher
from mkdocs_postlint.config.model import (
    ALL_RULES,
    DEFAULT_MAX_FILE_SIZE,
    FAIL_ON,
    KNOWN_KEYS,
    OVERRIDE_KEYS,
    REPORT_FORMATS,
    Config,
    ConfigError,
    RuleSetting,
)
from mkdocs_postlint.presets import PRESETS
from mkdocs_postlint.problem import Severity
from mkdocs_postlint.suggest import closest, unknown_names
from mkdocs_postlint.text import shorten

__all__ = ["load_config"]

_UNITS = {"kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|bytes|kb|kib|mb|mib|gb|gib)?\s*", re.IGNORECASE)


def _severity(value: Any, key: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"invalid config: {key}: expected 'error' or 'warning', got {value!r}"
        ) from None


def _rule_setting(rule_id: str, raw: Any, key: str, base: RuleSetting | None = None) -> RuleSetting:
    """A rule's setting from its raw value, on top of ``base`` (the defaults if none).

    ``off``/``false`` turn it off; ``error``/``warning`` turn it on at that
    severity; ``true`` turns it on; a mapping turns it on (unless
    ``enabled: false``) with its ``severity`` and options.
    """
    rule = ALL_RULES[rule_id]
    if base is None:
        base = RuleSetting(True, rule.SEVERITY, dict(rule.OPTIONS))
    enabled, severity, given = True, base.severity, {}
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
        unknown = [name for name in given if name not in rule.OPTIONS]
        if unknown:
            known = ", ".join(sorted(["enabled", "severity", *rule.OPTIONS]))
            options = unknown_names("option", unknown, rule.OPTIONS)
            raise ConfigError(f"invalid config: {key}: {options} (options: {known})")
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
    return RuleSetting(enabled, severity, {**base.options, **given})


def _rule_names(raw: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"invalid config: {key}: expected a mapping of rule names")
    unknown = [rule_id for rule_id in raw if rule_id not in ALL_RULES]
    if unknown:
        rules = unknown_names("rule", unknown, ALL_RULES)
        raise ConfigError(f"invalid config: {key}: {rules} (`mkdocs-postlint rules` lists them)")
    return raw


def _globs(raw: Any, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(g, str) for g in raw):
        raise ConfigError(f"invalid config: {key}: expected a list of glob patterns")
    return tuple(raw)


def _overrides(raw: Any) -> tuple[tuple[tuple[str, ...], Mapping[str, Any]], ...]:
    """``overrides: [{files: [globs], rules: {...}}, ...]``, validated."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError("invalid config: overrides: expected a list of {files, rules} mappings")
    out = []
    for index, item in enumerate(raw):
        key = f"overrides[{index}]"
        if not isinstance(item, Mapping):
            raise ConfigError(f"invalid config: {key}: expected a mapping with files and rules")
        unknown = [name for name in item if name not in OVERRIDE_KEYS]
        if unknown:
            options = unknown_names("option", unknown, OVERRIDE_KEYS)
            raise ConfigError(f"invalid config: {key}: {options} (options: files, rules)")
        if "files" not in item:
            raise ConfigError(f"invalid config: {key}: 'files' (a list of globs) is required")
        files = _globs(item["files"], f"{key}.files")
        rules = _rule_names(item.get("rules") or {}, f"{key}.rules")
        out.append((files, dict(rules)))
    return tuple(out)


def apply_overrides(
    rules: Mapping[str, RuleSetting],
    overrides: list[tuple[tuple[str, ...], Mapping[str, Any]]],
    indices: tuple[int, ...],
) -> Mapping[str, RuleSetting]:
    resolved = dict(rules)
    for index, (_, raw_rules) in zip(indices, overrides, strict=True):
        for rule_id, raw in raw_rules.items():
            key = f"overrides[{index}].rules.{rule_id}"
            resolved[rule_id] = _rule_setting(rule_id, raw, key, resolved[rule_id])
    return resolved


def _path_option(raw: Mapping[str, Any], key: str, base: Path) -> Path | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"invalid config: {key}: expected a file path")
    return base / value


def _report_format(raw: Mapping[str, Any], report_file: Path | None) -> str:
    given = raw.get("report_format")
    if given is not None:
        if given not in REPORT_FORMATS:
            raise ConfigError(
                f"invalid config: report_format: expected one of {', '.join(REPORT_FORMATS)}"
            )
        return str(given)
    name = report_file.name.lower() if report_file else ".sarif"
    if ".sarif" in name:
        return "sarif"
    if name.endswith(".json"):
        return "json"
    raise ConfigError(
        f"invalid config: report_format: cannot tell the format of '{report_file}' "
        f"from its name; set report_format ({', '.join(REPORT_FORMATS)})"
    )


def load_config(
    raw: Mapping[str, Any] | None,
    base_dir: Path | None = None,
    schema: Any = None,
    site: Any = None,
    toc: Mapping[str, Any] | None = None,
) -> Config:
    """Validate a ``postlint`` block.

    ``schema`` (the command line's ``--schema``) replaces the block's ``schema``
    and ``schemas``. ``site`` (a `mkdocs_postlint.schema.Site`) tells schemas
    about docs_dir and the blog plugin; by default only ``base_dir`` is known.
    ``toc`` is the site's ``toc`` extension config (its ``slugify`` and
    ``separator``), which ``duplicate-anchor`` uses unless the block sets them.
    """
    raw = dict(raw or {})
    base = base_dir if base_dir is not None else Path.cwd()
    unknown = [key for key in raw if key not in KNOWN_KEYS]
    if unknown:
        named = unknown_names("option", unknown, sorted(KNOWN_KEYS))
        raise ConfigError(f"invalid config: {named} (options: {', '.join(sorted(KNOWN_KEYS))})")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError("invalid config: enabled: expected true or false")
    fail_on = raw.get("fail_on", "error")
    if fail_on not in FAIL_ON:
        guess = closest(fail_on, FAIL_ON)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        raise ConfigError(
            f"invalid config: fail_on: expected one of {', '.join(FAIL_ON)}, got {fail_on!r}{hint}"
        )
    exclude = _globs(raw.get("exclude") or [], "exclude")
    max_file_size = _size(raw.get("max_file_size", DEFAULT_MAX_FILE_SIZE), "max_file_size")
    rules_raw = _rule_names(raw.get("rules") or {}, "rules")
    rules = {
        rule_id: _rule_setting(rule_id, rules_raw.get(rule_id), f"rules.{rule_id}")
        for rule_id in ALL_RULES
    }
    rules["duplicate-anchor"], notice = _with_toc(
        rules["duplicate-anchor"], rules_raw.get("duplicate-anchor"), toc
    )
    rules["frontmatter-schema"] = _with_schemas(
        rules["frontmatter-schema"], raw, schema, base, site
    )
    overrides = _overrides(raw.get("overrides"))
    for index, override in enumerate(overrides):
        apply_overrides(rules, [override], (index,))  # report bad settings now
    report_file = _path_option(raw, "report_file", base)
    return Config(
        base_dir=base,
        enabled=enabled,
        fail_on=None if fail_on == "never" else Severity(fail_on),
        exclude=exclude,
        rules=rules,
        overrides=overrides,
        baseline=_path_option(raw, "baseline", base),
        report_file=report_file,
        report_format=_report_format(raw, report_file),
        max_file_size=max_file_size,
        notices=(notice,) if notice else (),
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
                guess = closest(spec, PRESETS) if isinstance(spec, str) else None
                hint = f" (did you mean the preset '{guess}'?)" if guess else ""
                raise ConfigError(f"invalid config: {where}: {error}{hint}") from None
        return loaded[cache_key]

    default = load(default_spec, "schema") if default_spec is not None else None
    globs = [
        (pattern, glob_matcher((pattern,)), load(spec, f"schemas: {pattern}"))
        for pattern, spec in entries
    ]
    posts = _posts_folders(site) if default_spec == "material-blog" else []
    if posts:  # the preset describes posts: the blog's index and other pages have no date
        globs.extend(
            (f"/{folder}/**", glob_matcher((f"/{folder}/**",)), default) for folder in posts
        )
        default = None
    schemas = SchemaSet(site, default, tuple(globs))
    return RuleSetting(setting.enabled, setting.severity, {**setting.options, "schemas": schemas})


def _posts_folders(site: Any) -> list[str]:
    """The posts folders of the site's blog plugins (``post_dir``), relative to docs_dir."""
    folders = []
    for name, settings in site.plugins:
        if name.split(" #")[0] not in ("blog", "material/blog"):
            continue
        if not settings.get("enabled", True):
            continue
        blog_dir = str(settings.get("blog_dir") or "blog")
        post_dir = str(settings.get("post_dir") or "{blog}/posts")
        with contextlib.suppress(KeyError, IndexError, ValueError):  # then as written
            post_dir = post_dir.format(blog=blog_dir)
        folder = posixpath.normpath(post_dir.replace("\\", "/")).strip("/")
        if folder and folder != ".":
            folders.append(folder)
    return folders


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


def _with_toc(
    setting: RuleSetting, given: Any, toc: Mapping[str, Any] | None
) -> tuple[RuleSetting, str | None]:
    """duplicate-anchor's options: the site's toc settings, under the user's own.

    A slugify that mkdocs.yml names but the linter cannot build turns the rule
    off, with the notice that says why (`mkdocs_postlint.config.slugs`).
    """
    from mkdocs_postlint.config.slugs import site_slugify
    from mkdocs_postlint.rules.duplicate_anchor import resolve_slugify, toc_options

    explicit = set(given) if isinstance(given, Mapping) else set()
    options = dict(setting.options)
    notice = None
    for name, value in toc_options(toc).items():
        if name not in explicit:
            options[name] = value
    if "slugify" not in explicit:
        options["slugify"], notice = site_slugify(options["slugify"])
    try:
        options["slugify"] = resolve_slugify(options["slugify"])
    except ValueError as error:
        raise ConfigError(f"invalid config: rules.duplicate-anchor.slugify: {error}") from None
    if notice is not None and setting.enabled:
        return RuleSetting(False, setting.severity, options), notice
    return RuleSetting(setting.enabled, setting.severity, options), None
