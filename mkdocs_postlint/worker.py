"""Linting in another process, so that ``mkdocs build`` does not wait for it.

MkDocs renders the pages on one core. The plugin hands them to one worker
process in ``on_files`` and collects the findings only when it needs them:
when the report page is read, at the end of the build (``on_post_build``,
for the log and the verdict) or when another plugin stops the build
(``on_build_error``). Meanwhile the build goes on. The findings are logged
by the build, in its logger and in page order, exactly as without a worker.

The worker is a fresh interpreter (``python -c``, the build's own Python):
not a fork, whose copy of the build's threads' locks (Material's social and
privacy plugins, ``mkdocs serve``'s server) could deadlock it, and not
`multiprocessing`, which would import the ``mkdocs`` command again in it. It
runs at a lower priority than the build (`NICENESS`), reads the pickled
`Config` and the list of pages (`mkdocs_postlint.site_page.Job`)
on its standard input, reads the page files itself and writes back, pickled,
its `settings_fingerprint` and every page's `PageFindings` in page order. A
thread of the build feeds it and waits for its answer.

The plugin lints in the build's process instead (as without a worker) when
the worker is not worth it or cannot help:

- fewer than `MIN_PAGES` pages: linting them takes less than starting Python;
- one usable CPU, or no Python to start (an embedded interpreter): the worker
  would only take turns with the build;
- ``mkdocs serve`` and ``serve_notice: always``: the first page's notice needs
  every finding, so the build would wait at once; serve's rebuilds lint only
  the pages that changed (the per-page cache);
- a nested build (mkdocs-static-i18n's further languages): it logs only what
  the outermost build has not logged, so it needs that first;
- a page that is not a regular file (a FIFO): MkDocs would block reading it,
  so the verdict must come in ``on_files``;
- settings that cannot be pickled (a ``toc`` slugify written as a lambda).

Nothing is lost and nothing hangs: a worker that cannot start, dies, answers
garbage or built a different configuration (another fingerprint) is replaced
by linting in the build's process; one that gives no answer within the
timeout is killed, and the build stops with one line. The worker is killed
and reaped when its answer is in, on an error, and at exit (Ctrl-C).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import subprocess
import sys
import threading
import weakref
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from mkdocs_postlint.config import Config
from mkdocs_postlint.findings import PageFindings
from mkdocs_postlint.site_page import Job

__all__ = ["MIN_PAGES", "LintWorker", "WorkerTimeout", "worth_it"]

MIN_PAGES = 50
"""Fewer pages are linted in the build's process. Linting takes about 1 ms a page;
a worker takes 0.2-0.3 s of CPU to start Python and load the linter: on another
core, but one that parallel CI jobs may need. Under 50 pages, saving the build
less than about 50 ms is not worth that."""

_live: weakref.WeakSet[LintWorker] = weakref.WeakSet()


class WorkerTimeout(Exception):
    """The worker gave no answer in time (it has been killed)."""


def worth_it(pages: int) -> bool:
    """Whether a site of this many pages to lint is linted in a worker."""
    return pages >= MIN_PAGES and _usable_cpus() > 1 and bool(sys.executable)


class LintWorker:
    """The build's handle on one worker process linting one list of pages."""

    def __init__(
        self, process: subprocess.Popen[bytes], payload: bytes, fingerprint: str, pages: int
    ) -> None:
        self._process = process
        self._fingerprint = fingerprint
        self._pages = pages
        self._answer: Future[bytes] = Future()
        thread = threading.Thread(
            target=self._exchange, args=(payload,), name="postlint-worker", daemon=True
        )
        thread.start()
        _live.add(self)

    @classmethod
    def start(cls, config: Config, fingerprint: str, jobs: list[Job]) -> LintWorker | None:
        """A worker linting ``jobs``; None when it cannot be started (lint here then)."""
        try:
            payload = pickle.dumps((config, jobs), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a setting that is a lambda, a lock, ...: not for another process
            return None
        try:
            process = subprocess.Popen(
                _command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except (OSError, ValueError, subprocess.SubprocessError):
            return None
        return cls(process, payload, fingerprint, len(jobs))

    def _exchange(self, payload: bytes) -> None:
        """In a thread of the build: send the pages, wait for the answer."""
        try:
            answer, _ = self._process.communicate(payload)
        except BaseException as error:  # the pipe broke: the caller lints in its own process
            self._answer.set_exception(error)
        else:
            self._answer.set_result(answer)

    def result(self, timeout: float) -> list[PageFindings] | None:
        """Every page's findings in page order; None when the worker failed.

        Raises `WorkerTimeout` after ``timeout`` seconds without an answer.
        """
        try:
            answer = self._answer.result(timeout)
        except FutureTimeout:
            self.close()
            raise WorkerTimeout from None
        except Exception:
            return None
        finally:
            if self._answer.done():
                self.close()
        if self._process.returncode != 0:
            return None
        try:
            fingerprint, found = pickle.loads(answer)
        except Exception:  # a worker that wrote something else
            return None
        if fingerprint != self._fingerprint:
            return None  # it built another configuration: its findings could differ
        if not isinstance(found, list) or len(found) != self._pages:
            return None
        return found

    def close(self) -> None:
        """Stop the worker if it still runs, and reap it."""
        _live.discard(self)
        process = self._process
        if process.returncode is None:
            with contextlib.suppress(OSError):
                process.kill()
        with contextlib.suppress(Exception):
            process.wait(timeout=10)


@atexit.register
def _close_all() -> None:
    """Ctrl-C or an error nobody caught: no worker outlives the build."""
    for worker in list(_live):
        worker.close()


# The worker's priority below the build's (Unix): on a busy machine the build, which
# renders every page, gets the CPU first, and the worker the time the build leaves.
NICENESS = 10


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on macOS or Windows
        return os.cpu_count() or 1


def _command() -> list[str]:
    """The worker's command line: this Python, importing this copy of mkdocs_postlint."""
    package_parent = str(Path(__file__).resolve().parent.parent)
    code = (
        "import os, sys\n"
        f"if hasattr(os, 'nice'): os.nice({NICENESS})  # the build goes first\n"
        "if sys.path and sys.path[0] == '': del sys.path[0]  # not the project's modules\n"
        f"sys.path.append({package_parent!r})\n"
        "from mkdocs_postlint.worker import main\n"
        "main()\n"
    )
    return [sys.executable, "-c", code]


# ------------------------------------------------------------------- in the worker


def main() -> None:
    """The worker: lint the pages it is given and answer once."""
    from mkdocs_postlint.cache import settings_fingerprint
    from mkdocs_postlint.linter import few_collections
    from mkdocs_postlint.site_page import lint_job

    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else is printed must not mix with the answer
    config, jobs = pickle.load(sys.stdin.buffer)
    with few_collections():
        found = [lint_job(job, config) for job in jobs]
    pickle.dump((settings_fingerprint(config), found), answer, protocol=pickle.HIGHEST_PROTOCOL)
    answer.close()
