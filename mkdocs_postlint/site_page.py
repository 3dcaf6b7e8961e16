"""One page of an MkDocs site, read and linted the same way by the plugin and its worker.

A page is read from its file, without ever blocking on a FIFO or reading past
``max_file_size``, or taken from memory when another plugin set its content
(its ``abs_src_path`` is None). A page that cannot be read or is too large gets
the finding that says why (``unreadable-file``, ``file-too-large``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_postlint.cache import names_schema
from mkdocs_postlint.config import Config
from mkdocs_postlint.document import parse
from mkdocs_postlint.files import PageTooLarge, read_page
from mkdocs_postlint.findings import PageFindings, page_findings
from mkdocs_postlint.linter import lint_bytes, lint_document, lint_file

if TYPE_CHECKING:
    from mkdocs.structure.files import File

__all__ = [
    "Job",
    "in_memory",
    "lint_job",
    "lint_source",
    "read_source",
    "readable_without_blocking",
]

Job = tuple[str, str, str | None, bytes | None]
"""A page to lint: src_uri, the path shown in findings, its file, its content if it has no file."""


def read_source(
    src_uri: str, display: str, abs_src_path: str | None, content: bytes | None, config: Config
) -> bytes | PageFindings:
    """The page's bytes, or its findings when it cannot be read or is too large."""
    if abs_src_path is None:  # content another plugin set in memory
        data = content or b""
    else:
        path = Path(abs_src_path)
        try:  # never blocks on a FIFO, never reads past max_file_size
            data = read_page(path, config.max_file_size)
        except (OSError, PageTooLarge):  # unreadable-file or file-too-large says why
            return page_findings(src_uri, display, lint_file(path, display, config, src_uri), None)
    if len(data) > config.max_file_size:
        return page_findings(src_uri, display, lint_bytes(data, display, config, src_uri), None)
    return data


def lint_source(
    src_uri: str, display: str, data: bytes, config: Config
) -> tuple[PageFindings, bool]:
    """The page's findings, and whether they may be cached (a page's own schema file may change)."""
    doc = parse(data, display, src_uri)
    return page_findings(src_uri, display, lint_document(doc, config), doc), not names_schema(doc)


def lint_job(job: Job, config: Config) -> PageFindings:
    """Read and lint one page."""
    src_uri, display, abs_src_path, content = job
    read = read_source(src_uri, display, abs_src_path, content, config)
    if isinstance(read, PageFindings):
        return read
    return lint_source(src_uri, display, read, config)[0]


def in_memory(file: File) -> bytes | None:
    """The content another plugin set in memory for a page that has no file, else None."""
    return file.content_bytes if file.abs_src_path is None else None


def readable_without_blocking(file: File) -> bool:
    """Whether the page is in memory or a regular file (reading a FIFO blocks)."""
    if file.abs_src_path is None:
        return True
    try:
        return stat.S_ISREG(os.stat(file.abs_src_path).st_mode)
    except OSError:
        return False
