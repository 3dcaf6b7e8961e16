"""The language server: pygls handlers that lint open Markdown buffers.

A buffer is linted when it is opened or saved, and a moment after the last
change while the writer types (`DEBOUNCE` seconds), always from its unsaved
text. A change of a configuration file (saved in the editor, or reported by
the client's file watcher) re-reads the settings and re-lints every open
buffer. Any error while linting a page becomes one diagnostic on that page and
a message in the client's log: the server keeps serving.
"""

from __future__ import annotations

import asyncio
import traceback
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from mkdocs_postlint import __version__
from mkdocs_postlint.files import MARKDOWN_SUFFIXES
from mkdocs_postlint.lsp import diagnostics
from mkdocs_postlint.lsp.actions import actions_for
from mkdocs_postlint.lsp.page import Linted, lint_text, split_lines
from mkdocs_postlint.nearest import CONFIG_NAMES, SettingsCache

__all__ = ["DEBOUNCE", "PostlintServer", "build_server"]

DEBOUNCE = 0.3
"""Seconds without a change before a changed buffer is linted."""

# What the client's file watcher reports: configuration files, and the JSON or
# YAML files a configuration may name (schemas, a baseline).
WATCHED = ("**/{mkdocs,properdocs}.{yml,yaml}", "**/pyproject.toml", "**/*.{json,yml,yaml}")


class PostlintServer(LanguageServer):
    """The server's state: settings by folder, the last lint of each buffer, pending lints."""

    def __init__(self) -> None:
        super().__init__("mkdocs-postlint", __version__)
        self.settings = SettingsCache()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.shut_down = False

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Lint a buffer after ``delay`` seconds, replacing a lint already waiting."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self.publish, uri)

    def publish(self, uri: str) -> None:
        """Lint a buffer now and send its diagnostics."""
        self.pending.pop(uri, None)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        codec = document.position_codec
        try:
            path = _path(document, self.workspace.root_path)
            page = lint_text(document.source, path, self.settings)
            found = [diagnostics.diagnostic(p, page.lines, codec, uri) for p in page.problems]
            if page.notice is not None:
                found.insert(0, diagnostics.notice(page.notice, page.lines, codec))
        except Exception as error:  # a bug must cost one page, never the server
            self.window_log_message(
                types.LogMessageParams(types.MessageType.Error, traceback.format_exc())
            )
            message = f"mkdocs-postlint failed on this page: {type(error).__name__}: {error}"
            page = Linted(split_lines(document.source))
            found = [diagnostics.notice(message, page.lines, codec)]
        self.linted[uri] = page
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=document.version)
        )

    def relint_all(self) -> None:
        """Read the settings again and lint every open Markdown buffer."""
        self.settings.clear()
        for uri in list(self.linted):
            self.schedule(uri)


def _path(document: TextDocument, root: str | None) -> Path:
    """The file a buffer belongs to; an unsaved buffer belongs to the workspace folder."""
    path = to_fs_path(document.uri) if document.uri.startswith("file:") else None
    if path:
        return Path(path)
    return Path(root or ".").absolute() / "untitled.md"


def _is_markdown(document: TextDocument) -> bool:
    return document.language_id == "markdown" or document.uri.endswith(MARKDOWN_SUFFIXES)


def _is_config(uri: str) -> bool:
    return uri.rsplit("/", 1)[-1] in CONFIG_NAMES


def build_server() -> PostlintServer:
    """The server with its handlers."""
    server = PostlintServer()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: PostlintServer, params: types.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        watch = workspace.did_change_watched_files if workspace else None
        if not (watch and watch.dynamic_registration):
            return  # settings are still read again when a config file's date changes
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        )
        registration = types.Registration(
            id="mkdocs-postlint-config",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        await ls.client_register_capability_async(types.RegistrationParams([registration]))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: PostlintServer, params: None) -> None:
        ls.shut_down = True
        for waiting in ls.pending.values():
            waiting.cancel()
        ls.pending.clear()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PostlintServer, params: types.DidOpenTextDocumentParams) -> None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        if _is_markdown(document):
            ls.linted[document.uri] = Linted(split_lines(document.source))
            ls.schedule(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PostlintServer, params: types.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.linted:
            ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PostlintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _is_config(uri):
            ls.relint_all()
        elif uri in ls.linted:
            ls.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PostlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        if ls.linted.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: PostlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.relint_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: PostlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        page = ls.linted.get(uri)
        if page is None:
            return []
        document = ls.workspace.get_text_document(uri)
        out = []
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != diagnostics.SOURCE or not isinstance(diagnostic.code, str):
                continue
            line = _data_line(diagnostic.data, diagnostic.range.start.line + 1)
            for _, action in actions_for(page, diagnostic.code, line):
                edits = [
                    types.TextEdit(
                        range=document.position_codec.range_to_client_units(
                            page.lines,
                            _server_range(e.line, e.character, e.end_line, e.end_character),
                        ),
                        new_text=e.text,
                    )
                    for e in action.edits
                ]
                out.append(
                    types.CodeAction(
                        title=action.title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=action.preferred or None,
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
        return out

    return server


def _data_line(data: Any, fallback: int) -> int:
    line = data.get("line") if isinstance(data, dict) else None
    return line if isinstance(line, int) else fallback


def _server_range(line: int, character: int, end_line: int, end_character: int) -> Any:
    from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

    return ServerTextRange(
        ServerTextPosition(line, character), ServerTextPosition(end_line, end_character)
    )
