"""The language server, driven by a real LSP client over stdio, and its parts in-process."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from conftest import SEED, expected_seed_problems
from lsp_client import Session
from lsprotocol import types
from pygls.workspace import Workspace

from mkdocs_postlint.lsp import server as lsp_server
from mkdocs_postlint.lsp.actions import Edit, actions_for
from mkdocs_postlint.lsp.diagnostics import related_lines
from mkdocs_postlint.lsp.page import lint_text
from mkdocs_postlint.nearest import SettingsCache
from mkdocs_postlint.problem import Problem, Severity

MARKER_LINE = 53  # the seed's first `---END---`


def _lines(params: types.PublishDiagnosticsParams, rule: str) -> set[int]:
    return {d.range.start.line + 1 for d in params.diagnostics if d.code == rule}


def _apply(text: str, edit: Edit) -> str:
    lines = text.split("\n")
    assert edit.line == edit.end_line
    line = lines[edit.line]
    lines[edit.line] = line[: edit.character] + edit.text + line[edit.end_character :]
    return "\n".join(lines)


def test_seed_open_change_and_quick_fix_over_stdio(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    page = tmp_path / "post.md"
    page.write_text(text, encoding="utf-8")

    async def run() -> None:
        session = Session(tmp_path)
        result = await session.start()
        assert result.server_info.name == "mkdocs-postlint"
        uri = session.open(page, text)
        opened = await session.diagnostics(uri)
        # Every problem the seed must give (EXPECTED.md), each once: no config beside
        # the page, so no guess at its slugify (duplicate-anchor says nothing).
        found = [(d.code, d.range.start.line + 1) for d in opened.diagnostics]
        assert sorted(found) == sorted(expected_seed_problems())
        assert MARKER_LINE in _lines(opened, "truncation-marker")
        marker = next(d for d in opened.diagnostics if d.code == "truncation-marker")
        assert marker.severity == types.DiagnosticSeverity.Error
        assert marker.source == "mkdocs-postlint"
        assert marker.code_description is not None
        assert marker.code_description.href.endswith("/rules/truncation-marker/")
        assert (marker.range.start.character, marker.range.end.character) == (0, 9)
        # "first on line 49": a link to the first heading, labelled with its text.
        (heading,) = (
            d
            for d in opened.diagnostics
            if d.code == "duplicate-heading" and d.range.start.line == 56
        )
        assert heading.related_information is not None
        (first,) = heading.related_information
        assert first.location.uri == uri and first.location.range.start.line == 48
        assert first.message == "line 49: ### 国際競争の激化と、日本の戦略的優位性"

        # Delete the marker line in the unsaved buffer: fewer diagnostics, none for a marker there.
        session.change(uri, 2, MARKER_LINE - 1, MARKER_LINE, "")
        changed = await session.diagnostics(uri)
        assert changed.version == 2
        assert len(changed.diagnostics) < len(opened.diagnostics)
        assert _lines(changed, "truncation-marker") == {62, 127}  # the two left, moved up

        # The quick fix on the next marker suppresses it once applied.
        marker = next(d for d in changed.diagnostics if d.code == "truncation-marker")
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=marker.range,
            context=types.CodeActionContext(diagnostics=[marker]),
        )
        actions = await asyncio.wait_for(session.client.text_document_code_action_async(params), 60)
        assert actions is not None
        (action,) = actions
        assert isinstance(action, types.CodeAction)
        assert action.title == "Disable truncation-marker on this line"
        assert action.edit is not None and action.edit.changes is not None
        (edit,) = action.edit.changes[uri]
        assert edit.range.start == edit.range.end == types.Position(61, 0)
        assert edit.new_text == "<!-- postlint-disable-next-line truncation-marker -->\n"
        session.change(uri, 3, 61, 61, edit.new_text)
        fixed = await session.diagnostics(uri)
        assert _lines(fixed, "truncation-marker") == {128}
        assert not _lines(fixed, "unused-suppression")

        assert await session.stop() == 0

    asyncio.run(run())


def test_settings_of_the_nearest_site_and_their_change(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "docs" / "blog").mkdir(parents=True)
    config = site / "mkdocs.yml"
    config.write_text(
        "site_name: t\nplugins:\n  - postlint:\n      rules:\n        duplicate-anchor: off\n",
        encoding="utf-8",
    )
    page = site / "docs" / "blog" / "post.md"
    text = SEED.read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")

    async def run() -> None:
        session = Session(tmp_path)  # the workspace is above the site
        await session.start()
        uri = session.open(page, text)
        opened = await session.diagnostics(uri)
        assert not _lines(opened, "duplicate-anchor")
        assert _lines(opened, "truncation-marker") == {53, 63, 128}

        config.write_text(
            "site_name: t\nplugins:\n  - postlint:\n      rules:\n"
            "        duplicate-anchor: off\n        truncation-marker: off\n",
            encoding="utf-8",
        )
        session.client.text_document_did_save(
            types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(config.as_uri()))
        )
        relinted = await session.diagnostics(uri)
        assert not _lines(relinted, "truncation-marker")
        assert _lines(relinted, "truncated-ending")

        config.write_text("site_name: t\nplugins:\n  - postlint:\n      fail_on: often\n")
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]
            )
        )
        broken = await session.diagnostics(uri)
        (notice,) = broken.diagnostics
        assert notice.message.startswith("invalid config: fail_on:")
        assert notice.message.endswith("(mkdocs.yml)")
        assert notice.range.start.line == 0

        assert await session.stop() == 0

    asyncio.run(run())


def test_hostile_buffer_and_exit_without_shutdown(tmp_path: Path) -> None:
    page = tmp_path / "hostile.md"
    text = "---\n" + "- [" * 5000 + "\n" + "(" * 200_000 + "\x00\u202e```\n" * 3

    async def run() -> None:
        session = Session(tmp_path)
        await session.start()
        uri = session.open(page, text)
        found = await session.diagnostics(uri)
        assert found.diagnostics  # linted, not crashed
        # Still serving: a second buffer gets its diagnostics.
        other = session.open(tmp_path / "fine.md", "# Fine\n\nDone.\n")
        assert not (await session.diagnostics(other)).diagnostics
        session.client.exit(None)  # without shutdown: the protocol says exit code 1
        server = session.client._server
        assert server is not None
        assert await asyncio.wait_for(server.wait(), 60) == 1
        await session.client.stop()

    asyncio.run(run())


def test_a_crash_while_linting_is_one_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(lsp_server, "lint_text", broken)
    server = lsp_server.build_server()
    server.protocol._workspace = Workspace(None)
    uri = "file:///tmp/page.md"
    server.workspace.put_text_document(types.TextDocumentItem(uri, "markdown", 1, "# A\n"))
    published: list[types.PublishDiagnosticsParams] = []
    logged: list[str] = []
    monkeypatch.setattr(server, "text_document_publish_diagnostics", published.append)
    monkeypatch.setattr(server, "window_log_message", lambda p: logged.append(p.message))
    server.publish(uri)
    (params,) = published
    (diagnostic,) = params.diagnostics
    assert diagnostic.message == "mkdocs-postlint failed on this page: RuntimeError: a bug"
    assert "Traceback" in logged[0]


def _page_problem(text: str, tmp_path: Path, rule: str, line: int) -> tuple[str, Edit]:
    cache = SettingsCache()
    page = lint_text(text, tmp_path / "page.md", cache)
    ((_, action),) = actions_for(page, rule, line)
    (edit,) = action.edits
    fixed = _apply(text, edit)
    again = lint_text(fixed, tmp_path / "page.md", cache)
    assert not [p for p in again.problems if p.rule in (rule, "unused-suppression")], fixed
    return action.title, edit


def test_disable_in_a_paragraph_goes_at_the_end_of_the_line(tmp_path: Path) -> None:
    text = "# T\n\nFirst line of a paragraph\nthat ends without a stop (see\n"
    title, edit = _page_problem(text, tmp_path, "unclosed-pair", 4)
    assert title == "Disable unclosed-pair on this line"
    assert edit.text == " <!-- postlint-disable-line unclosed-pair -->"
    assert (edit.line, edit.character) == (3, len("that ends without a stop (see"))


def test_disable_in_the_front_matter_is_for_the_page(tmp_path: Path) -> None:
    text = "---\ntitle: a\ntitle: b\n---\n\n# T\n\nDone.\n"
    title, edit = _page_problem(text, tmp_path, "frontmatter-syntax", 3)
    assert title == "Disable frontmatter-syntax for this page"
    assert (edit.line, edit.text) == (4, "<!-- postlint-disable-file frontmatter-syntax -->\n")


def test_disable_above_a_heading_is_a_comment_line_of_its_own(tmp_path: Path) -> None:
    text = "# T\n\n## Same\n\n## Same\n"
    _, edit = _page_problem(text, tmp_path, "duplicate-heading", 5)
    assert (edit.line, edit.text) == (4, "<!-- postlint-disable-next-line duplicate-heading -->\n")


@pytest.mark.parametrize(
    ("line", "message", "related"),
    [
        (57, 'duplicate heading "X" (first on line 49)', [(49, 49)]),
        (109, "lines 109–126 repeat lines 32–70 paragraph by paragraph (109 joins 32)", [(32, 70)]),
        (51, "text breaks off mid-sentence ('…') right before the marker on line 53", [(53, 53)]),
        (53, "leftover truncation marker '---END---': the text around it was cut", []),
        (3, "inline-5 is not a line reference; nor is online 4", []),
    ],
)
def test_related_lines_are_read_from_the_message(
    line: int, message: str, related: list[tuple[int, int]]
) -> None:
    problem = Problem("p.md", line, 1, line, "rule", Severity.ERROR, message)
    assert related_lines(problem) == related


def test_without_pygls_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mkdocs_postlint.cli import main

    for name in [n for n in sys.modules if n.startswith(("mkdocs_postlint.lsp.", "pygls"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pygls", None)  # what `import pygls` sees without it
    assert main(["lsp"]) == 2
    assert capsys.readouterr().err == (
        "mkdocs-postlint: the language server needs pygls: pip install 'mkdocs-postlint[lsp]'\n"
    )
