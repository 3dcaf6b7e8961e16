"""Report a page whose bytes are not UTF-8.

MkDocs reads every page as UTF-8. A page saved as Latin-1, Shift_JIS or UTF-16,
or one with a NUL byte, either aborts the build or renders as mojibake. The
finding names the line of the first bad byte. A UTF-8 byte order mark is
accepted. Nothing else is checked on such a page.

**Fix:** save the file as UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Finding, Severity

ID = "encoding"
SEVERITY = Severity.ERROR
SUMMARY = "the file is not valid UTF-8"
OPTIONS: Mapping[str, Any] = {}


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    if doc.encoding_finding is not None:
        yield doc.encoding_finding
