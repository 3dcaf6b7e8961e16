"""unclosed-pair: positions, messages and the pairs option, beyond what the fixtures show."""

from __future__ import annotations

from mkdocs_postlint.config import load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.linter import lint_document


def _pairs(source: str, **rules: object) -> list[tuple[int, int, str]]:
    config = load_config({"rules": {"unclosed-pair": rules}} if rules else {})
    problems = lint_document(parse(source.encode(), "page.md"), config)
    return [(p.line, p.column, p.message) for p in problems if p.rule == "unclosed-pair"]


def test_each_opener_on_its_own_column_with_its_own_text() -> None:
    # A line of a machine-written post that stops several times mid-quote.
    source = "# 計画\n\n政府は「AI基本計画（第一版を発表し、`(` 『実行計画の策定に入った。\n"
    found = _pairs(source)
    assert [(line, column) for line, column, _ in found] == [(3, 4), (3, 11), (3, 24)]
    assert [message.split(":", 1)[1] for _, _, message in found] == [
        " \"「AI基本計画（第一版を発表し、 『実…\" (expected '」' in the same paragraph)",
        " \"（第一版を発表し、 『実行計画の策定に…\" (expected '）' or ')' in the same paragraph)",
        " \"『実行計画の策定に入った。\" (expected '』' in the same paragraph)",
    ]


def test_a_markup_before_the_opener_does_not_shift_its_column() -> None:
    source = "# T\n\nThe `(` code and (real one and `[` and [second.\n"
    assert [(line, column) for line, column, _ in _pairs(source)] == [(3, 18), (3, 40)]


def test_the_message_names_every_closer_the_opener_may_take() -> None:
    ((_, _, message),) = _pairs("# T\n\nDie Option „strict ist neu.\n")
    assert "(expected '“' or '\"' or '”' in the same paragraph)" in message


def test_the_pairs_option_limits_the_check() -> None:
    source = "# T\n\nDie Option „strict ist neu (oder nicht.\n"
    assert [column for _, column, _ in _pairs(source, pairs=["()"])] == [28]
    # A pair of letters is not a bracket: ignored, not a crash.
    assert _pairs(source, pairs=["ab", "()", "((("]) == _pairs(source, pairs=["()"])


def test_written_out_tables_are_what_the_unicode_properties_say() -> None:
    # The rule keeps these tables as literals (deriving them at import is slow); when a
    # new `regex` brings a newer Unicode, this says to write them out again.
    import regex

    from mkdocs_postlint.rules import unclosed_pair

    bmp = "".join(map(chr, range(0x20, 0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    quotes = regex.sub(r"\P{Quotation_Mark}+", "", bmp[: 0x3100 - 0x20])
    assert frozenset(quotes) == unclosed_pair._QUOTE_MARKS
    brackets = regex.sub(r"[^\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Quotation_Mark}]+", "", bmp)
    assert brackets == unclosed_pair._BRACKETS_AND_QUOTES


def test_default_pairs_are_an_opening_mark_and_a_bracket_or_quote() -> None:
    # The rule takes its default pairs without checking them (that needs `regex`).
    from mkdocs_postlint.rules import unclosed_pair

    for pair in unclosed_pair.OPTIONS["pairs"]:
        assert len(pair) == 2
        assert unclosed_pair._OPENING.match(pair[0]), pair
        assert unclosed_pair._PAIR_CHAR.match(pair[1]), pair


# An answer in a transcript: one quotation over three paragraphs, closed in the last.
_ANSWER = (
    "“Yeah, so this happens all the time.\n\n"
    "Now, with IP, read the agreement.\n\n"
    "So ask a lawyer.”\n"
)


def test_a_quotation_over_several_paragraphs_is_closed_where_it_ends() -> None:
    assert _pairs("# Q\n\n" + _ANSWER) == []
    # English typography opens each paragraph of the quotation again and closes the last.
    assert _pairs("# Q\n\n“One point.\n\n“Another point.\n\n“The last one.”\n") == []
    assert _pairs("# Q\n\nEr sagte: „Das ist eins.\n\nUnd das zweite.“ Dann ging er.\n") == []


def test_a_quotation_never_closed_in_the_paragraphs_after_it_is_reported() -> None:
    # No closing mark before the paragraphs end (a heading, a list, the page's end).
    assert [
        line
        for line, _, _ in _pairs("# Q\n\n“Yeah, so this.\n\nNow, read it.\n\n# Next\n\nDone.”\n")
    ] == [3]
    assert [line for line, _, _ in _pairs("# Q\n\n“Yeah, so this.\n\n- a list.”\n")] == [3]
    # A later paragraph with a quotation of its own does not close it.
    assert [line for line, _, _ in _pairs("# Q\n\n“Cut off here\n\nHe said “yes” later.\n")] == [3]
    # Single quotes are left as they were: their closer is also the apostrophe (don’t).
    assert [line for line, _, _ in _pairs("# Q\n\n‘Cut off here\n\nDon’t do that.\n")] == [3]
    # Brackets are not quotations.
    assert [line for line, _, _ in _pairs("# Q\n\n(Cut off here\n\nAnd more.)\n")] == [3]


def test_a_quotation_over_the_paragraphs_of_one_list_item() -> None:
    source = "# Q\n\n- “Yeah, so this.\n\n  Now, read it.”\n- “Cut off here\n\n# Next\n"
    assert [line for line, _, _ in _pairs(source)] == [6]


def test_an_ellipsis_is_not_the_end_of_an_interval() -> None:
    # Python's type of a tuple in API docs (nonebot/nonebot2): balanced, not "], ...]".
    assert _pairs("# T\n\n- `class_or_tuple` (type[Any] | tuple[type[Any], ...])\n") == []
    # Intervals keep their half-open ends, a leading-dot number included.
    assert _pairs("# T\n\nValues in [0, 1), ]0, 1[ and (.5, 2] are allowed.\n") == []
    assert [column for _, column, _ in _pairs("# T\n\nThe list [a, ... goes on\n")] == [10]


def test_an_opening_mark_typed_at_both_ends_is_not_a_long_quotation() -> None:
    # ruanyf/weekly: the opening mark typed for both ends, and the marks swapped in the
    # next paragraph. The first mark of each paragraph is reported.
    source = "# T\n\n这个词“大数据“的热度在降温。\n\n与之相应的是，”大数据“这个领域也进展甚微。\n"
    assert [(line, column) for line, column, _ in _pairs(source)] == [(3, 4), (5, 12)]
