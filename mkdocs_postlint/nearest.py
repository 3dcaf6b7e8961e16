"""The settings that apply to one file, found as `check` finds them, from the file upwards.

`check` reads the settings of the folder it runs in (`mkdocs_postlint.config.discover`).
An editor or a site generator knows a file, not a folder to run in, so the
settings come from the nearest folder above the file that has a site
configuration (``mkdocs.yml`` and its variants) or a ``pyproject.toml`` with a
``[tool.mkdocs-postlint]`` table; `discover` then reads that folder exactly as
`check` would.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_postlint.config import (
    SITE_CONFIGS,
    Config,
    ConfigError,
    Discovered,
    discover,
    load_config,
)
from mkdocs_postlint.schema import site_from_plugins

__all__ = ["CONFIG_NAMES", "Settings", "SettingsCache", "config_for", "discover_above"]

CONFIG_NAMES = (*SITE_CONFIGS, "pyproject.toml")
"""The files whose change can change the settings of the files below them."""


def discover_above(file: Path) -> Discovered:
    """The settings of the nearest folder above ``file`` that has any; else the defaults.

    A ``pyproject.toml`` without a ``[tool.mkdocs-postlint]`` table (and
    without a site configuration beside it) does not stop the search.
    """
    for folder in _folders(file):
        if any((folder / name).is_file() for name in CONFIG_NAMES):
            found = discover(None, False, folder)
            if found.source is not None:
                return found
    return Discovered({}, _folders(file)[0])


def config_for(found: Discovered) -> Config:
    """The validated configuration of discovered settings (as `check` builds it)."""
    site = site_from_plugins(found.base_dir, found.docs_dir, found.plugins)
    return load_config(found.raw, found.base_dir, site=site, toc=found.toc)


@dataclass(frozen=True)
class Settings:
    """What a file is linted with: where the settings came from, and the result.

    Attributes:
        found: the discovered settings (their folder, docs_dir and source file).
        config: the validated configuration; ``None`` when it is invalid.
        error: why the configuration is invalid (one line), else ``None``.
    """

    found: Discovered
    config: Config | None
    error: str | None = None


@dataclass
class SettingsCache:
    """Settings by folder, read again when a configuration file of the folder changes.

    The key of a folder's entry is the size and modification time of each of
    its configuration files, so an edit saved from any program is seen on the
    next lint without a file watcher; `clear` is for the ones that are not
    beside the file (a schema, a baseline).
    """

    _entries: dict[Path, tuple[tuple[tuple[str, int, int], ...], Settings | None]] = field(
        default_factory=dict
    )

    _defaults: dict[Path, Settings] = field(default_factory=dict)

    def clear(self) -> None:
        self._entries.clear()
        self._defaults.clear()

    def settings(self, file: Path) -> Settings:
        """The settings of ``file`` (as `discover_above` finds them), validated."""
        folders = _folders(file)
        for folder in folders:
            stamp = _stamp(folder)
            if not stamp:
                continue
            cached = self._entries.get(folder)
            if cached is None or cached[0] != stamp:
                cached = (stamp, _read(folder))
                self._entries[folder] = cached
            if cached[1] is not None:
                return cached[1]
        defaults = self._defaults.get(folders[0])
        if defaults is None:
            found = Discovered({}, folders[0])
            defaults = self._defaults[folders[0]] = Settings(found, config_for(found))
        return defaults


def _folders(file: Path) -> list[Path]:
    start = Path(os.path.abspath(file)).parent
    return [start, *start.parents]


def _read(folder: Path) -> Settings | None:
    """The settings of a folder; ``None`` when its files hold none (a bare pyproject.toml)."""
    try:
        found = discover(None, False, folder)
    except ConfigError as error:
        source = next(folder / n for n in CONFIG_NAMES if (folder / n).is_file())
        return Settings(Discovered({}, folder, None, source), None, str(error))
    if found.source is None:
        return None
    try:
        return Settings(found, config_for(found))
    except ConfigError as error:
        return Settings(found, None, str(error))


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    stamp = []
    for name in CONFIG_NAMES:
        try:
            info = (folder / name).stat()
        except OSError:
            continue
        stamp.append((name, info.st_mtime_ns, info.st_size))
    return tuple(stamp)
