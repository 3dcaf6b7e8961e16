"""The MkDocs plugin: ``plugins: [postlint]``.

It only coordinates MkDocs events; linting is `mkdocs_postlint.linter`'s job.
The Markdown pages are taken in ``on_files`` at a high priority and every
finding is reported even when another plugin stops the build (Material's blog
checks post front matter in its own ``on_files`` and aborts on the first bad
post). Each finding is one log line, ``path:line:col rule message``, at its
severity, so ``mkdocs build --strict`` fails on findings; with ``fail_on`` the
build fails without ``--strict`` too, after every finding has been reported.
During ``mkdocs serve`` findings are reported and the server never stops.

A build may run other builds from inside it: mkdocs-static-i18n builds each
further language from its ``on_post_build``, with the same files. Such a
nested build lints again (its report page and notices need the findings) but
logs only findings the enclosing build has not logged, so each finding is
logged once per ``mkdocs build``. The report page comes from the outermost
build only (it lists every language's pages and links those it builds), added
after the other plugins' ``on_files``: mkdocs-static-i18n rebuilds the file
list there and cannot handle a page that has no source file.

On a site of many pages the linting runs beside the build, in a worker
process (`mkdocs_postlint.worker`, which says when it is not used): the pages
go to it in ``on_files`` and the findings are collected when they are needed,
for the report page when it is read and at the end of the build for the log
and the verdict (before mkdocs-static-i18n's nested builds), or when another
plugin stops the build (``on_build_error``, which logs them before MkDocs
logs the error). Otherwise the pages are linted, and the findings logged, in
``on_files``, as they must be when a page is a FIFO: MkDocs would block
reading it, so the verdict cannot wait.

Two views of the findings for people who browse the site: the report page
(`mkdocs_postlint.report_page`, ``report_page: true``) and, during ``mkdocs
serve``, a notice at the top of each page with findings
(`mkdocs_postlint.notice`, ``serve_notice``).

MkDocs keeps one instance of a plugin that has ``on_startup`` for the whole
``mkdocs serve`` session (`mkdocs.config.config_options.Plugins` caches it),
so the instance carries a cache from one rebuild to the next: a page whose
bytes and effective configuration did not change is not parsed again.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
from pathlib import Path
from typing import Literal, cast

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from mkdocs_postlint import report_page
from mkdocs_postlint.baseline import BaselineError
from mkdocs_postlint.cache import page_key, settings_fingerprint
from mkdocs_postlint.config import DEFAULT_MAX_FILE_SIZE, Config, ConfigError, load_config
from mkdocs_postlint.findings import PageFindings, Slugify
from mkdocs_postlint.linter import collapse_groups, finish_build
from mkdocs_postlint.notice import render_notice
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.schema import site_from_plugins
from mkdocs_postlint.site_page import (
    Job,
    in_memory,
    lint_job,
    lint_source,
    read_source,
    readable_without_blocking,
)
from mkdocs_postlint.worker import LintWorker, WorkerTimeout, worth_it

log = get_plugin_logger(__name__)

_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING}
_NEVER_LEVELS = {Severity.ERROR: logging.WARNING, Severity.WARNING: logging.WARNING}

# After every other plugin: below -100, the lowest priority MkDocs' documentation
# suggests and the one mkdocs-static-i18n uses for its files and its nested builds.
_LAST = -200
# Before mkdocs-static-i18n's on_post_build (-100), which runs the nested builds.
_BEFORE_NESTED_BUILDS = -90

WORKER_TIMEOUT = 300.0
"""Seconds the build waits for the lint worker's answer before it stops with one line."""


class PostlintConfig(base.Config):
    """The plugin's settings; `mkdocs_postlint.config.load_config` validates them in depth."""

    enabled = c.Type(bool, default=True)
    fail_on = c.Choice(("error", "warning", "never"), default="error")
    schema = c.Optional(c.Type((str, dict)))
    schemas = c.Optional(c.Type((list, dict)))
    exclude = c.ListOfItems(c.Type(str), default=[])
    rules = c.Type(dict, default={})
    max_file_size = c.Type((int, str), default=DEFAULT_MAX_FILE_SIZE)
    # The findings report page: false, true (``postlint.md``) or the page's path.
    report_page = c.Type((bool, str), default=False)
    # false adds ``search: exclude: true`` to the report page (Material's search honours it).
    report_page_search = c.Type(bool, default=True)
    # The notice on pages with findings: true (serve only), false, or "always" (build too).
    serve_notice = c.Type((bool, str), default=True)
    overrides = c.Type(list, default=[])
    baseline = c.Optional(c.Type(str))
    # A report file written on every build (SARIF or JSON for CI), besides the log.
    report_file = c.Optional(c.Type(str))
    report_format = c.Optional(c.Choice(("sarif", "json", "concise", "text", "github")))


class PostlintPlugin(BasePlugin[PostlintConfig]):
    """Lint every page of the site during the build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.lint_config: Config | None = None
        self.config_key = ""
        self.problems: list[Problem] = []
        self.findings: dict[str, PageFindings] = {}
        self.report_uri: str | None = None
        self.notice = False
        # src_uri -> (fingerprint of configuration, path and bytes; what was found).
        self._cache: dict[str, tuple[str, PageFindings]] = {}
        self._builds = 0  # builds running: more than one inside a nested build
        self._logged: set[tuple[str, int, int, str, str]] = set()  # by the outermost build
        self._pages = 0
        self._worker: LintWorker | None = None  # linting this build's pages, not yet collected
        self._jobs: list[Job] = []  # what the worker lints, to lint here if it fails
        self._failing: list[Problem] = []  # the verdict, given at the end of the build
        self._linkable: set[str] = set()  # the report page's links
        self._report_late = False  # the report page is written when read, after the worker

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command
        self._cache = {}
        self._builds = 0

    def on_shutdown(self) -> None:
        self._stop_worker()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._builds += 1
        if self._builds == 1:
            self._logged = set()
            self._stop_worker()  # from a build that was interrupted
        # MkDocs reuses this instance for every build of a session: start afresh.
        self.lint_config, self.report_uri, self.notice = None, None, False
        self.findings, self.problems, self._failing = {}, [], []
        self._report_late = False
        if not self.config.enabled:
            return None
        raw = {key: self.config[key] for key in self.config}
        base_dir = Path(config.config_file_path or ".").resolve().parent
        site = site_from_plugins(
            base_dir,
            Path(config.docs_dir),
            [(name, getattr(plugin, "config", {})) for name, plugin in config.plugins.items()],
        )
        toc = config.mdx_configs.get("toc") or {}  # the site's slugify, for duplicate-anchor
        try:
            self.lint_config = load_config(raw, base_dir, site=site, toc=toc)
        except ConfigError as error:
            raise PluginError(f"postlint: {error}") from None
        self.report_uri = _report_uri(cast("bool | str", self.config.report_page))
        notice = self.config.serve_notice
        if notice not in (True, False, "always"):
            raise PluginError(
                "postlint: invalid config: serve_notice: expected true, false or 'always', "
                f"got {notice!r}"
            )
        self.notice = notice == "always" or (notice is True and self.command == "serve")
        self.config_key = settings_fingerprint(self.lint_config)
        return None

    @event_priority(_BEFORE_NESTED_BUILDS)
    def _give_verdict(self, *, config: MkDocsConfig) -> None:
        self._collect()
        failing, self._failing = self._failing, []
        self._verdict(failing)

    @event_priority(_LAST)
    def _end_build(self, *, config: MkDocsConfig) -> None:
        self._builds = max(self._builds - 1, 0)

    on_post_build = CombinedEvent(_give_verdict, _end_build)

    def on_build_error(self, *, error: Exception) -> None:
        """Another plugin stopped the build: still log every finding (no verdict)."""
        self._builds = max(self._builds - 1, 0)
        try:
            self._collect()
        except PluginError as failure:
            log.error(str(failure))
        finally:
            self._stop_worker()

    @event_priority(100)
    def _lint_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        lint_config = self.lint_config
        if lint_config is None:
            return None
        project = lint_config.base_dir
        _real_folder.cache_clear()  # a link may point elsewhere by the next serve rebuild
        chosen = [
            (file, _display_path(file.abs_src_path, project, file.src_uri))
            for file in files.documentation_pages()
            if not lint_config.is_excluded(file.src_uri)
        ]
        self._pages = len(chosen)
        if self._worker_helps(chosen):
            jobs: list[Job] = [
                (file.src_uri, display, file.abs_src_path, in_memory(file))
                for file, display in chosen
            ]
            self._worker = LintWorker.start(lint_config, self.config_key, jobs)
            if self._worker is not None:
                self._jobs = jobs
                return None  # collected when needed (_collect)
        cache: dict[str, tuple[str, PageFindings]] = {}
        pages = [self._lint(file, display, lint_config, cache) for file, display in chosen]
        self._cache = cache  # pages gone from the site leave the cache
        self._verdict(self._log(pages, lint_config))
        return None

    def _worker_helps(self, chosen: list[tuple[File, str]]) -> bool:
        """Whether to lint in a worker (`mkdocs_postlint.worker` says why or why not)."""
        return (
            self._builds == 1
            and self.command != "serve"
            and not self.notice
            and worth_it(len(chosen))
            and all(readable_without_blocking(file) for file, _ in chosen)
        )

    def _collect(self) -> None:
        """Wait for the worker's findings (or lint here if it failed), then log them."""
        worker, self._worker = self._worker, None
        lint_config = self.lint_config
        if worker is None or lint_config is None:
            return
        try:
            found = worker.result(WORKER_TIMEOUT)
        except WorkerTimeout:
            raise PluginError(
                f"postlint: the lint worker gave no answer in {WORKER_TIMEOUT:g} s and was "
                "stopped; the pages were not checked"
            ) from None
        if found is None:  # it could not start, died or answered something else
            log.debug("the lint worker failed; linting in the build's process")
            found = [lint_job(job, lint_config) for job in self._jobs]
        self._jobs = []
        self._failing = self._log(found, lint_config)

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()

    def _log(self, pages: list[PageFindings], lint_config: Config) -> list[Problem]:
        """Apply the baseline, write the report file, log the findings; the failing ones."""
        try:
            result = finish_build(
                collapse_groups([problem for page in pages for problem in page.problems]),
                [page.path for page in pages],
                lint_config,
            )
        except (BaselineError, OSError) as error:
            raise PluginError(f"postlint: {error}") from None
        if result.removable:
            log.info(f"{len(result.removable)} baseline entries are fixed and can be removed")
        self.problems = result.problems
        self.findings = _without_baselined(pages, result.problems)
        # With fail_on: never, findings never fail the build by themselves: every one is
        # a warning in the log (which --strict still counts), not an ERROR line in a
        # build that succeeds.
        levels = _LEVELS if lint_config.fail_on is not None else _NEVER_LEVELS
        fresh = []
        for problem in self.problems:
            key = (problem.path, problem.line, problem.column, problem.rule, problem.message)
            if key in self._logged:  # logged by the build this one runs inside
                continue
            self._logged.add(key)
            fresh.append(problem)
            log.log(
                levels[problem.severity],
                "%s:%d:%d %s %s",
                problem.path,
                problem.line,
                problem.column,
                problem.rule,
                problem.message,
            )
        return [p for p in fresh if lint_config.fails(p.severity)]

    def _verdict(self, failing: list[Problem]) -> None:
        lint_config = self.lint_config
        if failing and lint_config is not None and self.command != "serve":
            fail_on = lint_config.fail_on.value if lint_config.fail_on else "never"
            raise PluginError(
                f"postlint: {len(failing)} problem{'s' if len(failing) != 1 else ''} "
                f"at or above '{fail_on}' (fail_on); see the lines above"
            )

    @event_priority(_LAST)
    def _add_report_page(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        # One report page, from the outermost build: a nested build writes to the same site.
        if self.lint_config is not None and self.report_uri is not None and self._builds == 1:
            files.append(self._report_file(config, files, self.report_uri))
        return None

    on_files = CombinedEvent(_lint_files, _add_report_page)

    # Last, so that other plugins (Material's reading time, for one) see the page's own content.
    @event_priority(-100)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.notice:
            return None
        found = self.findings.get(page.file.src_uri)
        if found is None:
            return None
        slugify, separator = _slugify(config)
        return render_notice(found, config.theme.name, slugify, separator) + html

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # The report page while the worker lints: its content is ready once the worker is done.
        if not self._report_late or page.file.src_uri != self.report_uri:
            return None
        self._collect()
        return self._render_report(config, page.file.src_uri)

    def _report_file(self, config: MkDocsConfig, files: Files, src_uri: str) -> File:
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"postlint: invalid config: report_page: '{src_uri}' is already a page of the "
                "site; choose another path"
            )
        self._linkable = {file.src_uri for file in files.documentation_pages()}
        if self._worker is not None:  # written when read (on_page_read_source)
            self._report_late = True
            return File.generated(config, src_uri, content="")
        return File.generated(config, src_uri, content=self._render_report(config, src_uri))

    def _render_report(self, config: MkDocsConfig, src_uri: str) -> str:
        slugify, separator = _slugify(config)
        return report_page.render_report(
            self.findings.values(),
            src_uri=src_uri,
            checked=self._pages,
            theme=config.theme.name,
            search=self.config.report_page_search,
            slugify=slugify,
            separator=separator,
            linkable=self._linkable,
        )

    def _lint(
        self,
        file: File,
        display: str,
        lint_config: Config,
        cache: dict[str, tuple[str, PageFindings]],
    ) -> PageFindings:
        data = read_source(file.src_uri, display, file.abs_src_path, in_memory(file), lint_config)
        if isinstance(data, PageFindings):  # unreadable or too large
            return data
        key = f"{self.config_key}\0{display}\0{page_key(data, file.src_uri)}"
        cached = self._cache.get(file.src_uri)
        if cached is not None and cached[0] == key:
            cache[file.src_uri] = cached
            return cached[1]
        found, cacheable = lint_source(file.src_uri, display, data, lint_config)
        if cacheable:
            cache[file.src_uri] = (key, found)
        return found


def _without_baselined(
    pages: list[PageFindings], reported: list[Problem]
) -> dict[str, PageFindings]:
    """Each page's findings that are still reported (a baseline or a group hides the others)."""
    kept: dict[str, list[Problem]] = {}
    for problem in reported:
        kept.setdefault(problem.path, []).append(problem)
    findings = {}
    for page in pages:
        problems = tuple(kept.get(page.path, ()))
        if problems:
            findings[page.src_uri] = dataclasses.replace(page, problems=problems)
    return findings


def _report_uri(setting: bool | str) -> str | None:
    """The report page's path in the docs folder, or None when there is none."""
    if setting is False:
        return None
    if setting is True:
        return report_page.DEFAULT_PATH
    uri = setting.strip().replace("\\", "/")
    parts = uri.split("/")
    if not uri.endswith(".md") or uri.startswith("/") or ".." in parts or "" in parts:
        raise PluginError(
            "postlint: invalid config: report_page: expected true, false or a relative path "
            f"ending in .md inside the docs folder, got {setting!r}"
        )
    return uri


def _slugify(config: MkDocsConfig) -> tuple[Slugify | None, str]:
    """The ``toc`` extension's slugify function and separator as the site configures them."""
    toc = config.mdx_configs.get("toc") or {}
    slugify = toc.get("slugify")
    separator = toc.get("separator", "-")
    return (cast(Slugify, slugify) if callable(slugify) else None), str(separator)


def _display_path(abs_src_path: str | None, project: Path, src_uri: str) -> str:
    """The page's path relative to the project folder (where mkdocs.yml is), links resolved."""
    if not abs_src_path:
        return src_uri
    folder, name = os.path.split(abs_src_path)
    real = os.path.join(_real_folder(folder), name)  # a folder is resolved once, not per page
    if os.path.islink(real):
        real = os.path.realpath(real)
    try:
        return Path(real).relative_to(project).as_posix()
    except ValueError:
        return abs_src_path


@functools.lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)
