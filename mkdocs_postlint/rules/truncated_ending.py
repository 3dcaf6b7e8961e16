"""Report prose that breaks off mid-sentence.

When a generation stops early, a paragraph ends in the middle of a word or a
sentence (`…といった巨大テック`, `例えば`) and the page goes on with a marker, a
new section, or nothing at all. This rule looks at each paragraph right before
a heading, a truncation marker, a thematic break or the end of the page whose
last sentence has no full stop, and reports it only when there is evidence
that it was cut, not merely written without one: notes, subtitles and casual
lines often are.

## What counts as a full stop

Any script's: the characters of the Unicode property Sentence_Terminal (`.`
`。` `।` `॥` `؟` `۔` `！` `？` ...), an ellipsis, a colon or a semicolon, a wave
dash. Closing brackets and quotes, emphasis and emoji may follow it
(`準備はこれで完了です。✔️`). An emoji or an emoticon (`(^^)`, `(笑)`, `:)`,
`…びびったｗ`) also ends a sentence. A paragraph followed by a list, a table,
a code block or another paragraph ends however it likes.

A quotation that closes with its opening mark right after a full stop
(`他说：“……内容。“`, as Chinese text often types it) is closed.

Thai and Lao write no full stop: a space ends the sentence. A sentence in
those scripts is judged on the evidence below that does not count on one (a
marker, a restart, a dangling comma or bracket).

## Evidence

An error, with the reason in the message:

- a truncation marker right after it (`right before the marker on line 53`);
- the next paragraph starts the cut sentence over and goes on past the cut
  (`the text restarts on line 55`);
- it ends on a comma or a clause mark (`,` `、`), a dash or an opening
  bracket, or leaves a bracket or quote open;
- Japanese: its last clause ends on a case or binding particle (`…を`,
  `…は`), an attributive, conjunctive, irrealis or conditional form
  (`…静かな`, `…読み込み`), an adverb (`例えば`), a conjunction, a prefix or
  a pre-noun adjectival (`さらなる`). A morphological analyser (MeCab with
  UniDic, through fugashi) reads the clause; it is loaded only when a page
  has such an ending to judge;
- Korean: it ends on the object particle `를`;
- other languages: its last word is one no sentence ends with: an article,
  a conjunction, a possessive (`the`, `and`, `your`, `der`, `और`, `и`).

A warning, weaker evidence:

- a Japanese clause ending on a particle casual writing ends with (`…して`,
  `…けど`), or on a word the dictionary does not know (`作成したモデ`);
- a Korean word ending on a particle a verb must follow (`…을`, `…에서`);
- a Chinese sentence ending on a determiner, a preposition or a conjunction
  (`…扩展某`, `…和`);
- a last word that a sentence rarely ends with (`of`, `with`, `für`);
- the paragraph's other sentences end with a full stop and its last one does
  not; or its only sentence is long (twelve words or more), or the page ends
  its other paragraphs with a full stop and this one does not.

A sentence that is grammatically finished is not evidence: a Japanese plain
form (`…で書かれている`), a Korean or Hindi final verb (`…주목하세요`, `…है`)
or a Korean note's nominal ending (`…해야 함`, `…없음`),
a last word that is a file name, a version or an address (`package.json`,
`v1.0.0`). A Japanese clause that ends on a noun (体言止め) is only weak
evidence after sentences that end with `。`: `生成されたトークンをコピーして保存`
alone is a finished note.

## Never reported

Headings, list items, tables, code, footnotes, a paragraph that is only links
or images or ends with a URL, a link, a code span or math, and directives:
includes and snippets in any syntax (`{* ./app.py *}`, `--8<-- "file.md"`,
`{% include "x.md" %}`, `{{ macro() }}`, Hugo shortcodes), attribute lists,
MyST targets, and lists that CommonMark reads as a paragraph (pymdownx.fancylists'
`i. item`, `A) item`, every line an item).

Lines that are fragments by nature are only reported on strong evidence:
quotations and their attributions (`> 『吾輩は猫である』夏目漱石`,
`— Edsger W. Dijkstra`), labels (`**対策**: 定期的なリンクチェックツールの使用`,
`author: …`), checklist, note and caption lines (`✅ …`, `※ 2025年1月時点`,
`*注: …*`, `*図1-2: …*`), a letter's signature (`The contributors at the
hackathon,` then the names), a sentence in brackets or a quotation that closes
(`（設定画面からは変更できない）`, `「…」`). The title or tagline at the top of
the page (a line before the first heading, or right under it) is not reported
for a missing full stop alone. A truncation marker right after any of these
is still reported.

When the Japanese analyser cannot be loaded, Japanese endings are judged on
punctuation and markers alone: fewer findings, never a false error.

Failing:

```markdown
…中国のBAT（Baidu, Alibaba, Tencent）といった巨大テック

---END---
```

```markdown
最初に、プロジェクトの直下に置いた設定ファイルを

## 読み込み
```

Passing:

```markdown
…といった巨大テック企業が、AI開発に投じる資金力は桁違いです。

## 次の節
```

```markdown
生成されたトークンをコピーして保存

## 次の節
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint import japanese, lazy
from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.rules import truncation_marker
from mkdocs_postlint.text import (
    CLAUSE_MARKS,
    ends_sentence,
    is_japanese,
    last_sentence,
    shorten,
    squeeze,
    strip_trailer,
)

ID = "truncated-ending"
SEVERITY = Severity.ERROR
SUMMARY = "prose that breaks off mid-sentence before a heading, a marker or the end"
OPTIONS: Mapping[str, Any] = {}

_URL_END = lazy.re_pattern(r"(?:https?://|www\.)\S+\s*\Z")
# A comment cannot contain '-->', so there is one way to split: linear time
# (`.*?` here backtracks exponentially on a line of comments followed by text).
_ONLY_COMMENTS = lazy.re_pattern(r"\s*(?:<!--(?:(?!-->).)*-->\s*)+", re.DOTALL)

# What the raw last line of a paragraph (comments and quote markers off) says
# it is: a directive of a build tool, not prose at all; or a line that is a
# fragment by nature: an attribution, a label, a checklist, note or caption line.
_COMMENT = lazy.regex_pattern(r"<!--.*?-->")
_DIRECTIVE_LINE = lazy.regex_pattern(
    r"""(?x)\s*(?:
        \{\*.*\*\}\s*\Z | \{%.*%\}\s*\Z      # FastAPI includes, Jinja statements
      | \{\{.*\}\}\s*\Z | \{\#.*\#\}\s*\Z    # MkDocs macros, Jinja comments
      | .*(?:\{\{[^{}]*\}\}|\{%[^{}]*%\}|\{\*[^{}]*\*\})\s*\Z  # … {{% emoji "x" %}}, {{< ref >}}
      | -{1,3}8<-{1,3}                        # snippets
      | \{[^{}]*\}\s*\Z                       # { #id style="…" }
      | \([^()]+\)=\s*\Z                       # MyST target: (label)=
      | [^\p{L}\p{N}]*\Z                      # +++, no words at all
    )"""
)
_FRAGMENT_LINE = lazy.regex_pattern(
    r"""(?x)\s*(?:
        (?:[—―–]|--)\s*\S                     # — Edsger W. Dijkstra
      | [『「《].+[』」》]\s*\S[^。．.!?！？]{0,30}\Z  # 『吾輩は猫である』夏目漱石
      | (?:\*\*|__)[^*_]+(?:\*\*|__)\s*[:：]  # **対策**: …
      | \p{L}[\p{L}\p{M} ]{0,24}[:：]\s          # author: …, Example: …
      | \*?\s*[※＊▲△▼↑]                       # ※ 2025年1月時点, ▲ 会場の様子
      | [*_]?\s*(?:注|Note|NB|Nota|Hinweis|Remarque)\s*\d*\s*[:：]   # *注: …
      | [*_]?\s*\[?(?:図|表|コード|Figure|Fig\.|Table|Listing|Abbildung|Tabelle|图)
        \s*[\d０-９]+(?:[.\-–][\d０-９]+)*                          # *図1-2: …*, Figure 3
      | (?:\*[^*\s]|_[^_\s]).*(?:[^*\s]\*|[^_\s]_)\s*\Z           # *a caption in italics*
      | [\p{Extended_Pictographic}☐☑✓✔✗✘]       # ✅ checklist, 📝 note
      | \[[\sxX]\]                            # [ ] task
    )"""
)
# An item of a list that CommonMark does not know (pymdownx.fancylists): "iv. item",
# "B) item", "#. item". Only a paragraph whose every line is one counts as a list.
_ENUMERATED = lazy.regex_pattern(
    r"[ \t>]*(?:[ivxlcdm]{1,8}|[IVXLCDM]{1,8}|[a-zA-Z]|\#)[.)][ \t]+\S"
)
# The searches anchored at the end below run in reverse (?r): they try the end
# only, in linear time on any line.
# A button or a link with attributes: "[Start][board]{ .md-button }".
_LINK_WITH_ATTRIBUTES = lazy.regex_pattern(r"(?r)\](?:\[[^\]]*\]|\([^)]*\))?\{[^{}]*\}\s*\Z")
# Math or code ends the paragraph: "$$ … $$", "… $x^2$", "a list of `Image`s".
_MATH_OR_CODE_END = lazy.regex_pattern(r"(?r)(?:\$|`(?:s|es)?)\s*\Z")
_PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "［": "］", "｛": "｝", "「": "」",
          "『": "』", "【": "】", "〔": "〕", "《": "》", "〈": "〉", "“": "”", "‘": "’",
          "«": "»", "‹": "›"}  # fmt: skip
_OPENERS = frozenset(_PAIRS)
_CLOSERS = frozenset(_PAIRS.values()) | frozenset("\"'")
_DANGLING_MARKS = frozenset("-–—/&") | CLAUSE_MARKS
_EMPHASIS = "*_~ \t\n"
_WORD = lazy.regex_pattern(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}'’-]*")
# What may follow a text's last word: closing quotes and brackets, emphasis, spaces.
_TRAILING_NON_WORD = lazy.regex_pattern(r"(?r)[^\p{L}\p{M}\p{N}]+\Z")
# A closing formula ending in a comma, then a line of names.
_SIGNATURE = lazy.regex_pattern(
    r"(?r),[ \t]*\n\W*\p{Lu}[\p{L}\p{M}.'’-]*(?:[ ,]+(?:\p{Lu}[\p{L}\p{M}.'’-]*|and|&))*\W*\Z"
)
# Words no sentence ends with: articles, conjunctions, possessives (English,
# German, French, Spanish, Portuguese) and Hindi postpositions (Hindi puts the
# verb last). Prepositions and auxiliaries can end a sentence ("what it is
# for") and are weaker evidence. Closed word classes: a short list is all
# there is to them, and no small library gives them per language.
_NEVER_LAST_WORDS = """a an the and or nor but your our their my its whose because although unless
    der die das dem den des ein eine einen einem einer und oder aber sondern weil dass
    le la les un une et ou mais parce el los las una y pero porque o os as um uma e mas
    के की का को में से पर और या
    и а но или в на с к о у из от для по за не что і та але або до що"""
_NEVER_LAST = frozenset(_NEVER_LAST_WORDS.split())
_RARELY_LAST_WORDS = """of to in on at by for with from into onto than via per including like
    between through during without within across against among toward towards upon
    is are was were be been being has have had do does did can could will would
    shall should may might must very more most also such as if when while where that
    für von mit bei nach über unter durch gegen ohne wie wenn als
    de du des à pour avec dans sur par del con por para em com"""
_RARELY_LAST = frozenset(_RARELY_LAST_WORDS.split())
# A Korean sentence-final ending (…합니다, …주목하세요, …할까), the nominal endings
# of notes (…사용함, …해야 함, …완료됨, …방식임, …없음) and the propositive (…알아보자), or a
# Hindi one on its verb (…है, …था): finished without a full stop.
_FINISHED = lazy.regex_pattern(
    r"(?r)(?:\p{Hangul}(?:다|요|죠|까|니다|됨|임|음|보자|하자)|[\p{Hangul}\s]함"
    r"|\b(?:है|हैं|था|थी|थे|हूँ|हो))\Z"
)
# A Korean word ending on a particle that a verb must follow: the object marker
# 를 (never the end of a noun: strong), 을, the topic and place markers (weak).
_KOREAN_PARTICLE = lazy.regex_pattern(r"(?r)[\p{L}\p{N}\p{Pe}\p{Pf}](를|을|는|은|에서|에게|으로)\Z")
# Chinese characters a sentence cannot end with: determiners and prepositions
# that need what follows ("…扩展某", "…从"), conjunctions ("…和", "…并").
_CHINESE_DANGLING = lazy.regex_pattern(r"(?r)\p{Han}[某每各该把被从向和与及或并而且]\Z")
# Scripts whose sentences end with a space, not a mark.
_NO_FULL_STOP = lazy.regex_pattern(r"[\p{Thai}\p{Lao}]")
_LONG_SENTENCE = 12  # words: longer than a caption or a one-line description
_PUNCTUATED = 0.8  # of a page's paragraphs end with a full stop: its author punctuates
# A token that is not a word: package.json, v0.10.0, bugs@example.org, --omit=dev, {Buffer}s.
_CODE_LIKE = lazy.regex_pattern(
    r"(?r)(?<!\S)(?:\S*[\p{L}\p{N}][./@=_:{}<>#][\p{L}\p{N}]\S*|[-{<#]\S+)\s*\Z"
)
_LONG_TAGLINE = 16  # words: longer than a subtitle under the title
_LONG_PARAGRAPH = 30  # characters: longer than most captions, labels and titles
_SHORT_CLAUSE = 4  # characters of CJK text: shorter is a fragment however it ends
_RESTART_KEY = 8  # characters of the cut sentence that the restart must repeat


def _boundary(following: Block | None, markers: set[int]) -> str | None:
    """What follows a paragraph, when it is something a sentence must end before."""
    if following is None:
        return "the end of the page"
    if following.line in markers:
        return f"the marker on line {following.line}"
    if following.kind == "heading":
        return f"the heading on line {following.line}"
    if following.kind == "rule":
        return f"the thematic break on line {following.line}"
    return None


def _context(doc: Document, blocks: list[Block], index: int, sections: list[int]) -> str | None:
    """Where the paragraph stands, when that makes a missing full stop normal.

    ``directive``: an include, a macro, an attribute list, which only a
    marker after it shows cut. ``fragment``: a quotation, an attribution, a
    label, a note, a caption or a checklist line, which only strong evidence
    shows cut. ``quiet``: the title or tagline at the top of the page, where
    a single sentence often goes without a full stop, so that alone is no
    evidence. ``sections`` holds, for each block, the level of the heading
    it is under (0 before the first).
    """
    block = blocks[index]
    last_line = _COMMENT.sub("", doc.lines[block.end_line - 1]).lstrip(" >")
    if _DIRECTIVE_LINE.match(last_line):
        return "directive"
    lines = doc.lines[block.line - 1 : block.end_line]
    if all(_ENUMERATED.match(line) for line in lines):
        return "directive"  # a list in pymdownx.fancylists syntax (i., a), #.), not prose
    if block.container == "quote":
        return "fragment"  # quotations, attributions, epigraphs
    if _FRAGMENT_LINE.match(last_line) or _FRAGMENT_LINE.match(block.prose.rsplit("\n", 1)[-1]):
        return "fragment"
    one_line = block.line == block.end_line
    if one_line and (
        sections[index] == 0 or (blocks[index - 1].kind == "heading" and sections[index - 1] == 0)
    ):
        return "quiet"  # a line before the page's first heading or right under it
    return None


def _sections(blocks: list[Block]) -> list[int]:
    """For each block, the level of the heading it is under; 0 before the first heading."""
    levels = []
    level = 0
    for block in blocks:
        levels.append(level)
        if block.kind == "heading":
            level = block.level
    return levels


def _closes_itself(text: str) -> bool:
    """Whether the text ends by closing a bracket or quote it opened: a whole aside or quotation."""
    _, trailer = strip_trailer(text)
    return any(c in _CLOSERS for c in trailer)


def _open_bracket(sentence: str) -> str | None:
    """An opening bracket or quote the sentence leaves open, if any."""
    stack: list[str] = []
    for char in sentence:
        if char in _PAIRS:
            stack.append(char)
        elif stack and char == _PAIRS[stack[-1]]:
            stack.pop()
    return stack[-1] if stack else None


def _restarts(text: str, blocks: list[Block], index: int, markers: set[int]) -> Block | None:
    """A paragraph after the boundary that starts the cut sentence over and goes on past the cut."""
    sentence = squeeze(last_sentence(text)[0])
    if len(sentence) < _RESTART_KEY:
        return None
    seen = 0
    for block in blocks[index + 1 :]:
        if block.line in markers or block.kind in ("heading", "rule"):
            continue
        if block.kind != "paragraph" or seen == 2:
            return None
        seen += 1
        again = squeeze(block.prose[: len(sentence) * 2 + 16])  # enough to hold the sentence
        if again.startswith(sentence) and len(again) > len(sentence):
            return block
    return None


class _PageStyle:
    """Whether the page's long paragraphs end with a full stop: its author punctuates.

    Counted once per page, when a paragraph first needs it.
    """

    def __init__(self, blocks: list[Block]) -> None:
        self._blocks = blocks
        self._counts: tuple[int, int] | None = None

    def _ends(self, block: Block) -> tuple[int, int]:
        if block.kind != "paragraph" or block.container in ("item", "quote"):
            return 0, 0
        if len(block.prose) < _LONG_PARAGRAPH:
            return 0, 0
        return int(ends_sentence(block.prose)), 1

    def punctuates(self, block: Block) -> bool:
        """Whether most other long paragraphs (not ``block``) end with a full stop."""
        if self._counts is None:
            ends = [self._ends(b) for b in self._blocks]
            self._counts = sum(e for e, _ in ends), sum(t for _, t in ends)
        ended, total = self._counts
        mine_ended, mine = self._ends(block)
        ended, total = ended - mine_ended, total - mine
        return total >= 2 and ended >= total * _PUNCTUATED


def _evidence(text: str, block: Block, style: _PageStyle, quiet: bool) -> tuple[str, bool] | None:
    """Why the text reads as cut off, and whether that is strong, from its own words."""
    stripped, _ = strip_trailer(text)
    if not stripped or _closing_typed_as_opening(text.rstrip(_EMPHASIS)):
        return None
    # The last character as written (code spans kept), past emphasis and spaces.
    end = block.text.rstrip(_EMPHASIS)[-1:]
    if end in _DANGLING_MARKS:
        return f"ends on '{end}'", True
    if end in _OPENERS:
        return f"ends on the opening '{end}'", True
    sentence, before = last_sentence(stripped)
    opened = _open_bracket(last_sentence(text)[0])  # with its closing brackets
    if opened is not None:
        return f"leaves '{opened}' open", True
    if _closes_itself(text):
        return None
    if is_japanese(sentence):
        punctuated = not quiet and len(text) >= _LONG_PARAGRAPH // 2 and style.punctuates(block)
        return _japanese_evidence(sentence, before, punctuated)
    if _FINISHED.search(sentence):
        return None
    particle = _KOREAN_PARTICLE.search(sentence)
    if particle is not None:
        return f"ends on the particle '{particle.group(1)}'", particle.group(1) == "를"
    if _CHINESE_DANGLING.search(sentence):
        return f"ends on '{sentence[-1]}'", False
    if _NO_FULL_STOP.search(sentence):
        return None  # Thai, Lao: no full stop is how a sentence ends
    words = _WORD.findall(block.text.rsplit("\n", 1)[-1]) or _WORD.findall(sentence)
    # Lower case only: "N/A" does not end on the article, nor "MIT" on German "mit";
    # and the word must end the text: "added in 9.5" ends on a version, not on "in".
    last = words[-1] if words and words[-1] == words[-1].lower() else ""
    if last and not _TRAILING_NON_WORD.sub("", block.text).endswith(last):
        last = ""
    if last in _NEVER_LAST:
        return f"ends on '{last}'", True
    if last in _RARELY_LAST:
        return f"ends on '{last}'", False
    count = len(_WORD.findall(sentence))
    if _is_cjk_run(sentence):
        count = len(sentence) // 3  # about one word per three characters
    if _SIGNATURE.search(text):
        return None  # "Best regards,\nJane Doe": a letter's closing and its names
    if words and _CODE_LIKE.search(sentence):
        return None  # ends on a file name, a version, an address, an option
    if before:
        return "has no full stop after its last sentence, unlike the ones before it", False
    if count >= (_LONG_SENTENCE if not quiet else _LONG_TAGLINE):
        return f"has no full stop after a sentence of {count} words", False
    long = len(text) >= (_LONG_PARAGRAPH // 2 if _is_cjk_run(sentence) else _LONG_PARAGRAPH)
    if long and not quiet and style.punctuates(block):
        return "has no full stop, unlike the page's other paragraphs", False
    return None


def _closing_typed_as_opening(text: str) -> bool:
    """Whether the text ends with a `“` that closes its quotation after a full stop.

    Chinese and Japanese writers often type the opening mark for both ends
    (`他说：“……开始。“`) or swap them (`他说：”……内容。“`): right after a
    full stop, with a quotation mark left open before it, the last `“` ends
    the quotation.
    """
    before = text[:-1]
    return (
        text.endswith("“")
        and ends_sentence(before)
        and (before.count("“") + before.count("”")) % 2 == 1
    )


def _is_cjk_run(text: str) -> bool:
    """Whether the text is written without spaces between words (Chinese, Japanese)."""
    return " " not in text.strip() and len(text) > 1


def _japanese_evidence(clause: str, before: int, punctuated: bool) -> tuple[str, bool] | None:
    """Evidence from the last Japanese clause: its last word, read by the analyser.

    A finished plain form is never evidence; a noun (体言止め, or a word cut in
    half) is weak evidence after sentences that end with 。, or in a page
    that punctuates its other paragraphs.
    """
    ending = japanese.read_ending(clause)
    if ending is None:
        return None  # no analyser: judged on punctuation and markers alone
    if not ending.finished:
        return f"ends on {ending.reason}", ending.strong
    if not ending.noun:
        return None
    if before and len(clause) >= _SHORT_CLAUSE:
        return "has no 。 after its last sentence, unlike the ones before it", False
    if punctuated:
        return "has no 。, unlike the page's other paragraphs", False
    return None


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    markers = set(truncation_marker.marker_lines(doc, truncation_marker.matcher()))
    # HTML comments (<!-- more -->, suppressions) are invisible: look past them.
    blocks = [b for b in doc.blocks if not (b.kind == "html" and _ONLY_COMMENTS.fullmatch(b.text))]
    style = _PageStyle(blocks)
    sections: list[int] | None = None  # counted when a paragraph first needs them
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or block.container in ("item", "footnote"):
            continue
        if block.line in markers or block.link_only or not block.prose:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        where = _boundary(following, markers)
        if where is None:
            continue
        text = block.prose
        if ends_sentence(text) or _URL_END.search(text) or block.tail != "text":
            continue
        last_line = doc.lines[block.end_line - 1]
        if _MATH_OR_CODE_END.search(last_line) or _LINK_WITH_ATTRIBUTES.search(last_line):
            continue
        found: tuple[str, bool] | None = None
        if sections is None:
            sections = _sections(blocks)
        context = _context(doc, blocks, index, sections)
        if context != "directive":
            restart = _restarts(text, blocks, index, markers)
            if restart is not None:
                found = f"the text restarts on line {restart.line}", True
            else:
                found = _evidence(text, block, style, context == "quiet")
            if context == "fragment" and found is not None and not found[1]:
                found = None  # a fragment by nature: only strong evidence shows it cut
        if following is not None and following.line in markers:
            found = (found[0] if found else ""), True  # the marker is the strongest evidence
        if found is None:
            continue
        reason, strong = found
        last = doc.lines[block.end_line - 1].rstrip()
        shown = shorten(block.text, 24, tail=True)  # what the reader sees, code spans too
        yield Finding(
            block.end_line,
            f"text breaks off mid-sentence ('{shown}') right before {where}"
            + (f": {reason}" if reason else ""),
            max(len(last), 1),
            severity=None if strong else Severity.WARNING,
        )
