"""Text helpers shared by the rules: normalisation and sentence punctuation."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

# What ends a sentence in Japanese, Chinese and Latin-script prose.
SENTENCE_END = frozenset("。．.！!？?…‥:：;；〜～♪")
# What may follow the end of a sentence: closing quotes and brackets, emphasis.
CLOSERS = "」』）)]】〕》〉>\"'”’*_~` \t\n"

_SPACE = re.compile(r"\s+")

# A face in brackets: (^^) (^_^;) (・ω・) (≧▽≦) (笑). Shared by the rules that must
# not read it as a bracket pair or as a sentence cut off before its full stop.
FACE = (
    r"[(（][\^;:_\-oO0TＴ.・ω´`'\"＿゜°≧≦▽∀∇ノε≡＾ー〜～*＊×x;]+[)）]"
    r"|[(（](?:笑|汗|泣|涙|苦笑)[)）]"
)
_EMOTICON_END = re.compile(rf"(?:{FACE}|[:;=8xX][-^'o]?[)\]DPp3]|\^\^;*|[wｗ]{{2,}}|笑)\s*\Z")


def normalize(text: str) -> str:
    """What a reader sees, comparable: NFKC, case-folded, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def squeeze(text: str) -> str:
    """Like `normalize`, with all whitespace removed (line breaks in CJK text vanish)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation, an emoji or an emoticon."""
    if _EMOTICON_END.search(text):
        return True
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


# Hiragana, katakana, CJK ideographs, Hangul and full-width forms.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f]")
_WORD = re.compile(r"\w+")


def is_cjk(text: str) -> bool:
    """Whether ``text`` is mostly written in Chinese, Japanese or Korean script."""
    return len(_CJK.findall(text)) * 3 > len(text)


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The overlapping pieces two texts are compared by, for near-duplicate detection.

    CJK text has no spaces between words: character trigrams of the squeezed
    text. Other scripts: pairs of consecutive words.
    """
    if is_cjk(text):
        key = squeeze(text)
        return frozenset(zip(key, key[1:], key[2:], strict=False))
    words = _WORD.findall(normalize(text))
    return frozenset(pairwise(words))
