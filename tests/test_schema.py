"""Front matter schemas: presets, sources, traps and messages (rule frontmatter-schema)."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import EXPECTED_MD, SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_postlint.cli import main
from mkdocs_postlint.config import ConfigError, load_config
from mkdocs_postlint.linter import lint_bytes
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.schema import Site, site_from_plugins, timestamp_fix

RULE = "frontmatter-schema"


def schema_problems(
    text: str,
    raw: dict[str, Any] | None = None,
    base: Path | None = None,
    src_path: str = "page.md",
    site: Site | None = None,
    schema: Any = None,
) -> list[Problem]:
    config = load_config(raw or {}, base or Path.cwd(), schema=schema, site=site)
    problems = lint_bytes(text.encode("utf-8"), src_path, config, src_path)
    return [p for p in problems if p.rule == RULE]


def page(*lines: str, body: str = "Body.\n") -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n\n" + body


def expected_material_lines() -> dict[int, str]:
    """Line -> key of the second table of EXPECTED.md (the Material blog schema)."""
    text = EXPECTED_MD.read_text(encoding="utf-8")
    section = text.split("## Front matter against the Material", 1)[1]
    rows = re.findall(r"^\|\s*(\d+)\s*\|\s*`([^`]+)`", section, re.MULTILINE)
    return {int(line): key for line, key in rows}


# --- the seed post and the presets ------------------------------------------


def test_expected_second_table_is_read() -> None:
    assert expected_material_lines() == {
        4: "date",
        7: "author",
        9: "reading_time",
        8: "excerpt",
    }


def test_seed_against_material_blog_gives_expected_table() -> None:
    problems = schema_problems(SEED.read_text(encoding="utf-8"), {"schema": "material-blog"})
    expected = expected_material_lines()
    assert {p.line for p in problems} == set(expected)
    assert len(problems) == len(expected)
    by_line = {p.line: p for p in problems}
    for line, key in expected.items():
        assert f"'{key}'" in by_line[line].message
    # The date is an error with the corrected spelling; ignored keys are warnings.
    assert by_line[4].severity is Severity.ERROR
    assert "offset needs a colon" in by_line[4].message
    assert "write 2025-09-18 04:37:41 +00:00" in by_line[4].message
    assert by_line[4].column == 7  # the value
    assert "`authors`" in by_line[7].message and ".authors.yml" in by_line[7].message
    assert "`readtime`" in by_line[9].message
    assert "<!-- more -->" in by_line[8].message and "`description`" in by_line[8].message
    for line in (7, 8, 9):
        assert by_line[line].severity is Severity.WARNING
        assert by_line[line].column == 1  # the key


def test_seed_corrected_spelling_builds_a_real_timestamp() -> None:
    import yaml

    fixed = timestamp_fix("2025-09-18 04:37:41 +0000")
    assert fixed is not None
    value = yaml.safe_load(f"date: {fixed[0]}")["date"]
    assert value.isoformat() == "2025-09-18T04:37:41+00:00"


def test_seed_against_jekyll_post_is_valid() -> None:
    assert schema_problems(SEED.read_text(encoding="utf-8"), {"schema": "jekyll-post"}) == []


def test_cli_schema_accepts_a_preset(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["check", "--no-config", "--format", "json", "--schema", "material-blog", str(SEED)]
    )
    report = json.loads(capsys.readouterr().out)
    found = {(p["line"], p["severity"]) for p in report["problems"] if p["rule"] == RULE}
    assert found == {(4, "error"), (7, "warning"), (8, "warning"), (9, "warning")}
    assert code == 1
    main(["check", "--no-config", "--format", "json", "--schema", "jekyll-post", str(SEED)])
    report = json.loads(capsys.readouterr().out)
    assert not [p for p in report["problems"] if p["rule"] == RULE]


def test_material_blog_accepts_a_good_post() -> None:
    text = page(
        "date:",
        "  created: 2025-09-18",
        "  updated: 2025-09-20 10:00:00+09:00",
        "authors: [allforces]",
        "categories: [投資分析]",
        "tags: [AI, 2025]",
        "readtime: 8",
        "draft: false",
        "pin: true",
        "slug: japan-ai",
        "links:",
        "  - blog/index.md",
        "  - Setup: setup.md",
        "hide: [navigation, toc]",
        "search: {boost: 2}",
        "layout: post",
        "custom_key: allowed",
    )
    assert schema_problems(text, {"schema": "material-blog"}) == []


@pytest.mark.parametrize(
    ("lines", "line", "needle"),
    [
        (["title: x"], 1, "missing required key 'date'"),
        (["date: 2025-09-18", "authors: someone"], 3, "[someone]"),
        (["date: 2025-09-18", "readtime: eight"], 3, "an integer"),
        (["date: 2025-09-18", "draft: maybe"], 3, "true or false"),
        (["date: 2025-09-18", "hide: [navigaton]"], 3, 'did you mean "navigation"'),
        (["date: {updated: 2025-09-18}"], 2, "missing the required key 'created'"),
        (["date: [2025-09-18]"], 2, "a mapping with 'created'"),
        (["date:", "  created: 2025-09-18", "  updated: soon"], 4, "'date.updated'"),
        (["date: 2025-09-18", "categories: [投資分析, 2]"], 3, "'categories[1]' must be a string"),
    ],
)
def test_material_blog_rejects(lines: list[str], line: int, needle: str) -> None:
    problems = schema_problems(page(*lines), {"schema": "material-blog"})
    assert [p.line for p in problems] == [line]
    assert needle in problems[0].message


def test_jekyll_post_rejects_a_bad_date() -> None:
    problems = schema_problems(page("date: next tuesday"), {"schema": "jekyll-post"})
    assert [p.line for p in problems] == [2]
    assert "'date'" in problems[0].message


# --- where schemas come from -------------------------------------------------


def test_inline_schema(tmp_path: Path) -> None:
    raw = {"schema": {"type": "object", "required": ["title"]}}
    problems = schema_problems(page("date: 2025-09-18"), raw, tmp_path)
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert "missing required key 'title': add 'title:'" in problems[0].message


def test_yaml_and_json_schema_files(tmp_path: Path) -> None:
    (tmp_path / "s.yml").write_text("properties:\n  title: {type: string}\n", encoding="utf-8")
    (tmp_path / "s.json").write_text('{"properties": {"title": {"type": "string"}}}')
    for name in ("s.yml", "s.json"):
        problems = schema_problems(page("title: 3"), {"schema": name}, tmp_path)
        assert [p.line for p in problems] == [2], name


@pytest.mark.parametrize("form", ["list", "mapping"])
def test_glob_mapping_first_match_wins(tmp_path: Path, form: str) -> None:
    pairs = [
        ("blog/posts/**", "material-blog"),
        ("blog/**", {"required": ["title"]}),
        ("**", {"required": ["description"]}),
    ]
    schemas: Any = [{"glob": g, "schema": s} for g, s in pairs] if form == "list" else dict(pairs)
    raw = {"schemas": schemas, "schema": {"required": ["never"]}}
    text = page("layout: post")
    post = schema_problems(text, raw, tmp_path, "blog/posts/2025/a.md")
    assert ["'date'" in p.message for p in post] == [True]
    blog = schema_problems(text, raw, tmp_path, "blog/index.md")
    assert ["'title'" in p.message for p in blog] == [True]
    other = schema_problems(text, raw, tmp_path, "about.md")
    assert ["'description'" in p.message for p in other] == [True]


def test_schema_is_the_fallback_when_no_glob_matches(tmp_path: Path) -> None:
    raw = {"schemas": {"blog/**": "material-blog"}, "schema": {"required": ["title"]}}
    problems = schema_problems(page("x: 1"), raw, tmp_path, "about.md")
    assert ["'title'" in p.message for p in problems] == [True]


def test_command_line_schema_replaces_schema_and_schemas(tmp_path: Path) -> None:
    raw = {"schemas": {"**": {"required": ["title"]}}}
    problems = schema_problems(
        SEED.read_text(encoding="utf-8"), raw, tmp_path, schema="jekyll-post"
    )
    assert problems == []


@pytest.mark.parametrize(
    ("schemas", "needle"),
    [
        ("material-blog", "schemas: expected a list"),
        ([{"glob": "**"}], "schemas[0]: expected a mapping with the keys 'glob' and 'schema'"),
        ({"**": 3}, "schemas: **: expected a preset name"),
        ({"blog/**": "missing.json"}, "schemas: blog/**: schema file missing.json does not exist"),
    ],
)
def test_bad_schemas_setting(tmp_path: Path, schemas: Any, needle: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config({"schemas": schemas}, tmp_path)
    assert str(raised.value).startswith("invalid config: ")
    assert needle in str(raised.value)


def test_invalid_schema_names_file_and_keyword(tmp_path: Path) -> None:
    (tmp_path / "post.json").write_text('{"properties": {"title": {"type": "strin"}}}')
    with pytest.raises(ConfigError) as raised:
        load_config({"schema": "post.json"}, tmp_path)
    message = str(raised.value)
    assert "post.json" in message and "keyword 'type'" in message


@pytest.mark.parametrize(
    ("schema", "needle"),
    [
        ({"yamlType": "time"}, "keyword 'yamlType' must be one of"),
        ({"errorMessage": 3}, "keyword 'errorMessage' must be a string"),
        ({"pattern": "(unclosed"}, "keyword 'pattern'"),
        (
            {"patternProperties": {"^a": {}}, "unevaluatedProperties": False},
            "cannot be combined",
        ),
    ],
)
def test_extension_keywords_are_checked_at_load(
    tmp_path: Path, schema: dict[str, Any], needle: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config({"schema": schema}, tmp_path)
    assert needle in str(raised.value)


def test_cli_invalid_schema_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yml").write_text("type: 12\n", encoding="utf-8")
    (tmp_path / "p.md").write_text(page("title: x"), encoding="utf-8")
    assert main(["check", "--no-config", "--schema", "bad.yml", "p.md"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.yml" in err and "Traceback" not in err


# --- a page's own $schema -----------------------------------------------------


def test_page_schema_takes_precedence(tmp_path: Path) -> None:
    (tmp_path / "docs" / "blog").mkdir(parents=True)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "post.yml").write_text("required: [title]\n", encoding="utf-8")
    (tmp_path / "docs" / "blog" / "near.yml").write_text("required: [near]\n", encoding="utf-8")
    site = Site(tmp_path, tmp_path / "docs")
    raw = {"schemas": {"**": {"required": ["never"]}}}

    def check(value: str) -> list[str]:
        text = page(f"$schema: {value}", "layout: post")
        (tmp_path / "docs" / "blog" / "p.md").write_text(text, encoding="utf-8")
        problems = schema_problems(text, raw, tmp_path, "blog/p.md", site)
        return [p.message for p in problems]

    assert check("jekyll-post") == []  # a preset; the glob's schema is not used
    assert ["'title'" in m for m in check("schemas/post.yml")] == [True]  # project-relative
    assert ["'near'" in m for m in check("near.yml")] == [True]  # page-relative
    assert ["'date'" in m for m in check("material-blog")] == [True]


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("https://example.com/s.json", "never fetched"),
        ("file:///etc/passwd", "not a local file"),
        ("../outside.yml", "outside the project folder"),
        ("nope.yml", "does not exist"),
        ("bad.yml", "invalid schema"),
        ("[1]", "$schema must be a preset name or a path"),
    ],
)
def test_page_schema_problems_are_findings(tmp_path: Path, value: str, needle: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "outside.yml").write_text("required: [x]\n", encoding="utf-8")
    (project / "bad.yml").write_text("type: 12\n", encoding="utf-8")
    problems = schema_problems(page("title: t", f"$schema: {value}"), {}, project)
    assert [(p.line, p.severity) for p in problems] == [(3, Severity.ERROR)]
    assert needle in problems[0].message


# --- YAML as the consumer sees it: traps -----------------------------------------

TRAPS = {
    "properties": {
        "title": {"type": "string"},
        "country": {"type": "string"},
        "date": {"yamlType": "timestamp"},
        "version": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
    }
}


@pytest.mark.parametrize(
    ("line", "needles"),
    [
        ("date: 2025-09-18 04:37:41 +0000", ["offset needs a colon", "2025-09-18 04:37:41 +00:00"]),
        ("date: 2025-9-18", ["two digits", "write 2025-09-18"]),
        ("date: 2025-09-18 4:37", ["needs seconds", "write 2025-09-18 04:37:00"]),
        ('date: "2025-09-18"', ["it is quoted", "write 2025-09-18"]),
        ("date: 2025-2-30", ["no such date"]),
        ("date: soon", ["YYYY-MM-DD"]),
        ("country: no", ["YAML 1.1", 'quote it: "no"', "the boolean false"]),
        ("title: on", ["YAML 1.1", 'quote it: "on"']),
        ("title: yes", ["YAML 1.1", 'quote it: "yes"']),
        ("version: 1.10", ['quote it: "1.10"', "the number 1.1"]),
        ("title: 2025-09-18", ["the date 2025-09-18", 'quote it: "2025-09-18"']),
        ("tags: AI", ["must be a list", "[AI]"]),
    ],
)
def test_traps_have_specific_messages(line: str, needles: list[str]) -> None:
    problems = schema_problems(page(line), {"schema": TRAPS})
    assert [p.line for p in problems] == [2]
    for needle in needles:
        assert needle in problems[0].message, problems[0].message


def test_timestamp_fix_keeps_the_author_s_spelling() -> None:
    assert timestamp_fix("2025-09-18T04:37:41+0900") == (
        "2025-09-18T04:37:41+09:00",
        ["the offset needs a colon"],
    )
    assert timestamp_fix("2025-09-18 04:37:41Z") == ("2025-09-18 04:37:41Z", [])
    assert timestamp_fix("not a date") is None


def test_duplicate_keys_and_tabs_are_still_frontmatter_syntax(tmp_path: Path) -> None:
    config = load_config({"schema": "material-blog"}, tmp_path)
    duplicate = page("date: 2025-09-18", "title: a", "title: b").encode()
    problems = lint_bytes(duplicate, "p.md", config)
    assert [(p.rule, p.line) for p in problems] == [("frontmatter-syntax", 4)]
    assert "line 3" in problems[0].message
    tabbed = b"---\ndate:\n\tcreated: 2025-09-18\n---\n\nBody.\n"
    problems = lint_bytes(tabbed, "p.md", config)
    assert [p.rule for p in problems] == ["frontmatter-syntax"]
    assert "tabs" in problems[0].message


# --- format checking is enforced ---------------------------------------------------

FORMATS = {
    "properties": {
        "when": {"format": "date"},
        "at": {"format": "date-time"},
        "site": {"format": "uri"},
        "mail": {"format": "email"},
    }
}


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("at: 2025-09-18T04:37:41+00:00", True),
        ('at: "2025-09-18T04:37:41Z"', True),
        ("at: 2025-09-18 04:37:41", True),  # a YAML timestamp
        ('at: "2025-09-18T25:00:00Z"', False),
        ('at: "yesterday"', False),
        ("at: 2025-09-18", False),  # a date, no time of day
        ("when: 2025-09-18", True),
        ('when: "2025-09-18"', True),
        ('when: "2025-09-31"', False),
        ("when: 2025-09-18 10:00:00", False),
        ("site: https://example.com/a?b=c", True),
        ("site: not a uri", False),
        ("site: /relative/path", False),
        ("mail: someone@example.com", True),
        ("mail: someone", False),
    ],
)
def test_formats_are_enforced(line: str, ok: bool) -> None:
    problems = schema_problems(page(line), {"schema": FORMATS})
    assert (problems == []) is ok, [p.message for p in problems]


# --- messages a person can act on ----------------------------------------------


def test_missing_required_key_points_at_the_front_matter() -> None:
    schema = {"required": ["title", "date"], "properties": {"date": {"required": ["created"]}}}
    problems = schema_problems(page("date: {updated: 2025-09-18}"), {"schema": schema})
    assert [(p.line, p.column) for p in problems] == [(1, 1), (2, 1)]
    assert "add 'title:' to the front matter" in problems[0].message
    assert "'date' is missing the required key 'created'" in problems[1].message


def test_page_without_front_matter_says_what_to_add() -> None:
    problems = schema_problems("# Title\n", {"schema": {"required": ["title"]}})
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert "no front matter" in problems[0].message and "'title:'" in problems[0].message


def test_unknown_keys_are_each_named_with_the_closest_allowed_key() -> None:
    schema = {
        "additionalProperties": False,
        "properties": {"title": {}, "categories": {}, "authors": {}},
    }
    text = page("titel: x", "categroies: [a]", "zzz: 1", "authors: [a]")
    problems = schema_problems(text, {"schema": schema})
    assert [(p.line, p.column) for p in problems] == [(2, 1), (3, 1), (4, 1)]
    assert "unknown key 'titel'" in problems[0].message
    assert "did you mean 'title'" in problems[0].message
    assert "did you mean 'categories'" in problems[1].message
    assert "unknown key 'zzz'" in problems[2].message


def test_enum_lists_the_allowed_values() -> None:
    schema = {"properties": {"status": {"enum": ["new", "deprecated"]}}}
    problems = schema_problems(page("status: old"), {"schema": schema})
    assert '"new", "deprecated"' in problems[0].message
    assert problems[0].column == 9


def test_one_of_shows_the_most_relevant_cause() -> None:
    schema = {
        "properties": {
            "image": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "required": ["path"],
                        "properties": {"path": {"type": "string"}, "alt": {"type": "string"}},
                    },
                ]
            }
        }
    }
    problems = schema_problems(page("image:", "  path: a.png", "  alt: 3"), {"schema": schema})
    assert [(p.line, p.column) for p in problems] == [(4, 8)]
    assert problems[0].message.startswith("'image.alt' must be a string")


def test_messages_never_show_python_reprs() -> None:
    schema = {
        "properties": {
            "a": {"type": "string"},
            "b": {"enum": ["x"]},
            "c": {"const": 1},
            "d": {"not": {"yamlType": "date"}},
            "e": {"type": "object", "additionalProperties": {"type": "string"}},
            "f": {"maxItems": 1},
            "g": {"uniqueItems": True},
            "h": {"minimum": 10},
        }
    }
    text = page(
        "a: 2025-09-18",
        "b: 2025-09-18 10:00:00",
        "c: [2025-09-18]",
        "d: 2025-09-18",
        "e: {k: 2025-09-18}",
        "f: [2025-09-18, 2025-09-19]",
        "g: [2025-09-18, 2025-09-18]",
        "h: 3",
    )
    problems = schema_problems(text, {"schema": schema})
    assert [p.line for p in problems] == list(range(2, 10))
    for problem in problems:
        assert "datetime" not in problem.message and "None" not in problem.message
        assert not re.search(r"\w\(\d", problem.message), problem.message


def test_long_values_are_shortened() -> None:
    schema = {"properties": {"title": {"maxLength": 5}, "tags": {"maxItems": 1}}}
    text = page("title: " + "x" * 500, "tags: [" + ", ".join(["tag"] * 300) + "]")
    for problem in schema_problems(text, {"schema": schema}):
        assert len(problem.message) < 200


def test_slow_pattern_is_reported_not_waited_on() -> None:
    schema = {
        "properties": {"code": {"type": "string", "pattern": "^(a|a)+$"}},
        "patternProperties": {"^(b|b)+$": {"type": "string"}},
    }
    text = page("code: " + "a" * 60 + "!", "b" * 60 + "!: 1")
    problems = schema_problems(text, {"schema": schema})
    assert [p.line for p in problems] == [2, 3]
    assert all("took longer than" in p.message for p in problems)


def test_all_errors_of_all_pages_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for index in range(3):
        (tmp_path / f"p{index}.md").write_text(
            page("date: 2025-9-1", "readtime: x", "author: me"), encoding="utf-8"
        )
    code = main(["check", "--no-config", "--format", "json", "--schema", "material-blog", "."])
    problems = json.loads(capsys.readouterr().out)["problems"]
    found = {(p["path"], p["line"]) for p in problems if p["rule"] == RULE}
    assert found == {(f"p{i}.md", line) for i in range(3) for line in (2, 3, 4)}
    assert code == 1


# --- the material-blog preset reads the site -----------------------------------------


def blog_site(tmp_path: Path, blog: dict[str, Any] | None, authors: str | None) -> Site:
    docs = tmp_path / "docs"
    (docs / "news" / "posts").mkdir(parents=True)
    (docs / "blog").mkdir()
    if authors is not None:
        folder = "news" if blog and blog.get("blog_dir") == "news" else "blog"
        (docs / folder / ".authors.yml").write_text(authors, encoding="utf-8")
    plugins = [("material/blog", blog)] if blog is not None else []
    return site_from_plugins(tmp_path, docs, plugins)


AUTHORS = "authors:\n  alice:\n    name: Alice\n    description: Writer\n    avatar: a.png\n"


def test_authors_are_checked_against_the_authors_file(tmp_path: Path) -> None:
    site = blog_site(tmp_path, {"blog_dir": "news"}, AUTHORS)
    text = page("date: 2025-09-18", "authors: [alice, bob]")
    problems = schema_problems(text, {"schema": "material-blog"}, tmp_path, "news/posts/a.md", site)
    assert [(p.line, p.column) for p in problems] == [(3, 18)]
    assert "author 'bob' is not defined in docs/news/.authors.yml (defined: alice)" in (
        problems[0].message
    )


def test_default_authors_file_is_used_when_it_exists(tmp_path: Path) -> None:
    site = blog_site(tmp_path, None, AUTHORS)
    text = page("date: 2025-09-18", "authors:", "  - carol")
    problems = schema_problems(text, {"schema": "material-blog"}, tmp_path, "blog/posts/a.md", site)
    assert [p.line for p in problems] == [4]
    assert "docs/blog/.authors.yml" in problems[0].message


def test_without_authors_file_authors_fail_only_when_the_blog_plugin_is_on(
    tmp_path: Path,
) -> None:
    text = page("date: 2025-09-18", "authors: [alice]")
    unconfigured = blog_site(tmp_path, None, None)
    args = ({"schema": "material-blog"}, tmp_path, "blog/posts/a.md")
    assert schema_problems(text, *args, unconfigured) == []
    configured = site_from_plugins(tmp_path, tmp_path / "docs", [("blog", {})])
    problems = schema_problems(text, *args, configured)
    assert "there is no authors file docs/blog/.authors.yml" in problems[0].message
    off = site_from_plugins(tmp_path, tmp_path / "docs", [("blog", {"authors": False})])
    assert schema_problems(text, *args, off) == []


def test_categories_allowed(tmp_path: Path) -> None:
    site = blog_site(tmp_path, {"categories_allowed": ["AI", "Markets"]}, None)
    text = page("date: 2025-09-18", "categories: [AI, 投資分析]")
    problems = schema_problems(text, {"schema": "material-blog"}, tmp_path, "blog/posts/a.md", site)
    assert [(p.line, p.column) for p in problems] == [(3, 18)]
    assert "'投資分析' is not in the blog's categories_allowed (AI, Markets)" in problems[0].message


def test_broken_authors_file_is_a_config_error(tmp_path: Path) -> None:
    site = blog_site(tmp_path, None, "authors: [not, a, mapping]\n")
    with pytest.raises(ConfigError) as raised:
        load_config({"schema": "material-blog"}, tmp_path, site=site)
    assert ".authors.yml" in str(raised.value)


# --- any front matter gives findings or nothing, never an exception ----------------

FRAGMENTS = [
    "date: 2025-09-18",
    "date: 2025-9-1 1:2",
    "date: {created: 2025-09-18, updated: x}",
    "date: [1, {a: b}]",
    "authors: [a, 1, null, [x]]",
    "authors: ~",
    "categories: {a: 1}",
    "tags: [yes, no, 1.5, 2025-01-01]",
    "readtime: 1e3",
    "links: [{a: [b, {c: d}]}, 3]",
    "hide: [toc, x, {y: z}]",
    "? [complex, key]\n  : value",
    "2025-01-01: date key",
    "1: int key",
    "title: !!binary aGVsbG8=",
    "title: !!set {a, b}",
    "search: {boost: .inf}",
    "author: &a [x, *a]",
    "excerpt: " + "long " * 100,
    "$schema: material-blog",
    "$schema: 3",
    "x: y",
]


FUZZ_CONFIGS = [
    load_config({"schema": schema}, Path.cwd())
    for schema in ("material-blog", "jekyll-post", TRAPS, FORMATS)
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8))
def test_any_front_matter_gives_findings_not_exceptions(lines: list[str]) -> None:
    text = page(*lines)
    line_count = text.count("\n") + 1
    for config in FUZZ_CONFIGS:
        problems = lint_bytes(text.encode("utf-8"), "page.md", config)
        for problem in problems:
            assert 1 <= problem.line <= line_count
            assert problem.column >= 1
            assert "datetime." not in problem.message and "Traceback" not in problem.message


def test_user_schema_extensions() -> None:
    schema = {
        "properties": {
            "old": {"deprecated": True, "errorMessage": "use 'new' instead"},
            "gone": {"deprecated": True},
            "day": {"yamlType": "date"},
            "at": {"yamlType": ["date", "datetime"]},
            "code": {"pattern": "^[A-Z]+$", "errorMessage": "codes are capital letters"},
        }
    }
    text = page("old: 1", "gone: 2", "day: 2025-09-18 10:00:00", "at: 2025-09-18", "code: abc")
    problems = schema_problems(text, {"schema": schema})
    assert [(p.line, p.severity) for p in problems] == [
        (2, Severity.WARNING),
        (3, Severity.WARNING),
        (4, Severity.ERROR),
        (6, Severity.ERROR),
    ]
    assert problems[0].message == "'old': use 'new' instead"
    assert problems[1].message == "'gone' is deprecated"
    assert "must be a YAML date, not the timestamp 2025-09-18 10:00:00" in problems[2].message
    assert problems[3].message == "'code': codes are capital letters"


def test_schema_is_not_a_rule_option(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config({"rules": {"frontmatter-schema": {"schema": "material-blog"}}}, tmp_path)
    assert "rules.frontmatter-schema: unknown option 'schema'" in str(raised.value)


def test_page_schema_works_without_any_configured_schema(tmp_path: Path) -> None:
    problems = schema_problems(page("$schema: material-blog", "title: t"), {}, tmp_path)
    assert ["missing required key 'date'" in p.message for p in problems] == [True]


def test_a_pattern_that_keeps_timing_out_is_no_longer_run() -> None:
    import time

    schema = {"properties": {"code": {"type": "string", "pattern": "^(c|c)+$"}}}
    config = load_config({"schema": schema}, Path.cwd())
    text = page("code: " + "c" * 60 + "!").encode()
    started = time.monotonic()
    for _ in range(10):
        problems = lint_bytes(text, "p.md", config)
        assert ["took longer than" in p.message for p in problems] == [True]
    # At most three runs hit the 0.1 s budget; the other seven are not run.
    assert time.monotonic() - started < 3.0


def test_plugin_settings_are_kept_as_plain_data(tmp_path: Path) -> None:
    """A plugin's config object becomes dicts and lists: the worker need not import its class."""
    from mkdocs.config.base import Config as MkDocsConfig
    from mkdocs.config.config_options import ListOfItems, Type

    class BlogConfig(MkDocsConfig):
        blog_dir = Type(str, default="news")
        categories_allowed = ListOfItems(Type(str), default=[])

    settings = BlogConfig()
    settings.load_dict({"categories_allowed": ["AI"]})
    settings.validate()
    site = site_from_plugins(tmp_path, tmp_path / "docs", [("material/blog", settings)])
    ((name, plain),) = site.plugins
    assert name == "material/blog"
    assert type(plain) is dict
    assert plain["blog_dir"] == "news"
    assert plain["categories_allowed"] == ["AI"]
    assert b"BlogConfig" not in pickle.dumps(site)


def test_plugin_settings_that_are_functions_stay_equal_from_one_build_to_the_next(
    tmp_path: Path,
) -> None:
    """A slugify made anew by each build is described by its name, not kept by address."""
    import functools

    builds: list[dict[str, Any]] = []  # both builds' settings stay alive, as in `serve`

    def site() -> Site:
        def slugify(text: str, separator: str) -> str:
            return text.lower()

        builds.append({"categories_slugify": functools.partial(slugify, separator="_")})
        return site_from_plugins(tmp_path, None, [("blog", builds[-1])])

    first, second = site(), site()
    assert first.plugins == second.plugins
    ((_, settings),) = first.plugins
    assert "slugify" in json.dumps(settings)
