"""Lint every page while Zensical builds it: ``markdown_extensions: [mkdocs_postlint.zensical]``.

Zensical runs no MkDocs plugins, but it loads the Python-Markdown extensions
its configuration lists, renders every page in one Python process, and, while
it renders a page, registers a context that names the page
(``zensical.extensions.context.ContextPreprocessor.from_markdown(md).page.path``,
relative to ``docs_dir``; the same in Zensical 0.0.x and 0.1.x). This
extension reads that context, lints the page's real source file (Zensical
hands extensions the text without its front matter, so the file itself is
read, and every line reported is a line of the file) and prints each problem
as ``path:line:col: severity rule message``.

A page is linted once per build: a cache keyed on the file's bytes skips the
same page rendered again (an excerpt, an inner Markdown instance), and during
``zensical serve`` lints again only a page whose bytes changed.

The settings are the extension's own options when it is given any, else the
``postlint`` block of mkdocs.yml, else ``[tool.mkdocs-postlint]`` of
pyproject.toml, read from the folder of the site's configuration as
``mkdocs-postlint check`` reads them. ``baseline``, ``report_file`` and the
page settings (``report_page``, ``serve_notice``) are the plugin's and the
command line's; they are not used here.

Zensical has no hook at the end of a build, so the summary is printed when
the Python process ends; a ``zensical build`` with problems at or above
``fail_on`` (``error`` by default, as in the plugin) then ends with one line
saying so and exit status 1. ``zensical serve`` reports and never stops.

Under MkDocs (no Zensical context) the extension does nothing: the plugin does
the work.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

__all__ = ["PostlintExtension", "makeExtension"]

PREFIX = "mkdocs-postlint:"
_NO_CONTEXT = (
    f"{PREFIX} this Zensical version does not tell extensions which page they render "
    "(zensical.extensions.context): nothing is linted; run `mkdocs-postlint check` instead"
)


@dataclass
class _Build:
    """What one Zensical process has linted so far (one build, or one serve session)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    config: Any = None
    docs_dir: Path | None = None
    root: Path | None = None
    broken: str | None = None  # why nothing can be linted, said once
    seen: dict[str, str] = field(default_factory=dict)  # src path -> key of its bytes
    problems: dict[str, list[Any]] = field(default_factory=dict)
    finishing: bool = False


_BUILD = _Build()


class PostlintPreprocessor(Preprocessor):
    """Lints the page being rendered; leaves its text as it is."""

    def __init__(self, md: Markdown, options: dict[str, Any]) -> None:
        super().__init__(md)
        self.options = options

    def run(self, lines: list[str]) -> list[str]:
        try:
            _lint_page(self.md, self.options)
        except Exception as error:  # a bug costs one page's findings, never the build
            _say(f"{PREFIX} could not lint a page: {type(error).__name__}: {error}")
        return lines


class PostlintExtension(Extension):
    """The extension; its options, if any, are a ``postlint`` block."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self.options = kwargs

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(PostlintPreprocessor(md, self.options), "mkdocs_postlint", 5)


def makeExtension(**kwargs: Any) -> PostlintExtension:
    return PostlintExtension(**kwargs)


def _lint_page(md: Markdown, options: dict[str, Any]) -> None:
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:
        if "zensical" in sys.modules:  # Zensical runs us, but without the context
            _once(_NO_CONTEXT)
        return
    context = ContextPreprocessor.from_markdown(md)
    if context is None:
        return  # MkDocs (the plugin lints), or another extension's inner Markdown instance
    page = getattr(getattr(context, "page", None), "path", None)
    if not isinstance(page, str):
        _once(_NO_CONTEXT)
        return
    with _BUILD.lock:
        if not _BUILD.finishing:
            _BUILD.finishing = True
            atexit.register(_finish)
        if _BUILD.config is None and _BUILD.broken is None:
            _configure(context.config, options)
        if _BUILD.config is not None:
            _check(page)


def _configure(site: dict[str, Any], options: dict[str, Any]) -> None:
    """The settings, once per process, from the options or the site's folder."""
    from mkdocs_postlint.config import ConfigError, Discovered, discover
    from mkdocs_postlint.nearest import config_for

    root = Path(str(site.get("root_dir") or ".")).resolve()
    docs_dir = root / str(site.get("docs_dir") or "docs")
    toc = (site.get("mdx_configs") or {}).get("toc")
    try:
        found = discover(None, False, root)
        raw = options or found.raw
        found = Discovered(raw, root, docs_dir, found.source, found.plugins, toc or found.toc)
        config = config_for(found)
    except ConfigError as error:
        _BUILD.broken = f"{PREFIX} {error}; nothing is linted"
        _say(_BUILD.broken)
        return
    unused = sorted({"baseline", "report_file"} & set(raw))
    if unused:
        _say(
            f"{PREFIX} {' and '.join(unused)} {'are' if len(unused) > 1 else 'is'} not used "
            "under Zensical; `mkdocs-postlint check` uses them"
        )
    _BUILD.config, _BUILD.root, _BUILD.docs_dir = config, root, docs_dir


def _check(page: str) -> None:
    from mkdocs_postlint.cache import page_key
    from mkdocs_postlint.files import PageTooLarge, read_page
    from mkdocs_postlint.linter import Result, lint_bytes, lint_file
    from mkdocs_postlint.reporters import concise

    config, docs_dir, root = _BUILD.config, _BUILD.docs_dir, _BUILD.root
    assert docs_dir is not None and root is not None
    path = docs_dir / page
    if not path.is_file() or config.is_excluded(page):
        return  # a page Zensical generates (a blog index), or excluded
    display = os.path.relpath(path, root).replace(os.sep, "/")
    try:
        data = read_page(path, config.max_file_size)
    except (OSError, PageTooLarge):
        data = b""
        problems = lint_file(path, display, config, page)
    else:
        digest = page_key(data, page)
        if _BUILD.seen.get(page) == digest:
            return
        _BUILD.seen[page] = digest
        problems = lint_bytes(data, display, config, page)
    _BUILD.problems[page] = problems
    concise.render(Result(files=1, problems=problems), sys.stderr)
    sys.stderr.flush()


def _finish() -> None:
    """At the end of the process: the summary, and exit status 1 for a failing build."""
    from mkdocs_postlint.problem import Severity

    if _command() == "serve":
        return
    if _BUILD.config is None:
        _exit_failing(f"{PREFIX} the build fails: the configuration above is invalid")
        return
    problems = [p for found in _BUILD.problems.values() for p in found]
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    pages = len(_BUILD.problems)
    _say(
        f"{PREFIX} {_plural(pages, 'page')} checked: "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )
    config = _BUILD.config
    failing = sum(1 for p in problems if config.fails(p.severity))
    if failing:
        fail_on = config.fail_on.value
        _exit_failing(
            f"{PREFIX} the build fails: {_plural(failing, 'problem')} "
            f"at or above '{fail_on}' (fail_on)"
        )


def _exit_failing(message: str) -> None:
    """Say why, then end the process with status 1 (an exit hook cannot raise SystemExit)."""
    _say(message)
    sys.stdout.flush()
    os._exit(1)


def _command() -> str:
    """``build`` or ``serve``: the first argument of the ``zensical`` command."""
    return next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "build")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


_said: set[str] = set()


def _once(message: str) -> None:
    if message not in _said:
        _said.add(message)
        _say(message)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
