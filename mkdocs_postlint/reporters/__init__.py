"""Output formats, one module each. Each has ``render(result, out)``."""

from __future__ import annotations

from typing import Protocol, TextIO

from mkdocs_postlint.linter import Result
from mkdocs_postlint.reporters import json, text


class Reporter(Protocol):
    def render(self, result: Result, out: TextIO) -> None: ...


REPORTERS: dict[str, Reporter] = {"text": text, "json": json}
