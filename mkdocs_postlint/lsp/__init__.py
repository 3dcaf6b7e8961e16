"""``mkdocs-postlint lsp``: findings in the editor as the writer types.

A language server over stdio, built on pygls and lsprotocol, which the
``lsp`` extra installs (``pip install 'mkdocs-postlint[lsp]'``). The modules:
`page` lints a buffer with the settings `check` would use for its file,
`diagnostics` turns problems into diagnostics, `actions` offers the quick
fixes, and `server` holds the handlers.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> int:
    """Serve over stdin and stdout until the client says exit; 2 without pygls."""
    try:
        from mkdocs_postlint.lsp.server import build_server
    except ImportError as error:
        package = (error.name or "").partition(".")[0]
        if package not in ("pygls", "lsprotocol", "cattrs"):
            raise
        print(
            f"mkdocs-postlint: the language server needs {package}: "
            "pip install 'mkdocs-postlint[lsp]'",
            file=sys.stderr,
        )
        return 2
    server = build_server()
    server.start_io()
    # The protocol: exit after a shutdown request is a clean stop, any other end is not.
    return 0 if server.shut_down else 1
