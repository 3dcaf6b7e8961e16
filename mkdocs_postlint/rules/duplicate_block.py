"""Report a paragraph that repeats an earlier one.

Machine-written drafts restart a section and write it again, or paste the
same paragraph twice. This rule compares paragraphs after normalisation
(Unicode NFKC, case-folded, markup stripped, all whitespace and line breaks
removed) and reports a later paragraph that:

* repeats an earlier one (verbatim, or differing only in whitespace and line
  breaks);
* contains one or more earlier paragraphs word for word (two paragraphs
  joined into one);
* is a cut-off start of an earlier paragraph (the copy broke off).

The message names the earlier lines. Paragraphs shorter than ``min_length``
characters (after normalisation) are ignored, so short boilerplate lines may
repeat. Code blocks and tables are never compared. The work is linear in the
size of the page: paragraphs are looked up by hash, never compared pairwise.

Options:

* ``min_length`` (``30``): shortest paragraph, in characters, that counts.
* ``near`` (``true``): also report containment and cut-off copies, not only
  exact repeats.

Failing:

```markdown
さて、あなたはこの日本のAIの「本気」を、どう評価しますか？

さて、あなたはこの日本のAIの「本気」を、どう評価しますか？
```

Passing: keep one copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.text import squeeze

ID = "duplicate-block"
SEVERITY = Severity.ERROR
SUMMARY = "a paragraph that repeats an earlier one, verbatim or nearly"
OPTIONS: Mapping[str, Any] = {"min_length": 30, "near": True}

_ENDERS = frozenset("。．.！!？?")
_AFTER_END = frozenset("」』）)]】\"'”’")
_MAX_CANDIDATES = 16  # per prefix bucket: keeps pathological pages linear


def _sentence_starts(text: str) -> Iterator[int]:
    """Offsets where a sentence may start: the beginning and after each full stop."""
    yield 0
    length = len(text)
    for index, char in enumerate(text):
        if char in _ENDERS:
            after = index + 1
            while after < length and text[after] in _AFTER_END:
                after += 1
            if after < length:
                yield after


def _lines(blocks: list[Block]) -> str:
    return ", ".join(str(b.line) for b in blocks)


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    min_length = int(options["min_length"])
    near = bool(options["near"])
    exact: dict[str, Block] = {}
    by_prefix: dict[str, list[tuple[str, Block]]] = {}
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        key = squeeze(block.text)
        if len(key) < min_length:
            continue
        first = exact.get(key)
        if first is not None:
            yield Finding(
                block.line,
                f"paragraph repeats the one on line {first.line}",
                1,
                block.end_line,
            )
            continue
        if near:
            contained = _contained(key, by_prefix, min_length)
            if contained:
                yield Finding(
                    block.line,
                    "paragraph contains earlier paragraphs word for word "
                    f"(line{'s' if len(contained) > 1 else ''} {_lines(contained)})",
                    1,
                    block.end_line,
                )
                continue
            original = _cut_from(key, by_prefix, min_length)
            if original is not None:
                yield Finding(
                    block.line,
                    f"paragraph is a cut-off copy of the start of the one on line {original.line}",
                    1,
                    block.end_line,
                )
                continue
        exact[key] = block
        bucket = by_prefix.setdefault(key[:min_length], [])
        if len(bucket) < _MAX_CANDIDATES:
            bucket.append((key, block))


def _contained(
    key: str, by_prefix: dict[str, list[tuple[str, Block]]], min_length: int
) -> list[Block]:
    """Earlier paragraphs that appear whole inside ``key``, starting at sentence starts."""
    found: list[Block] = []
    for start in _sentence_starts(key):
        for text, block in by_prefix.get(key[start : start + min_length], ()):
            if len(text) < len(key) and key.startswith(text, start):
                found.append(block)
                break
    return found


def _cut_from(
    key: str, by_prefix: dict[str, list[tuple[str, Block]]], min_length: int
) -> Block | None:
    """An earlier paragraph of which ``key`` is a strict prefix."""
    for text, block in by_prefix.get(key[:min_length], ()):
        if len(text) > len(key) and text.startswith(key):
            return block
    return None
