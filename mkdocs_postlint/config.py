"""The configuration shared by the plugin and the command line.

Both read the same ``postlint`` block (from mkdocs.yml, or given to the CLI),
and both go through `load_config`, so a setting means the same in each. Every
problem with a setting is a `ConfigError` whose message starts with
``invalid config:`` and names the key.

The CLI finds its block with `discover`: ``--config-file``, else the
``postlint`` block of ``./mkdocs.yml``, else ``[tool.mkdocs-postlint]`` of
``./pyproject.toml``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from mkdocs_postlint import suppress
from mkdocs_postlint.problem import Severity
from mkdocs_postlint.rules import RULES
from mkdocs_postlint.text import shorten

__all__ = [
    "ALL_RULES",
    "KNOWN_KEYS",
    "Config",
    "ConfigError",
    "Discovered",
    "RuleSetting",
    "discover",
    "glob_matcher",
    "load_config",
]

# Settings of the plugin's pages (report page, serve notice): the CLI accepts and ignores them.
PAGE_KEYS = frozenset({"report_page", "report_page_search", "serve_notice"})
KNOWN_KEYS = (
    frozenset(
        {
            "enabled",
            "fail_on",
            "schema",
            "schemas",
            "exclude",
            "rules",
            "overrides",
            "baseline",
            "report_file",
            "report_format",
            "max_file_size",
        }
    )
    | PAGE_KEYS
)
FAIL_ON = ("error", "warning", "never")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
"""Pages larger than this are reported by ``file-too-large`` and not read (10 MiB)."""
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|bytes|kb|kib|mb|mib|gb|gib)?\s*", re.IGNORECASE)
_UNITS = {"kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}
REPORT_FORMATS = ("sarif", "json", "concise", "text", "github")
OVERRIDE_KEYS = ("files", "rules")
# The site configuration the CLI looks for, in order (ProperDocs reads its own name too).
SITE_CONFIGS = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class RuleInfo(Protocol):
    """What configuration, ``rules``, ``explain`` and the docs need of a rule."""

    __doc__: str | None
    ID: str
    SEVERITY: Severity
    SUMMARY: str
    OPTIONS: Mapping[str, Any]


# Every rule a user can configure: the rules, and unused-suppression, which the
# suppression layer reports.
ALL_RULES: dict[str, RuleInfo] = {**RULES, suppress.ID: suppress}


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
        rules: every rule's setting, before ``overrides``.
        overrides: (globs, raw rule settings) pairs, applied in order on top
            of ``rules`` for the pages they match (`rules_for`).
        baseline: the baseline file, if one is configured.
        report_file: where the plugin writes a report, in ``report_format``.
    """

    base_dir: Path = field(default_factory=Path.cwd)
    enabled: bool = True
    fail_on: Severity | None = Severity.ERROR
    exclude: tuple[str, ...] = ()
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    overrides: tuple[tuple[tuple[str, ...], Mapping[str, Any]], ...] = ()
    baseline: Path | None = None
    report_file: Path | None = None
    report_format: str = "sarif"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    _resolved: dict[tuple[int, ...], Mapping[str, RuleSetting]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def is_excluded(self, src_path: str) -> bool:
        return bool(self.exclude) and glob_matcher(self.exclude)(src_path)

    def rules_for(self, src_path: str) -> Mapping[str, RuleSetting]:
        """The rule settings for one page: ``rules`` with the matching overrides applied."""
        if not self.overrides:
            return self.rules
        matched = tuple(
            index
            for index, (files, _) in enumerate(self.overrides)
            if glob_matcher(files)(src_path)
        )
        resolved = self._resolved.get(matched)
        if resolved is None:
            resolved = _apply_overrides(self.rules, [self.overrides[i] for i in matched], matched)
            self._resolved[matched] = resolved
        return resolved

    def fails(self, severity: Severity) -> bool:
        return self.fail_on is not None and severity.rank >= self.fail_on.rank


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
    return RuleSetting(enabled, severity, {**base.options, **given})


def _rule_names(raw: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"invalid config: {key}: expected a mapping of rule names")
    for rule_id in raw:
        if rule_id not in ALL_RULES:
            raise ConfigError(
                f"invalid config: {key}: unknown rule '{rule_id}' "
                "(`mkdocs-postlint rules` lists them)"
            )
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
        unknown = sorted(set(item) - set(OVERRIDE_KEYS))
        if unknown:
            raise ConfigError(
                f"invalid config: {key}: unknown option '{unknown[0]}' (options: files, rules)"
            )
        if "files" not in item:
            raise ConfigError(f"invalid config: {key}: 'files' (a list of globs) is required")
        files = _globs(item["files"], f"{key}.files")
        rules = _rule_names(item.get("rules") or {}, f"{key}.rules")
        out.append((files, dict(rules)))
    return tuple(out)


def _apply_overrides(
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
    exclude = _globs(raw.get("exclude") or [], "exclude")
    max_file_size = _size(raw.get("max_file_size", DEFAULT_MAX_FILE_SIZE), "max_file_size")
    rules_raw = _rule_names(raw.get("rules") or {}, "rules")
    rules = {
        rule_id: _rule_setting(rule_id, rules_raw.get(rule_id), f"rules.{rule_id}")
        for rule_id in ALL_RULES
    }
    rules["duplicate-anchor"] = _with_toc(
        rules["duplicate-anchor"], rules_raw.get("duplicate-anchor"), toc
    )
    rules["frontmatter-schema"] = _with_schemas(
        rules["frontmatter-schema"], raw, schema, base, site
    )
    overrides = _overrides(raw.get("overrides"))
    for index, override in enumerate(overrides):
        _apply_overrides(rules, [override], (index,))  # report bad settings now
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


def _with_toc(setting: RuleSetting, given: Any, toc: Mapping[str, Any] | None) -> RuleSetting:
    """duplicate-anchor's options: the site's toc settings, under the user's own."""
    from mkdocs_postlint.rules.duplicate_anchor import resolve_slugify, toc_options

    explicit = set(given) if isinstance(given, Mapping) else set()
    options = dict(setting.options)
    for name, value in toc_options(toc).items():
        if name not in explicit:
            options[name] = value
    try:
        options["slugify"] = resolve_slugify(options["slugify"])
    except ValueError as error:
        raise ConfigError(f"invalid config: rules.duplicate-anchor.slugify: {error}") from None
    return RuleSetting(setting.enabled, setting.severity, options)


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


@dataclass(frozen=True)
class Discovered:
    """Where the CLI found its settings.

    Attributes:
        raw: the ``postlint`` block (empty when there is none).
        base_dir: the folder of the file it came from, or the current folder.
        docs_dir: the pages folder, from mkdocs.yml; ``None`` without one.
        source: the file the block came from, ``None`` for the defaults.
        plugins: the ``plugins`` of the site configuration as (name, options).
        toc: the site's ``toc`` extension settings (for duplicate-anchor).
    """

    raw: Mapping[str, Any]
    base_dir: Path
    docs_dir: Path | None = None
    source: Path | None = None
    plugins: tuple[tuple[str, Any], ...] = ()
    toc: Mapping[str, Any] | None = None


def toc_from_mkdocs_yml(mkdocs_config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The site's ``toc`` extension settings (for duplicate-anchor)."""
    from mkdocs_postlint.rules.duplicate_anchor import toc_from_mkdocs_yml as toc_settings

    return toc_settings(mkdocs_config)


def discover(config_file: str | None, no_config: bool, cwd: Path) -> Discovered:
    """Find the settings: ``config_file``, ``./mkdocs.yml``, then ``./pyproject.toml``.

    ``config_file`` may be an mkdocs.yml (its ``postlint`` block is used), a
    YAML file holding just the block, or a TOML file with a
    ``[tool.mkdocs-postlint]`` table. ``./mkdocs.yml`` (or ``mkdocs.yaml``,
    ``properdocs.yml``) is used when it has a ``postlint`` block; otherwise the
    table of ``./pyproject.toml``, if any. The docs folder comes from the site
    configuration either way.
    """
    if no_config:
        return Discovered({}, cwd)
    if config_file is not None:
        path = cwd / config_file
        if not path.is_file():
            raise ConfigError(f"config file {config_file} does not exist")
        if path.suffix == ".toml":
            return Discovered(_pyproject_block(path) or {}, path.parent.resolve(), None, path)
        data = read_yaml(path)
        if not {"site_name", "plugins", "docs_dir", "nav", "theme"} & set(data):
            return Discovered(data, path.parent.resolve(), None, path)
        return Discovered(
            _postlint_block(data) or {},
            path.parent.resolve(),
            _docs_dir(data, path),
            path,
            plugin_entries(data),
            toc_from_mkdocs_yml(data),
        )
    docs_dir = None
    plugins: tuple[tuple[str, Any], ...] = ()
    toc = None
    mkdocs_yml = next((cwd / n for n in SITE_CONFIGS if (cwd / n).is_file()), cwd / "mkdocs.yml")
    if mkdocs_yml.is_file():
        data = read_yaml(mkdocs_yml)
        docs_dir = _docs_dir(data, mkdocs_yml)
        plugins = plugin_entries(data)
        toc = toc_from_mkdocs_yml(data)
        block = _postlint_block(data)
        if block is not None:
            base = mkdocs_yml.parent.resolve()
            return Discovered(block, base, docs_dir, mkdocs_yml, plugins, toc)
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        table = _pyproject_block(pyproject)
        if table is not None:
            return Discovered(table, cwd.resolve(), docs_dir, pyproject, plugins, toc)
    source = mkdocs_yml if docs_dir else None
    return Discovered({}, cwd.resolve(), docs_dir, source, plugins, toc)


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML file as MkDocs reads it (``!ENV`` and ``INHERIT`` work), but safely."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open("rb") as stream:
            data = yaml_load(stream, loader=_safe_mkdocs_loader())
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror}") from None
    except Exception as error:  # the YAML loader raises many kinds
        raise ConfigError(f"config file {path} cannot be parsed: {_one_line(error)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} is not a mapping")
    return data


# Python callables mkdocs.yml may name with ``!!python/name:`` or build with
# ``!!python/object/apply:``, because the linter needs them (duplicate-anchor
# computes ids with the site's slugify). Library functions only; any other
# Python tag becomes text.
SAFE_PYTHON_NAMES = frozenset(
    {
        "pymdownx.slugs.slugify",
        "markdown.extensions.toc.slugify",
        "markdown.extensions.toc.slugify_unicode",
    }
)


def _safe_mkdocs_loader() -> Any:
    """MkDocs' YAML loader built on PyYAML's safe loader.

    MkDocs reads mkdocs.yml with PyYAML's full loader, which runs any
    ``!!python/object/apply:`` tag; a linter must never run code that the
    repository it checks chooses. ``!ENV`` works as in MkDocs; the slugify
    functions of `SAFE_PYTHON_NAMES` are built as MkDocs builds them; other
    Python tags (such as Material's ``!!python/name:`` emoji functions),
    ``!relative`` and unknown tags become their tag as text.
    """
    import importlib

    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    def python(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        kind, _, dotted = suffix.partition(":")
        if dotted not in SAFE_PYTHON_NAMES or kind not in ("name", "object/apply"):
            return str(node.tag)
        module, _, name = dotted.rpartition(".")
        function = getattr(importlib.import_module(module), name)
        if kind == "name":
            return function
        args: Any = []
        kwds: Any = {}
        if isinstance(node, yaml.SequenceNode):
            args = loader.construct_sequence(node, deep=True)
        elif isinstance(node, yaml.MappingNode):
            value = loader.construct_mapping(node, deep=True)
            args, kwds = value.get("args", []), value.get("kwds", {})
        return function(*args, **kwds)

    class SafeLoader(yaml.SafeLoader):
        pass

    SafeLoader.add_multi_constructor("tag:yaml.org,2002:python/", python)
    SafeLoader.add_multi_constructor("", lambda loader, suffix, node: str(node.tag))
    return get_yaml_loader(loader=SafeLoader)


def _one_line(error: Exception) -> str:
    """A loader error on one line, with the line number of the file when known."""
    import yaml

    cause = error.__cause__ or error.__context__
    marked = next((e for e in (error, cause) if isinstance(e, yaml.MarkedYAMLError)), None)
    if marked is not None and marked.problem_mark is not None:
        where = f"line {marked.problem_mark.line + 1}, column {marked.problem_mark.column + 1}"
        context = f" ({marked.context})" if marked.context else ""
        return f"{where}: {marked.problem}{context}"
    return " ".join(str(error).split())


def _docs_dir(mkdocs_config: Mapping[str, Any], path: Path) -> Path:
    return path.parent.resolve() / str(mkdocs_config.get("docs_dir") or "docs")


def plugin_entries(mkdocs_config: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The ``plugins`` of mkdocs.yml as (name, options), in either YAML shape."""
    plugins = mkdocs_config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else plugins
    if not isinstance(entries, Iterable) or isinstance(entries, (str, bytes)):
        return ()
    return tuple((entry, {}) if isinstance(entry, str) else _pair(entry) for entry in entries)


def _postlint_block(mkdocs_config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The options of the ``postlint`` plugin; ``None`` when it is not listed."""
    for name, options in plugin_entries(mkdocs_config):
        if name == "postlint":
            if options is not None and not isinstance(options, Mapping):
                raise ConfigError("invalid config: the postlint plugin's options must be a mapping")
            return dict(options or {})
    return None


def _pair(entry: Any) -> tuple[str, Any]:
    if isinstance(entry, tuple):
        return str(entry[0]), entry[1]
    if isinstance(entry, dict) and len(entry) == 1:
        ((name, options),) = entry.items()
        return str(name), options
    return "", {}


def _pyproject_block(path: Path) -> dict[str, Any] | None:
    """The ``[tool.mkdocs-postlint]`` table of a TOML file; ``None`` without one."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"config file {path} cannot be parsed: {error}") from None
    tool = data.get("tool")
    table = tool.get("mkdocs-postlint") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"invalid config: [tool.mkdocs-postlint] in {path} must be a table")
    return table
