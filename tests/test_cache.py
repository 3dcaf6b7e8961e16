"""The command line's cache: right answers first, then speed.

Each test runs the real command in-process and counts how many pages were
actually linted (`mkdocs_postlint.cache.lint_document`), so "served from the
cache" and "linted again" are observed, not assumed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mkdocs_postlint import cache as cache_module
from mkdocs_postlint.cli import main

PAGE = "# Title\n\nA complete sentence.\n\n# Title\n\nAnother one.\n"  # a duplicate heading
AUTHORS = "authors:\n  hanako:\n    name: Hanako\n"
POST = "---\ndate: 2025-09-18\nauthors:\n  - taro\n---\n\n# Post\n\nText.\n"


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the pages linted (not served from the cache) since the test began."""
    seen: list[str] = []
    real = cache_module.lint_document

    def counting(doc, config):  # type: ignore[no-untyped-def]
        seen.append(doc.path)
        return real(doc, config)

    monkeypatch.setattr(cache_module, "lint_document", counting)
    return seen


def _run(capsys: pytest.CaptureFixture[str], *args: str, fail_on: str = "never") -> tuple[int, str]:
    code = main(["check", "--format", "concise", "--fail-on", fail_on, *args])
    return code, capsys.readouterr().out


def _site(root: Path, pages: int = 3) -> Path:
    docs = root / "docs"
    docs.mkdir()
    for index in range(pages):
        (docs / f"page-{index}.md").write_text(PAGE, encoding="utf-8")
    return docs


def test_second_run_lints_nothing_and_says_the_same(
    tmp_path: Path, linted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    first = _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    assert len(linted) == 3 and "duplicate-heading" in first[1]
    linted.clear()
    assert _run(capsys, "--no-config", "--cache-dir", str(store), str(docs)) == first
    assert linted == []


def test_only_the_edited_page_is_linted_again(
    tmp_path: Path, linted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    (docs / "page-1.md").write_text("# Only once\n\nFine.\n", encoding="utf-8")
    linted.clear()
    _, out = _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    assert [Path(path).name for path in linted] == ["page-1.md"]
    assert "page-1.md" not in out and "page-0.md" in out and "page-2.md" in out


def test_no_cache_reads_and_writes_nothing(
    tmp_path: Path, linted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    linted.clear()
    _run(capsys, "--no-config", "--no-cache", "--cache-dir", str(store), str(docs))
    assert len(linted) == 3
    empty = tmp_path / "never"
    _run(capsys, "--no-config", "--no-cache", "--cache-dir", str(empty), str(docs))
    assert not empty.exists()


def test_default_folder_is_the_user_cache_not_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    docs = _site(project)
    monkeypatch.delenv(cache_module.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(project)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    _run(capsys, "--no-config", str(docs))
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    if sys.platform.startswith("linux"):
        folder = tmp_path / "xdg" / "mkdocs-postlint"
        assert [p.suffix for p in folder.glob("*.json")] == [".json"]


def test_folder_is_git_ignored_and_tagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, store = _site(tmp_path), tmp_path / ".postlint_cache"
    _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    assert (store / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (
        (store / "CACHEDIR.TAG")
        .read_text(encoding="utf-8")
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    if subprocess.run(["git", "--version"], capture_output=True).returncode == 0:
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
        status = subprocess.run(
            ["git", "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert ".postlint_cache" not in status and "docs/page-0.md" in status


def test_changed_rule_settings_lint_everything_again(
    tmp_path: Path, linted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _site(tmp_path)
    store = tmp_path / "store"
    config = tmp_path / "postlint.yml"
    config.write_text("rules:\n  duplicate-heading: warning\n", encoding="utf-8")
    _, out = _run(capsys, "-f", str(config), "--cache-dir", str(store), str(tmp_path / "docs"))
    assert "warning duplicate-heading" in out
    config.write_text("rules:\n  duplicate-heading: error\n", encoding="utf-8")
    linted.clear()
    _, out = _run(capsys, "-f", str(config), "--cache-dir", str(store), str(tmp_path / "docs"))
    assert len(linted) == 3 and "error duplicate-heading" in out
    config.write_text(
        "rules:\n  duplicate-heading: error\n"
        "overrides:\n  - files: ['page-2.md']\n    rules:\n      duplicate-heading: off\n",
        encoding="utf-8",
    )
    linted.clear()
    _, out = _run(capsys, "-f", str(config), "--cache-dir", str(store), str(tmp_path / "docs"))
    assert len(linted) == 3 and "page-2.md" not in out


def test_fail_on_does_not_invalidate(
    tmp_path: Path, linted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    linted.clear()
    code, _ = _run(capsys, "--no-config", "--cache-dir", str(store), str(docs), fail_on="warning")
    assert code == 1 and linted == []


def _blog(tmp_path: Path) -> Path:
    posts = tmp_path / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (posts / "post.md").write_text(POST, encoding="utf-8")
    (tmp_path / "docs" / "blog" / ".authors.yml").write_text(AUTHORS, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - blog\n  - postlint:\n      schema: material-blog\n",
        encoding="utf-8",
    )
    return tmp_path / "docs" / "blog" / ".authors.yml"


def test_an_edited_authors_file_is_seen(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    linted: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    authors = _blog(tmp_path)
    monkeypatch.chdir(tmp_path)
    store = str(tmp_path / "store")
    _, out = _run(capsys, "--cache-dir", store)
    assert "author 'taro' is not defined" in out
    authors.write_text(AUTHORS + "  taro:\n    name: Taro\n", encoding="utf-8")
    linted.clear()
    _, out = _run(capsys, "--cache-dir", store)
    assert linted and "author 'taro'" not in out
    linted.clear()
    _run(capsys, "--cache-dir", store)
    assert linted == []


def test_an_edited_schema_file_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("---\ntitle: 3\n---\n\nText.\n", encoding="utf-8")
    schema = tmp_path / "schema.json"
    schema.write_text('{"properties": {"title": {"type": "integer"}}}', encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - postlint:\n      schema: schema.json\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    store = str(tmp_path / "store")
    assert "frontmatter-schema" not in _run(capsys, "--cache-dir", store)[1]
    schema.write_text('{"properties": {"title": {"type": "string"}}}', encoding="utf-8")
    assert "frontmatter-schema" in _run(capsys, "--cache-dir", store)[1]


def test_a_page_naming_its_own_schema_is_never_kept(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    linted: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "docs").mkdir()
    page = "---\n$schema: ../own.json\ntitle: 3\n---\n\nText.\n"
    (tmp_path / "docs" / "page.md").write_text(page, encoding="utf-8")
    own = tmp_path / "own.json"
    own.write_text('{"properties": {"title": {"type": "integer"}}}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    store = str(tmp_path / "store")
    assert "frontmatter-schema" not in _run(capsys, "--no-config", "--cache-dir", store, "docs")[1]
    own.write_text('{"properties": {"title": {"type": "string"}}}', encoding="utf-8")
    linted.clear()
    assert "frontmatter-schema" in _run(capsys, "--no-config", "--cache-dir", store, "docs")[1]
    assert linted == ["docs/page.md"]


def _store_file(store: Path) -> Path:
    (file,) = store.glob("*.json")
    return file


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xffnot json at all",
        b'{"kind": "something else", "entries": {}}',
        b"[1, 2, 3]",
        b"",
        b"[" * 100_000,
    ],
    ids=["binary", "foreign", "not-a-store", "empty", "deep"],
)
def test_a_corrupt_or_foreign_store_is_ignored_and_replaced(
    tmp_path: Path, linted: list[str], capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    first = _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    _store_file(store).write_bytes(content)
    linted.clear()
    assert _run(capsys, "--no-config", "--cache-dir", str(store), str(docs)) == first
    assert len(linted) == 3
    assert json.loads(_store_file(store).read_bytes())["kind"] == "mkdocs-postlint results"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (1, [["one", 1, 1, "rule", "error", "message", ""]]),  # a problem row
        (2, None),  # no lines: an entry as the previous format wrote it
        (2, [[1, "text", "extra"]]),
        (2, [["1", "text"]]),
        (2, {"1": "text"}),
    ],
    ids=["bad-row", "no-lines", "long-pair", "string-number", "lines-not-a-list"],
)
def test_entries_that_do_not_decode_are_linted_again(
    tmp_path: Path,
    linted: list[str],
    capsys: pytest.CaptureFixture[str],
    field: int,
    value: Any,
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    first = _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    file = _store_file(store)
    data = json.loads(file.read_bytes())
    (display,) = [key for key in data["entries"] if key.endswith("page-1.md")]
    if value is None:
        del data["entries"][display][field]
    else:
        data["entries"][display][field] = value
    file.write_text(json.dumps(data), encoding="utf-8")
    linted.clear()
    assert _run(capsys, "--no-config", "--cache-dir", str(store), str(docs)) == first
    assert [Path(path).name for path in linted] == ["page-1.md"]


def test_a_warm_text_report_shows_the_stored_lines_without_reading_the_files(
    tmp_path: Path,
    linted: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    args = ["check", "--format", "text", "--fail-on", "never", "--no-config"]
    assert main([*args, "--cache-dir", str(store), str(docs)]) == 0
    first = capsys.readouterr().out
    assert "  5 | # Title" in first
    import mkdocs_postlint.result

    def no_second_read(*args: object) -> bytes:
        raise AssertionError("the report read a file again")

    monkeypatch.setattr(mkdocs_postlint.result, "read_page", no_second_read)
    linted.clear()
    assert main([*args, "--cache-dir", str(store), str(docs)]) == 0
    assert capsys.readouterr().out == first
    assert linted == []


def test_another_version_of_the_tool_starts_afresh(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    linted: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    monkeypatch.setattr(cache_module, "tool_fingerprint", lambda: "another version")
    linted.clear()
    _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    assert len(linted) == 3


def test_the_tool_fingerprint_follows_the_package_files() -> None:
    first = cache_module.tool_fingerprint()
    assert cache_module.tool_fingerprint() == first and len(first) == 40


def test_an_unwritable_folder_does_not_fail_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _site(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    code = main(["check", "--no-config", "--cache-dir", str(blocker / "sub"), str(docs)])
    err = capsys.readouterr().err
    assert code == 0 and "cache not written to" in err and "3 files checked" in err


def test_writes_leave_no_temporary_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, store = _site(tmp_path), tmp_path / "store"
    _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    (docs / "page-0.md").write_text("# Changed\n\nText.\n", encoding="utf-8")
    _run(capsys, "--no-config", "--cache-dir", str(store), str(docs))
    names = sorted(p.name for p in store.iterdir())
    assert names == sorted([".gitignore", "CACHEDIR.TAG", _store_file(store).name])


def test_concurrent_runs_agree_and_leave_a_valid_store(tmp_path: Path) -> None:
    docs, store = _site(tmp_path, pages=250), tmp_path / "store"
    for index in range(0, 250, 3):
        (docs / f"page-{index}.md").write_text(f"# Page {index}\n\nText.\n", encoding="utf-8")
    argv = [sys.executable, "-m", "mkdocs_postlint", "check", "--no-config", "--format"]
    argv += ["concise", "--fail-on", "never", "--cache-dir", str(store), str(docs)]
    env = {**os.environ, "CI": "1"}
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, env=env) for _ in range(4)]
    outputs = {run.communicate(timeout=120)[0] for run in runs}
    assert [run.returncode for run in runs] == [0] * 4
    alone = subprocess.run([*argv[:-3], "--no-cache", str(docs)], capture_output=True, env=env)
    assert outputs == {alone.stdout}
    data = json.loads(_store_file(store).read_bytes())
    assert len(data["entries"]) == 250
    assert subprocess.run(argv, capture_output=True, env=env).stdout == alone.stdout
