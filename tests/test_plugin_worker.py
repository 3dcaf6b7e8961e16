"""The plugin lints in a worker process: the same log, and never a hang or a lost finding.

The worker is another process, so these tests watch it from the build's side:
which pages the build's own process parsed (none when the worker did the
work), what was logged and in which order, and what happens when the worker
cannot start, dies, answers something else or never answers. `MIN_PAGES` is
lowered so that these small sites get a worker.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import mkdocs.commands.build
import pytest
from conftest import expected_seed_problems
from mkdocs.exceptions import Abort
from sitekit import SEED_PAGE, ServeSession, build_config, build_site, load_site, seed_site
from sitekit import write_site as write_pages

import mkdocs_postlint.plugin
import mkdocs_postlint.worker
from mkdocs_postlint.worker import LintWorker

pytestmark = pytest.mark.plugin

EXTRA = {
    "guide.md": "# Guide\n\nThe list (see below is open.\n",
    "more/notes.md": "# Notes\n\nA [bracket never closed.\n\n## Notes\n\nText.\n",
}


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[LintWorker | None]:
    """Every worker the plugin started (None: it could not start), with a worker for any site."""
    monkeypatch.setattr(mkdocs_postlint.worker, "MIN_PAGES", 1)
    workers: list[LintWorker | None] = []
    real = LintWorker.start.__func__  # type: ignore[attr-defined]

    def spy(cls, *args):  # type: ignore[no-untyped-def]
        worker = real(cls, *args)
        workers.append(worker)
        return worker

    monkeypatch.setattr(LintWorker, "start", classmethod(spy))
    return workers


def _worker_runs(monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    """The worker is this Python running ``code`` instead of the real worker."""
    monkeypatch.setattr(mkdocs_postlint.worker, "_command", lambda: [sys.executable, "-c", code])


def _site(root: Path, postlint: str = "") -> Path:
    config = seed_site(root, postlint=postlint)
    write_pages(root, EXTRA, config.read_text(encoding="utf-8"))
    return config


def _findings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The finding lines, without the plugin logger's prefix."""
    lines = [r.getMessage().removeprefix("mkdocs_postlint: ") for r in caplog.records]
    return [line for line in lines if line.startswith("docs/")]


def _logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage().removeprefix("mkdocs_postlint: ") for r in caplog.records]


def _reaped(workers: list[LintWorker | None]) -> bool:
    return all(w is not None and w._process.returncode is not None for w in workers)


def _expected_count() -> int:
    return len(expected_seed_problems()) + 2  # and one finding on each extra page


def test_the_worker_logs_the_same_lines_in_page_order(
    tmp_path: Path,
    started: list[LintWorker | None],
    parse_calls: list[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _site(tmp_path)
    build_site(config)
    assert len(started) == 1 and started[0] is not None
    assert parse_calls == []  # the worker parsed every page
    assert _reaped(started)
    with_worker = _findings(caplog)
    assert len(with_worker) == _expected_count()

    caplog.clear()
    monkeypatch.setattr(mkdocs_postlint.worker, "MIN_PAGES", 1000)  # a small site: no worker
    build_site(config)
    assert len(started) == 1
    assert sorted(parse_calls) == sorted(["index.md", SEED_PAGE, *EXTRA])
    assert _findings(caplog) == with_worker  # same lines, same order


def test_strict_counts_the_findings_the_worker_found(
    tmp_path: Path, started: list[LintWorker | None]
) -> None:
    config = load_site(_site(tmp_path))
    config.strict = True
    with pytest.raises(Abort, match=r"Aborted with \d+ warnings in strict mode"):
        build_config(config)
    assert started[0] is not None


@pytest.mark.parametrize(
    "code",
    [
        "import os; os._exit(3)",  # dies
        "import sys; sys.stdout.write('not an answer')",  # answers something else
        "import pickle, sys; pickle.dump(('another config', []), sys.stdout.buffer)",
    ],
    ids=["dies", "garbage", "other-config"],
)
def test_a_failing_worker_is_replaced_by_linting_here(
    tmp_path: Path,
    code: str,
    started: list[LintWorker | None],
    parse_calls: list[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _worker_runs(monkeypatch, code)
    build_site(_site(tmp_path))
    assert started[0] is not None
    assert sorted(parse_calls) == sorted(["index.md", SEED_PAGE, *EXTRA])
    assert len(_findings(caplog)) == _expected_count()
    assert _reaped(started)


def test_a_worker_that_cannot_start_means_linting_here(
    tmp_path: Path,
    started: list[LintWorker | None],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mkdocs_postlint.worker, "_command", lambda: [str(tmp_path / "no-python")])
    build_site(_site(tmp_path))
    assert started == [None]
    assert len(_findings(caplog)) == _expected_count()


def test_a_silent_worker_stops_the_build_with_one_line_and_is_killed(
    tmp_path: Path,
    started: list[LintWorker | None],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _worker_runs(monkeypatch, "import time; time.sleep(120)")
    monkeypatch.setattr(mkdocs_postlint.plugin, "WORKER_TIMEOUT", 0.5)
    with pytest.raises(Abort):
        build_site(_site(tmp_path))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        "postlint: the lint worker gave no answer in 0.5 s and was stopped; "
        "the pages were not checked"
    ]
    assert _reaped(started)


def test_fail_on_stops_the_build_after_every_finding_is_logged(
    tmp_path: Path, started: list[LintWorker | None], caplog: pytest.LogCaptureFixture
) -> None:
    config = _site(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace("fail_on: never\n", ""))
    with pytest.raises(Abort):
        build_site(config)
    assert started[0] is not None
    messages = [r.getMessage().removeprefix("mkdocs_postlint: ") for r in caplog.records]
    verdicts = [i for i, m in enumerate(messages) if "(fail_on); see the lines above" in m]
    assert len(verdicts) == 1
    assert len(_findings(caplog)) == _expected_count()
    last_finding = max(i for i, m in enumerate(messages) if m.startswith("docs/"))
    assert last_finding < verdicts[0]


def test_findings_are_logged_when_another_plugin_stops_the_build(
    tmp_path: Path,
    started: list[LintWorker | None],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the theme failed")

    monkeypatch.setattr(mkdocs.commands.build, "get_navigation", failing)  # after on_files
    with pytest.raises(RuntimeError):
        build_site(_site(tmp_path))
    assert started[0] is not None
    assert len(_findings(caplog)) == _expected_count()
    assert _reaped(started)


def test_ctrl_c_during_the_build_leaves_no_worker_behind(
    tmp_path: Path, started: list[LintWorker | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    _worker_runs(monkeypatch, "import time; time.sleep(120)")  # still running at Ctrl-C

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(mkdocs.commands.build, "get_navigation", interrupted)
    with pytest.raises(KeyboardInterrupt):  # MkDocs runs on_shutdown, not on_build_error
        build_site(_site(tmp_path))
    assert started[0] is not None
    assert _reaped(started)


def test_a_blog_that_aborts_still_gets_its_findings_logged_first(
    tmp_path: Path, started: list[LintWorker | None], caplog: pytest.LogCaptureFixture
) -> None:
    post = "---\ndate: 2025-09-18\nauthors: [nobody]\n---\n\n# Post\n\nThe list (is open.\n"
    config = write_pages(
        tmp_path,
        {
            "index.md": "# Home\n",
            "blog/index.md": "# Blog\n",
            "blog/.authors.yml": "authors:\n  hanako:\n    name: Hanako\n"
            "    description: Editor\n    avatar: a.png\n",
            "blog/posts/post.md": post,
        },
        "site_name: Blog\ntheme:\n  name: material\nplugins:\n  - blog\n  - postlint:\n"
        "      fail_on: never\n",
    )
    with pytest.raises(Abort):  # Material's blog plugin rejects the unknown author
        build_site(config)
    assert started[0] is not None
    assert _findings(caplog) == [
        "docs/blog/posts/post.md:8:10 unclosed-pair '(' is opened and never closed: "
        "\"(is open.\" (expected ')' or '）' in the same paragraph)"
    ]
    messages = [r.getMessage() for r in caplog.records]
    finding = next(i for i, m in enumerate(messages) if "unclosed-pair" in m)
    abort = next(i for i, m in enumerate(messages) if "nobody" in m)  # the blog's error
    assert finding < abort


def test_a_page_another_plugin_made_in_memory_is_sent_to_the_worker(
    tmp_path: Path,
    started: list[LintWorker | None],
    parse_calls: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = _site(tmp_path)
    (tmp_path / "hooks.py").write_text(
        "from mkdocs.plugins import event_priority\n"
        "from mkdocs.structure.files import File\n\n"
        "@event_priority(200)  # before postlint\n"
        "def on_files(files, config):\n"
        "    made = '# Made\\n\\nIt (is open.\\n'\n"
        "    files.append(File.generated(config, 'made.md', content=made))\n",
        encoding="utf-8",
    )
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n")
    build_site(config)
    assert started[0] is not None
    assert parse_calls == []
    assert any(line.startswith("made.md:3:4 unclosed-pair") for line in _logged(caplog))


def test_the_report_page_lists_what_the_worker_found(
    tmp_path: Path, started: list[LintWorker | None]
) -> None:
    site = build_site(_site(tmp_path, postlint="      report_page: true\n"))
    assert started[0] is not None
    report = (site / "postlint" / "index.html").read_text(encoding="utf-8")
    assert f"{_expected_count()} findings" in report
    assert "docs/guide&#46;md" in report


def test_serve_lints_in_the_build_and_rebuilds_from_its_cache(
    tmp_path: Path,
    started: list[LintWorker | None],
    parse_calls: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    session = ServeSession(_site(tmp_path))
    try:
        session.build()
        first = _findings(caplog)
        assert sorted(parse_calls) == sorted(["index.md", SEED_PAGE, *EXTRA])
        parse_calls.clear()
        session.rebuild()
    finally:
        session.close()
    assert started == []  # the notice needs the findings at the first page
    assert parse_calls == []  # nothing changed: every page from the cache
    assert _findings(caplog) == first + first


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_page_keeps_the_linting_and_the_verdict_in_on_files(
    tmp_path: Path, started: list[LintWorker | None], caplog: pytest.LogCaptureFixture
) -> None:
    config = _site(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace("fail_on: never\n", ""))
    os.mkfifo(tmp_path / "docs" / "pipe.md")  # MkDocs would wait forever to read it
    with pytest.raises(Abort):
        build_site(config)
    assert started == []
    assert "docs/pipe.md:1:1 unreadable-file not a regular file but a FIFO" in caplog.text


def test_i18n_nested_builds_start_after_the_outermost_logged_every_finding_once(
    tmp_path: Path,
    started: list[LintWorker | None],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("mkdocs_static_i18n")
    from test_plugin_i18n import _site as i18n_site

    logged_before_nested: list[int] = []
    real = mkdocs_postlint.plugin.PostlintPlugin.on_config

    def on_config(self, config):  # type: ignore[no-untyped-def]
        if self._builds >= 1:  # a build inside the outermost one
            logged_before_nested.append(len(_findings(caplog)))
        return real(self, config)

    monkeypatch.setattr(mkdocs_postlint.plugin.PostlintPlugin, "on_config", on_config)
    config = i18n_site(tmp_path, "fail_on: never\nreport_page: true") / "mkdocs.yml"
    site = build_config(load_site(config))
    assert (site / "fr" / "index.html").exists()
    assert "3 findings" in (site / "postlint" / "index.html").read_text(encoding="utf-8")
    assert not (site / "fr" / "postlint").exists()
    assert len(started) == 1 and started[0] is not None  # the nested build lints here
    assert logged_before_nested == [3]
    found = _findings(caplog)
    assert len(found) == len(set(found)) == 3


@pytest.mark.parametrize("case", ["notice-on-every-page", "one-cpu"])
def test_no_worker_where_it_cannot_help(
    tmp_path: Path,
    case: str,
    started: list[LintWorker | None],
    parse_calls: list[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    postlint = ""
    if case == "one-cpu":
        monkeypatch.setattr(mkdocs_postlint.worker, "_usable_cpus", lambda: 1)
    else:  # the first page rendered needs every finding
        postlint = "      serve_notice: always\n"
    build_site(_site(tmp_path, postlint=postlint))
    assert started == []
    assert sorted(parse_calls) == sorted(["index.md", SEED_PAGE, *EXTRA])
    assert len(_findings(caplog)) == _expected_count()


@pytest.mark.skipif(
    not hasattr(os, "nice") or os.nice(0) >= 19, reason="no lower process priority to take"
)
def test_the_worker_runs_below_the_build() -> None:
    """The build renders the pages: on a busy machine it gets the CPU before the worker."""
    import subprocess

    python, flag, code = mkdocs_postlint.worker._command()
    start = code.split("from mkdocs_postlint.worker import main")[0]
    shown = subprocess.run(
        [python, flag, start + "print(os.nice(0))"], capture_output=True, text=True, check=True
    ).stdout
    expected = min(os.nice(0) + mkdocs_postlint.worker.NICENESS, 19)
    assert int(shown) == expected > os.nice(0)
