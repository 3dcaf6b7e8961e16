"""The plugin's linting in another process, so that the build does not wait for it.

MkDocs builds on one core; linting is independent of rendering, so the plugin
hands the pages to one worker process in ``on_files`` and collects the
findings only when it needs them (the serve notice, the report page, the
verdict at the end of the build). Meanwhile the build goes on.

The worker is started with ``spawn``: it does not inherit the build's threads
or locks (a forked copy of a process with threads can deadlock), at the cost
of building its own `Config` from the same settings. That config must be the
same: the worker sends back its `mkdocs_postlint.cache.settings_fingerprint`
and the plugin lints in its own process when they differ or the settings
cannot be sent (a ``toc`` slugify written as a lambda, say). Pages go to the
worker as bytes, in chunks, in page order; each chunk is one `Future`.

`LintWorker` is the parent's side; the functions below it run in the worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_postlint.config import Config

__all__ = ["LintWorker", "Recipe"]

CHUNK = 16
"""Pages per task: small enough that the first results come back early."""


@dataclass(frozen=True)
class Recipe:
    """What `mkdocs_postlint.config.load_config` needs to build the run's `Config` again."""

    raw: Mapping[str, Any]
    base_dir: Path
    docs_dir: Path | None
    plugins: tuple[tuple[str, Mapping[str, Any]], ...]
    toc: Mapping[str, Any] | None


class LintWorker:
    """One worker process, started once and kept for the ``mkdocs serve`` session."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None

    def configure(self, recipe: Recipe, expected: str) -> Future[bool] | None:
        """Send the settings; ``None`` when they cannot be sent (lint in-process then).

        The future tells whether the worker's config has the fingerprint
        ``expected`` (the parent's own).
        """
        try:
            blob = pickle.dumps(_plain_recipe(recipe))
        except Exception:  # a setting that is a lambda, a lock, ...: not for another process
            return None
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        return self._executor.submit(_configure, blob, expected)

    def submit(self, pages: list[tuple[str, str, bytes]]) -> Future[list[Any]]:
        """Lint (src_uri, shown path, bytes) pages; the future gives (findings, cacheable) pairs."""
        assert self._executor is not None, "configure first"
        return self._executor.submit(_lint_pages, pages)

    def close(self, kill: bool = False) -> None:
        """Stop the worker; ``kill`` does not wait for the task it is on."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if kill:  # a worker that hangs is stopped, never waited for
            for process in list(getattr(executor, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    process.kill()
        executor.shutdown(wait=not kill, cancel_futures=True)


def _plain_recipe(recipe: Recipe) -> Recipe:
    """The recipe with the plugins' settings as plain dicts (MkDocs' config objects hold more)."""
    plugins = tuple((name, dict(settings)) for name, settings in recipe.plugins)
    toc = dict(recipe.toc) if recipe.toc is not None else None
    return Recipe(dict(recipe.raw), recipe.base_dir, recipe.docs_dir, plugins, toc)


# --------------------------------------------------------------------- in the worker

_CONFIG: Config | None = None


def _configure(blob: bytes, expected: str) -> bool:
    from mkdocs_postlint.cache import settings_fingerprint
    from mkdocs_postlint.config import load_config
    from mkdocs_postlint.schema import site_from_plugins

    global _CONFIG
    _CONFIG = None
    recipe: Recipe = pickle.loads(blob)
    site = site_from_plugins(recipe.base_dir, recipe.docs_dir, recipe.plugins)
    config = load_config(recipe.raw, recipe.base_dir, site=site, toc=recipe.toc)
    if settings_fingerprint(config) != expected:
        return False
    _CONFIG = config
    return True


def _lint_pages(pages: list[tuple[str, str, bytes]]) -> list[tuple[Any, bool]]:
    from mkdocs_postlint.cache import names_schema
    from mkdocs_postlint.document import parse
    from mkdocs_postlint.findings import page_findings
    from mkdocs_postlint.linter import lint_document

    if _CONFIG is None:
        raise RuntimeError("the worker has no configuration")
    results = []
    for src_uri, display, data in pages:
        doc = parse(data, display, src_uri)
        found = page_findings(src_uri, display, lint_document(doc, _CONFIG), doc)
        results.append((found, not names_schema(doc)))
    return results
