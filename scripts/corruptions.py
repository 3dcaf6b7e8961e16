"""Defects injected into clean corpus pages, the way generation pipelines break text.

Each injector takes a page's lines and a seeded `random.Random` and returns one
`Corruption` (or None where the page offers no place for it): the new lines,
the findings expected (rule and 1-based line range), the findings of other
rules that may follow from the same defect, and the edit, so that the clean
page's findings can be moved to their lines in the copy.

Pages are read with a small line scanner of our own rather than the linter's
document model, so that the corrupted copies stay the same whatever the rules
under test do.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

# Closing quotes and brackets that may follow a sentence terminal.
_TERMINAL = regex.compile(r"[\p{Sentence_Terminal}।][\"'”’」』）)\]】*_]*$")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_WORD_CHAR = regex.compile(r"[\p{Han}\p{Katakana}ー]")
_JA_PARTICLES = ("は", "が", "を", "に", "で", "と", "の", "も", "へ", "から", "まで", "より", "て")
_ZH_PARTICLES = ("的", "了", "在", "和", "是", "把", "对", "从", "与")
_NOT_PROSE = re.compile(
    r"^(?:[-*+] |\d+[.)] |>|\||<|!!!|\?\?\?|===|///|:::|\{[%{*]|\[[^\]]*\]:|\$\$|[-*_]{3,}\s*$|"
    r":|\+\+\+|#|\s|```|~~~|\\|\[\^|!\[|\*\[|[A-Za-z]+>)"
)
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)]) +\S")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")

MARKERS = {
    "latin": ("---END---", "<|endoftext|>", "[truncated]", "--- END OF OUTPUT ---"),
    "ja": ("---END---", "<|endoftext|>", "[truncated]", "（続く）", "（以下略）"),
    "zh": ("---END---", "<|endoftext|>", "[truncated]"),
}


@dataclass(frozen=True)
class Block:
    """A top-level block of a page: 1-based first and last line, and its kind."""

    kind: str  # "paragraph", "list", "heading"
    line: int
    end: int
    level: int = 0
    text: str = ""


@dataclass(frozen=True)
class Expect:
    """A finding of `rule` expected on a line from `line` to `end` (1-based, inclusive).

    `alt` are other lines where reporting the same defect is as good: a
    heading id taken by a later heading can be reported on either heading.
    """

    rule: str
    line: int
    end: int
    alt: tuple[int, ...] = ()

    def matches(self, rule: str, line: int) -> bool:
        return rule == self.rule and (self.line <= line <= self.end or line in self.alt)


@dataclass
class Corruption:
    kind: str
    lines: list[str]
    expected: list[Expect]
    # The copy replaced old lines at..at+removed (0-based start) by `inserted` lines.
    at: int
    removed: int
    inserted: int
    allowed: list[Expect] = field(default_factory=list)
    # The edit changed one line in place: findings on it keep their line.
    in_place: bool = False

    def moved(self, line: int) -> int | None:
        """Where line `line` of the clean page is in the copy (None: it was removed)."""
        if line <= self.at:
            return line
        if line <= self.at + self.removed:
            return line if self.in_place else None
        return line - self.removed + self.inserted


def script(text: str) -> str:
    """'ja', 'zh' or 'latin': how the text is cut and which markers fit it."""
    if regex.search(r"[\p{Hiragana}\p{Katakana}]", text):
        return "ja"
    if _CJK.search(text):
        return "zh"
    return "latin"


def scan(lines: list[str]) -> list[Block]:
    """The top-level headings, paragraphs and lists of a page.

    Nothing in code blocks, front matter or indented containers counts.
    """
    blocks: list[Block] = []
    n = len(lines)
    i = 0
    if n and lines[0].strip() in ("---", "+++"):
        close = lines[0].strip()
        for j in range(1, n):
            if lines[j].strip() == close:
                i = j + 1
                break
    fence: str | None = None
    while i < n:
        line = lines[i]
        if fence is not None:
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
            i += 1
            continue
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)
            i += 1
            continue
        if line.lstrip().startswith("<!--"):
            while i < n and "-->" not in lines[i]:
                i += 1  # an HTML comment: not text anybody reads
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            blocks.append(Block("heading", i + 1, i + 1, len(heading.group(1)), heading.group(2)))
            i += 1
            continue
        if _LIST_ITEM.match(line):
            j = i + 1
            while (
                j < n
                and lines[j].strip()
                and (_LIST_ITEM.match(lines[j]) or lines[j].startswith((" ", "\t")))
            ):
                j += 1
            if j < n and lines[j].strip():
                i = j  # a list that runs into other content: not a clean unit
                continue
            if not any(_FENCE.match(lines[k]) for k in range(i, j)):
                blocks.append(Block("list", i + 1, j, text="\n".join(lines[i:j])))
            i = j
            continue
        if line.strip() and not _NOT_PROSE.match(line):
            j = i
            while j < n and lines[j].strip() and not _NOT_PROSE.match(lines[j]):
                j += 1
            if j < n and lines[j].strip():
                i = j  # runs into a list, a table, a setext underline...: not a plain paragraph
                continue
            blocks.append(
                Block("paragraph", i + 1, j, text=" ".join(x.strip() for x in lines[i:j]))
            )
            i = j
            continue
        i += 1
    return blocks


def _balanced(text: str) -> bool:
    if text.count("`") % 2 or "{{" in text or "{%" in text or "$" in text:
        return False
    for opening, closing in ("()", "[]", "（）", "「」", "『』", "【】", "“”", "{}"):
        if text.count(opening) != text.count(closing):
            return False
    return text.count('"') % 2 == 0


@functools.lru_cache(maxsize=4096)
def is_prose(block: Block) -> bool:
    """A paragraph of real sentences: long enough, ends a sentence, no markup that could confuse."""
    if block.kind != "paragraph" or not _balanced(block.text):
        return False
    cjk = _CJK.search(block.text) is not None
    if len(block.text) < (30 if cjk else 80) or not _TERMINAL.search(block.text.rstrip()):
        return False
    return "<" not in block.text and "|" not in block.text


def _next_block(blocks: list[Block], index: int) -> Block | None:
    return blocks[index + 1] if index + 1 < len(blocks) else None


def _gap_is_blank(lines: list[str], first: Block, second: Block) -> bool:
    return all(not lines[k].strip() for k in range(first.end, second.line - 1))


def _second_separator(start: int, end: int) -> Expect:
    """A copied `<!-- more -->` is rightly reported as a second excerpt separator."""
    return Expect("truncation-marker", start, end)


def marker(lines: list[str], blocks: list[Block], rng: random.Random) -> Corruption | None:
    """A marker line after a paragraph."""
    candidates = [b for b in blocks if is_prose(b)]
    if not candidates:
        return None
    block = rng.choice(candidates)
    mark = rng.choice(MARKERS[script(block.text)])
    new = lines[: block.end] + ["", mark] + lines[block.end :]
    return Corruption(
        "marker", new, [Expect("truncation-marker", block.end + 2, block.end + 2)], block.end, 0, 2
    )


def _cut_points(text: str, rng: random.Random) -> list[int]:
    """Offsets in `text` where a cut leaves a clause unfinished."""
    low, high = len(text) * 3 // 10, len(text) * 85 // 100
    kind = script(text)
    points = []
    if kind == "latin":
        for m in re.finditer(r"(?<=\w) (?=\w)", text):
            if low <= m.start() <= high:
                points.append(m.start())
    else:
        particles = _JA_PARTICLES if kind == "ja" else _ZH_PARTICLES
        for k in range(low, high):
            before, after = text[k - 1], text[k]
            after_particle = any(text[:k].endswith(p) for p in particles) and _CJK.match(after)
            in_word = _WORD_CHAR.match(before) and _WORD_CHAR.match(after)
            if after_particle or (in_word and rng.random() < 0.3):
                points.append(k)
    good = []
    for k in points:
        kept = text[:k].rstrip()
        if _TERMINAL.search(kept) or kept.endswith(("、", "，", ",", ":", "：", ";")):
            continue
        if _balanced(kept):
            good.append(k)
    return good


def _cut_paragraph(lines: list[str], block: Block, rng: random.Random) -> tuple[int, str] | None:
    """(0-based line index, what is kept of that line) for a cut inside `block`, or None."""
    spans = []  # block.text joins the stripped lines with one space
    offset = 0
    for index in range(block.line - 1, block.end):
        stripped = lines[index].strip()
        spans.append((index, offset, stripped))
        offset += len(stripped) + 1
    spots = []
    for k in _cut_points(block.text, rng):
        for index, start, stripped in spans:
            if start < k <= start + len(stripped) and stripped[: k - start].strip():
                spots.append((index, stripped[: k - start].rstrip()))
    if not spots:
        return None
    index, kept = rng.choice(spots)
    line = lines[index]
    return index, line[: len(line) - len(line.lstrip())] + kept


def cut(lines: list[str], blocks: list[Block], rng: random.Random) -> Corruption | None:
    """The last paragraph before a heading, a marker or the end, cut mid-sentence."""
    where = rng.choice(("heading", "end", "marker"))
    candidates = []
    for index, block in enumerate(blocks):
        if not is_prose(block):
            continue
        following = _next_block(blocks, index)
        if where == "heading" and not (
            following and following.kind == "heading" and _gap_is_blank(lines, block, following)
        ):
            continue
        if where != "heading" and index == 0:
            continue  # a page that is one cut sentence is not what pipelines make
        candidates.append(block)
    if not candidates:
        return None
    block = rng.choice(candidates)
    spot = _cut_paragraph(lines, block, rng)
    if spot is None:
        return None
    index, kept = spot
    expected = [Expect("truncated-ending", index + 1, index + 1)]
    if where == "heading":
        new = lines[:index] + [kept] + lines[block.end :]
        return Corruption("cut-before-heading", new, expected, index, block.end - index, 1)
    if where == "end":
        new = [*lines[:index], kept]
        return Corruption("cut-at-end", new, expected, index, len(lines) - index, 1)
    mark = rng.choice(MARKERS[script(block.text)])
    new = lines[:index] + [kept, "", mark] + lines[block.end :]
    expected.append(Expect("truncation-marker", index + 3, index + 3))
    return Corruption("cut-before-marker", new, expected, index, block.end - index, 3)


def repeat(lines: list[str], blocks: list[Block], rng: random.Random) -> Corruption | None:
    """A paragraph repeated right after itself."""
    candidates = [b for b in blocks if is_prose(b)]
    if not candidates:
        return None
    block = rng.choice(candidates)
    copy = ["", *lines[block.line - 1 : block.end]]
    new = lines[: block.end] + copy + lines[block.end :]
    start = block.end + 2
    return Corruption(
        "repeat-paragraph",
        new,
        [Expect("duplicate-block", start, start + len(copy) - 2)],
        block.end,
        0,
        len(copy),
        allowed=[_second_separator(start, start + len(copy) - 2)],
    )


def repeat_run(lines: list[str], blocks: list[Block], rng: random.Random) -> Corruption | None:
    """A run of 2-3 paragraphs, or a list, repeated right after itself."""
    runs = []
    for index, block in enumerate(blocks):
        long_list = block.kind == "list" and len(block.text) >= 120 and block.text.count("\n") >= 2
        if long_list and _balanced(block.text) and "<" not in block.text:
            runs.append((block, block))
        for size in (2, 3):
            run = blocks[index : index + size]
            if len(run) < size or not all(is_prose(b) or b.kind == "list" for b in run):
                continue
            if not any(is_prose(b) for b in run):
                continue
            if all(_gap_is_blank(lines, a, b) for a, b in itertools.pairwise(run)):
                runs.append((run[0], run[-1]))
    if not runs:
        return None
    first, last = rng.choice(runs)
    copy = ["", *lines[first.line - 1 : last.end]]
    new = lines[: last.end] + copy + lines[last.end :]
    start = last.end + 2
    kind = "repeat-list" if first is last else "repeat-run"
    end = start + len(copy) - 2
    return Corruption(
        kind,
        new,
        [Expect("duplicate-block", start, end)],
        last.end,
        0,
        len(copy),
        allowed=[_second_separator(start, end)],
    )


def _section_end(blocks: list[Block], index: int, total: int) -> int:
    """The last line (1-based) of the section that heading `blocks[index]` opens."""
    level = blocks[index].level
    for block in blocks[index + 1 :]:
        if block.kind == "heading" and block.level <= level:
            return block.line - 1
    return total


def _change_word(text_lines: list[str], rng: random.Random) -> list[str] | None:
    """The lines with one word (or, in CJK text, one word-like run) replaced."""
    spots = []
    for number, line in enumerate(text_lines):
        if _NOT_PROSE.match(line) or not line.strip():
            continue
        for m in regex.finditer(
            r"(?<![`\w])[\p{L}]{5,}(?![`\w])|[\p{Han}\p{Katakana}ー]{2,}", line
        ):
            spots.append((number, m))
    if not spots:
        return None
    number, m = rng.choice(spots)
    word = m.group(0)
    if _CJK.search(word):
        replacement = "最新" if word != "最新" else "従来"
    else:
        replacement = "important" if word.lower() != "important" else "essential"
    changed = [*text_lines]
    line = changed[number]
    changed[number] = line[: m.start()] + replacement + line[m.end() :]
    return changed


def repeat_section(lines: list[str], blocks: list[Block], rng: random.Random) -> Corruption | None:
    """A section repeated right after itself with one word changed."""
    candidates = []
    for index, block in enumerate(blocks):
        if block.kind != "heading" or block.level < 2 or _ATTR_ID.search(lines[block.line - 1]):
            continue
        end = _section_end(blocks, index, len(lines))
        inside = [b for b in blocks[index + 1 :] if b.line <= end]
        if any(b.kind == "heading" for b in inside) or end - block.line > 40:
            continue
        if any(is_prose(b) for b in inside):
            candidates.append((block, end, inside))
    if not candidates:
        return None
    heading, end, inside = rng.choice(candidates)
    while end > heading.line and not lines[end - 1].strip():
        end -= 1
    section = lines[heading.line - 1 : end]
    changed = _change_word(section, rng)
    if changed is None:
        return None
    copy = ["", *changed]
    new = lines[:end] + copy + lines[end:]
    start = end + 2
    first_prose = next(b for b in inside if is_prose(b))
    block_line = start + (first_prose.line - heading.line)
    return Corruption(
        "repeat-section",
        new,
        [
            Expect("duplicate-heading", start, start),
            Expect("duplicate-block", start + 1, start + len(changed) - 1),
        ],
        end,
        0,
        len(copy),
        allowed=[
            Expect("duplicate-anchor", start, start),
            Expect("duplicate-block", block_line, block_line),
            _second_separator(start, start + len(changed) - 1),
        ],
    )


def repeat_heading(lines: list[str], blocks: list[Block], rng: random.Random) -> Corruption | None:
    """A heading repeated at the end of its own section."""
    candidates = []
    for index, block in enumerate(blocks):
        if block.kind != "heading" or block.level < 2 or _ATTR_ID.search(lines[block.line - 1]):
            continue
        end = _section_end(blocks, index, len(lines))
        inside = [b for b in blocks[index + 1 :] if b.line <= end]
        if inside and any(is_prose(b) for b in inside):
            candidates.append((block, end))
    if not candidates:
        return None
    heading, end = rng.choice(candidates)
    while end > heading.line and not lines[end - 1].strip():
        end -= 1
    copy = ["", lines[heading.line - 1]]
    new = lines[:end] + copy + lines[end:]
    at = end + 2
    return Corruption(
        "repeat-heading",
        new,
        [Expect("duplicate-heading", at, at)],
        end,
        0,
        len(copy),
        allowed=[Expect("duplicate-anchor", at, at)],
    )


def _slug(text: str) -> str:
    """Python-Markdown's default toc slugify (what MkDocs uses unless told otherwise)."""
    from markdown.extensions.toc import slugify

    return str(slugify(text, "-"))


def anchor(lines: list[str], blocks: list[Block], rng: random.Random) -> Corruption | None:
    """A heading given the explicit id of an earlier heading (a copied `{ #id }`)."""
    headings = [b for b in blocks if b.kind == "heading" and b.level >= 2 and "{/*" not in b.text]
    ids = []
    for block in headings:
        explicit = _ATTR_ID.search(lines[block.line - 1])
        ids.append((explicit.group(1), True) if explicit else (_slug(block.text), False))
    pairs = []
    for k in range(1, len(headings)):
        if ids[k][1] or not ids[k][0]:
            continue  # an explicit id already, or an id without text (reported already)
        earlier = [e for e in range(k) if ids[e][0] and ids[e][0] != ids[k][0]]
        if earlier:
            pairs.append((k, earlier))
    if not pairs:
        return None
    k, earlier = rng.choice(pairs)
    e = rng.choice(earlier)
    later, ident = headings[k], ids[e][0]
    new = [*lines]
    new[later.line - 1] = lines[later.line - 1].rstrip() + f" {{ #{ident} }}"
    expect = Expect("duplicate-anchor", later.line, later.line, alt=(headings[e].line,))
    # Every heading that had the same id is now reported too.
    anywhere = Expect("duplicate-anchor", 1, len(new))
    return Corruption(
        "anchor", new, [expect], later.line - 1, 1, 1, allowed=[anywhere], in_place=True
    )


_PAIRS = {
    ")": re.compile(r"(?<![\]\w`])\(([^()`\n\[\]<>]{3,60})\)"),
    "）": re.compile(r"（([^（）`\n]{2,60})）"),
    "」": re.compile(r"「([^「」`\n]{2,60})」"),
    "”": re.compile(r"“([^“”`\n]{2,80})”"),
}


def unclose(lines: list[str], blocks: list[Block], rng: random.Random) -> Corruption | None:
    """A closing bracket or quote removed from a pair on one line."""
    candidates = []
    for block in blocks:
        if block.kind != "paragraph" or not _balanced(block.text) or "<" in block.text:
            continue
        for number in range(block.line, block.end + 1):
            line = lines[number - 1]
            if "http" in line or "`" in line:
                continue
            for pattern in _PAIRS.values():
                candidates.extend((number, m) for m in pattern.finditer(line))
    if not candidates:
        return None
    number, m = rng.choice(candidates)
    new = [*lines]
    line = new[number - 1]
    new[number - 1] = line[: m.end() - 1] + line[m.end() :]
    expect = Expect("unclosed-pair", number, number)
    return Corruption("unclose", new, [expect], number - 1, 1, 1, in_place=True)


INJECTORS: dict[str, Callable[[list[str], list[Block], random.Random], Corruption | None]] = {
    "marker": marker,
    "cut": cut,
    "repeat": repeat,
    "repeat-run": repeat_run,
    "repeat-section": repeat_section,
    "repeat-heading": repeat_heading,
    "anchor": anchor,
    "unclose": unclose,
}
