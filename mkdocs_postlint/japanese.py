"""Whether a Japanese clause is finished, read by a morphological analyser.

Japanese notes, lists and subtitles end in the plain form or on a noun
(体言止め) without a 。: ``生成されたトークンをコピーして保存``,
``…で書かれている``. A clause that stops on a case particle, a conjunctive or
attributive form, an adverb or a conjunction (``…を``, ``…して``,
``…静かな``, ``例えば``) cannot be finished. Only the part of speech and the
conjugation form of its last word tell the two apart, and that is what MeCab
gives, through fugashi, with the UniDic dictionary of unidic-lite (the same
tag set as SudachiPy; MeCab loads in a few hundredths of a second and reads a
clause in about a tenth of a millisecond, Janome takes ten times both).
Without a 。 the analyser guesses how a last word reads, and one form often
has several readings: ``学べる`` is final or attributive, ``あり`` a verb's
conjunctive form or a noun (``…するのもあり``). A last word that does not read
as final is read again with a 。 after it: a final or noun reading then
counts, while a word that cannot end a sentence (the な of ``静かな``,
``…を読み込み``) keeps its reading.

The analyser is loaded on first use, so a page without a candidate Japanese
ending never pays for it. When it cannot be loaded (the packages are missing
or broken) `read_ending` returns ``None`` and callers judge by punctuation
alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from mkdocs_postlint import lazy

__all__ = ["Ending", "available", "read_ending"]

# Enough of the clause for the analyser to segment its end the way a reader does.
_WINDOW = 48


@dataclass(frozen=True)
class Ending:
    """How a clause ends.

    Attributes:
        word: the last word (symbols and laughter after it are skipped).
        finished: the clause can end here: a final form, a sentence-final
            particle, a noun.
        reason: why it cannot end here (``the particle 'を'``), when it cannot.
        strong: the ending cannot close a sentence even in casual writing (a
            case particle, an attributive form); weak ones can there (``…けど``,
            ``…して``).
        noun: the clause ends on a noun, a suffix or an adjectival noun
            (体言止め): finished, but also what a word cut in half reads as.
    """

    word: str
    finished: bool
    reason: str = ""
    strong: bool = False
    noun: bool = False


@cache
def _tagger() -> Any:
    try:
        import fugashi
        import unidic_lite

        dicdir = unidic_lite.DICDIR
        return fugashi.Tagger(f'-d "{dicdir}" -r "{dicdir}/mecabrc"')
    except Exception:  # ImportError, or MeCab failing to open the dictionary
        return None


def available() -> bool:
    """Whether the analyser can be loaded (loads it)."""
    return _tagger() is not None


# Conjunctive particles that casual writing ends a sentence with, leaving the
# rest understood: "まあいいけど", "知らないし", "ちょっと待って".
_CASUAL_ENDS = frozenset({"て", "で", "けど", "けれど", "けれども", "し", "から", "が", "のに"})
_SKIPPED = frozenset({"補助記号", "記号", "空白"})
_PUNCTUATION = lazy.regex_pattern(r"[\p{P}\p{S}\s]+")
# Laughter after the last word is not part of the clause: "正直びびったｗ", "まあいいか笑".
_LAUGHTER = lazy.regex_pattern(r"(?r)(?<=[\p{Han}\p{Hiragana}\p{Katakana}ー])[笑wｗWＷ]+\s*\Z")
_NOUNS = frozenset({"名詞", "代名詞", "接尾辞", "形状詞", "感動詞"})
# Adverbs that close a message by themselves: "今後ともよろしく".
_CLOSING_ADVERBS = frozenset({"よろしく", "宜しく", "どうぞ"})


def _is_name_piece(word: Any) -> bool:
    return bool(word.feature.pos2 == "固有名詞" and len(word.surface) == 1)


def read_ending(clause: str) -> Ending | None:
    """How ``clause`` ends; ``None`` when the analyser is not available."""
    tagger = _tagger()
    if tagger is None:
        return None
    text = _LAUGHTER.sub("", clause[-_WINDOW:])
    words = list(tagger(text))
    while words and _PUNCTUATION.fullmatch(words[-1].surface):
        words.pop()
    if not words:
        return Ending("", finished=True)
    word = words[-1]
    surface = word.surface
    pos, kind, form = word.feature.pos1, word.feature.pos2, word.feature.cForm or "*"
    if pos in _SKIPPED or (word.is_unk and len(surface) <= 2) or _is_name_piece(word):
        # Kana the dictionary reads as a symbol ("…ことで、プ", "アプリケー"), a short
        # unknown word ("作成したモデ", "…を送"), one kanji read as a name ("…を備").
        return Ending(surface, False, f"a word cut short ('{surface}')", strong=False)
    if form != "*":  # a verb, an adjective, an auxiliary, a suffix that conjugates (…やすく)
        if form.startswith(("終止形", "命令形", "意志推量形")):
            return Ending(surface, finished=True)
        closed = _read_closed(tagger, text, surface)
        if closed is not None:
            return closed
        name = form.split("-")[0]
        # An adjective's conjunctive form closes casual lines ("めっちゃ楽しく"),
        # a stem exclamations ("すご").
        strong = name != "語幹" and not (word.feature.cType == "形容詞" and name == "連用形")
        return Ending(surface, False, f"the {_FORMS.get(name, name)} '{surface}'", strong)
    if pos in _NOUNS:
        return Ending(surface, finished=True, noun=True)
    if pos == "助詞":
        if surface == "か" and len(words) > 1 and words[-2].feature.pos1 == "名詞":
            # "JavaScript か": "A or B" cut before B; "いいか", "何か" are finished.
            return Ending(surface, False, "the particle 'か'", strong=False)
        if kind in ("終助詞", "副助詞", "準体助詞"):  # …よ, …か, …など, …の
            return Ending(surface, finished=True)
        casual = kind == "接続助詞" and surface in _CASUAL_ENDS
        return Ending(surface, False, f"the particle '{surface}'", strong=not casual)
    if pos in _DANGLING and surface not in _CLOSING_ADVERBS:
        return Ending(surface, False, f"the {_DANGLING[pos]} '{surface}'", strong=True)
    return Ending(surface, finished=True)


def _read_closed(tagger: Any, text: str, surface: str) -> Ending | None:
    """The ending once the sentence is closed with 。, when the last word then reads
    as final or as a noun; ``None`` when it keeps a reading that cannot end one."""
    words = [w for w in tagger(text + "。") if not _PUNCTUATION.fullmatch(w.surface)]
    if not words or words[-1].surface != surface:
        return None
    feature = words[-1].feature
    if (feature.cForm or "").startswith("終止形"):
        return Ending(surface, finished=True)
    if feature.pos1 in _NOUNS:
        return Ending(surface, finished=True, noun=True)
    return None


_FORMS = {
    "連用形": "conjunctive form",
    "連体形": "attributive form",
    "未然形": "irrealis form",
    "仮定形": "conditional form",
    "語幹": "stem",
}
_DANGLING = {
    "副詞": "adverb",
    "接続詞": "conjunction",
    "接頭辞": "prefix",
    "連体詞": "pre-noun adjectival",
}
