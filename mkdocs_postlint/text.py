"""Text helpers shared by the rules: normalisation and sentence punctuation.

Which characters end a sentence is the Unicode property Sentence_Terminal (read
with the `regex` package): ``.`` ``。`` ``।`` ``॥`` ``۔`` ``؟`` ``։`` ``።``
``！`` ``？`` ``｡`` and the rest, in every script. What may follow the full stop
(closing brackets and quotes, emphasis markers, an emoji with its variation
selector, skin tone or ZWJ sequence, a keycap) is looked past.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from mkdocs_postlint import lazy

# Sentence-final punctuation in every script, and the marks that Japanese, Chinese
# and Latin-script prose also end a line with: an ellipsis, a colon or semicolon
# before what follows, a wave dash, a note.
_FULL_STOP = lazy.regex_pattern(r"[\p{Sentence_Terminal}…‥:：;；〜～♪]")
_COMMON_STOPS = frozenset(".。!?！？:：")  # most paragraphs end with one: no regex needed
# Clause marks that are not full stops: a text ending with one goes on.
CLAUSE_MARKS = frozenset("、，,،٫")
# An emoji: pictographs, with their variation selectors, skin tones, ZWJ joins
# and keycaps; flags are pairs of regional indicators.
_EMOJI = (
    r"\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\uFE0E\uFE0F\u200D\u20E3"
)
# What may follow the end of a sentence: closing brackets and quotes, emphasis,
# emoji, spaces.
# (Quotation marks that open, 「 and “, are not among them.) Searched in reverse
# from the end of the text: linear on any text.
_TRAILER = lazy.regex_pattern(
    rf"(?rV1)[\s*_~`\p{{Pe}}\p{{Pf}}{_EMOJI}[\p{{Quotation_Mark}}--\p{{Ps}}--\p{{Pi}}]]+\Z"
)
_HAS_EMOJI = lazy.regex_pattern(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")

_SPACE = re.compile(r"\s+")

# A face in brackets: (^^) (^_^;) (・ω・) (≧▽≦) (笑). Shared by the rules that must
# not read it as a bracket pair or as a sentence cut off before its full stop.
FACE = (
    r"[(（][\^;:_\-oO0TＴ.・ω´`'\"＿゜°≧≦▽∀∇ノε≡＾ー〜～*＊×x;]+[)）]"
    r"|[(（](?:笑|汗|泣|涙|苦笑)[)）]"
)
_EMOTICON_LAST = frozenset(")）]DPp3^;wｗ笑")
# ":)", "^^;", "(笑)", and Japanese laughter after a word: "…びびったｗ", "…いいか笑".
_EMOTICON_END = lazy.re_pattern(
    rf"(?:{FACE}|[:;=8xX][-^'o]?[)\]DPp3]|\^\^;*|[wｗ]{{2,}}|(?<=[\u3040-\u30ff\u4e00-\u9fff])[wｗ]|笑)\s*\Z"
)
# A full stop between sentences: "… builds. The …" (not "Node.js", "e.g. this"
# is a known miss), or a CJK or Indic full stop, which needs no space after it.
_SENTENCE_BREAK = lazy.regex_pattern(
    r"(?V1)(?:(?<=\w\w)[.!?][\p{Pe}\p{Pf}\p{Quotation_Mark}]*\s+"
    r"|[\p{Sentence_Terminal}--[.!?]][\p{Pe}\p{Pf}\p{Quotation_Mark}]*\s*)"
)
_KANA = lazy.regex_pattern(r"[\p{Hiragana}\p{Katakana}]")


# The fullwidth forms CJK prose writes most, with what NFKC makes of them. Replacing
# them first gives the same result (NFKC decomposes each to exactly that character)
# and spares `unicodedata.normalize` its slow path on most CJK paragraphs.
_WIDE = [
    (char, chr(ord(char) - 0xFEE0)) for char in "（）？！：，；％＆＃＋＝／＿～［］＜＞＠＊＂＇"
] + [("\u3000", " ")]


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, several times faster on CJK prose."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    for wide, narrow in _WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    return unicodedata.normalize("NFKC", text)


def normalize(text: str) -> str:
    """What a reader sees, comparable: NFKC, case-folded, whitespace collapsed."""
    # str.split() splits on exactly the characters \s matches, and is faster than a regex.
    return " ".join(nfkc(text).split()).casefold()


def squeeze(text: str) -> str:
    """Like `normalize`, with all whitespace removed (line breaks in CJK text vanish)."""
    return "".join(nfkc(text).split()).casefold()


def strip_trailer(text: str) -> tuple[str, str]:
    """``text`` without what may follow a full stop, and that trailer.

    The trailer is closing brackets and quotes, emphasis markers, emoji and
    spaces: ``準備はこれで完了です。✔️`` gives ``準備はこれで完了です。`` and ``✔️``.
    """
    trailer = _TRAILER.search(text)
    end = trailer.start() if trailer else len(text)
    return text[:end], text[end:]


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence: with a full stop of any script, an emoji or an emoticon.

    A full stop is a character of the Unicode property Sentence_Terminal
    (``.`` ``。`` ``।`` ``؟`` ``！`` ...), or an ellipsis, a colon, a semicolon,
    a wave dash; closing brackets and quotes, emphasis and emoji may follow it.
    """
    last = text.rstrip()[-1:]
    if last in _COMMON_STOPS:
        return True
    # An emoticon ends with one of these (searching for one costs a scan of the text).
    if last in _EMOTICON_LAST and _EMOTICON_END.search(text):
        return True
    stripped, trailer = strip_trailer(text)
    if not stripped or _HAS_EMOJI.search(trailer):
        return True
    last = stripped[-1]
    return bool(_FULL_STOP.match(last)) or unicodedata.category(last) in ("So", "Sk")


def last_sentence(text: str) -> tuple[str, int]:
    """The last sentence of ``text`` and how many sentences come before it.

    Sentences are split after a full stop (any script's) followed by a space,
    or right after a CJK or Indic full stop, which needs none.
    """
    pieces = [piece for piece in _SENTENCE_BREAK.split(text.strip()) if piece.strip()]
    if not pieces:
        return "", 0
    return pieces[-1], len(pieces) - 1


def is_japanese(text: str) -> bool:
    """Whether ``text`` has kana: Japanese, however many English terms it holds."""
    return bool(_KANA.search(text))


def shorten(text: str, width: int = 40, tail: bool = False) -> str:
    """One line of at most ``width`` characters, with an ellipsis where cut."""
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) <= width:
        return flat
    return "…" + flat[-(width - 1) :] if tail else flat[: width - 1] + "…"


# Hiragana, katakana, CJK ideographs, Hangul and full-width forms.
_CJK_RANGES = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f"
_NOT_CJK = lazy.re_pattern(f"[^{_CJK_RANGES}]+")
_WORD = re.compile(r"\w+")


def is_cjk(text: str) -> bool:
    """Whether ``text`` is mostly written in Chinese, Japanese or Korean script."""
    if text.isascii():
        return False
    return len(_NOT_CJK.sub("", text)) * 3 > len(text)  # what is left is the CJK characters


def shingles(text: str, cjk: bool | None = None, squeezed: str | None = None) -> frozenset[str]:
    """The overlapping pieces two texts are compared by, for near-duplicate detection.

    CJK text has no spaces between words: character trigrams of the squeezed
    text. Other scripts: pairs of consecutive words (joined by a space, which
    no word contains). ``cjk`` is `is_cjk` of ``text`` and ``squeezed`` its
    `squeeze` when the caller has them already.
    """
    if cjk if cjk is not None else is_cjk(text):
        key = squeezed if squeezed is not None else squeeze(text)
        return frozenset([key[i : i + 3] for i in range(len(key) - 2)])
    words = _WORD.findall(normalize(text))
    return frozenset(map(" ".join, pairwise(words)))
