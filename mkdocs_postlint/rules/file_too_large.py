"""Report a file too large to check, instead of spending minutes and gigabytes on it.

A page over the size limit is not read at all: no other rule runs on it, and
this rule reports it once, on line 1. The limit is the top-level setting
`max_file_size` (default 10 MiB; a number of bytes or a size such as
`"20 MiB"`). A page that large is almost always generated or pasted by
mistake; MkDocs itself needs seconds and hundreds of megabytes to render it.

The limit is a safeguard, not a judgement of the content, so the default
severity is `warning`. Turning this rule off hides the report; the file is
still not read.

Options: none here; raise `max_file_size` to check larger files.

```yaml
plugins:
  - postlint:
      max_file_size: 20 MiB
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Finding, Severity

ID = "file-too-large"
SEVERITY = Severity.WARNING
SUMMARY = "the file is larger than max_file_size and was not checked"
OPTIONS: Mapping[str, Any] = {}


def finding(size: int, limit: int) -> Finding:
    """The finding for a file of ``size`` bytes over a limit of ``limit`` bytes."""
    return Finding(
        1,
        f"file is {human_size(size)}, over the {human_size(limit)} limit (max_file_size): "
        "not checked",
    )


def human_size(size: int) -> str:
    """``10485760`` -> ``10 MiB``; exact byte counts below 1 KiB."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.3g} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    if doc.too_large_finding is not None:
        yield doc.too_large_finding
