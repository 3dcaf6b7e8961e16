"""Report prose that breaks off mid-sentence.

When a generation stops early, a paragraph ends in the middle of a word or a
sentence (`…巨大テック`, `例えば`) and the page goes on with a marker, a new
section, or nothing at all. This rule reports a prose paragraph that does not
end with sentence-final punctuation right before a heading, a truncation
marker, a thematic break, or the end of the page.

Sentence-final punctuation is Japanese and Latin alike: `。．.！!？?…` (and
`:`, `;`, `〜`), optionally followed by closing quotes or brackets; an
emoji or an emoticon (`(^^)`, `(笑)`, `:)`) also ends a sentence. A
paragraph followed by a list, a table, a code block or another paragraph ends
however it likes.

Not prose, never reported: headings, list items and definition lists, table
rows, code, footnotes, a paragraph that is only links or images, one that ends
with a URL, a link or a code span (`` Run `mkdocs serve` ``), a bold label
ending in a colon (`**投資家の方々へ：**`), an attribution line under a
quotation (`— Edsger W. Dijkstra`), a note or caption line (`※ 2025年1月時点`,
`▲ 会場の様子`), and a one-line title as the first block of the page.

A Japanese paragraph that ends in a polite or written predicate (`です`,
`ます`, `ください`, `である`) is a complete sentence without its 。,
as notes in docs often are, and is not reported.

In scripts other than Chinese and Japanese, fragments without a full stop
are common and deliberate (`Gets the collaborators of a package` under an
API heading, `MIT` under `## License`). There a paragraph is only
reported when it ends with a comma or a word no sentence ends with (`the`,
`of`, `your`), leaves a parenthesis open, or when its last sentence has
twelve words or more; one that ends with a closing parenthesis is not.

Failing:

```markdown
…中国のBAT（Baidu, Alibaba, Tencent）といった巨大テック

---END---
```

Passing:

```markdown
…といった巨大テック企業が、AI開発に投じる資金力は桁違いです。

## 次の節
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.rules import truncation_marker
from mkdocs_postlint.text import CLOSERS, ends_sentence, is_cjk, shorten

ID = "truncated-ending"
SEVERITY = Severity.ERROR
SUMMARY = "prose that breaks off mid-sentence before a heading, a marker or the end"
OPTIONS: Mapping[str, Any] = {}

_URL_END = re.compile(r"(?:https?://|www\.)\S+\s*\Z")
# "— Edsger W. Dijkstra": who said the quotation above, not a sentence.
_ATTRIBUTION = re.compile(r"\s*(?:[—―–]|--)\s*\S")
# Japanese notes and captions are fragments by convention: "※ 2025年1月時点の価格",
# "注：…", "▲ 会場の様子", "↑ こんな感じ".
_NOTE = re.compile(r"\s*(?:[※＊▲△↑]|注[:：])")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_INSIDE = re.compile(r"(?<=\w[.!?])[\"'”’)]*\s+")  # "… builds. The …", not "Node.js"
# A Japanese sentence that ends in a polite or written predicate is complete
# even without its 。 (notes in docs often drop it): "…を参照してください".
_JA_PREDICATE = re.compile(
    r"(?:です|ます|ました|ません|でした|でしょう|ください|ましょう|である)[」』）)]*\Z"
)
_LONG_SENTENCE = 12  # words: longer than a caption or a one-line description
# Words a Latin-script sentence cannot end with: articles, prepositions,
# conjunctions, auxiliaries, possessives.
_FUNCTION_WORD_LIST = """a an the and or nor but of to in on at by for with from as into onto than
    that which who whom whose because since while when where whether if unless
    so such is are was were be been being has have had do does did can could
    will would shall should may might must not your our their its his her my
    this these those very more most also including like via per about between
    through during before after without within across against among toward
    towards upon over under le la les de des du der die das und"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())
# A comment cannot contain '-->', so there is one way to split: linear time
# (`.*?` here backtracks exponentially on a line of comments followed by text).
_ONLY_COMMENTS = re.compile(r"\s*(?:<!--(?:(?!-->).)*-->\s*)+", re.DOTALL)


def _boundary(doc: Document, following: Block | None, markers: set[int]) -> str | None:
    """What follows a paragraph, when it is something a sentence must end before."""
    if following is None:
        return "the end of the page"
    if following.kind == "heading":
        return f"the heading on line {following.line}"
    if following.kind == "rule":
        return f"the thematic break on line {following.line}"
    if following.line in markers:
        return f"the marker on line {following.line}"
    return None


def _looks_cut(text: str) -> bool:
    """Whether a paragraph without a full stop at its end reads as a sentence cut short.

    Chinese and Japanese prose ends its sentences with 。 and the like, so any
    such paragraph does, unless it ends in a polite or written predicate
    (``…を参照してください``, ``…執筆中です``): a complete sentence whose 。
    was dropped, as notes in docs often do. In other scripts, fragments without a full stop are
    common and deliberate (a description under an API heading, a caption,
    ``MIT`` under ``## License``, a closing parenthesis): the text must end
    with a comma or a word that cannot end a sentence (``the``, ``of``,
    ``your``), leave a parenthesis open, or its last sentence must be long.
    """
    end = text.rstrip()
    if is_cjk(text) or "。" in text or "、" in text:  # Japanese, even with many English terms
        return not _JA_PREDICATE.search(end)

    if end.endswith((")", "]", "）")):
        return False
    stripped = end.rstrip(CLOSERS)
    if stripped.endswith((",", "、", "，", "-", "–", "—", "(", "/")):
        return True
    if stripped.count("(") > stripped.count(")"):
        return True  # "... (as stated": a parenthesis still open
    tokens = stripped.split()
    if tokens and tokens[-1].strip("*_~`'\"“”‘’").casefold() in _FUNCTION_WORDS:
        return True
    last_sentence = _SENTENCE_INSIDE.split(stripped)[-1]
    return len(_WORDS.findall(last_sentence)) >= _LONG_SENTENCE


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    markers = set(truncation_marker.marker_lines(doc, truncation_marker.matcher()))
    # HTML comments (<!-- more -->, suppressions) are invisible: look past them.
    blocks = [b for b in doc.blocks if not (b.kind == "html" and _ONLY_COMMENTS.fullmatch(b.text))]
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or block.container in ("item", "footnote"):
            continue
        if block.line in markers or block.link_only or not block.prose:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        where = _boundary(doc, following, markers)
        if where is None:
            continue
        if index == 0 and block.line == block.end_line and following is not None:
            continue  # a one-line title at the top of the page
        text = block.prose
        if ends_sentence(text) or _URL_END.search(text) or block.tail != "text":
            continue
        last_line = text.rsplit("\n", 1)[-1]
        if _ATTRIBUTION.match(last_line) or _NOTE.match(last_line) or not _looks_cut(text):
            continue
        last = doc.lines[block.end_line - 1].rstrip()
        shown = shorten(block.text, 24, tail=True)  # what the reader sees, code spans too
        yield Finding(
            block.end_line,
            f"text breaks off mid-sentence ('{shown}') right before {where}",
            max(len(last), 1),
            severity=None,
        )
