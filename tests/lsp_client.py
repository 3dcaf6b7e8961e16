"""A real LSP client over stdio for the language server tests (pygls's own client)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 60  # seconds; a shared CI machine can be slow to start Python


class Session:
    """``mkdocs-postlint lsp`` started in a folder, and what it published."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.client = LanguageClient("postlint-test-client", "1")
        self.published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
        self.logs: list[str] = []
        self.returncode: int | None = None

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.put_nowait(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            self.logs.append(params.message)

    async def start(self, capabilities: types.ClientCapabilities | None = None) -> Any:
        await self.client.start_io(sys.executable, "-m", "mkdocs_postlint", "lsp", cwd=self.cwd)
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=capabilities or types.ClientCapabilities(),
                    root_uri=self.cwd.as_uri(),
                    process_id=None,
                )
            ),
            TIMEOUT,
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def diagnostics(self, uri: str) -> types.PublishDiagnosticsParams:
        """The next diagnostics published for ``uri``."""
        while True:
            params = await asyncio.wait_for(self.published.get(), TIMEOUT)
            if params.uri == uri:
                return params

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.as_uri()
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        return uri

    def change(self, uri: str, version: int, first: int, last: int, text: str) -> None:
        """Replace 0-based lines ``first`` up to (not including) ``last`` by ``text``."""
        change = types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(first, 0), types.Position(last, 0)), text=text
        )
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]
            )
        )

    async def stop(self) -> int | None:
        """Shutdown, exit, and the server's exit code."""
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        server = self.client._server
        assert server is not None
        self.returncode = await asyncio.wait_for(server.wait(), TIMEOUT)
        await self.client.stop()
        return self.returncode
