"""Report a leftover generation or truncation marker.

Generation pipelines leave lines such as `---END---`, `[truncated]`,
`<truncated>`, `(以下略)`, `（続く）`, `<!-- truncated -->` or a
model's special token (`<|endoftext|>`) where the model stopped or a chunk
was cut. Published, they tell the reader the text is broken. A
marker is a whole line of a paragraph, an HTML block or an HTML comment;
nothing inside code blocks or code spans is a marker. `（中略）`, the
editor's mark for an omission inside a quotation, is not one.

Material's `<!-- more -->` excerpt separator is not a marker, but a second
one on the same page is reported as a warning: only the first one counts.

Options:

* `markers` (the built-in list): regular expressions, each matched against
  a whole stripped line, case-insensitively. Setting it replaces the list.
* `extra_markers` (`[]`): more expressions, added to `markers`.

Failing:

```markdown
例えば

---END---
```

Passing: remove the marker, and finish or remove the text it cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from mkdocs_postlint import edits
from mkdocs_postlint.document import Document
from mkdocs_postlint.problem import Edit, Finding, Fix, Problem, Severity

ID = "truncation-marker"
SEVERITY = Severity.ERROR
SUMMARY = "a leftover generation/truncation marker line such as ---END---"

_WORDS = (
    r"end|eof|fin|stop|truncated|cut|cut here|continued|to be continued|"
    r"end of (?:text|output|response|answer|article|post|document|file|content|message)|"
    r"(?:output|content|text|response|message|answer) truncated|truncated output"
)
# Not 中略: "（中略）" marks an omission inside a quotation, an editor's mark.
_JA_WORDS = (
    r"以下、?略|以下、?省略|後略|続く|つづく|続きます|省略されました|途中で切れています|"
    r"出力が途中で(?:終了|途切れ)(?:しました)?|文字数制限のため(?:省略|以下略)(?:します)?"
)
_RULE = r"(?:[-=*#_~+]{2,}|<{2,}|>{2,})"
DEFAULT_MARKERS = (
    # ---END---, ===END===, *** END ***, --- truncated ---, --- 続く ---
    rf"{_RULE}\s*(?:{_WORDS}|{_JA_WORDS})\s*{_RULE}",
    # [truncated], <truncated>, (continued), 【END】, [end of output]
    rf"[\[<(（【]\s*(?:{_WORDS})\s*(?:\.{{3}}|…)?\s*[\]>)）】]",
    # (以下略), （続く）, 【以下省略】, ［出力が途中で終了しました］
    rf"[(（【\[［]\s*(?:{_JA_WORDS})\s*[)）】\]］]",
    r"(?:以下、?略|以下、?省略|後略)。?",
    # <!-- truncated -->, <!-- END -->
    rf"<!--\s*(?:{_WORDS})\s*-->",
    # …[truncated], ... (truncated)
    rf"(?:\.{{3}}|…)\s*[\[(]?(?:{_WORDS})[\])]?",
    # a model's special tokens: <|endoftext|>, <|im_end|>, <|eot_id|>
    r"<\|[a-z_]+\|>",
)
OPTIONS: Mapping[str, Any] = {"markers": list(DEFAULT_MARKERS), "extra_markers": []}

_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def matcher(options: Mapping[str, Any] = OPTIONS) -> re.Pattern[str]:
    """The compiled marker expression for these options."""
    return _compile(tuple(options["markers"]) + tuple(options.get("extra_markers", ())))


def marker_lines(doc: Document, pattern: re.Pattern[str]) -> list[int]:
    """Lines of the page that are markers, in order.

    Found once per page and pattern: truncated-ending asks for the lines that
    truncation-marker has just found.
    """
    key = ("truncation-marker", pattern.pattern)
    cached = doc.derived.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    lines = doc.lines
    count = len(lines)
    fullmatch = pattern.fullmatch
    found = [
        index + 1
        for block in doc.blocks
        if block.kind in ("paragraph", "html", "heading")
        for index in range(block.line - 1, min(block.end_line, count))
        if fullmatch(lines[index].strip())
    ]
    doc.derived[key] = found
    return found


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    pattern = matcher(options)
    reported: set[int] = set()
    for line in marker_lines(doc, pattern):
        reported.add(line)
        marker = doc.lines[line - 1].strip()
        yield Finding(
            line,
            f"leftover truncation marker '{marker}': the text around it was cut",
            doc.column_of(line, marker),
        )
    first_more: int | None = None
    for line, comment in doc.comments:
        if _MORE.fullmatch(comment):
            if first_more is None:
                first_more = line
            else:
                yield Finding(
                    line,
                    f"second '<!-- more -->' separator (first on line {first_more}): "
                    "only the first one ends the excerpt",
                    doc.column_of(line, "<!--"),
                    severity=Severity.WARNING,
                )
        elif line not in reported and pattern.fullmatch(comment.strip()):
            yield Finding(
                line,
                f"leftover truncation marker '{comment.strip()}': the text around it was cut",
                doc.column_of(line, "<!--"),
            )


FIX = Fix(safe=True, summary="remove the marker line")


def fix(doc: Document, problem: Problem, options: Mapping[str, Any]) -> list[Edit]:
    """Remove a marker that is a whole line (not a second `<!-- more -->`)."""
    line = problem.line
    if not 0 < line <= len(doc.lines):
        return []
    text = doc.lines[line - 1].strip()
    if _MORE.fullmatch(text) or not matcher(options).fullmatch(text):
        return []
    floor = doc.meta_span[1] + 1 if doc.meta_span else 1
    return [edits.remove_lines(doc, line, line, floor)]
