"""Property tests: whatever the bytes, the only outcomes are problems or a clean result.

Hypothesis feeds random bytes, random YAML-ish front matter and random Markdown
built from a grammar of the fragments real pages contain (CJK prose, fences,
admonitions, tabs, lists, quotes, tables, comments, markers, Jinja, snippets)
to `parse` and to every rule through `lint_document`, with and without a
schema. Each example must give a list of well-formed problems (lines inside
the file, a known rule, a plain message), the same list twice, and the same
list whatever the line endings or a leading BOM.

The budget (examples per test) keeps the whole file near a minute; raise it
locally with ``HYPOTHESIS_PROFILE=long``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_postlint.config import ALL_RULES, Config, load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.linter import lint_bytes, lint_document
from mkdocs_postlint.problem import Problem, Severity

settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SCHEMA = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 80},
        "date": {"type": "string", "format": "date"},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "draft": {"type": "boolean"},
        "authors": {"type": "array", "items": {"enum": ["alice", "bob"]}},
    },
    "patternProperties": {"^x-": {}},
    "propertyNames": {"pattern": "^[a-z_x-]+$"},
    "additionalProperties": False,
}
CONFIGS: list[Config] = [
    load_config({}, Path.cwd()),
    load_config(
        {"schema": SCHEMA, "rules": {"duplicate-heading": "error"}},
        Path.cwd(),
    ),
]
SMALL = load_config({"max_file_size": 600}, Path.cwd())  # some examples are over it
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_REPR = re.compile(r"<[\w.]+ object at 0x|Traceback \(most recent call last\)")


def _lint_all(data: bytes) -> list[list[Problem]]:
    """Every config's problems for the same bytes, checking each problem's shape."""
    lines = len(_LINE_BREAK.split(data))
    results = []
    for config in [*CONFIGS, SMALL]:
        problems = lint_bytes(data, "page.md", config, "page.md")
        for problem in problems:
            assert problem.rule in ALL_RULES
            assert isinstance(problem.severity, Severity)
            assert 1 <= problem.line <= problem.end_line <= lines, problem
            assert problem.column >= 1, problem
            assert problem.message.strip() and not _REPR.search(problem.message), problem
        results.append(problems)
    return results


def _check(data: bytes) -> None:
    first = _lint_all(data)
    assert _lint_all(data) == first  # deterministic
    doc = parse(data, "page.md")
    assert [lint_document(doc, c) for c in CONFIGS] == [lint_document(doc, c) for c in CONFIGS]


# --- Markdown from a grammar of real page fragments -------------------------

_WORDS = st.sampled_from(
    [
        "text",
        "The model",
        "works",
        "国産AI",
        "日本語の文章です",
        "。",
        ".",
        "!",
        "?",
        "、",
        "「引用」",
        "「閉じない",
        "(",
        ")",
        "[",
        "]",
        "（",
        "）",
        "*",
        "**",
        "_",
        "`",
        "`code`",
        "~~",
        "<",
        ">",
        "&amp;",
        "https://example.com/a_b",
        "[link](https://example.com)",
        "![img](a.png)",
        "[^1]",
        "<!-- more -->",
        "<!--",
        "-->",
        "{#id}",
        "$x$",
        "\\",
        "😀",
        "\t",
        "  ",
        "…",
        "\u200b",
        "\ufeff",
        "e\u0301",
    ]
)
_INLINE = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)


def _indent(block: str, by: str = "    ") -> str:
    return "\n".join(by + line if line else line for line in block.split("\n"))


def _blocks(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        _INLINE,
        _INLINE.map(lambda t: "#" * 1 + " " + t),
        st.tuples(st.integers(1, 7), _INLINE).map(lambda p: "#" * p[0] + " " + p[1]),
        _INLINE.map(lambda t: f"{t}\n===" if t else t),
        st.tuples(
            st.sampled_from(["```", "~~~", "````"]), st.sampled_from(["", "python", "md"])
        ).flatmap(lambda f: _INLINE.map(lambda t: f"{f[0]}{f[1]}\n{t}\n{f[0]}")),
        _INLINE.map(lambda t: f"```\n{t}"),  # unclosed fence
        _INLINE.map(lambda t: "    " + t),  # indented code
        inner.map(lambda b: "!!! note\n\n" + _indent(b)),
        inner.map(lambda b: '??? tip "Title"\n' + _indent(b)),
        inner.map(lambda b: '=== "Tab"\n\n' + _indent(b)),
        inner.map(lambda b: _indent(b, "> ")),
        inner.map(lambda b: "- " + b.replace("\n", "\n  ")),
        inner.map(lambda b: "1. " + b.replace("\n", "\n   ")),
        _INLINE.map(lambda t: f"| a | b |\n|---|---|\n| {t} | x |"),
        _INLINE.map(lambda t: f"[^1]: {t}"),
        _INLINE.map(lambda t: f"<div markdown>\n{t}\n</div>"),
        st.sampled_from(
            [
                "---",
                "***",
                "<!-- more -->",
                "---END---",
                "(以下略)",
                "--8<-- 'snippet.md'",
                "::: package.module",
                "{% include 'x.html' %}",
                "{{ page.title }}",
                "<!-- postlint-disable -->",
                "<!-- postlint-enable -->",
                "<!-- postlint-disable-next-line duplicate-heading -->",
                "<!-- postlint-disable-line unclosed-pair -->",
                "<!-- postlint-disable-file truncated-ending -->",
                "<!-- postlint-disable nonexistent-rule -->",
                "",
            ]
        ),
    )


_BLOCK = st.recursive(_blocks(_INLINE), _blocks, max_leaves=8)
MARKDOWN = st.lists(_BLOCK, max_size=12).map("\n\n".join)

# --- YAML-ish front matter --------------------------------------------------

_KEYS = st.sampled_from(
    [
        "title",
        "date",
        "tags",
        "draft",
        "authors",
        "x-extra",
        "items",
        "Title",
        "1",
        "2025-01-01",
        "on",
        "null",
        "~",
        "'quoted'",
        '"tags"',
        "? [a, b]",
        "? {a: 1}",
        "<<",
        "=",
        "a b",
        "日本",
        "",
        "-",
        "!!python/object:os.system x",
    ]
)
_SCALARS = st.sampled_from(
    [
        "x",
        "'x'",
        '"unclosed',
        "'it''s'",
        "2025-09-18",
        "2025-13-45",
        "12:30",
        "yes",
        "no",
        "~",
        "null",
        "1e3",
        ".inf",
        "0x1F",
        "[a, b]",
        "[a, [b, [c]]]",
        "{a: 1, b: [2]}",
        "[",
        "{",
        "&anchor value",
        "*anchor",
        "*missing",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!python/object/apply:os.system [ls]",
        "!ENV HOME",
        "!custom x",
        "!!str 1",
        "|\n  block\n  text",
        ">-\n  folded",
        "\t- tab",
        "日本語",
        "@at",
        "`tick",
        "%percent",
    ]
)
_ENTRY = st.one_of(
    st.tuples(_KEYS, _SCALARS).map(lambda p: f"{p[0]}: {p[1]}"),
    st.tuples(_KEYS, st.lists(_SCALARS, max_size=4)).map(
        lambda p: f"{p[0]}:" + "".join(f"\n  - {v}" for v in p[1])
    ),
    st.tuples(_KEYS, _KEYS, _SCALARS).map(lambda p: f"{p[0]}:\n  {p[1]}: {p[2]}"),
    _SCALARS.map(lambda v: f"- {v}"),
    st.sampled_from(["<<: *anchor", "a: &a [1, 2]\nb: [*a, *a]", "%YAML 1.2", "--- !!map", ""]),
)
_YAML = st.lists(_ENTRY, max_size=8).map("\n".join)
FRONT_MATTER = st.tuples(
    st.sampled_from(["---\n{}\n---\n", "---\n{}\n...\n", "---\n{}\n", "+++\n{}\n+++\n"]),
    _YAML,
).map(lambda p: p[0].format(p[1]))
JSON_FRONT_MATTER = st.sampled_from(
    ['{\n"title": "x"\n}\n', '{\n"title": [1, {"a": null}]\n}\n', "{\nnot json\n}\n", "{\n"]
)
PAGE = st.tuples(st.one_of(FRONT_MATTER, JSON_FRONT_MATTER, st.just("")), MARKDOWN).map(
    lambda p: p[0] + "\n" + p[1] + "\n"
)


@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@given(PAGE)
def test_markdown_pages(page: str) -> None:
    _check(page.encode("utf-8"))


@given(FRONT_MATTER)
def test_front_matter(front_matter: str) -> None:
    _check(front_matter.encode("utf-8"))


@given(PAGE, st.sampled_from(["\r\n", "\r"]), st.booleans())
def test_line_endings_and_bom_change_nothing(page: str, newline: str, bom: bool) -> None:
    data = page.encode("utf-8")
    other = (b"\xef\xbb\xbf" if bom else b"") + data.replace(b"\n", newline.encode())
    for config in CONFIGS:
        expected = lint_bytes(data, "page.md", config)
        assert lint_bytes(other, "page.md", config) == expected


@given(_YAML)
def test_front_matter_value_is_what_pyyaml_builds(yaml_text: str) -> None:
    """The value built while indexing the keys equals PyYAML's safe load of the same text."""
    doc = parse(f"---\n{yaml_text}\n---\n".encode(), "page.md")
    if doc.meta is not None:
        assert doc.meta == (yaml.load(yaml_text + "\n", Loader=yaml.SafeLoader) or {})
