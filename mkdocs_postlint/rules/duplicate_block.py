"""Report a paragraph, a list or a section that repeats the text before it.

Machine-written drafts go round in a loop: a paragraph written twice in a row,
a list pasted again after itself, a section restarted under the same heading,
a paragraph regenerated with a word or two changed. Pages written by people
repeat themselves too, on purpose, and those repeats are not reported.

What is a repeat:

* a passage copied right after itself: a paragraph, a run of paragraphs, a
  list, or a whole section (heading and body) that repeats the one just
  before it, however short, with at most a word or two changed. Immediacy is
  the evidence: nobody writes the same sentence twice in a row;
* a run of paragraphs that restates an earlier run in order, under the same
  headings (a section restarted further down);
* a lone paragraph repeated close to its original, or under the same heading
  again, when it is long enough (below);
* an earlier paragraph joined into a later one, or a copy that breaks off
  mid-sentence;
* a paragraph that differs from the one right before it in a few words (at
  least `similarity` of their word pairs, or CJK character trigrams, shared).

For example, each of these is reported:

```markdown
Run the build in CI to catch broken links.

Run the build in CI to catch broken links.
```

```markdown
## Build

Run the build in CI to catch broken links.

## Build

Run the build in CI to catch all broken links.
```

What is not a repeat:

* the same text in sibling content tabs (`=== "pip"`, `=== "uv"`): a reader
  sees one tab at a time, and each tab says the same thing for its own
  alternative; the same for sibling HTML divs of different classes that a
  site switches between (`<div class="composition-api">` then
  `<div class="options-api">`);
* the same note under several headings of one level: the entries of a
  settings or API reference written from one template ("Default: `false`",
  "Raises `ValueError` if the path is not absolute."), the same announcement
  under each release of a changelog, the same section of each version's
  upgrade notes. A long paragraph (five times the minimum length) repeated
  word for word under a heading of its own inside the original's section
  is a warning, since it may be deliberate;
* two notes of one template that differ only in the code they name;
* placeholder text (`Lorem ipsum dolor sit amet, ...`) in examples, and an
  example's placeholder figures: images with a one-word caption shown once per
  option are not prose, and a passage copied right after itself must hold some;
* a numbered list item like the one before it (the notes of a code
  annotation may say the same of two lines), or a short list item like the
  one before it (a glossary may translate two synonyms alike);
* a paragraph inside an admonition or a collapsible block that restates the
  one before the block with a change ("Previous behaviour: ...");
* sections in a numbered series ("Option 1", "Option 2") with the same body;
* the same note in two variants under the same heading: a page that shows a
  second implementation repeats its entries' headings (`enqueue`) with other
  code, and may repeat a note; a section restarted by a generation loop goes
  on as before, its code unchanged.

A run spans the repeated paragraphs and its message names both ranges, for
example `lines 109–126 repeat lines 32–70 paragraph by paragraph`, followed
by what each paragraph repeats. A run never bridges unrelated parts of a
page: the repeats must be about as close together as their originals.

Length is measured in Latin letters, and a CJK character counts as much as
the letters it replaces in a translation (measured on the same pages in
English and in Chinese, Japanese and Korean): a Chinese character three, a
kana one and a half, a Hangul syllable 2.2. A translation is then judged
like its original. A paragraph counts as long from twice `min_length`
letters (about twelve English words or 20 Chinese characters), a list item
from four times. A lone repeat is reported right after its original from one
and a half times that, within three paragraphs from twice, anywhere in its
own section from five times. Shorter paragraphs count only in a passage
copied right after itself, and so does a paragraph of code spans alone (a
command line, which the next example extends) or of links and images alone
(an image's alt text may quote the prompt above it). Code blocks and tables
are compared only as part of a copied passage or section.

The work is linear in the size of the page: paragraphs are looked up by hash
and by the start and end of their sentences, never compared pairwise, and a
passage or section is compared block by block with the one just before it at
most once.

Options:

* `min_length` (`30`): half the length, in Latin letters, from which a
  paragraph counts as long (see above).
* `near` (`true`): also report joined, cut-off and similar copies, not only
  exact repeats.
* `similarity` (`0.7`): the share of pieces (Jaccard index) from which two
  paragraphs are near repeats; `1.0` turns similarity off.

Failing:

```markdown
さて、あなたはこの日本のAIの「本気」を、どう評価しますか？

さて、あなたはこの日本のAIの「本気」を、どう評価しますか？
```

Passing: keep one copy.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from mkdocs_postlint import edits
from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Edit, Finding, Fix, Problem, Severity
from mkdocs_postlint.sections import alternatives, capital, heading_source
from mkdocs_postlint.text import ends_sentence, is_cjk, normalize, shingles, squeeze

ID = "duplicate-block"
SEVERITY = Severity.ERROR
SUMMARY = "a paragraph, list or section that repeats an earlier one, verbatim or nearly"
OPTIONS: Mapping[str, Any] = {"min_length": 30, "near": True, "similarity": 0.7}

# Where a sentence ends (in squeezed text, so no spaces): a full stop and its closers.
_WORD = re.compile(r"\w")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[。．.！!？?][」』）)\]】\"'”’]*")
_END = re.Match.end
# Length is measured in Latin letters: a CJK character carries more. Measured on
# translated pages (the same document in English and in Chinese, Japanese and Korean):
# an English word is about 5 letters, 2.2 characters of Chinese, 3.1 of Japanese
# (kanji and kana) and 2.8 of Korean.
_SCRIPTS = bytes(
    ord("K")
    if high == 0x30  # kana (and CJK punctuation)
    else ord("H")
    if 0x34 <= high <= 0x9F or high in (0xF9, 0xFA)  # CJK ideographs
    else ord("G")
    if 0xAC <= high <= 0xD7  # Hangul syllables
    else ord(".")
    for high in range(256)
)
_TINY = 16  # about three words: the least a copy must hold
_SCRAP = 4  # shorter paragraphs are never compared
# Placeholder text ("Lorem ipsum dolor sit amet") is repeated on purpose in examples.
_PLACEHOLDER = re.compile(r"loremipsum|ipsumdolor")
_PROBE = 12  # characters of a sentence's start and end used to find candidates
_BUCKET = 16  # paragraphs kept per lookup key: keeps pathological pages linear
_PROBE_BUCKET = 4  # the same for sentence starts and ends, which repeat more often
_VERIFY = 4  # candidates whose similarity is computed, per paragraph
_GAP = 8  # blocks between the originals of two repeats of one run, at most
_SLACK = 3  # blocks more between two repeats of a run than between their originals
_NO_SIBLINGS = [-1] * 8
_START = 6  # characters two sections must start with alike to be compared further
_SPAN = 64  # blocks: the longest passage checked for being copied right after itself
_EDITS = 2  # words (CJK: characters, times three) a copy may change and still be a copy
_EDGE = 8  # characters: the start or the end a text keeps when a word or two change
_EDIT_WORDS = 300  # longer paragraphs must be equal to count as copies
_MIN_PIECES = 30  # word pairs a paragraph needs to be compared for similarity
_MIN_PIECES_CJK = 60  # character trigrams: about two sentences
# A line that opens a container: an admonition, a collapsible block, a content tab,
# a pymdownx block, a VitePress or Docusaurus container.
_OPENER = re.compile(r"[ ]*(?:!!!|\?\?\?|===|/{3}|:{3})[+!]*[ \t]*\S")
_RENAMED = 4  # times the minimum length: the body a section needs to be a copy under a new name
_ORDERED = re.compile(r"[ \t>]*\d{1,9}[.)]")  # the line of an ordered list's item
_SCAN = 50  # lines searched for one between a repeat and its original
_CLOSE = 3  # paragraphs after its original within which a long lone repeat is reported
_LONG = 5  # times the minimum length: a lone exact repeat this long is always worth a look


@dataclass(slots=True)
class _Seen:
    """A paragraph that is not itself a repeat: a possible original."""

    key: str
    block: Block
    index: int  # its position in the page's blocks
    ordinal: int  # its position among the paragraphs compared
    section: int  # the index of the heading it is under (-1: none)
    pieces: frozenset[str] | None = None


@dataclass(slots=True)
class _Repeat:
    """A paragraph found to repeat earlier ones, and how."""

    block: Block
    index: int
    originals: list[_Seen]
    how: str  # e.g. "repeats", "contains", "is a cut-off copy of"
    detail: str = ""
    distance: int = 0  # paragraphs compared since the (last) original
    item: bool = False
    short: bool = False  # below the minimum length: counts only when copied right after
    size: float = 1.0  # length, in multiples of the minimum length
    in_place: bool = True  # not under another heading of the same level as its original
    restarted: bool = False  # under a heading that repeats its original's heading
    section: int = -1  # the index of the heading it is under (-1: none)
    same_section: bool = True  # under the same heading as its original

    @property
    def first(self) -> int:
        return self.originals[0].index

    @property
    def last(self) -> int:
        return self.originals[-1].index


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    finder = _Finder(int(options["min_length"]), float(options["similarity"]))
    near = bool(options["near"])
    blocks = doc.blocks
    least = finder.min_length * 2  # in Latin letters
    run: list[_Repeat] = []
    headings: list[tuple[int, int]] = []  # (level, index) of the enclosing headings
    titles = _Titles(doc)
    section = -1
    siblings = [-1] * 8  # per level: the index of the last heading at that level
    copied_until = -1  # blocks up to here are inside a reported copy of a section
    repeat: _Repeat | None
    for index, block in enumerate(blocks):
        kind = block.kind
        if kind == "heading":
            level = block.level
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, index))
            titles.parents[index] = headings[-2][1] if len(headings) > 1 else -1
            section = index
            previous = siblings[level]
            siblings[level:] = _NO_SIBLINGS[level:]
            siblings[level] = index
            if (
                previous >= 0
                and index > copied_until
                and index + 1 < len(blocks)
                # (most sections start differently: the rest is compared in _section_copy)
                and _alike(blocks[previous + 1].text, blocks[index + 1].text)
            ):
                copy = _section_copy(doc, previous, index, least)
                if copy is not None:
                    yield from _report(run, doc)
                    run = []
                    copied_until = index + (index - previous) - 1
                    yield copy
            continue
        if kind != "paragraph" or index <= copied_until:
            continue
        text = block.text
        if len(text) < _SCRAP or ("ipsum" in text and _PLACEHOLDER.search(_key(text))):
            continue
        is_item = block.container == "item"
        shortest = least * 2 if is_item else least
        if len(text) * 3 < shortest or (len(text) < shortest and text.isascii()):
            weight = 0.0  # short: squeezing only shortens it, and no character weighs 3
        elif block.link_only or (block.prose != text and not _WORD.search(block.prose)):
            # Only links or images (alt text), or only code spans or math: not prose, so
            # only an exact copy close by counts.
            weight = 0.0
        else:
            key = _key(text)
            weight = len(key)  # CJK characters weigh more: only the short ones need weighing
            if weight < shortest and not key.isascii():
                weight = _weight(key)
            if weight < _SCRAP:
                continue
        if weight < shortest:
            # Short: only an exact copy close by counts, compared as written.
            seen = finder.short.get(text)
            finder.short[text] = (block, index, finder.count, section)
            if seen is None or index - seen[1] > _SPAN:
                continue
            repeat = finder.repeat_of(block, index, [_Seen(text, *seen)], "repeats")
            if _elsewhere(block, repeat):
                continue
            repeat.short, repeat.item = True, is_item
            tail = run[-1] if run else None
            if (
                tail is not None
                and _continues(tail, repeat, index)
                and index - tail.index == repeat.first - tail.last  # in step with its original
            ):
                run.append(repeat)
            elif tail is None or all(r.short for r in run) or repeat.last == index - 1:
                yield from _report(run, doc)
                run = [repeat]
            continue
        finder.count += 1
        ends = list(map(_END, _SENTENCE_END.finditer(key)))
        probes = _probes(key, ends)
        repeat = finder.exact(key, block, index)
        if repeat is None and near:
            repeat = (
                finder.contained(key, block, index, ends)
                or finder.cut_off(key, block, index)
                or (None if is_item else finder.similar(key, block, index, probes))
            )
        if repeat is not None and repeat.how == "nearly repeats" and _code_only(block, repeat):
            repeat = None
        if repeat is None or _elsewhere(block, repeat):
            if run:
                yield from _report(run, doc)
                run = []
            finder.remember(key, block, index, section, probes)
            continue
        repeat.item = is_item
        repeat.size = _weight(key) / shortest
        repeat.in_place = all(titles.nested(seen.section, section) for seen in repeat.originals)
        repeat.same_section = all(seen.section == section for seen in repeat.originals)
        repeat.section = section
        repeat.restarted = section >= 0 and all(
            seen.section != section and titles.same(seen.section, section)
            for seen in repeat.originals
        )
        if run and _continues(run[-1], repeat, index):
            run.append(repeat)
        else:
            yield from _report(run, doc)  # not the next part of the same original: a new run
            run = [repeat]
    yield from _report(run, doc)


def _alike(first: str, second: str) -> bool:
    """Whether two texts start or end alike: a section and its copy, most others not."""
    return first[:_START] == second[:_START] or first[-_START:] == second[-_START:]


def _key(text: str) -> str:
    """`squeeze`, faster for ASCII text (which NFKC leaves as it is)."""
    return "".join(text.split()).lower() if text.isascii() else squeeze(text)


def _weight(key: str) -> float:
    """The length of squeezed text in Latin letters (see `_SCRIPTS`)."""
    if key.isascii():
        return len(key)
    # The high byte of each UTF-16 code unit names the character's block.
    scripts = key.encode("utf-16-be")[::2].translate(_SCRIPTS)
    han, kana, hangul = scripts.count(b"H"), scripts.count(b"K"), scripts.count(b"G")
    return len(key) + 2 * han + 0.5 * kana + 1.2 * hangul


class _Titles:
    """Heading paths compared by the headings' texts, each read once when first needed."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.texts: dict[int, str] = {}
        self.parents: dict[int, int] = {}  # heading: the heading it is under (-1: none)

    def path(self, section: int) -> list[int]:
        """The headings a block under heading ``section`` is under, outermost first."""
        path = []
        while section >= 0:
            path.append(section)
            section = self.parents[section]
        return path[::-1]

    def text(self, index: int) -> str:
        text = self.texts.get(index)
        if text is None:
            heading = self.doc.blocks[index]
            text = heading_source(self.doc, heading) + "|" + capital(heading)
            self.texts[index] = text
        return text

    def same(self, first: int, second: int) -> bool:
        """Whether two sections have the same headings (the same titles, outermost first)."""
        return len(self.path(first)) == len(self.path(second)) and self.nested(first, second)

    def nested(self, first: int, second: int) -> bool:
        """Whether two heading paths are one section or one inside the other.

        Paths that part at some level are sibling sections: entries of a
        reference page, releases of a changelog, each with its own heading.
        """
        paths = zip(self.path(first), self.path(second), strict=False)
        return all(a == b or self.text(a) == self.text(b) for a, b in paths)


def _code_only(block: Block, repeat: _Repeat) -> bool:
    """Whether a near repeat differs from its original only in code spans.

    Reference notes follow a template and name a different thing in each
    ("the global variable `include_nav` ...", "the global variable
    `include_next_prev` ..."): the words are the same, the code is not.
    """
    return _key(block.prose) == _key(repeat.originals[0].block.prose)


def _elsewhere(block: Block, repeat: _Repeat) -> bool:
    """Whether the repeat is in another tab of the same tab set as its original."""
    return any(alternatives(block.tabs, seen.block.tabs) for seen in repeat.originals)


def _continues(previous: _Repeat, repeat: _Repeat, index: int) -> bool:
    """Whether ``repeat`` (block ``index``) repeats what follows ``previous``'s original.

    The originals must be in order and near each other, and the repeats as
    close as their originals (give or take a few blocks and lines):
    two notes of a long page that happen to recur 240 lines apart are not
    one copied passage. A copy of the block right before it starts a run of
    its own, unless that block is the run's last (a loop: "A A A").
    """
    if repeat.last == index - 1 and previous.index != index - 1:
        return False
    gap = repeat.first - previous.last
    if not 0 < gap <= _GAP or repeat.index - previous.index > gap + _SLACK:
        return False
    copy_lines = repeat.block.line - previous.block.end_line
    original_lines = repeat.originals[0].block.line - previous.originals[-1].block.end_line
    return copy_lines <= 2 * original_lines + 10


class _Finder:
    """The paragraphs seen so far, indexed so that each lookup is constant time."""

    def __init__(self, min_length: int, similarity: float) -> None:
        self.min_length = min_length
        self.similarity = similarity
        self.by_key: dict[str, _Seen] = {}
        self.by_prefix: dict[str, list[_Seen]] = {}
        self.by_probe: dict[str, list[_Seen]] = {}
        # Short paragraphs by their text: the last of each (a copy of a copy is a loop).
        self.short: dict[str, tuple[Block, int, int, int]] = {}
        self.count = 0  # paragraphs compared so far
        self.pieces: tuple[int, frozenset[str]] = (-1, frozenset())  # the last block's shingles

    def remember(
        self,
        key: str,
        block: Block,
        index: int,
        section: int,
        probes: set[str],
    ) -> None:
        seen = _Seen(key, block, index, self.count, section)
        if self.pieces[0] == index:
            seen.pieces = self.pieces[1]
        self.by_key[key] = seen
        prefix = key[: self.min_length]
        bucket = self.by_prefix.get(prefix)
        if bucket is None:
            self.by_prefix[prefix] = [seen]
        elif len(bucket) < _BUCKET:
            bucket.append(seen)
        by_probe = self.by_probe
        for probe in probes:
            bucket = by_probe.get(probe)
            if bucket is None:
                by_probe[probe] = [seen]
            elif len(bucket) < _PROBE_BUCKET:
                bucket.append(seen)

    def exact(self, key: str, block: Block, index: int) -> _Repeat | None:
        seen = self.by_key.get(key)
        return self.repeat_of(block, index, [seen], "repeats") if seen else None

    def contained(self, key: str, block: Block, index: int, ends: list[int]) -> _Repeat | None:
        """Earlier paragraphs found whole inside ``key``, each at a sentence start."""
        found: list[_Seen] = []
        for start in (0, *ends):
            if start >= len(key):
                break
            for seen in self.by_prefix.get(key[start : start + self.min_length], ()):
                if len(seen.key) < len(key) and key.startswith(seen.key, start):
                    found.append(seen)
                    break
        return self.repeat_of(block, index, found, "contains") if found else None

    def cut_off(self, key: str, block: Block, index: int) -> _Repeat | None:
        """An earlier paragraph of which ``key`` is the start."""
        for seen in self.by_prefix.get(key[: self.min_length], ()):
            if (
                len(seen.key) > len(key)
                and seen.key.startswith(key)
                and len(_WORD.findall(seen.key, len(key))) >= 2  # not just a full stop less
            ):
                return self.repeat_of(block, index, [seen], "is a cut-off copy of")
        return None

    def similar(self, key: str, block: Block, index: int, probes: set[str]) -> _Repeat | None:
        """The most similar earlier paragraph, if similar enough.

        Candidates share the start or the end of a sentence with the paragraph;
        only the few that share most are measured.
        """
        if self.similarity >= 1.0:
            return None
        get = self.by_probe.get
        counted: dict[int, int] = {}
        candidates: dict[int, _Seen] = {}
        for probe in probes:
            bucket = get(probe)
            if bucket is not None:
                for seen in bucket:
                    ordinal = seen.ordinal
                    counted[ordinal] = counted.get(ordinal, 0) + 1
                    candidates[ordinal] = seen
        if not counted:
            return None
        # A paragraph of several sentences must share two starts or ends.
        needed = 2 if len(probes) > 2 else 1
        hits = {ordinal: count for ordinal, count in counted.items() if count >= needed}
        if not hits:
            return None
        cjk = is_cjk(block.text)
        pieces = shingles(block.text, cjk, key)
        self.pieces = (index, pieces)  # kept by `remember` if the paragraph is no repeat
        if len(pieces) < (_MIN_PIECES_CJK if cjk else _MIN_PIECES):
            return None  # one templated sentence ("Returns True if ...") differs in a word
        best, best_score = None, 0.0
        for ordinal in heapq.nlargest(_VERIFY, hits, key=hits.__getitem__):
            seen = candidates[ordinal]
            if seen.pieces is None:
                seen.pieces = shingles(seen.block.text, squeezed=seen.key)
            if min(len(pieces), len(seen.pieces)) < self.similarity * max(
                len(pieces), len(seen.pieces)
            ):
                continue  # the index is at most the smaller size over the larger
            shared = len(pieces & seen.pieces)
            score = shared / (len(pieces) + len(seen.pieces) - shared)
            if score > best_score:
                best, best_score = seen, score
        if best is None or best_score < self.similarity:
            return None
        return self.repeat_of(block, index, [best], "nearly repeats", f"{best_score:.0%} the same")

    def repeat_of(
        self, block: Block, index: int, originals: list[_Seen], how: str, detail: str = ""
    ) -> _Repeat:
        distance = self.count - originals[-1].ordinal
        return _Repeat(block, index, originals, how, detail, distance)


def _probes(key: str, ends: list[int]) -> set[str]:
    """The first and last characters of each sentence of a paragraph."""
    probes: set[str] = set()
    add = probes.add
    start = 0
    for end in (*ends, len(key)):
        if end - start >= _PROBE:
            add("<" + key[start : start + _PROBE])
            add(">" + key[end - _PROBE : end])
        start = end
    return probes


def _edits(first: str, second: str) -> int:
    """How many words (in CJK text: characters, a third) differ between two texts.

    More than `_EDITS` is not counted exactly: the answer is then ``_EDITS + 1``.
    """
    if first == second:
        return 0
    edge = min(_EDGE, len(first), len(second))
    if first[:edge] != second[:edge] and first[-edge:] != second[-edge:]:
        return _EDITS + 1  # a word or two changed leave its start or its end alone
    cjk = is_cjk(first)
    a = list(squeeze(first)) if cjk else normalize(first).split()
    b = list(squeeze(second)) if cjk else normalize(second).split()
    budget = _EDITS * 3 if cjk else _EDITS
    if abs(len(a) - len(b)) > budget or len(a) > _EDIT_WORDS or len(b) > _EDIT_WORDS:
        return _EDITS + 1
    if (Counter(a) - Counter(b)).total() > budget:
        return _EDITS + 1  # more words changed: no need to align them
    changed = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            if _DIGIT.search("".join(a[i1:i2] + b[j1:j2])):
                return _EDITS + 1  # "Option 1", "Option 2": a numbered series, not a copy
            changed += max(i2 - i1, j2 - j1)
    return (changed + 2) // 3 if cjk else changed


def _source(doc: Document, block: Block) -> str:
    return "\n".join(line.strip() for line in doc.lines[block.line - 1 : block.end_line])


def _same(doc: Document, original: Block, copy: Block, strict: bool = False) -> int:
    """How many words ``copy`` changes in ``original`` (over `_EDITS`: not a copy).

    ``strict``: a short paragraph must keep most of its words ("Caddy" is not
    "Nginx" with a word changed).
    """
    if original.kind != copy.kind or original.container != copy.container:
        return _EDITS + 1
    if alternatives(original.tabs, copy.tabs):
        return _EDITS + 1
    if copy.kind in ("heading", "paragraph") and original.text != copy.text:
        if _key(original.prose) == _key(copy.prose):
            return _EDITS + 1  # only the code differs: entries of a template ("Class: `X`")
        if strict and copy.kind == "heading":
            return _EDITS + 1  # a passage copied right after itself keeps its headings
    if copy.kind == "heading":
        if original.level != copy.level:
            return _EDITS + 1
        return _edits(heading_source(doc, original), heading_source(doc, copy))
    if copy.kind == "paragraph":
        edits = _edits(original.text, copy.text)
        if strict and edits:
            words = len(copy.text) // 3 if is_cjk(copy.text) else len(copy.text.split())
            return edits if edits * 5 <= words else _EDITS + 1
        return edits
    return 0 if _source(doc, original) == _source(doc, copy) else _EDITS + 1


def _section_copy(doc: Document, first: int, second: int, least: int) -> Finding | None:
    """The section at block ``second`` if it copies the one just before it, at ``first``.

    A copy may change a word or two of its body under the same heading, or
    keep a long body under a heading with a word changed; entries of a
    reference page change the heading and keep a short body ("resolve(path):
    Raises ValueError if the path is not absolute.", "relative(path): ..."),
    or change both ("GET /users: Returns the list of users.", "GET /groups:
    ..."). It must hold some prose.
    Each block is compared once at most (the copy is then skipped).
    """
    blocks = doc.blocks
    size = second - first
    if size < 2 or second + size > len(blocks):
        return None
    if any(blocks[first + n].kind != blocks[second + n].kind for n in range(1, size)):
        return None
    renamed = _same(doc, blocks[first], blocks[second])
    if renamed > _EDITS:
        return None
    edits, weight = renamed, 0.0
    for offset in range(1, size):
        original, copy = blocks[first + offset], blocks[second + offset]
        edits += _same(doc, original, copy)
        if edits > (renamed or _EDITS):
            return None
        if copy.kind == "paragraph":
            weight += _weight(squeeze(copy.text))
    if weight < (_RENAMED * least if renamed else 2 * _TINY if edits else _TINY):
        return None
    # The problem starts after the heading, which is duplicate-heading's to report.
    start, end = blocks[second + 1].line, blocks[second + size - 1].end_line
    changed = "" if edits == 0 else f" with {edits} word{'s' * (edits > 1)} changed"
    return Finding(
        start,
        f"the section under the heading on line {blocks[second].line} repeats the one right "
        f"before it ({_span(blocks[first].line, blocks[second - 1].end_line)}){changed}",
        1,
        end,
    )


def _copied_right_after(doc: Document, run: list[_Repeat]) -> bool:
    """Whether the run repeats, block for block, the passage right before it.

    This is what a generation loop writes; immediacy is the evidence, so
    short paragraphs and list items count. The passage is the one from the
    first repeat's original, or (when that original is an earlier copy of
    the same text) the one as long as the run right before it.
    """
    at = run[0].index
    starts = {run[0].first, 2 * at - run[-1].index - 1}
    return any(_copy_of(doc, run, start) for start in sorted(starts, reverse=True))


def _copy_of(doc: Document, run: list[_Repeat], start: int) -> bool:
    """Whether the blocks from the run's first on copy the same number from ``start``."""
    at = run[0].index
    size = at - start
    blocks = doc.blocks
    if not 0 < size <= _SPAN or at + size > len(blocks):
        return False
    first = run[0]
    # An item like the one before it may say the same thing twice on purpose: the
    # numbered markers of a code annotation, a glossary that translates two synonyms
    # alike. A long bulleted one is a copy.
    if (
        size == 1
        and first.item
        and (first.short or _ORDERED.match(doc.lines[first.block.line - 1]))
    ):
        return False
    members = {r.index: r for r in run}
    edits, weight = 0, 0.0
    for offset in range(size):
        copy = blocks[at + offset]
        member = members.get(at + offset)
        if member is None or all(seen.index != start + offset for seen in member.originals):
            # (A member may have been matched to another copy of the same text.)
            edits += _same(doc, blocks[start + offset], copy, strict=True)
            if edits > _EDITS:
                return False
        if copy.kind == "paragraph" and not _image_only(doc, copy):
            weight += _weight(squeeze(copy.text))
    return weight >= _TINY


def _image_only(doc: Document, block: Block) -> bool:
    """A paragraph that only shows images: an example's placeholder figures are not prose."""
    return block.link_only and doc.lines[block.line - 1].lstrip().startswith("![")


def _verdict(
    doc: Document, run: list[_Repeat]
) -> tuple[list[_Repeat], Severity | None, str] | None:
    """The repeats worth reporting, how serious (``None``: the rule's), and why, or ``None``.

    Strong evidence (an error): a passage copied right after itself; a run of
    repeated paragraphs under the same headings as their originals; a lone
    repeat close to its original. Weaker (a warning): a long paragraph
    repeated word for word under a heading of its own inside the original's
    section. Nothing: reference pages and changelogs that repeat a note under
    each entry or release.
    """
    if _copied_right_after(doc, run):
        return run, None, "right after it"
    run = [r for r in run if not r.short]
    if not run:
        return None
    if len(run) > 1:
        if all(r.item or r.how == "nearly repeats" for r in run):
            return None
        if sum(r.in_place for r in run) * 2 >= len(run):
            return run, None, ""
        return None  # the same notes under other headings: a template
    (repeat,) = run
    if repeat.item:
        return None
    if not repeat.in_place:
        return None  # the same note under each entry of a reference: a template
    if repeat.how == "is a cut-off copy of" and not ends_sentence(repeat.block.prose):
        return run, None, ""  # breaks off mid-sentence: never deliberate
    if repeat.restarted and repeat.how != "nearly repeats" and _restarts_alike(doc, repeat):
        return run, None, "under the same heading again"
    if repeat.how == "nearly repeats":
        # Right after its original with a word or two changed, unless a container opens
        # in between: a collapsible "Previous behaviour" block restates the paragraph
        # before it with a change. More changes make a template ("Verifies that the
        # file matches ...", "Verifies that the file does not match ...").
        original = repeat.originals[0].block
        if (
            repeat.distance <= 1
            and _edits(original.text, repeat.block.text) <= _EDITS
            and not _container_between(doc, repeat)
        ):
            return run, None, ""
        return None
    if not repeat.same_section:
        # Under a heading of its own inside the original's section: an API entry that
        # restates its section's note.
        if repeat.how == "repeats" and repeat.size >= _LONG:
            return run, Severity.WARNING, "under another heading, which may be deliberate"
        return None
    if repeat.distance <= 1 and repeat.size >= 1.5:
        return run, None, ""
    if (repeat.distance <= _CLOSE and repeat.size >= 2) or repeat.size >= _LONG:
        return run, None, ""
    return None


def _restarts_alike(doc: Document, repeat: _Repeat) -> bool:
    """Whether the repeat's section starts, up to the repeat, as its original's did.

    A section restarted by a generation loop repeats its heading and goes on
    as before, its prose perhaps reworded. A second variant under the same
    heading (another implementation's `enQueue`, with other code) may share
    a note with the first: blocks of another kind, or code, tables and HTML
    that differ, make the section a variant.
    """
    original = repeat.originals[0]
    copied = range(repeat.section + 1, repeat.index)
    before = range(original.section + 1, original.index)
    if len(copied) != len(before):
        return False
    blocks = doc.blocks
    for a, b in zip(before, copied, strict=True):
        first, second = blocks[a], blocks[b]
        if first.kind != second.kind:
            return False
        if first.kind not in ("paragraph", "heading") and _same(doc, first, second):
            return False
    return True


def _container_between(doc: Document, repeat: _Repeat) -> bool:
    """Whether an admonition, a tab or a details block opens between a repeat and its original."""
    start = repeat.originals[-1].block.end_line
    lines = doc.lines[start : min(repeat.block.line - 1, start + _SCAN)]
    return any(_OPENER.match(line) for line in lines)


def _span(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _what(repeat: _Repeat, short: bool) -> str:
    """What a paragraph repeats: a sentence for one problem, a clause inside a run."""
    lines = [seen.block.line for seen in repeat.originals]
    listed = ", ".join(map(str, lines[:-1])) + (" and " if len(lines) > 1 else "") + str(lines[-1])
    if repeat.how == "contains":
        if short:
            return f"{'joins' if len(lines) > 1 else 'contains'} {listed}"
        return f"contains earlier paragraphs word for word (line{'s' * (len(lines) > 1)} {listed})"
    if repeat.how == "is a cut-off copy of":
        return (
            f"is a cut-off copy of {listed if short else f'the start of the one on line {listed}'}"
        )
    detail = f" ({repeat.detail})" if repeat.detail else ""
    return f"{repeat.how} {listed if short else f'the one on line {listed}'}{detail}"


def _report(run: list[_Repeat], doc: Document) -> Iterator[Finding]:
    verdict = _verdict(doc, run) if run else None
    if verdict is None:
        return
    run, severity, why = verdict
    first, last = run[0].block, run[-1].block
    if why == "right after it" and len(run) > 1:
        why = "right after them"
    note = f", {why}" if why else ""
    if len(run) == 1:
        message = f"{'list item' if run[0].item else 'paragraph'} {_what(run[0], short=False)}"
        yield Finding(first.line, message + note, 1, first.end_line, severity)
        return
    origin_first = min(seen.block.line for r in run for seen in r.originals)
    origin_last = max(seen.block.end_line for r in run for seen in r.originals)
    details = "; ".join(f"{r.block.line} {_what(r, short=True)}" for r in run)
    yield Finding(
        first.line,
        f"{_span(first.line, last.end_line)} repeat {_span(origin_first, origin_last)}"
        f"{note or ' paragraph by paragraph'} ({details})",
        1,
        last.end_line,
        severity,
    )


FIX = Fix(
    safe=False,
    summary="remove paragraphs that repeat an earlier one as written (near repeats stay)",
)


def fix(doc: Document, problem: Problem, options: Mapping[str, Any]) -> list[Edit]:
    """Remove each top-level paragraph of the finding's range that is an exact repeat.

    Exact means the same source lines once all whitespace is dropped (a line
    break moved is still a repeat); the earlier copy stays. A paragraph that
    only contains, cuts off or resembles an earlier one is left for a person.
    """
    floor = doc.meta_span[1] + 1 if doc.meta_span else 1
    return [
        edits.remove_lines(doc, block.line, block.end_line, floor)
        for block in _exact_repeats(doc)
        if problem.line <= block.line <= problem.end_line
    ]


def _exact_repeats(doc: Document) -> list[Block]:
    """Top-level paragraphs written exactly as an earlier one (once per page)."""
    key = (ID, "exact-repeats")
    found = doc.derived.get(key)
    if found is None:
        seen: set[str] = set()
        found = []
        for block in doc.blocks:
            if block.kind != "paragraph" or block.container:
                continue
            written = "".join("".join(doc.lines[block.line - 1 : block.end_line]).split())
            if written in seen:
                found.append(block)
            seen.add(written)
        doc.derived[key] = found
    return found
