"""Glob patterns as MkDocs matches them: gitignore style, with pathspec.

MkDocs matches ``exclude_docs`` and ``not_in_nav`` with pathspec's
`GitIgnoreSpec`, so ``exclude``, ``overrides`` and ``schemas`` do too, and a
pattern means the same in the ``postlint`` block as beside it: ``*`` and ``?``
stay within a folder, ``**`` crosses folders, a pattern without a ``/`` (other
than a trailing one) matches at any depth, a leading ``/`` anchors it at
docs_dir, a trailing ``/`` matches a folder and everything in it, and ``!``
negates an earlier pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

__all__ = ["glob_matcher"]


@lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    # Imported here: a run without globs (most single-file checks) does not pay for it.
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(patterns)


def _nothing(path: str) -> bool:
    return False


def glob_matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """A predicate: does a ``/``-separated path, relative to docs_dir, match the patterns?"""
    patterns = tuple(patterns)
    if not patterns:
        return _nothing
    return _spec(patterns).match_file
