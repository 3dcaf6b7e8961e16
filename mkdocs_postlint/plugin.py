"""The MkDocs plugin: ``plugins: [postlint]``.

It only coordinates MkDocs events; linting is `mkdocs_postlint.linter`'s job.
Every Markdown page is linted in ``on_files`` at a high priority, so every
page is reported before another plugin (Material's blog checks post front
matter in its own ``on_files`` and aborts on the first bad post) can stop the
build. Each finding is one log line, ``path:line:col rule message``, at its
severity, so ``mkdocs build --strict`` fails on findings; with ``fail_on`` the
build fails without ``--strict`` too, after every finding has been reported.
During ``mkdocs serve`` findings are reported and the server never stops.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any, Literal

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from mkdocs_postlint.config import DEFAULT_MAX_FILE_SIZE, Config, ConfigError, load_config
from mkdocs_postlint.files import PageTooLarge, read_page
from mkdocs_postlint.linter import lint_bytes, lint_file
from mkdocs_postlint.problem import Problem, Severity

log = get_plugin_logger(__name__)

_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING}

# Serve rebuilds create a new plugin object each time: the cache lives here.
# Keyed on the configuration and the page's path and content.
_CACHE: dict[tuple[str, str], tuple[str, list[Problem]]] = {}


class PostlintConfig(base.Config):
    """The plugin's settings; `mkdocs_postlint.config.load_config` validates them in depth."""

    enabled = c.Type(bool, default=True)
    fail_on = c.Choice(("error", "warning", "never"), default="error")
    schema = c.Optional(c.Type((str, dict)))
    exclude = c.ListOfItems(c.Type(str), default=[])
    rules = c.Type(dict, default={})
    max_file_size = c.Type((int, str), default=DEFAULT_MAX_FILE_SIZE)


class PostlintPlugin(BasePlugin[PostlintConfig]):
    """Lint every page of the site during the build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.lint_config: Config | None = None
        self.config_key = ""
        self.problems: list[Problem] = []

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        raw = {key: self.config[key] for key in self.config}
        base_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            self.lint_config = load_config(raw, base_dir)
        except ConfigError as error:
            raise PluginError(str(error)) from None
        self.config_key = json.dumps(raw, sort_keys=True, default=str) + str(base_dir)
        return None

    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        lint_config = self.lint_config
        if lint_config is None:
            return None
        project = lint_config.base_dir
        self.problems = []
        for file in files.documentation_pages():
            if lint_config.is_excluded(file.src_uri):
                continue
            display = _display_path(file.abs_src_path, project, file.src_uri)
            self.problems.extend(self._lint(file, display, lint_config))
        for problem in self.problems:
            log.log(
                _LEVELS[problem.severity],
                "%s:%d:%d %s %s",
                problem.path,
                problem.line,
                problem.column,
                problem.rule,
                problem.message,
            )
        failing = [p for p in self.problems if lint_config.fails(p.severity)]
        if failing and self.command != "serve":
            fail_on = lint_config.fail_on.value if lint_config.fail_on else "never"
            raise PluginError(
                f"postlint: {len(failing)} problem{'s' if len(failing) != 1 else ''} "
                f"at or above '{fail_on}' (fail_on); see the lines above"
            )
        return None

    def _lint(self, file: Any, display: str, lint_config: Config) -> list[Problem]:
        if file.abs_src_path is None:  # content another plugin set in memory
            data = file.content_bytes
        else:
            path = Path(file.abs_src_path)
            try:  # never blocks on a FIFO, never reads past max_file_size
                data = read_page(path, lint_config.max_file_size)
            except (OSError, PageTooLarge):
                return lint_file(path, display, lint_config, file.src_uri)  # says why
        if self.command != "serve":
            return lint_bytes(data, display, lint_config, file.src_uri)
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        key = (self.config_key, file.src_uri)
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == digest:
            return cached[1]
        problems = lint_bytes(data, display, lint_config, file.src_uri)
        _CACHE[key] = (digest, problems)
        return problems


def _display_path(abs_src_path: str | None, project: Path, src_uri: str) -> str:
    """The page's path relative to the project folder (where mkdocs.yml is)."""
    if not abs_src_path:
        return src_uri
    try:
        return Path(abs_src_path).resolve().relative_to(project).as_posix()
    except ValueError:
        return abs_src_path
