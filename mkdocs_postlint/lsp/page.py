"""One editor buffer, linted as `check` would lint the file once saved.

The text is the buffer's, unsaved edits included; the settings are those of
the file it belongs to (`mkdocs_postlint.nearest`), so the editor and `check`
report the same problems. Nothing here knows the protocol: the server turns a
`Linted` page into diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_postlint.baseline import BaselineError, compare, load
from mkdocs_postlint.document import parse
from mkdocs_postlint.files import src_path
from mkdocs_postlint.linter import lint_bytes, lint_document
from mkdocs_postlint.nearest import SettingsCache
from mkdocs_postlint.problem import Problem

__all__ = ["Linted", "lint_text", "split_lines"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of a text, split where the linter and the protocol split them."""
    return _LINE_BREAK.split(text)


@dataclass(frozen=True)
class Linted:
    """What was found in a buffer.

    Attributes:
        lines: the buffer's lines; ``lines[n - 1]`` is line ``n``.
        problems: the problems, sorted by position.
        notice: why the page could not be linted as configured (an invalid
            configuration or baseline), shown on the first line; else ``None``.
        meta_end: the last line of the front matter (its closing delimiter),
            0 without front matter.
    """

    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    notice: str | None = None
    meta_end: int = 0


def lint_text(text: str, path: Path, cache: SettingsCache) -> Linted:
    """Lint ``text`` as the content of ``path`` (which need not exist yet)."""
    lines = split_lines(text)
    settings = cache.settings(path)
    found, config = settings.found, settings.config
    if config is None:
        where = f" ({found.source.name})" if found.source is not None else ""
        return Linted(lines, notice=f"{settings.error}{where}")
    src = src_path(path, found.base_dir, found.docs_dir)
    if not config.enabled or config.is_excluded(src):
        return Linted(lines)
    display = _display(path, found.base_dir)
    data = text.encode("utf-8", "surrogatepass")
    meta_end = 0
    if len(data) > config.max_file_size:
        problems = lint_bytes(data, display, config, src)
    else:
        doc = parse(data, display, src)
        problems = lint_document(doc, config)
        meta_end = doc.meta_span[1] if doc.meta_span else 0
    if config.baseline is not None:
        try:
            entries = load(config.baseline)
        except BaselineError as error:
            return Linted(lines, problems, str(error), meta_end)
        problems = compare(problems, entries, config.baseline, found.base_dir, [display]).new
    return Linted(lines, problems, None, meta_end)


def _display(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except (OSError, ValueError):
        return path.as_posix()
