"""Report a paragraph that repeats an earlier one.

Machine-written drafts restart a section and write it again, paste the same
paragraph twice, or regenerate a paragraph with a few words changed. This
rule compares paragraphs after normalisation (Unicode NFKC, case-folded,
markup stripped, all whitespace and line breaks removed) and reports a later
paragraph that:

* repeats an earlier one (verbatim, or differing only in whitespace and line
  breaks);
* contains one or more earlier paragraphs word for word (two paragraphs
  joined into one);
* is a cut-off start of an earlier paragraph (the copy broke off);
* is nearly the same as an earlier one: at least `similarity` of their
  pieces are shared (character trigrams for Chinese, Japanese and Korean text,
  pairs of words for other scripts). A paraphrase that reuses a sentence or
  two stays well below the default.

Consecutive repeats are one problem: when a run of paragraphs restates an
earlier run in order (headings, code and short lines in between do not
matter), the problem spans the whole run and its message names both ranges,
for example `lines 109–126 repeat lines 32–70`, followed by what each
paragraph repeats.

Reference pages repeat on purpose (the same note under several functions,
the same item under several releases of a changelog), so a repeat is reported
when it looks like a draft gone wrong: a run of two or more repeated
paragraphs; a lone repeat right after its original (one and a half times the
minimum length; twice, up to three paragraphs after it); a lone verbatim copy
five times the minimum length anywhere; a copy that breaks off mid-sentence.
A lone near repeat is reported only right after its original, and list items
only within a run.

Paragraphs shorter than `min_length` characters (after normalisation) are
ignored, so short boilerplate lines may repeat. Text that is not Chinese,
Japanese or Korean needs twice as many characters (a CJK character carries
about as much as two Latin letters, and docs repeat one-line notes such as
"Raises `ValueError` if the path is not absolute."). List items need twice as
many again, and are only compared for exact, contained and cut-off copies.
Code blocks and tables are never compared. The work is linear in the size of
the page: paragraphs are looked up by hash and by the start and end of their
sentences, never compared pairwise; a paragraph needs 30 word pairs (60
character trigrams in CJK text) to be compared for similarity, so that
templated one-line descriptions that differ in a word are not near repeats.

Options:

* `min_length` (`30`): shortest CJK paragraph, in characters, that counts.
* `near` (`true`): also report containment, cut-off and similar copies,
  not only exact repeats.
* `similarity` (`0.7`): the share of pieces (Jaccard index) from which
  two paragraphs are near repeats; `1.0` turns similarity off.

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
from operator import attrgetter
from typing import Any

from mkdocs_postlint import edits
from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Edit, Finding, Fix, Problem, Severity
from mkdocs_postlint.text import ends_sentence, is_cjk, shingles, squeeze

ID = "duplicate-block"
SEVERITY = Severity.ERROR
SUMMARY = "a paragraph that repeats an earlier one, verbatim or nearly"
OPTIONS: Mapping[str, Any] = {"min_length": 30, "near": True, "similarity": 0.7}

# Where a sentence ends (in squeezed text, so no spaces): a full stop and its closers.
_WORD = re.compile(r"\w")
_SENTENCE_END = re.compile(r"[。．.！!？?][」』）)\]】\"'”’]*")
_PROBE = 12  # characters of a sentence's start and end used to find candidates
_BUCKET = 16  # paragraphs kept per lookup key: keeps pathological pages linear
_PROBE_BUCKET = 4  # the same for sentence starts and ends, which repeat more often
_VERIFY = 4  # candidates whose similarity is computed, per paragraph
_GAP = 4  # paragraphs between the originals of two repeats of one run, at most
_MIN_PIECES = 30  # word pairs a paragraph needs to be compared for similarity
_MIN_PIECES_CJK = 60  # character trigrams: about two sentences
_CLOSE = 3  # paragraphs after its original within which a long lone repeat is reported
_ORDINAL = attrgetter("ordinal")
_LONG = 5  # times the minimum length: a lone exact repeat this long is reported anywhere


@dataclass(slots=True)
class _Seen:
    """A paragraph that is not itself a repeat: a possible original."""

    key: str
    block: Block
    ordinal: int  # its position among the paragraphs compared
    pieces: frozenset[str] | None = None


@dataclass(slots=True)
class _Repeat:
    """A paragraph found to repeat earlier ones, and how."""

    block: Block
    originals: list[Block]
    how: str  # e.g. "repeats", "contains", "is a cut-off copy of"
    detail: str = ""
    distance: int = 0  # paragraphs compared since the (last) original
    first: int = 0  # ordinal of the first original
    last: int = 0  # ordinal of the last original
    item: bool = False
    size: float = 1.0  # length, in multiples of the minimum length


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    finder = _Finder(int(options["min_length"]), float(options["similarity"]))
    near = bool(options["near"])
    min_length = finder.min_length
    run: list[_Repeat] = []
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        is_item = block.container == "item"
        shortest = min_length * 2 if is_item else min_length
        text = block.text
        if len(text) < shortest * 2 and text.isascii():
            continue  # squeezing ASCII only shortens it, and it is never CJK: too short
        key = squeeze(text)
        if len(key) < shortest:
            continue
        if not is_cjk(key):
            shortest *= 2
            if len(key) < shortest:
                continue
        finder.count += 1
        ends = [m.end() for m in _SENTENCE_END.finditer(key)]
        probes = _probes(key, ends)
        repeat = finder.exact(key, block)
        if repeat is None and near:
            repeat = (
                finder.contained(key, block, ends)
                or finder.cut_off(key, block)
                or (None if is_item else finder.similar(block, probes))
            )
        if repeat is None:
            if run:
                yield from _report(run)
                run = []
            finder.remember(key, block, probes)
            continue
        repeat.item = is_item
        repeat.size = len(key) / shortest
        if run and not 0 < repeat.first - run[-1].last <= _GAP:
            yield from _report(run)  # not the next part of the same original: a new run
            run = [repeat]
        else:
            run.append(repeat)
    yield from _report(run)


class _Finder:
    """The paragraphs seen so far, indexed so that each lookup is constant time."""

    def __init__(self, min_length: int, similarity: float) -> None:
        self.min_length = min_length
        self.similarity = similarity
        self.by_key: dict[str, _Seen] = {}
        self.by_prefix: dict[str, list[_Seen]] = {}
        self.by_probe: dict[str, list[_Seen]] = {}
        self.count = 0  # paragraphs compared so far

    def remember(self, key: str, block: Block, probes: set[str]) -> None:
        seen = _Seen(key, block, self.count)
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

    def exact(self, key: str, block: Block) -> _Repeat | None:
        seen = self.by_key.get(key)
        return self._repeat(block, [seen], "repeats") if seen else None

    def contained(self, key: str, block: Block, ends: list[int]) -> _Repeat | None:
        """Earlier paragraphs found whole inside ``key``, each at a sentence start."""
        found: list[_Seen] = []
        for start in (0, *ends):
            if start >= len(key):
                break
            for seen in self.by_prefix.get(key[start : start + self.min_length], ()):
                if len(seen.key) < len(key) and key.startswith(seen.key, start):
                    found.append(seen)
                    break
        return self._repeat(block, found, "contains") if found else None

    def cut_off(self, key: str, block: Block) -> _Repeat | None:
        """An earlier paragraph of which ``key`` is the start."""
        for seen in self.by_prefix.get(key[: self.min_length], ()):
            if (
                len(seen.key) > len(key)
                and seen.key.startswith(key)
                and len(_WORD.findall(seen.key, len(key))) >= 2  # not just a full stop less
            ):
                return self._repeat(block, [seen], "is a cut-off copy of")
        return None

    def similar(self, block: Block, probes: set[str]) -> _Repeat | None:
        """The most similar earlier paragraph, if similar enough.

        Candidates share the start or the end of a sentence with the paragraph;
        only the few that share most are measured.
        """
        if self.similarity >= 1.0:
            return None
        get = self.by_probe.get
        found = [seen for probe in probes if (bucket := get(probe)) for seen in bucket]
        if not found:
            return None
        # A paragraph of several sentences must share two starts or ends.
        needed = 2 if len(probes) > 2 else 1
        counted = Counter(map(_ORDINAL, found))
        hits = {ordinal: count for ordinal, count in counted.items() if count >= needed}
        if not hits:
            return None
        candidates = {seen.ordinal: seen for seen in found}
        cjk = is_cjk(block.text)
        pieces = shingles(block.text, cjk)
        if len(pieces) < (_MIN_PIECES_CJK if cjk else _MIN_PIECES):
            return None  # one templated sentence ("Returns True if ...") differs in a word
        best, best_score = None, 0.0
        for ordinal in heapq.nlargest(_VERIFY, hits, key=hits.__getitem__):
            seen = candidates[ordinal]
            if seen.pieces is None:
                seen.pieces = shingles(seen.block.text)
            shared = len(pieces & seen.pieces)
            score = shared / (len(pieces) + len(seen.pieces) - shared)
            if score > best_score:
                best, best_score = seen, score
        if best is None or best_score < self.similarity:
            return None
        return self._repeat(block, [best], "nearly repeats", f"{best_score:.0%} the same")

    def _repeat(self, block: Block, originals: list[_Seen], how: str, detail: str = "") -> _Repeat:
        first, last = originals[0].ordinal, originals[-1].ordinal
        return _Repeat(
            block, [seen.block for seen in originals], how, detail, self.count - last, first, last
        )


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


def _span(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _what(repeat: _Repeat, short: bool) -> str:
    """What a paragraph repeats: a sentence for one problem, a clause inside a run."""
    lines = [b.line for b in repeat.originals]
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


def _worth_reporting(run: list[_Repeat]) -> bool:
    """Whether repeats look like a restarted or pasted draft, not a page's deliberate echo.

    A run of two or more repeated paragraphs always does. A lone repeat does
    when it follows its original closely (within one paragraph, or three for a
    long one), is very long, or is a copy that breaks off mid-sentence;
    reference pages repeat a short note under several functions, and
    changelogs repeat an item under several releases.
    """
    if len(run) > 1:
        return not all(repeat.item or repeat.how == "nearly repeats" for repeat in run)
    (repeat,) = run
    if repeat.item:
        return False
    if repeat.how == "is a cut-off copy of" and not ends_sentence(repeat.block.prose):
        return True  # breaks off mid-sentence: never deliberate
    if repeat.distance <= 1 and (repeat.size >= 1.5 or repeat.how == "nearly repeats"):
        return True
    if repeat.how == "nearly repeats":
        return False
    return (repeat.distance <= _CLOSE and repeat.size >= 2) or repeat.size >= _LONG


def _report(run: list[_Repeat]) -> Iterator[Finding]:
    if not run or not _worth_reporting(run):
        return
    first, last = run[0].block, run[-1].block
    if len(run) == 1:
        yield Finding(first.line, f"paragraph {_what(run[0], short=False)}", 1, first.end_line)
        return
    origin_first = min(b.line for r in run for b in r.originals)
    origin_last = max(b.end_line for r in run for b in r.originals)
    details = "; ".join(f"{r.block.line} {_what(r, short=True)}" for r in run)
    yield Finding(
        first.line,
        f"{_span(first.line, last.end_line)} repeat {_span(origin_first, origin_last)} "
        f"paragraph by paragraph ({details})",
        1,
        last.end_line,
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
