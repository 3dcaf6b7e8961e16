"""Report a bracket or quote opened and never closed, or a code fence never closed.

A generation that stops mid-sentence often leaves 「 or （ open; a code fence
that is never closed turns the rest of the page into code. Pairs are checked
within one paragraph or heading: 「」『』（）()【】“”‘’ [] {}. Code spans, URLs
and link targets are not prose and are skipped, and so are emoticons
(`:-(`, `(^^)`), half-open ranges (`[0, 1)`) and list-like labels
(`1)`, `a)`), which only ever close.

A fenced code block whose closing fence is missing is reported on its opening
line: MkDocs then prints the backticks and the code as a plain paragraph, and
CommonMark renderers (GitHub) turn the rest of the page into code. The rest
of the page is read as code by the other rules too, so that one missing fence
gives one problem.

Options:

* `pairs` (`["「」", "『』", "（）", "()", "【】", "“”", "‘’", "[]", "{}"]`):
  the pairs to check, each a two-character string.

Failing:

```markdown
政府は「AI基本計画を発表した。
```

Passing:

```markdown
政府は「AI基本計画」を発表した。
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from mkdocs_postlint import edits
from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Edit, Finding, Fix, Problem, Severity
from mkdocs_postlint.text import FACE

ID = "unclosed-pair"
SEVERITY = Severity.WARNING
SUMMARY = "a bracket or quote opened and never closed, or a code fence never closed"
OPTIONS: Mapping[str, Any] = {
    "pairs": ["「」", "『』", "（）", "()", "【】", "“”", "‘’", "[]", "{}"],
}

_NOT_PAIRS = re.compile(
    rf"""
      (?:https?|ftp)://[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*  # URLs, (balanced) parens in them
    | '[^\s'\w]' | "[^\s"\w]" | “[^\s\w]” | ‘[^\s\w]’ | 「[^\s\w]」  # a bracket quoted: "("
    | \([\[\]{{}}]\) | \[[(){{}}]\]                       # or in brackets: U+005B ([)
    | [:;=8xX][-^']?[(\[{{]                             # :-( ;( =[
    | {FACE}                                            # (^^) (^_^;) (・ω・) (笑)
    | [\[(]\s*[-+]?[\d.]+\s*,\s*[-+]?[\d.]+\s*[\])]    # [0, 1) (0, 1]
    """,
    re.VERBOSE,
)


# Where a match of _NOT_PAIRS can start (every alternative starts so). Its first
# item is a character set, which the regex engine scans for quickly; _NOT_PAIRS,
# an alternation of groups, is tried character by character.
_NOT_PAIRS_START = re.compile(
    r"""[hf:;=8xX'"“‘「(\[（](?:(?<=h)ttps?://|(?<=f)tp://|(?<=[:;=8xX])[-^']?[(\[{]|(?<=['"“‘「(\[（]))"""
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
        parts.append(" " * (end - start))
        last = end
        found = search(text, last)
    parts.append(text[last:])
    return "".join(parts)


@lru_cache(maxsize=8)
def _brackets(pairs: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(pairs)) + "]")


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    pairs = tuple(str(p) for p in options["pairs"] if len(str(p)) == 2)
    openers = {p[0]: p[1] for p in pairs}
    closers = {p[1]: p[0] for p in pairs}
    brackets = _brackets(pairs)
    for block in doc.blocks:
        if block.kind in ("paragraph", "heading"):
            if brackets.search(block.prose):
                yield from _check_text(doc, block, brackets, openers, closers)
        elif block.kind == "code" and block.info != "indented":
            finding = _unclosed_fence(doc, block)
            if finding is not None:
                yield finding


def _check_text(
    doc: Document,
    block: Block,
    brackets: re.Pattern[str],
    openers: dict[str, str],
    closers: dict[str, str],
) -> Iterator[Finding]:
    text = _blank_not_pairs(block.prose)
    stack: list[tuple[str, int]] = []
    unclosed: list[tuple[str, int]] = []
    # Where each opener sits on the stack, so a closer finds its opener in
    # constant time (a scan of the stack is quadratic on '((((...]]]]').
    depths: dict[str, list[int]] = {opener: [] for opener in openers}
    for match in brackets.finditer(text):
        char, index = match.group(), match.start()
        if char in openers and not (char in closers and stack and stack[-1][0] == char):
            depths[char].append(len(stack))
            stack.append((char, index))
        elif char in closers:
            # A closer without its opener is not reported: list labels "1)", "a)",
            # apostrophes "don’t" and ranges "1) 2) 3)" only ever close.
            opener = closers[char]
            if depths.get(opener):
                depth = depths[opener][-1]
                for inner, _ in stack[depth:]:
                    depths[inner].pop()
                unclosed.extend(stack[depth + 1 :])  # opened inside, never closed
                del stack[depth:]
    line, counted = block.line, 0
    for char, index in sorted(unclosed + stack, key=lambda item: item[1]):
        line += text.count("\n", counted, index)
        counted = index
        yield Finding(
            line,
            f"'{char}' is opened and never closed (expected '{openers[char]}' "
            "in the same paragraph)",
            doc.column_of(line, char),
        )


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
