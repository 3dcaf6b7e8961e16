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
_EMOTICON_LAST = frozenset(")）]DPp3^;wｗ笑")
_EMOTICON_END = re.compile(rf"(?:{FACE}|[:;=8xX][-^'o]?[)\]DPp3]|\^\^;*|[wｗ]{{2,}}|笑)\s*\Z")


def normalize(text: str) -> str:
    """What a reader sees, comparable: NFKC, case-folded, whitespace collapsed."""
    # str.split() splits on exactly the characters \s matches, and is faster than a regex.
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def squeeze(text: str) -> str:
    """Like `normalize`, with all whitespace removed (line breaks in CJK text vanish)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation, an emoji or an emoticon."""
    # An emoticon ends with one of these (searching for one costs a scan of the text).
    if text.rstrip()[-1:] in _EMOTICON_LAST and _EMOTICON_END.search(text):
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
_CJK_RANGES = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f"
_NOT_CJK = re.compile(f"[^{_CJK_RANGES}]+")
_WORD = re.compile(r"\w+")


def is_cjk(text: str) -> bool:
    """Whether ``text`` is mostly written in Chinese, Japanese or Korean script."""
    if text.isascii():
        return False
    return len(_NOT_CJK.sub("", text)) * 3 > len(text)  # what is left is the CJK characters


def shingles(text: str, cjk: bool | None = None) -> frozenset[str]:
    """The overlapping pieces two texts are compared by, for near-duplicate detection.

    CJK text has no spaces between words: character trigrams of the squeezed
    text. Other scripts: pairs of consecutive words (joined by a space, which
    no word contains). ``cjk`` is `is_cjk` of ``text`` when the caller knows it.
    """
    if cjk if cjk is not None else is_cjk(text):
        key = squeeze(text)
        return frozenset([key[i : i + 3] for i in range(len(key) - 2)])
    words = _WORD.findall(normalize(text))
    return frozenset(map(" ".join, pairwise(words)))
