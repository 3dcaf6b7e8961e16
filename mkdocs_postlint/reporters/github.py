"""``github``: GitHub Actions workflow commands, one per problem.

``::error file=PATH,line=L,col=C,endLine=E,title=RULE::MESSAGE`` (``warning``
for warnings). GitHub shows them as annotations on the pull request's files.
Values are escaped the way GitHub's own toolkit does: ``%``, CR and LF
everywhere, and ``:`` and ``,`` in the properties too, so no file name or
message can end a command early or inject another one.
"""

from __future__ import annotations

from typing import TextIO

from mkdocs_postlint.result import Result


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, out: TextIO) -> None:
    for p in result.problems:
        properties = ",".join(
            f"{name}={escape_property(str(value))}"
            for name, value in (
                ("file", p.path),
                ("line", p.line),
                ("col", p.column),
                ("endLine", p.end_line),
                ("title", p.rule),
            )
        )
        out.write(f"::{p.severity.value} {properties}::{escape_data(p.message)}\n")
