"""`text.nfkc` gives exactly what `unicodedata.normalize("NFKC", ...)` gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_postlint.text import nfkc, squeeze

# Fullwidth forms, the ideographic space, combining marks that could compose with
# the replaced characters, and ordinary CJK and Latin text around them.
_PIECES = st.sampled_from(
    list("（）？！：，；％＆＃＋＝／＿～［］＜＞＠＊＂＇\u3000ＡＺａｚ０９｡ｶﾞ")
    + ["\u0301", "\u0338", "\u3099", "\u309a", "ｶ", "㍻", "ﬁ", "①", "が", "日本", "text", " "]
)


@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=30).map("".join))
@settings(max_examples=500)
def test_nfkc_equals_unicodedata(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_fullwidth_punctuation_becomes_ascii() -> None:
    text = "設定（オプション）は？　はい：ＯＫ！"
    assert nfkc(text) == "設定(オプション)は? はい:OK!"
    assert squeeze(text) == "設定(オプション)は?はい:ok!"


def test_normalized_text_is_returned_as_is() -> None:
    text = "すでに正規化された文です。"
    assert nfkc(text) is text
