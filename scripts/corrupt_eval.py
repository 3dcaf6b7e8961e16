"""Measure the rules on real pages, clean and with defects injected (not a test).

    python scripts/corrupt_eval.py PATH [PATH ...]

PATH is Markdown files or folders of them (for example READMEs, changelogs and
docs of installed packages). Each page is linted as it is: every finding
there is counted per 100 pages (real pages do have real typos, so these are an
upper bound of false positives). Then, for each rule, one defect of the kind
the rule exists for is injected into every page where it can be, the way
generation pipelines break text:

* truncation-marker: a ``---END---`` line after a paragraph;
* truncated-ending: the last line of a paragraph before a heading cut at a
  random word (or character, in CJK text);
* duplicate-block: two consecutive paragraphs pasted again after themselves;
* duplicate-heading: a heading repeated at the end of its own section;
* unclosed-pair: the ``)`` of a parenthesis removed.

Recall is how many injected defects the rule reports on the right line;
precision counts every new finding of that rule the injection caused.
"""

from __future__ import annotations

import random
import re
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs_postlint.config import load_config
from mkdocs_postlint.document import Document, parse
from mkdocs_postlint.linter import lint_document
from mkdocs_postlint.text import ends_sentence, is_cjk

CONFIG = load_config({})
Injected = tuple[list[str], int, int, int]  # new lines, expected line, inserted at, count


def findings(lines: list[str]) -> Counter[tuple[str, int]]:
    doc = parse("\n".join(lines).encode("utf-8"), "page.md")
    return Counter((p.rule, p.line) for p in lint_document(doc, CONFIG))


def prose(doc: Document) -> list[int]:
    """Indexes of top-level paragraphs that are whole sentences of some length."""
    return [
        i
        for i, b in enumerate(doc.blocks)
        if b.kind == "paragraph"
        and not b.container
        and not b.link_only
        and len(b.prose) >= 80
        and ends_sentence(b.prose)
    ]


def marker(doc: Document, lines: list[str], rng: random.Random) -> Injected | None:
    candidates = prose(doc)
    if not candidates:
        return None
    block = doc.blocks[rng.choice(candidates)]
    at = block.end_line
    return lines[:at] + ["", "---END---"] + lines[at:], at + 2, at, 2


def cut(doc: Document, lines: list[str], rng: random.Random) -> Injected | None:
    blocks = doc.blocks
    candidates = [i for i in prose(doc) if i + 1 < len(blocks) and blocks[i + 1].kind == "heading"]
    if not candidates:
        return None
    block = blocks[rng.choice(candidates)]
    last = lines[block.end_line - 1]
    if is_cjk(last):
        position = rng.randint(len(last) // 3, len(last) * 2 // 3)
    else:
        spaces = [m.start() for m in re.finditer(" ", last)]
        spaces = spaces[len(spaces) // 3 : len(spaces) * 3 // 4]
        if not spaces:
            return None
        position = rng.choice(spaces)
    kept = last[:position].rstrip(" .,;:!?。、．！？")
    if not kept.strip():
        return None
    new = [*lines]
    new[block.end_line - 1] = kept
    return new, block.end_line, len(lines) + 1, 0


def repeat(doc: Document, lines: list[str], rng: random.Random) -> Injected | None:
    indexes = set(prose(doc))
    pairs = [i for i in indexes if i + 1 in indexes]
    if not pairs:
        return None
    first = rng.choice(pairs)
    start, end = doc.blocks[first].line, doc.blocks[first + 1].end_line
    copy = ["", *lines[start - 1 : end]]
    return lines[:end] + copy + lines[end:], end + 2, end, len(copy)


def heading(doc: Document, lines: list[str], rng: random.Random) -> Injected | None:
    headings = [(i, b) for i, b in enumerate(doc.blocks) if b.kind == "heading" and b.level >= 2]
    candidates = []
    for i, h in headings:
        following = next((b for b in doc.blocks[i + 1 :] if b.kind == "heading"), None)
        if following is not None and following.level == h.level and h.line == h.end_line:
            candidates.append((h, following))
    if not candidates:
        return None
    h, following = rng.choice(candidates)
    at = following.line - 1
    copy = [lines[h.line - 1], ""]
    return lines[:at] + copy + lines[at:], at + 1, at, len(copy)


_PAREN = re.compile(r"(?<![\]\w])\(([^()`\n\[\]]{3,60})\)")


def unclose(doc: Document, lines: list[str], rng: random.Random) -> Injected | None:
    candidates = []
    for block in doc.blocks:
        if block.kind != "paragraph" or block.container == "footnote":
            continue
        for number in range(block.line, block.end_line + 1):
            line = lines[number - 1]
            if "`" in line or "http" in line or line.count("(") != line.count(")"):
                continue
            candidates.extend((number, m) for m in _PAREN.finditer(line))
    if not candidates:
        return None
    number, match = rng.choice(candidates)
    new = [*lines]
    line = new[number - 1]
    new[number - 1] = line[: match.end() - 1] + line[match.end() :]
    return new, number, len(lines) + 1, 0


INJECTIONS: dict[str, Callable[[Document, list[str], random.Random], Injected | None]] = {
    "truncation-marker": marker,
    "truncated-ending": cut,
    "duplicate-block": repeat,
    "duplicate-heading": heading,
    "unclosed-pair": unclose,
}


def pages(paths: list[str]) -> list[tuple[str, bytes]]:
    seen: set[int] = set()
    found = []
    for root in map(Path, paths):
        files = sorted(root.rglob("*.md")) if root.is_dir() else [root]
        for path in files:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            digest = zlib.crc32(data)
            if digest not in seen and len(data) >= 500:
                seen.add(digest)
                found.append((str(path), data))
    return found


def main(paths: list[str]) -> int:
    corpus = pages(paths)
    clean: Counter[str] = Counter()
    tp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    misses: list[str] = []
    for name, data in corpus:
        doc = parse(data, name)
        if doc.encoding_finding is not None:
            continue
        lines = doc.source.split("\n")
        before = findings(lines)
        clean.update({rule for rule, _ in before})
        for rule, inject in INJECTIONS.items():
            rng = random.Random(zlib.crc32(f"{name}:{rule}".encode()))
            injected = inject(doc, lines, rng)
            if injected is None:
                continue
            new_lines, expected, at, count = injected
            shifted = Counter({(r, n + count if n > at else n): c for (r, n), c in before.items()})
            new = findings(new_lines) - shifted
            if new[(rule, expected)]:
                tp[rule] += 1
                new[(rule, expected)] -= 1
            else:
                fn[rule] += 1
                misses.append(f"  missed {rule}: {name}:{expected}")
            fp[rule] += sum(c for (r, _), c in new.items() if r == rule)
    print(f"{len(corpus)} real pages\n")
    print(f"{'rule':<20} {'injected':>8} {'recall':>7} {'precision':>9} {'pages flagged /100':>19}")
    for rule in INJECTIONS:
        total = tp[rule] + fn[rule]
        recall = tp[rule] / total if total else 0.0
        precision = tp[rule] / (tp[rule] + fp[rule]) if tp[rule] + fp[rule] else 0.0
        per_100 = 100 * clean[rule] / len(corpus) if corpus else 0.0
        print(f"{rule:<20} {total:>8} {recall:>7.3f} {precision:>9.3f} {per_100:>19.1f}")
    for rule in sorted(set(clean) - set(INJECTIONS)):
        print(f"{rule:<20} {'':>8} {'':>7} {'':>9} {100 * clean[rule] / len(corpus):>19.1f}")
    if "-v" in sys.argv:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if a != "-v"]))
