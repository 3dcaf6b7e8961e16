"""Front matter shapes: each is a problem on a line of the real file, never a crash or silence."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mkdocs_postlint.config import load_config
from mkdocs_postlint.document import MAX_META_DEPTH, MAX_META_NODES, parse
from mkdocs_postlint.linter import lint_bytes

SCHEMA_CONFIG = load_config(
    {
        "schema": {
            "type": "object",
            "required": ["title"],
            "patternProperties": {"^x-": {}},
            "additionalProperties": False,
            "properties": {"title": {"type": "string"}},
        }
    },
    Path.cwd(),
)


def _findings(front_matter: str, body: str = "Text.\n") -> list[tuple[int, str]]:
    doc = parse(f"---\n{front_matter}\n---\n\n{body}".encode(), "p.md")
    return [(f.line, f.message) for f in doc.meta_findings]


def test_unterminated() -> None:
    doc = parse(b"---\ntitle: x\n\n# Heading\n\nText.\n", "p.md")
    assert doc.meta is None
    assert [(f.line, f.message) for f in doc.meta_findings] == [
        (1, "front matter opened on line 1 is never closed: add a line '---' after it")
    ]


@pytest.mark.parametrize(
    ("yaml", "kind"),
    [("- a\n- b", "a list"), ("just text", "a single str value"), ("42", "a single int value")],
)
def test_list_or_scalar_instead_of_mapping(yaml: str, kind: str) -> None:
    ((line, message),) = _findings(yaml)
    assert line == 2
    assert f"must be a mapping of keys to values, not {kind}" in message


def test_empty_front_matter_is_an_empty_mapping() -> None:
    doc = parse(b"---\n\n---\nText.\n", "p.md")
    assert (doc.meta, doc.meta_findings) == ({}, [])


@pytest.mark.parametrize(
    ("text", "kind", "end"),
    [
        ('{\n"title": "x",\n"tags": ["a"]\n}\n\nText.\n', "JSON", 4),
        ('+++\ntitle = "x"\n+++\n\nText.\n', "TOML", 3),
    ],
)
def test_json_and_toml_front_matter(text: str, kind: str, end: int) -> None:
    doc = parse(text.encode(), "p.md")
    (finding,) = doc.meta_findings
    assert (finding.line, finding.end_line) == (1, end)
    assert finding.message.startswith(f"{kind} front matter (lines 1-{end}) is not read by MkDocs")
    assert doc.meta is None


@pytest.mark.parametrize("text", ["{\nnot json at all\n}\n", "{\n", "{a}\n", "+++\nno close\n"])
def test_braces_that_are_not_front_matter_are_left_alone(text: str) -> None:
    assert parse(text.encode(), "p.md").meta_findings == []


@pytest.mark.parametrize(
    ("yaml", "line", "needle"),
    [
        ("title: x\n2025: y", 3, "key '2025' is read as a number"),
        ("on: push", 2, "key 'on' is read as a boolean"),
        ("yes: 1", 2, "key 'yes' is read as a boolean"),
        ("~: x", 2, "key '~' is read as null"),
        ("2025-01-01: x", 2, "key '2025-01-01' is read as a date"),
        ("authors:\n  1.5: x", 3, "key '1.5' is read as a number"),
    ],
)
def test_non_string_keys(yaml: str, line: int, needle: str) -> None:
    findings = _findings(yaml)
    assert any(n == line and needle in m for n, m in findings), findings
    assert "quote it" in findings[0][1]


def test_non_string_keys_do_not_reach_the_schema() -> None:
    # jsonschema's patternProperties raises TypeError on an int key
    problems = lint_bytes(b"---\ntitle: x\n1: y\n---\nText.\n", "p.md", SCHEMA_CONFIG)
    assert [(p.rule, p.line) for p in problems] == [("frontmatter-syntax", 3)]


def test_quoted_keys_are_strings() -> None:
    doc = parse(b"---\n'2025': y\n\"on\": z\n---\n", "p.md")
    assert (doc.meta, doc.meta_findings) == ({"2025": "y", "on": "z"}, [])


@pytest.mark.parametrize(
    ("yaml", "kind"), [("? [a, b]\n: c", "a list"), ("? {a: 1}\n: c", "a mapping")]
)
def test_complex_keys(yaml: str, kind: str) -> None:
    assert _findings(yaml) == [(2, f"a key may not be {kind} (a YAML complex key): use a string")]


@pytest.mark.parametrize("key", ["items", "keys", "values", "get", "copy", "update", "pop"])
def test_keys_that_clash_with_dict_methods_warn(key: str) -> None:
    doc = parse(f"---\ntitle: x\n{key}: [a]\n---\n".encode(), "p.md")
    (finding,) = doc.meta_findings
    assert finding.line == 3 and finding.severity is not None
    assert finding.severity.value == "warning"
    assert f"'page.meta.{key}' is the method" in finding.message
    assert doc.meta == {"title": "x", key: ["a"]}  # still read: MkDocs reads it too


def test_duplicate_keys_name_both_lines() -> None:
    ((line, message),) = _findings("title: a\ndate: 2025-01-01\ntitle: b")
    assert line == 4
    assert message == "duplicate key 'title' (first on line 2): YAML keeps only the last value"


def test_duplicate_nested_keys() -> None:
    ((line, message),) = _findings("extra:\n  a: 1\n  a: 2")
    assert line == 4 and "first on line 3" in message


@pytest.mark.parametrize(
    ("yaml", "tag"),
    [
        ("cmd: !!python/object/apply:os.system ['echo hacked']", "!!python/object/apply:os.system"),
        ("x: !!python/name:os.system", "!!python/name:os.system"),
        ("x: !ENV HOME", "!ENV"),
        ("x: !relative docs", "!relative"),
        ("x: !custom\n  a: 1", "!custom"),
        ("? !!python/tuple [a, b]\n: c", "!!python/tuple"),
        ("x: [!!python/bytes YQ==]", "!!python/bytes"),
    ],
)
def test_unknown_and_python_tags_are_refused(yaml: str, tag: str) -> None:
    doc = parse(f"---\n{yaml}\n---\n".encode(), "p.md")
    (finding,) = doc.meta_findings
    assert finding.message.startswith(f"tag '{tag}' is refused: front matter may hold only plain")
    assert doc.meta is None


def test_standard_tags_are_read() -> None:
    doc = parse(b"---\na: !!str 1\nb: !!binary aGk=\nc: !!int '2'\n---\n", "p.md")
    assert (doc.meta, doc.meta_findings) == ({"a": "1", "b": b"hi", "c": 2}, [])


@pytest.mark.parametrize(
    ("yaml", "needle"),
    [
        ("date: 2025-13-45", "'2025-13-45' looks like a date but cannot be read as one"),
        ("date: 2025-02-30", "day is out of range for month"),
        ("n: " + "9" * 5000, "looks like a number but cannot be read as one"),
    ],
)
def test_values_pyyaml_cannot_build(yaml: str, needle: str) -> None:
    ((line, message),) = _findings(yaml)
    assert line == 2 and needle in message


def test_alias_bomb_is_bounded() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    problems = lint_bytes(
        f"---\n{chr(10).join(levels)}\n---\nText.\n".encode(), "p.md", SCHEMA_CONFIG
    )
    elapsed = time.perf_counter() - started
    assert [(p.rule, p.line) for p in problems] == [("frontmatter-syntax", 2)]
    assert f"expands to more than {MAX_META_NODES} values" in problems[0].message
    assert elapsed < 10  # unbounded, jsonschema needs minutes to describe 9**9 values


def test_a_shared_anchor_within_budget_is_fine() -> None:
    doc = parse(b"---\ntags: &t [a, b]\nkeywords: *t\n---\n", "p.md")
    assert doc.meta == {"tags": ["a", "b"], "keywords": ["a", "b"]}
    assert doc.meta_keys[("keywords", 1)] == (2, 14)


@pytest.mark.parametrize("depth", [MAX_META_DEPTH + 1, 999, 10_000])
def test_deep_flow_nesting(depth: int) -> None:
    ((line, message),) = _findings("x: " + "[" * depth + "]" * depth)
    assert line == 2
    assert message == f"front matter is nested more than {MAX_META_DEPTH} levels deep: not read"


def test_deep_block_nesting() -> None:
    depth = MAX_META_DEPTH + 5
    yaml = "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "b"
    ((_, message),) = _findings(yaml)
    assert "nested more than" in message


def test_nesting_within_the_limit_is_read() -> None:
    depth = MAX_META_DEPTH - 1
    doc = parse(f"---\nx: {'[' * depth}1{']' * depth}\n---\n".encode(), "p.md")
    assert doc.meta_findings == [] and doc.meta is not None


def test_merge_keys_are_yaml_not_user_keys() -> None:
    doc = parse(b"---\nbase: &b {a: 1}\nthis:\n  <<: *b\n  c: 2\n---\n", "p.md")
    assert doc.meta_findings == []
    assert doc.meta == {"base": {"a": 1}, "this": {"a": 1, "c": 2}}
