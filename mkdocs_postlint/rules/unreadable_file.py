"""Report a page that cannot be read at all.

A linter that skips what it cannot open would pass a repository it never
checked, so every such file is one problem on line 1, and the rest of the run
goes on. Nothing is ever waited on: a FIFO named like a page is not opened for
a writer, a device is not read.

Reported:

* a dangling symbolic link (its target does not exist) or a link loop;
* a file or folder the user running the check may not read;
* a FIFO, socket, device or anything else that is not a regular file, in a
  place where a page was expected (a folder named `page.md` is walked as a
  folder instead).

MkDocs fails on most of these too, or waits forever on a FIFO.

**Fix:** remove the link or the special file, or give read permission.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Finding, Severity

ID = "unreadable-file"
SEVERITY = Severity.ERROR
SUMMARY = "the file cannot be read: a dangling link, a FIFO, no permission"
OPTIONS: Mapping[str, Any] = {}


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    if doc.unreadable_finding is not None:
        yield doc.unreadable_finding
