"""The MkDocs plugin: ``plugins: [postlint]``.

It only coordinates MkDocs events; linting is `mkdocs_postlint.linter`'s job,
done in a second process (`mkdocs_postlint.worker`) while MkDocs builds the
site. ``on_files`` (at a high priority) reads every page and hands it to the
worker; the findings are collected when they are first needed: by the serve
notice (``on_page_content``), the report page (``on_page_read_source``), or
at the end of the build (``on_post_build``), which reports them and gives the
verdict. Two cases cannot wait: with a blog, the findings are reported before
Material's blog plugin checks the posts in its own ``on_files`` (it aborts on
the first bad post), and a page MkDocs could not read (a FIFO would block it)
stops the build in ``on_files``. When another plugin stops the build,
``on_build_error`` still reports what was found.

Each finding is one log line, ``path:line:col rule message``, in page order,
at its severity, so ``mkdocs build --strict`` fails on findings; with
``fail_on`` the build fails without ``--strict`` too, after every finding has
been reported. During ``mkdocs serve`` findings are reported and the server
never stops.

Two views of the findings for people who browse the site: the report page
(`mkdocs_postlint.report_page`, ``report_page: true``) and, during ``mkdocs
serve``, a notice at the top of each page with findings
(`mkdocs_postlint.notice`, ``serve_notice``).

MkDocs keeps one instance of a plugin that has ``on_startup`` for the whole
``mkdocs serve`` session (`mkdocs.config.config_options.Plugins` caches it),
so the instance carries a cache and its worker from one rebuild to the next: a
page whose bytes and effective configuration did not change is not parsed
again (`mkdocs_postlint.cache.settings_fingerprint`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Literal, cast

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from mkdocs_postlint import report_page
from mkdocs_postlint.baseline import BaselineError
from mkdocs_postlint.cache import names_schema, settings_fingerprint
from mkdocs_postlint.config import DEFAULT_MAX_FILE_SIZE, Config, ConfigError, load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.files import PageTooLarge, read_page
from mkdocs_postlint.findings import PageFindings, Slugify, page_findings
from mkdocs_postlint.linter import finish_build, lint_bytes, lint_document, lint_file
from mkdocs_postlint.notice import render_notice
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.schema import site_from_plugins
from mkdocs_postlint.worker import CHUNK, LintWorker, Recipe

log = get_plugin_logger(__name__)

_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING}
WORKER_TIMEOUT = 300.0
"""Seconds the build waits for the lint worker before it stops the build with a message."""


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
        self._recipe: Recipe | None = None
        self._worker = LintWorker()
        self._batch: _Batch | None = None
        self._blog = False
        self._report = ""
        self._mkdocs_config: MkDocsConfig | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command
        self._cache = {}

    def on_shutdown(self) -> None:
        self._worker.close()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # MkDocs reuses this instance for every build of a session: start afresh.
        self.lint_config, self.report_uri, self.notice = None, None, False
        self.findings, self.problems, self._batch, self._report = {}, [], None, ""
        self._mkdocs_config = config
        if not self.config.enabled:
            return None
        raw = {key: self.config[key] for key in self.config}
        base_dir = Path(config.config_file_path or ".").resolve().parent
        plugins = [(name, getattr(plugin, "config", {})) for name, plugin in config.plugins.items()]
        site = site_from_plugins(base_dir, Path(config.docs_dir), plugins)
        toc = config.mdx_configs.get("toc")  # the site's slugify, for duplicate-anchor
        try:
            self.lint_config = load_config(raw, base_dir, site=site, toc=toc)
        except ConfigError as error:
            raise PluginError(str(error)) from None
        self.report_uri = _report_uri(cast("bool | str", self.config.report_page))
        notice = self.config.serve_notice
        if notice not in (True, False, "always"):
            raise PluginError(
                f"invalid config: serve_notice: expected true, false or 'always', got {notice!r}"
            )
        self.notice = notice == "always" or (notice is True and self.command == "serve")
        self.config_key = settings_fingerprint(self.lint_config)
        self._recipe = Recipe(raw, base_dir, site.docs_dir, site.plugins, toc)
        # Material's blog plugin aborts on the first bad post in its own on_files:
        # with a blog, the findings are reported before that (see _on_files_before_blog).
        self._blog = any(name.split("/")[-1].split(" ")[0] == "blog" for name, _ in plugins)
        return None

    @event_priority(100)
    def _on_files_lint(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        lint_config = self.lint_config
        if lint_config is None:
            return None
        if self._batch is not None:  # on_files again in one build (i18n plugins): report first
            self._collect()
        pages = [
            (file, _display_path(file.abs_src_path, lint_config.base_dir, file.src_uri))
            for file in files.documentation_pages()
            if not lint_config.is_excluded(file.src_uri)
        ]
        self._batch = self._start(pages, lint_config)
        if self._batch.unreadable:  # MkDocs would block or fail reading it: the verdict now
            self._verdict(self._collect())
        if self.report_uri is not None:
            if files.get_file_from_path(self.report_uri) is not None:
                raise PluginError(
                    f"invalid config: report_page: '{self.report_uri}' is already a page of "
                    "the site; choose another path"
                )
            files.append(File.generated(config, self.report_uri, content=""))
        return None

    @event_priority(-49)  # just before Material's blog plugin (-50)
    def _on_files_before_blog(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self._blog and self._batch is not None:
            self._verdict(self._collect())
        return None

    on_files = CombinedEvent(_on_files_lint, _on_files_before_blog)

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.report_uri is None or page.file.src_uri != self.report_uri or self._batch is None:
            return None
        self._collect()
        return self._report

    # Last, so that other plugins (Material's reading time, for one) see the page's own content.
    @event_priority(-100)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.notice or self._batch is None:
            return None
        self._collect()
        found = self.findings.get(page.file.src_uri)
        if found is None:
            return None
        slugify, separator = _slugify(config)
        return render_notice(found, config.theme.name, slugify, separator) + html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self._batch is not None:
                self._verdict(self._collect())
        finally:
            if self.command != "serve":
                self._worker.close()

    def on_build_error(self, *, error: Exception) -> None:
        """Another plugin stopped the build: still report what was found, if it is ready."""
        try:
            if self._batch is not None and not self._batch.done:
                self._collect()
        except PluginError as failure:
            log.error(str(failure))
        finally:
            if self.command != "serve":
                self._worker.close()

    def _start(self, pages: list[tuple[File, str]], lint_config: Config) -> _Batch:
        """Read every page; answer from the serve cache or hand the page to the worker."""
        batch = _Batch(order=[file.src_uri for file, _ in pages])
        cache: dict[str, tuple[str, PageFindings]] = {}
        todo: list[tuple[str, str, bytes, str]] = []
        for file, display in pages:
            read = self._read(file, display, lint_config)
            if isinstance(read, PageFindings):
                batch.ready[file.src_uri] = read
                batch.unreadable |= any(p.rule == "unreadable-file" for p in read.problems)
                continue
            data, key = read
            cached = self._cache.get(file.src_uri)
            if cached is not None and cached[0] == key:
                cache[file.src_uri] = cached
                batch.ready[file.src_uri] = cached[1]
            else:
                todo.append((file.src_uri, display, data, key))
        self._cache = cache  # pages gone from the site leave the cache
        configured = None
        if todo and (os.cpu_count() or 1) > 1 and self._recipe is not None:
            configured = self._worker.configure(self._recipe, self.config_key)
        if configured is None:
            batch.inline = todo
            return batch
        batch.configured = configured
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            pages_in = [(src_uri, display, data) for src_uri, display, data, _ in chunk]
            batch.pending.append((self._worker.submit(pages_in), chunk))
        return batch

    def _read(
        self, file: File, display: str, lint_config: Config
    ) -> PageFindings | tuple[bytes, str]:
        """The page's bytes and cache key, or its findings if it is unreadable or too large."""
        if file.abs_src_path is None:  # content another plugin set in memory
            data = file.content_bytes
        else:
            path = Path(file.abs_src_path)
            try:  # never blocks on a FIFO, never reads past max_file_size
                data = read_page(path, lint_config.max_file_size)
            except (OSError, PageTooLarge):  # unreadable-file or file-too-large says why
                problems = lint_file(path, display, lint_config, file.src_uri)
                return page_findings(file.src_uri, display, problems, None)
        if len(data) > lint_config.max_file_size:
            problems = lint_bytes(data, display, lint_config, file.src_uri)
            return page_findings(file.src_uri, display, problems, None)
        digest = hashlib.blake2b(data, digest_size=16)
        digest.update(f"\0{self.config_key}\0{display}".encode())
        return data, digest.hexdigest()

    def _collect(self) -> list[Problem]:
        """Wait for the worker's findings, then report them once; the failing problems."""
        batch = self._batch
        lint_config = self.lint_config
        assert batch is not None and lint_config is not None
        if batch.done:
            return batch.failing
        deadline = time.monotonic() + WORKER_TIMEOUT
        if batch.configured is not None and not self._wait(batch.configured, deadline):
            batch.inline += [page for _, chunk in batch.pending for page in chunk]
            batch.pending = []
        for future, chunk in batch.pending:
            outcome = self._wait(future, deadline)
            if outcome:
                for (src_uri, _, _, key), (found, cacheable) in zip(chunk, outcome, strict=True):
                    self._keep(batch, src_uri, key, found, cacheable)
            else:  # the worker failed on this chunk: lint it here, as without a worker
                batch.inline += chunk
        for src_uri, display, data, key in batch.inline:
            doc = parse(data, display, src_uri)
            found = page_findings(src_uri, display, lint_document(doc, lint_config), doc)
            self._keep(batch, src_uri, key, found, not names_schema(doc))
        batch.pending, batch.inline, batch.done = [], [], True
        pages = [batch.ready[src_uri] for src_uri in batch.order]
        batch.failing = self._log(pages, lint_config)
        return batch.failing

    def _wait(self, future: Future[Any], deadline: float) -> Any:
        """The future's result; ``None`` when the worker failed; `PluginError` at the deadline."""
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            self._worker.close(kill=True)
            raise PluginError(
                f"postlint: the lint worker gave no answer in {WORKER_TIMEOUT:g} s "
                "and was stopped; the build cannot be checked"
            ) from None
        except Exception as error:  # the worker died or raised: the caller lints in-process
            log.debug(f"lint worker failed ({error!r}); linting in the build's process")
            return None

    def _keep(
        self, batch: _Batch, src_uri: str, key: str, found: PageFindings, cacheable: bool
    ) -> None:
        batch.ready[src_uri] = found
        if cacheable:  # a page's own schema file may change
            self._cache[src_uri] = (key, found)

    def _log(self, pages: list[PageFindings], lint_config: Config) -> list[Problem]:
        """Apply the baseline, write the report file, log every finding in page order."""
        try:
            result = finish_build(
                [problem for page in pages for problem in page.problems],
                [page.path for page in pages],
                lint_config,
            )
        except (BaselineError, OSError) as error:
            raise PluginError(f"postlint: {error}") from None
        if result.removable:
            log.info(f"{len(result.removable)} baseline entries are fixed and can be removed")
        self.problems = result.problems
        self.findings = _without_baselined(pages, result.problems)
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
        if self.report_uri is not None:
            self._report = self._render_report(len(pages))
        return [p for p in self.problems if lint_config.fails(p.severity)]

    def _verdict(self, failing: list[Problem]) -> None:
        lint_config = self.lint_config
        if failing and self.command != "serve" and lint_config is not None:
            fail_on = lint_config.fail_on.value if lint_config.fail_on else "never"
            raise PluginError(
                f"postlint: {len(failing)} problem{'s' if len(failing) != 1 else ''} "
                f"at or above '{fail_on}' (fail_on); see the lines above"
            )

    def _render_report(self, checked: int) -> str:
        config = self._mkdocs_config
        assert config is not None
        slugify, separator = _slugify(config)
        return report_page.render_report(
            self.findings.values(),
            src_uri=cast(str, self.report_uri),
            checked=checked,
            theme=config.theme.name,
            search=self.config.report_page_search,
            slugify=slugify,
            separator=separator,
        )


@dataclasses.dataclass
class _Batch:
    """The pages of one ``on_files``: found already, with the worker, or to lint here."""

    order: list[str]
    ready: dict[str, PageFindings] = dataclasses.field(default_factory=dict)
    configured: Future[bool] | None = None
    pending: list[tuple[Future[list[Any]], list[tuple[str, str, bytes, str]]]] = dataclasses.field(
        default_factory=list
    )
    inline: list[tuple[str, str, bytes, str]] = dataclasses.field(default_factory=list)
    unreadable: bool = False
    done: bool = False
    failing: list[Problem] = dataclasses.field(default_factory=list)


def _without_baselined(
    pages: list[PageFindings], reported: list[Problem]
) -> dict[str, PageFindings]:
    """Each page's findings that are still reported (the baseline hides the others)."""
    kept = {id(problem) for problem in reported}
    findings = {}
    for page in pages:
        problems = tuple(p for p in page.problems if id(p) in kept)
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
            "invalid config: report_page: expected true, false or a relative path "
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
    """The page's path relative to the project folder (where mkdocs.yml is)."""
    if not abs_src_path:
        return src_uri
    try:
        return Path(abs_src_path).resolve().relative_to(project).as_posix()
    except ValueError:
        return abs_src_path
