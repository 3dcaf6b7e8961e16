r"""Report a bracket or quote opened and never closed, or a code fence never closed.

A generation that stops mid-sentence often leaves 「 or （ open; a code fence
that is never closed turns the rest of the page into code.

Brackets and quotes are checked within one paragraph or heading, with the
pairs of each language: `「」` `『』` `（）` `()` `【】` `[]` `{}`, English
`“”` and `‘’`, German and Czech `„“` and `‚‘`, Polish `„”`, French and
Russian `«»`, Danish and German `»«`, Swedish `»»`, and the single angle
quotes `‹›` `›‹`. Which characters can take part at all is Unicode's
answer (the general categories `Ps`, `Pe`, `Pi`, `Pf` and the property
`Quotation_Mark`); which opener a closer may close is this rule's table, so
`“` closes `„` in German and opens a quote in English. An unmatched opener is
reported once, on its own line and column, with the text that follows it.

What is not a pair is left out:

* code spans, link targets, raw HTML and URLs (a URL ends before a space, a
  bracket, a quote or CJK punctuation: `（https://example.org/）` is closed);
* math: `$…$`, `$$…$$`, `\(…\)`, `\[…\]` and `\begin{…}…\end{…}` (the
  arithmatex syntaxes), and intervals such as `[0, 1)`, `(a, b]` or `]0, 1[`
  (an ellipsis is no end of one: `tuple[type[Any], ...]` is checked);
* closers without an opener: apostrophes (`don’t`, `l’homme`, `’90s`), list
  labels (`1)`, `a)`), emoticons and faces (`:-(`, `(^^)`, `(笑)`);
* a quotation mark that no word follows, which is not a quote (`Settings »
  Theme`, a `‚` typed as a comma), and a bracket standing alone between
  spaces (`press the [ key`);
* an opening quote typed where the closing one belongs, right after a word
  (`a “scratch pad“ to try`), which closes the quote;
* a quotation that runs over several paragraphs: a double quote or a
  guillemet opened last in one paragraph and closed in one of the paragraphs
  right after it (a transcript's answer), whether or not each paragraph opens
  it again, as English typography does.

A fenced code block whose closing fence is missing is reported on its opening
line: MkDocs then prints the backticks and the code as a plain paragraph, and
CommonMark renderers (GitHub) turn the rest of the page into code. The rest
of the page is read as code by the other rules too, so that one missing fence
gives one problem.

Options:

* `pairs` (every pair above, listed under Configuration): the pairs to check, each a
  two-character string, opener then a closer it may be closed by. Both must
  be brackets or quotation marks; other strings are ignored.

Failing:

```markdown
政府は「AI基本計画を発表した。

Die Option heißt „strict und ist neu.
```

Passing:

```markdown
政府は「AI基本計画」を発表した。

Die Option heißt „strict“ und ist neu. Werte in [0, 1) sind erlaubt.
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mkdocs_postlint import edits, lazy
from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Edit, Finding, Fix, Problem, Severity
from mkdocs_postlint.text import FACE, shorten

ID = "unclosed-pair"
SEVERITY = Severity.WARNING
SUMMARY = "a bracket or quote opened and never closed, or a code fence never closed"
OPTIONS: Mapping[str, Any] = {
    "pairs": [
        # CJK and ASCII brackets
        "「」", "『』", "（）", "()", "【】", "〔〕", "《》", "〈〉", "［］", "｛｝", "[]", "{}",
        # a full-width parenthesis closed by a half-width one, and the other way (zh, ja)
        "（)", "(）",
        # English
        "“”", "‘’",
        # German, Czech (and a straight closing quote, as typed)
        "„“", "‚‘", '„"', '“"',
        # Polish, Hungarian, Romanian, Dutch
        "„”", "‚’",
        # French, Russian, Spanish; Danish and German; Swedish and Finnish
        "«»", "»«", "»»", "‹›", "›‹",
    ],
}  # fmt: skip

_DEFAULT_PAIRS = frozenset(OPTIONS["pairs"])
# What can be a bracket or a quote at all; the table says what pairs with what.
_PAIR_CHAR = lazy.regex_pattern(r"[\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Quotation_Mark}]")
_OPENING = lazy.regex_pattern(r"[\p{Ps}\p{Pi}\p{Quotation_Mark}]")
# Openers that also close (German “ after „): one that closes nothing opens a
# quote only when a word follows it; « and ‹ may be followed by a space (French).
_SPACED_OPENERS = frozenset("«‹")
# Quotation marks (not brackets): a quote that opens is followed by its first word.
# (Written out: deriving them with `regex` at import costs more than the rest of the
# module; a test keeps them equal to what `regex` says, see tests/test_rules_pairs.py.)
_QUOTE_MARKS = frozenset("\"'«»‘’‚‛“”„‟‹›⹂「」『』〝〞〟")
_ENDS_CLAUSE = frozenset(",.;:!?、。，．：；！？)]}）］｝」』】")
# Opening marks that, typed right after a word, end the quote they opened.
_TYPED_AS_CLOSER = frozenset("“‘")

# Every bracket and quotation mark of the Basic Multilingual Plane (\p{Ps}, \p{Pe},
# \p{Pi}, \p{Pf}, \p{Quotation_Mark}; written out like _QUOTE_MARKS), for the
# standard `re` module (faster than `regex` where a pattern is tried often).
_BRACKETS_AND_QUOTES = (
    "\"'()[]{}\xab\xbb\u0f3a\u0f3b\u0f3c\u0f3d\u169b\u169c\u2018\u2019\u201a\u201b\u201c"
    "\u201d\u201e\u201f\u2039\u203a\u2045\u2046\u207d\u207e\u208d\u208e\u2308\u2309\u230a"
    "\u230b\u2329\u232a\u2768\u2769\u276a\u276b\u276c\u276d\u276e\u276f\u2770\u2771\u2772"
    "\u2773\u2774\u2775\u27c5\u27c6\u27e6\u27e7\u27e8\u27e9\u27ea\u27eb\u27ec\u27ed\u27ee"
    "\u27ef\u2983\u2984\u2985\u2986\u2987\u2988\u2989\u298a\u298b\u298c\u298d\u298e\u298f"
    "\u2990\u2991\u2992\u2993\u2994\u2995\u2996\u2997\u2998\u29d8\u29d9\u29da\u29db\u29fc"
    "\u29fd\u2e02\u2e03\u2e04\u2e05\u2e09\u2e0a\u2e0c\u2e0d\u2e1c\u2e1d\u2e20\u2e21\u2e22"
    "\u2e23\u2e24\u2e25\u2e26\u2e27\u2e28\u2e29\u2e42\u2e55\u2e56\u2e57\u2e58\u2e59\u2e5a"
    "\u2e5b\u2e5c\u2e62\u2e63\u3008\u3009\u300a\u300b\u300c\u300d\u300e\u300f\u3010\u3011"
    "\u3014\u3015\u3016\u3017\u3018\u3019\u301a\u301b\u301d\u301e\u301f\ufd3e\ufd3f\ufe17"
    "\ufe18\ufe35\ufe36\ufe37\ufe38\ufe39\ufe3a\ufe3b\ufe3c\ufe3d\ufe3e\ufe3f\ufe40\ufe41"
    "\ufe42\ufe43\ufe44\ufe47\ufe48\ufe59\ufe5a\ufe5b\ufe5c\ufe5d\ufe5e\uff02\uff07\uff08"
    "\uff09\uff3b\uff3d\uff5b\uff5d\uff5f\uff60\uff62\uff63"
)
# A URL ends before a space, a bracket or quote, or CJK punctuation (、。，：！？…).
_URL_CHAR = (
    r"[^\s()<>"
    + re.escape(_BRACKETS_AND_QUOTES).replace("-", r"\-")
    + r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff5b-\uff65]"
)
# An end of an interval: 0, -1.5, .5, ∞, \infty, x_0, i + k; not an ellipsis
# (`tuple[type[Any], ...]` is Python's type of a tuple, not an interval).
_ATOM = r"(?=\.*[\w∞′^\\])(?:[\w.∞′^]|\\[a-zA-Z]+){1,12}"
_TERM = rf"[-+−]?{_ATOM}(?:\s?[-+*/−]\s?{_ATOM}){{0,3}}"
_NOT_PAIRS = re.compile(
    rf"""
      (?:https?|ftp)://{_URL_CHAR}+(?:\({_URL_CHAR}*\){_URL_CHAR}*)*  # URLs, (balanced) parens
    | \$\$.{{1,5000}}?\$\$                                # display math (bounded: linear time)
    | \$(?=\S)[^$]{{1,400}}?(?<=\S)\$(?!\d)            # inline math, not "$5 and $10"
    | \\begin\{{([a-zA-Z]+\*?)\}}.{{0,5000}}?\\end\{{\1\}}  # a LaTeX environment
    | [\[(\]]\s*(?:{_TERM}\s*[,;]\s*(?:{_TERM})?|[,;]\s*{_TERM})\s*[\])\[]  # [0, 1) ]0, 1[ (,1.0]
    | '[^\s'\w]' | "[^\s"\w]" | “[^\s\w]” | ‘[^\s\w]’ | 「[^\s\w]」  # a bracket quoted: "("
    | \([\[\]{{}}]\) | \[[(){{}}]\]                       # or in brackets: U+005B ([)
    | [:;=][-^']?[(\[{{]|(?<![\w^{{}}\\])[8xX]['-]?[(\[]   # :-( ;( =[ X( , not x^{{ in math
    | {FACE}                                            # (^^) (^_^;) (・ω・) (笑)
    | ‘(?=\d\d|(?:em|til|cause|tis|twas)\b)  # ‘90s, ‘em: an apostrophe typed as a quote
    """,
    re.VERBOSE | re.DOTALL,
)
# Where a match of _NOT_PAIRS can start. Its first item is a character set,
# which is searched for quickly; _NOT_PAIRS, an alternation, is tried only there.
_NOT_NEWLINE = re.compile(r"[^\n]")
_COMMENTS_ONLY = re.compile(r"(?:<!--.*?-->\s*)+", re.DOTALL)
_NOT_PAIRS_START = re.compile(
    r"""[hf:;=8xX$\\'"“‘「(\[（\]](?:(?<=h)ttps?://|(?<=f)tp://|(?<=[:;=8xX])[-^']?[(\[{]"""
    r"""|(?<=\$)(?=\S)|(?<=\\)begin\{|(?<=')(?=[^\s'\w]')|(?<=")(?=[^\s"\w]")"""
    r"""|(?<=[“‘「])(?=[^\s\w][”’」])|(?<=‘)(?=\d|em|til|cause|tis|twas)"""
    r"""|(?<=[(\[（\]])(?=[^(\[（\]])|(?<=\()(?=[\[\]{}]\))|(?<=\[)(?=[(){}]\]))"""
)


@dataclass(frozen=True)
class _Table:
    """The configured pairs, ready for the scan."""

    openers: frozenset[str]
    closes: Mapping[str, tuple[str, ...]]  # closer -> the openers it may close
    expected: Mapping[str, str]  # opener -> its closers, for the message
    scan: re.Pattern[str]  # one character class of every character taking part
    opening: re.Pattern[str]  # one of the openers: a text without one has nothing unclosed


@lru_cache(maxsize=8)
def _table(pairs: tuple[str, ...]) -> _Table:
    openers: set[str] = set()
    closes: dict[str, set[str]] = {}
    expected: dict[str, str] = {}
    for pair in pairs:
        if pair not in _DEFAULT_PAIRS and (  # a test checks the defaults, once for all
            len(pair) != 2 or not _OPENING.match(pair[0]) or not _PAIR_CHAR.match(pair[1])
        ):
            continue
        opener, closer = pair[0], pair[1]
        openers.add(opener)
        closes.setdefault(closer, set()).add(opener)
        expected[opener] = expected.get(opener, "") + closer
    chars = "".join(sorted(openers | set(closes)))
    return _Table(
        frozenset(openers),
        {closer: tuple(sorted(found)) for closer, found in closes.items()},
        {opener: "' or '".join(found) for opener, found in expected.items()},
        re.compile("[" + re.escape(chars) + "]" if chars else "(?!)"),
        re.compile("[" + re.escape("".join(sorted(openers))) + "]" if openers else "(?!)"),
    )


def _blank_not_pairs(text: str) -> str:
    """``text`` with every match of _NOT_PAIRS blanked (spaces of the same length).

    The same as ``_NOT_PAIRS.sub``, matching only where a match can start.
    """
    search, match = _NOT_PAIRS_START.search, _NOT_PAIRS.match
    found = search(text)
    if found is None:
        return text
    parts = []
    last = 0
    while found is not None:
        start = found.start()
        matched = match(text, start)
        if matched is None:
            found = search(text, start + 1)
            continue
        end = matched.end()
        parts.append(text[last:start])
        parts.append(_NOT_NEWLINE.sub(" ", text[start:end]))  # keep the line breaks
        last = end
        found = search(text, last)
    parts.append(text[last:])
    return "".join(parts)


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    table = _table(tuple(str(p) for p in options["pairs"]))
    blocks = doc.blocks
    skip_to = 0
    for index, block in enumerate(blocks):
        if index < skip_to:
            continue
        if block.kind in ("paragraph", "heading"):
            if table.opening.search(block.prose):
                if block.kind == "paragraph":
                    block, skip_to = _joined(blocks, index)
                    yield from _check_text(doc, block, table, skip_to)
                else:
                    yield from _check_text(doc, block, table)
        elif block.kind == "code" and block.info != "indented":
            finding = _unclosed_fence(doc, block)
            if finding is not None:
                yield finding


def _joined(blocks: list[Block], index: int) -> tuple[Block, int]:
    """The paragraph at ``index`` with the ones that go on after a comment line.

    A line holding only an HTML comment (`<!-- markdownlint-disable-line -->`,
    `<!-- textlint-disable -->`) ends a paragraph for CommonMark, but
    Python-Markdown keeps the text around it in one paragraph, as MkDocs
    renders it. Returns the paragraph (a joined copy) and the index after it.
    """
    first = last = blocks[index]
    prose = first.prose
    after = index + 1
    while True:
        end, comments = last.end_line, after
        while (
            comments < len(blocks)
            and blocks[comments].kind == "html"
            and blocks[comments].line == end + 1
            and _COMMENTS_ONLY.fullmatch(blocks[comments].text.strip())
        ):
            end = blocks[comments].end_line
            comments += 1
        if comments == after or comments == len(blocks):
            break
        following = blocks[comments]
        if following.kind != "paragraph" or following.line != end + 1:
            break
        last = following
        prose += "\n" * (last.line - first.line - prose.count("\n")) + last.prose
        after = comments + 1
    if last is first:
        return first, after
    joined = Block(
        "paragraph", first.line, last.end_line, first.start, prose=prose, container=first.container
    )
    return joined, after


# Paragraphs looked at for the end of a quotation that runs over several.
_QUOTED_PARAGRAPHS = 20
# Quotation marks a quotation over several paragraphs may open with (not the single
# quotes, whose closer is also the apostrophe of "don’t").
_LONG_QUOTES = frozenset("“„«»")


def _closed_later(
    char: str, blocks: list[Block], start: int, container: str, table: _Table
) -> bool:
    """Whether a quotation opened with ``char`` is closed in the paragraphs from ``start`` on.

    Only the paragraphs right after it count, in the same ``container``, up to
    any other block (a heading, a list, code).

    The quotation goes on through paragraphs without a quotation mark of its own
    kind, and through paragraphs that open it again (English typography opens
    each paragraph of a long quotation and closes only the last). It is closed
    by a closing mark that comes before any opening one in its paragraph, or
    by the closing mark of a paragraph that opened it again.
    """
    closers = [closer for closer, openers in table.closes.items() if char in openers]
    for block in blocks[start : start + _QUOTED_PARAGRAPHS]:
        if block.kind != "paragraph" or block.container != container:
            return False
        text = _blank_not_pairs(block.prose)
        first_close = min((at for c in closers if (at := text.find(c)) >= 0), default=-1)
        first_open = text.find(char)
        if first_close < 0 and first_open < 0:
            continue  # the quotation goes on
        if first_close >= 0 and (first_open < 0 or first_close < first_open):
            return True  # closes the quotation opened before
        if text.lstrip(" *_").startswith(char):
            if first_close >= 0:
                return True  # opened again and closed: the last paragraph of the quotation
            continue
        return False  # a quotation of its own
    return False


def _check_text(
    doc: Document, block: Block, table: _Table, next_block: int | None = None
) -> Iterator[Finding]:
    """Report the unclosed openers of a paragraph or heading; ``next_block``: the
    index of the block after a paragraph (a quotation may run on from there)."""
    prose = block.prose
    text = _blank_not_pairs(prose)
    openers, closes = table.openers, table.closes
    stack: list[tuple[str, int]] = []
    unclosed: list[tuple[str, int]] = []
    # Where each opener sits on the stack, so a closer finds its opener in
    # constant time (a scan of the stack is quadratic on '((((...]]]]').
    depths: dict[str, list[int]] = {}
    for match in table.scan.finditer(text):
        char = match.group()
        closable = closes.get(char)
        if closable is not None:
            # The innermost open opener this character may close, if any.
            depth = -1
            for opener in closable:
                at = depths.get(opener)
                if at and at[-1] > depth:
                    depth = at[-1]
            if depth < 0 and char in _TYPED_AS_CLOSER and depths.get(char):
                start, end = match.start(), match.end()
                if text[start - 1 : start].strip() and not text[end : end + 1].isalnum():
                    depth = depths[char][-1]  # “word“: the opening mark typed at the end
            if depth >= 0:
                for inner, _ in stack[depth:]:
                    depths[inner].pop()
                unclosed.extend(stack[depth + 1 :])  # opened inside, never closed
                del stack[depth:]
                continue
            # A closer without its opener is not reported: list labels "1)", "a)",
            # apostrophes "don’t" and ranges "1) 2) 3)" only ever close.
            if char not in openers:
                continue
        if char in _QUOTE_MARKS and char not in _SPACED_OPENERS:
            following = text[match.end() : match.end() + 1]
            if not following or following.isspace() or following in _ENDS_CLAUSE:
                continue  # "Settings » Theme", "a‚ b": not a quote, which a word follows
        depths.setdefault(char, []).append(len(stack))
        stack.append((char, match.start()))
    line, counted = block.line, 0
    after_column = 0  # openers are in order: each one is after the last on its line
    for char, index in sorted(unclosed + stack, key=lambda item: item[1]):
        alone = not prose[index - 1 : index].strip() and not prose[index + 1 : index + 2].strip()
        if alone and char not in _SPACED_OPENERS:
            continue  # a bracket standing alone is named, not opened: "press the [ key"
        if (
            next_block is not None
            and char in _LONG_QUOTES
            and char not in text[index + 1 :]  # ("“大数据“这个词": a typo, not a long quotation)
            and _closed_later(char, doc.blocks, next_block, block.container, table)
        ):
            continue  # a quotation over several paragraphs: its last opening mark runs on
        breaks = prose.count("\n", counted, index)
        if breaks:
            line, after_column = line + breaks, 0
        counted = index
        column = _column(doc, line, prose, index, after_column)
        after_column = column
        after = prose[index : index + 40].split("\n", 1)[0]
        yield Finding(
            line,
            f"'{char}' is opened and never closed: \"{shorten(after, 20)}\" "
            f"(expected '{table.expected[char]}' in the same paragraph)",
            column,
        )


def _column(doc: Document, line: int, prose: str, index: int, start: int) -> int:
    """The 1-based source column of the opener at ``index`` of the block's prose.

    The prose has the block's line breaks but not its markup (code spans,
    link targets): the opener is the first place on the source line, from
    column ``start`` on, where it is followed by the same text as in the prose.
    """
    source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    for size in (8, 3, 1):
        needle = prose[index : index + size].split("\n", 1)[0]
        found = source.find(needle, start)
        if found >= 0:
            return found + 1
    return start + 1


def _unclosed_fence(doc: Document, block: Block) -> Finding | None:
    opening = doc.lines[block.line - 1].strip()
    fence = opening[: len(opening) - len(opening.lstrip(opening[:1]))] if opening else ""
    if not fence or fence[0] not in "`~":
        return None
    closing = doc.lines[block.end_line - 1].strip() if block.end_line > block.line else ""
    if closing.startswith(fence) and not closing.strip(fence[0]):
        return None
    return Finding(
        block.line,
        f"code fence '{fence}' is never closed: MkDocs prints it and the code as plain "
        "text (other renderers turn the rest of the page into code)",
        doc.column_of(block.line, fence),
        block.end_line,
    )


# The opening line of a fence: quote and list markers, then the fence.
_FENCE_OPENING = re.compile(
    r"(?P<prefix>(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])[ \t])*)(?P<fence>`{3,}|~{3,})"
)

FIX = Fix(
    safe=False,
    summary="close a code fence after the last line of its block (brackets are left alone)",
)


def fix(doc: Document, problem: Problem, options: Mapping[str, Any]) -> list[Edit]:
    """Close an unclosed fence after its block's last non-blank line.

    The block runs to the end of the page or of the list item or quote that
    holds it, so the closing fence goes where the code reaches now: whether
    the code really ends there is for a person to check (the fix is unsafe).
    """
    block = next(
        (b for b in doc.blocks if b.kind == "code" and b.line == problem.line),
        None,
    )
    if block is None or block.info == "indented" or _unclosed_fence(doc, block) is None:
        return []
    opening = _FENCE_OPENING.match(doc.lines[block.line - 1])
    if opening is None:
        return []
    # Quote markers stay, list markers become spaces: the fence closes in the same container.
    prefix = "".join(c if c in " \t>" else " " for c in opening["prefix"])
    quoted = ">" in prefix
    last = block.line
    for line in range(block.line + 1, block.end_line + 1):
        text = doc.lines[line - 1]
        if not text.strip(" \t>"):
            continue
        indent = len(text) - len(text.lstrip())
        if (quoted and not text.lstrip().startswith(">")) or (not quoted and indent < len(prefix)):
            break  # a line outside the fence's list item, quote or admonition
        last = line
    return [edits.insert_after_line(doc, last, prefix + opening["fence"])]
