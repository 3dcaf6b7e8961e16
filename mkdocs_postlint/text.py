"""Text helpers shared by the rules: normalisation and sentence punctuation."""

from __future__ import annotations

import re
import unicodedata

# What ends a sentence in Japanese, Chinese and Latin-script prose.
SENTENCE_END = frozenset("。．.！!？?…‥:：;；〜～♪")
# What may follow the end of a sentence: closing quotes and brackets, emphasis.
CLOSERS = "」』）)]】〕》〉>\"'”’*_~` \t\n"

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """What a reader sees, comparable: NFKC, case-folded, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def squeeze(text: str) -> str:
    """Like `normalize`, with all whitespace removed (line breaks in CJK text vanish)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation (or an emoji)."""
    stripped = text.rstrip(CLOSERS)
    if not stripped:
        return True
    last = stripped[-1]
    return last in SENTENCE_END or unicodedata.category(last) in ("So", "Sk")


def shorten(text: str, width: int = 40, tail: bool = False) -> str:
    """One line of at most ``width`` characters, with an ellipsis where cut."""
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) <= width:
        return flat
    return "…" + flat[-(width - 1) :] if tail else flat[: width - 1] + "…"
