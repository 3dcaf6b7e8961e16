"""From a file's bytes to the text every other step reads.

Strict UTF-8 (a leading BOM is accepted); anything else, or a NUL byte, is an
`encoding` finding and the page is not linted further. CRLF and lone CR become
LF, which keeps the line count of the file.
"""

from __future__ import annotations

from mkdocs_postlint.document.model import Document
from mkdocs_postlint.problem import Finding


def decode(data: bytes, doc: Document) -> str | None:
    """The page's text with ``\\n`` line ends, or ``None`` (and ``doc.encoding_finding`` set)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        line = _line_of(data, error.start)
        doc.encoding_finding = Finding(
            line,
            f"file is not valid UTF-8: byte 0x{bad:02x} on line {line} "
            "(save it as UTF-8; MkDocs reads pages as UTF-8)",
        )
        return None
    if "\x00" in text:
        line = _line_of(data, data.index(b"\x00"))
        doc.encoding_finding = Finding(
            line, f"file contains a NUL byte on line {line}: it is binary or UTF-16, not UTF-8"
        )
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset of the raw file (CRLF, CR and LF end lines)."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
