"""Property tests of fix mode: a fix never breaks a page and never adds a finding.

Pages come from the grammar of tests/test_properties.py, with front matter and
body pieces that the fixes act on mixed in (Jekyll keys, dates Material
rejects, bare YAML 1.1 words, TOML, repeated keys, markers, repeated
paragraphs, unclosed fences, suppression comments). With every fix, unsafe
ones included, under three configurations, the fixed page must: parse
whenever the page did; have fewer problems, and no more of any rule and
severity than before; give the same text when fixed again; and come out the
same whatever the page's line endings.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_postlint.config import Config, load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.fix import fix_page, fix_text
from mkdocs_postlint.linter import lint_document
from tests.test_properties import CONFIGS, MARKDOWN, PAGE

FIX_CONFIGS: list[Config] = [
    load_config({"schema": "material-blog"}, Path.cwd()),
    *CONFIGS,
]

_FRONT_ENTRIES = st.sampled_from(
    [
        "date: 2025-09-18 04:37:41 +0000",
        "date: 2025-9-8",
        "date: '2025-09-18'",
        "date: 2025-02-30",
        "date:\n  created: 2025-9-1 4:05",
        "author: alice",
        "author: [alice, bob]",
        "author:\n  - alice",
        "author: {name: Alice}",
        "authors: [alice]",
        "reading_time: 8",
        'reading_time: "8 min"',
        "readtime: 3",
        "excerpt: Summary, with a comma  # note",
        "description: set",
        "title: yes",
        "title: 2025-09-18",
        "title: 1.0",
        "title: Plain",
        "title: Again",
        "tags: python",
        "tags: a, [b]",
        "tags: [on, off]",
        "draft: no",
        "# a comment",
        "layout: post",
    ]
)
_FIX_FRONT_MATTER = st.one_of(
    st.lists(_FRONT_ENTRIES, max_size=8).map(lambda e: "---\n" + "\n".join(e) + "\n---\n"),
    st.sampled_from(
        [
            '+++\ntitle = "T"\ndate = 2025-09-18T04:37:41Z\ntags = ["a"]\n+++\n',
            "+++\nwhen = 04:37:41\n+++\n",
            "+++\nbroken = \n+++\n",
        ]
    ),
)
_PARAGRAPH = "同じ段落が二度書かれると、読者はすぐに気づいてしまうものです。"
_FIX_PIECES = st.sampled_from(
    [
        "---END---",
        "[truncated]",
        "<!-- more -->",
        "Text <!-- truncated --> text.",
        _PARAGRAPH,
        _PARAGRAPH,
        "- " + _PARAGRAPH,
        "> " + _PARAGRAPH,
        "```python\nprint(1)",
        "- item\n\n  ```sh\n  ls",
        "> ~~~\n> code",
        "## Heading",
        "例えば",
        "<!-- postlint-disable-next-line duplicate-heading -->",
        "<!-- postlint-disable truncation-marker, duplicate-block -->",
        "<!-- postlint-enable -->",
        "Text (open <!-- postlint-disable-line unclosed-pair nosuchrule -->",
    ]
)
_FIX_BODY = st.lists(st.one_of(_FIX_PIECES, MARKDOWN), max_size=10).map("\n\n".join)
FIX_PAGE = st.one_of(
    st.tuples(st.one_of(_FIX_FRONT_MATTER, st.just("")), _FIX_BODY).map(
        lambda p: p[0] + "\n" + p[1] + "\n"
    ),
    PAGE,
)


def _counts(text: str, config: Config) -> tuple[Counter[tuple[str, str]], bool]:
    doc = parse(text.encode("utf-8"), "page.md", "page.md")
    problems = lint_document(doc, config)
    parses = doc.meta_span is None or doc.meta is not None
    return Counter((p.rule, p.severity.value) for p in problems), parses


# Each example fixes a page under three configurations, linting it several times:
# fewer examples than tests/test_properties.py keep the file near a minute.
EXAMPLES = 250 if settings.default.max_examples <= 500 else settings.default.max_examples


@settings(max_examples=EXAMPLES)
@given(FIX_PAGE)
def test_fix_never_breaks_a_page_or_adds_a_finding(page: str) -> None:
    for config in FIX_CONFIGS:
        before, parsed = _counts(page, config)
        fixed, count, _ = fix_text(page, "page.md", "page.md", config, unsafe=True)
        after, parses = _counts(fixed, config)
        assert parses or not parsed, fixed
        assert all(n <= before[key] for key, n in after.items()), (before, after, fixed)
        assert (count > 0) == (fixed != page)
        if count:
            assert sum(after.values()) < sum(before.values())
            assert fix_text(fixed, "page.md", "page.md", config, unsafe=True)[0] == fixed


@settings(max_examples=EXAMPLES)
@given(FIX_PAGE, st.sampled_from(["\r\n", "\r"]), st.booleans())
def test_fix_is_the_same_whatever_the_line_endings(page: str, newline: str, bom: bool) -> None:
    config = FIX_CONFIGS[0]
    plain = fix_page(page.encode("utf-8"), "page.md", "page.md", config, True)
    data = ("\ufeff" if bom else "") + page.replace("\n", newline)
    other = fix_page(data.encode("utf-8"), "page.md", "page.md", config, True)
    assert plain is not None and other is not None
    expected = ("\ufeff" if bom else "") + plain.after.replace("\n", newline)
    assert other.after == expected
