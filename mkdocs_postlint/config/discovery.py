"""Where the command line finds its settings, and the site it checks.

``--config-file``, else the ``postlint`` block of ``./mkdocs.yml`` (or
``mkdocs.yaml``, ``properdocs.yml``), else ``[tool.mkdocs-postlint]`` of
``./pyproject.toml``. The docs folder, the plugins and the ``toc`` settings
come from the site configuration either way.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_postlint.config.mkdocs_yml import plugin_entries, postlint_block, read_yaml
from mkdocs_postlint.config.model import ConfigError

__all__ = ["SITE_CONFIGS", "Discovered", "discover", "toc_from_mkdocs_yml"]

# The site configuration the CLI looks for, in order (ProperDocs reads its own name too).
SITE_CONFIGS = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


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
            postlint_block(data) or {},
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
        block = postlint_block(data)
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


def _docs_dir(mkdocs_config: Mapping[str, Any], path: Path) -> Path:
    return path.parent.resolve() / str(mkdocs_config.get("docs_dir") or "docs")


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
