"""The plugin lints in a worker process: same findings, and never a hang or a lost page.

The worker is another process, so these tests observe it from the build's
side: which pages the build's own process parsed (none, when the worker did
the work), what was logged, and how a failing, dying or silent worker is
handled.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

import mkdocs.commands.build
import pytest
from conftest import expected_seed_problems
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort
from mkdocs.structure.files import get_files
from sitekit import SEED_PAGE, build_site, load_site, seed_site

import mkdocs_postlint.plugin
from mkdocs_postlint.worker import LintWorker

pytestmark = pytest.mark.plugin


@pytest.fixture
def in_process(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the build's own process parsed (not the worker)."""
    calls: list[str] = []
    real = mkdocs_postlint.plugin.parse

    def counting(data: bytes, path: str, src_path: str | None = None):  # type: ignore[no-untyped-def]
        calls.append(src_path or path)
        return real(data, path, src_path)

    monkeypatch.setattr(mkdocs_postlint.plugin, "parse", counting)
    return calls


def _logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.endswith("mkdocs_postlint.plugin")]


def _findings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [m for m in _logged(caplog) if f"docs/{SEED_PAGE}:" in m]


def test_the_worker_lints_and_the_log_is_the_same(
    tmp_path: Path,
    in_process: list[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = seed_site(tmp_path)
    caplog.set_level(logging.INFO)
    build_site(config)
    assert in_process == []  # the worker did it
    with_worker = _findings(caplog)
    assert len(with_worker) == len(expected_seed_problems())
    caplog.clear()
    monkeypatch.setattr(mkdocs_postlint.plugin.os, "cpu_count", lambda: 1)  # one core: no worker
    build_site(config)
    assert sorted(in_process) == ["index.md", SEED_PAGE]
    assert _findings(caplog) == with_worker  # same lines, same order


def test_a_worker_that_raises_is_replaced_by_linting_here(
    tmp_path: Path,
    in_process: list[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = LintWorker.submit

    def broken(self, pages):  # type: ignore[no-untyped-def]
        return real(self, [(src_uri, display, None) for src_uri, display, _ in pages])

    monkeypatch.setattr(LintWorker, "submit", broken)  # the worker fails on every page
    build_site(seed_site(tmp_path))
    assert sorted(in_process) == ["index.md", SEED_PAGE]
    assert len(_findings(caplog)) == len(expected_seed_problems())


def test_a_worker_that_dies_is_replaced_by_linting_here(
    tmp_path: Path,
    in_process: list[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = LintWorker.submit

    def dying(self, pages):  # type: ignore[no-untyped-def]
        future = real(self, pages)
        for process in list(self._executor._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        return future

    monkeypatch.setattr(LintWorker, "submit", dying)
    build_site(seed_site(tmp_path))
    assert sorted(in_process) == ["index.md", SEED_PAGE]
    assert len(_findings(caplog)) == len(expected_seed_problems())


def test_a_silent_worker_stops_the_build_with_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hanging(self, pages):  # type: ignore[no-untyped-def]
        return self._executor.submit(time.sleep, 600)  # a worker stuck on a page

    monkeypatch.setattr(LintWorker, "submit", hanging)
    monkeypatch.setattr(mkdocs_postlint.plugin, "WORKER_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(Abort):
        build_site(seed_site(tmp_path))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert time.monotonic() - started < 60
    assert any("the lint worker gave no answer in 0.5 s and was stopped" in e for e in errors)
    assert not any("Traceback" in e for e in errors)


def test_findings_are_logged_even_when_another_plugin_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_site(seed_site(tmp_path))

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the theme failed")

    monkeypatch.setattr(mkdocs.commands.build, "get_navigation", failing)  # after on_files
    with pytest.raises(RuntimeError):
        build(config)
    assert len(_findings(caplog)) == len(expected_seed_problems())


def test_on_files_twice_in_one_build_reports_both(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # i18n plugins run on_files once per language: each batch is reported, none is lost.
    config = load_site(seed_site(tmp_path))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        for _ in range(2):
            config.plugins.on_files(get_files(config), config=config)
        config.plugins.on_post_build(config=config)
    finally:
        config.plugins.on_shutdown()
    assert len(_findings(caplog)) == 2 * len(expected_seed_problems())


def test_fail_on_stops_the_build_at_the_end(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = seed_site(tmp_path)
    text = config.read_text(encoding="utf-8").replace("fail_on: never\n", "")
    config.write_text(text, encoding="utf-8")
    with pytest.raises(Abort):
        build_site(config)
    assert "at or above 'error' (fail_on)" in caplog.text
    assert len(_findings(caplog)) == len(expected_seed_problems())
