"""Many files are linted by a pool of worker processes: the same report as linting one by one."""

from __future__ import annotations

import multiprocessing.context
import shutil
import sys
from pathlib import Path

import pytest

from mkdocs_postlint import cli
from mkdocs_postlint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the pool forks")


def _report(capsys: pytest.CaptureFixture[str], docs: Path, cache: Path) -> tuple[int, str]:
    code = main(
        ["check", "--no-config", "--fail-on", "error", "--cache-dir", str(cache), str(docs)]
    )
    return code, capsys.readouterr().out


def test_the_pool_reports_what_linting_one_by_one_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES, docs)
    (docs / "0-first.md").write_text("# Title\n\nText.\n\n# Title\n", encoding="utf-8")
    pages = list(docs.rglob("*.md"))
    assert len(pages) > 10
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(cli, "PARALLEL_FROM", 10**9)
    alone = _report(capsys, docs, tmp_path / "cache-1")
    monkeypatch.setattr(cli, "PARALLEL_FROM", 2)
    pools: list[int] = []
    real_pool = multiprocessing.context.BaseContext.Pool

    def counted_pool(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        pools.append(1)
        return real_pool(self, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pool", counted_pool)
    pooled = _report(capsys, docs, tmp_path / "cache-2")
    assert pools, "the pool was not used"
    assert alone[0] == 1 and "0-first.md:5:1" in alone[1]
    assert pooled == alone
    # The cache written by the pool answers the next run alike.
    assert _report(capsys, docs, tmp_path / "cache-2") == alone
