"""duplicate-anchor uses the site's real toc settings, in the CLI and in the config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown.extensions.toc import slugify as markdown_slugify

from mkdocs_postlint.cli import main
from mkdocs_postlint.config import ConfigError, load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.linter import lint_document
from mkdocs_postlint.rules.duplicate_anchor import (
    resolve_slugify,
    toc_from_mkdocs_yml,
    toc_slugify,
)

PAGE = "# 導入ガイド\n\n本文です。\n\n## 前提条件\n\n本文です。\n"
PYMDOWNX = (
    "markdown_extensions:\n"
    "  - toc:\n"
    "      permalink: true\n"
    "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
)


def _anchors(source: str, **config: object) -> list[tuple[int, str]]:
    doc = parse(source.encode(), "page.md")
    problems = lint_document(doc, load_config(**config))  # type: ignore[arg-type]
    return [(p.line, p.message) for p in problems if p.rule == "duplicate-anchor"]


def _site(tmp_path: Path, extensions: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\n{extensions}", encoding="utf-8")
    return tmp_path


def _cli_anchor_lines(capsys: pytest.CaptureFixture[str]) -> list[int]:
    assert main(["check", "--format", "json", "--fail-on", "never"]) == 0
    problems = json.loads(capsys.readouterr().out)["problems"]
    return [p["line"] for p in problems if p["rule"] == "duplicate-anchor"]


def test_default_slugify_on_japanese_headings_is_one_finding() -> None:
    # A site's default toc (MkDocs always enables toc): both headings lose all their text.
    found = _anchors(PAGE, raw={}, toc={})
    assert [line for line, _ in found] == [1]
    message = found[0][1]
    assert "\"導入ガイド\" gets '_1' (and 1 more heading on this page)" in message
    assert (
        "set '- toc: {slugify: !!python/object/apply:pymdownx.slugs.slugify "
        "{kwds: {case: lower}}}'" in message
    )


def test_without_the_site_settings_the_slugify_is_not_guessed() -> None:
    # No mkdocs.yml: which slugify the pages are built with is not known.
    assert _anchors(PAGE, raw={}) == []
    # A collision that any slugify makes is still reported.
    found = _anchors("## C++\n\nText.\n\n## C\n\nText.\n", raw={})
    assert [line for line, _ in found] == [5]


def test_one_finding_for_the_whole_site_with_a_page_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, "markdown_extensions:\n  - admonition\n")
    for name in ("a", "b", "c"):
        (site / "docs" / f"{name}.md").write_text(PAGE, encoding="utf-8")
    (site / "docs" / "en.md").write_text("## C++\n\nText.\n\n## C\n\nText.\n")
    monkeypatch.chdir(site)
    assert main(["check", "--format", "json", "--fail-on", "never"]) == 0
    problems = json.loads(capsys.readouterr().out)["problems"]
    found = [(p["path"], p["line"], p["message"]) for p in problems]
    assert [(path, line) for path, line, _ in found] == [("docs/a.md", 1), ("docs/en.md", 5)]
    assert found[0][2].endswith("(the same on 3 more pages)")


def test_headings_filled_in_by_a_hook_are_not_judged() -> None:
    # Material's own docs: the shortcode hook writes the heading and its id.
    source = (
        "# Settings\n\n#### <!-- md:setting config.enabled -->\n\nText.\n\n"
        "#### <!-- md:setting config.blog_dir -->\n\nText.\n\n## <span></span>\n"
    )
    assert _anchors(source, raw={}, toc={}) == []


@pytest.mark.parametrize("attrs", ["{#talent}", "{ #talent }", "{: #talent }", "{: .big #talent}"])
def test_explicit_ids_in_every_attr_list_form(attrs: str) -> None:
    source = f"# 人材不足 {attrs}\n\nText.\n\n## 採用 {{#hiring}}\n\nText.\n"
    assert _anchors(source, raw={}, toc={}) == []
    twice = f"# 人材不足 {attrs}\n\nText.\n\n## 採用 {attrs}\n\nText.\n"
    (found,) = _anchors(twice, raw={}, toc={})
    assert found[0] == 5 and "id 'talent' is also given to the heading on line 1" in found[1]


def test_a_heading_without_letters_is_named_not_quoted_empty() -> None:
    (found,) = _anchors("## 🎉\n\nText.\n", raw={}, toc={})
    assert found[1].startswith("heading id '_1' keeps none of the text of \"🎉\"")
    assert '""' not in found[1]


def test_cli_reads_toc_slugify_from_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_site(tmp_path, PYMDOWNX))
    assert _cli_anchor_lines(capsys) == []


def test_cli_without_toc_settings_uses_mkdocs_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_site(tmp_path, "markdown_extensions:\n  - toc:\n      permalink: true\n"))
    assert _cli_anchor_lines(capsys) == [1]


def test_toc_settings_in_every_form_mkdocs_accepts() -> None:
    assert toc_from_mkdocs_yml({"markdown_extensions": ["toc"]}) == {}
    assert toc_from_mkdocs_yml({"markdown_extensions": [{"toc": {"separator": "_"}}]}) == {
        "separator": "_"
    }
    assert toc_from_mkdocs_yml({"markdown_extensions": {"toc": {"separator": "_"}}}) == {
        "separator": "_"
    }
    # MkDocs always enables toc: a mkdocs.yml that does not list it has the defaults.
    assert toc_from_mkdocs_yml({"markdown_extensions": ["admonition"]}) == {}
    assert toc_from_mkdocs_yml({}) == {}


def test_separator_from_the_site_makes_ids_collide() -> None:
    source = "# Tag the release\n\nText.\n\n## Tag_the release\n\nText.\n"
    assert _anchors(source, raw={}) == []
    found = _anchors(source, raw={}, toc={"separator": "_"})
    assert [line for line, _ in found] == [5]
    assert "'tag_the_release_1'" in found[0][1]


def test_slugify_option_as_dotted_path_overrides_the_site() -> None:
    raw = {"rules": {"duplicate-anchor": {"slugify": "markdown.extensions.toc.slugify_unicode"}}}
    assert _anchors(PAGE, raw=raw, toc={"slugify": None}) == []
    # The site's setting is used when the option is not given.
    from pymdownx.slugs import slugify

    assert _anchors(PAGE, raw={}, toc={"slugify": slugify(case="lower")}) == []


def test_bad_slugify_is_a_config_error_naming_the_key() -> None:
    raw = {"rules": {"duplicate-anchor": {"slugify": "no_such_module.slugify"}}}
    with pytest.raises(ConfigError, match=r"^invalid config: rules\.duplicate-anchor\.slugify:"):
        load_config(raw)
    with pytest.raises(ConfigError, match="dotted import path"):
        load_config({"rules": {"duplicate-anchor": {"slugify": "slugify"}}})


def test_a_failing_slugify_is_a_finding_not_a_crash() -> None:
    def broken(text: str, separator: str) -> str:
        raise RuntimeError("boom")

    found = _anchors(PAGE, raw={}, toc={"slugify": broken})
    assert len(found) == 1 and "boom" in found[0][1]


def test_explicit_ids_are_taken_first() -> None:
    # The generated id of line 1 would be "setup"; the explicit one on line 5 owns it,
    # and is where the finding goes: one finding for any number of headings it renames.
    source = "# Setup\n\nText.\n\n## Installing {#setup}\n\nText.\n\n## Setup\n"
    ((line, message),) = _anchors(source, raw={})
    assert line == 5
    assert message.startswith(
        "id 'setup' is the id the heading on line 1 (\"Setup\") gets from its text, "
        "so that one becomes 'setup_1' (and 1 more heading)"
    )


_EXTENSIONS = [
    "toc",
    "attr_list",
    "admonition",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "abbr",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
]


@pytest.mark.parametrize("lower", [False, True], ids=["default-slugify", "pymdownx-slugify"])
def test_ids_are_those_python_markdown_assigns(lower: bool) -> None:
    """The ids the rule reasons about are the ids MkDocs renders, heading for heading."""
    import html
    import re

    import markdown
    from conftest import SEED
    from fixture_pages import all_fixtures, load
    from markdown.extensions.toc import slugify as default
    from mkdocs.utils.meta import get_data
    from pymdownx.slugs import slugify as pymdownx_slugify

    from mkdocs_postlint.rules.duplicate_anchor import heading_ids

    slugify = pymdownx_slugify(case="lower") if lower else default
    pages = [(p.name, load(p).stripped) for p in all_fixtures()] + [(SEED.name, SEED.read_bytes())]
    compared = 0
    for name, data in pages:
        if b"\n```bash\nmkdocs-postlint check docs/\n\n" in data:
            continue  # an unclosed fence: Python-Markdown and CommonMark disagree on the rest
        body, _ = get_data(data.decode("utf-8"))
        rendered = markdown.markdown(
            body, extensions=_EXTENSIONS, extension_configs={"toc": {"slugify": slugify}}
        )
        expected = [html.unescape(m) for m in re.findall(r'<h[1-6][^>]*\bid="([^"]*)"', rendered)]
        ids = [item.id for item in heading_ids(parse(data, name), slugify, "-")]
        assert ids == expected, name
        compared += len(ids)
    assert compared > 200


@pytest.mark.plugin
def test_the_plugin_logs_the_slugify_finding_once_per_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A Japanese blog on MkDocs' default toc: one setting, so one finding for the whole site.
    from sitekit import build_site, write_site

    pages = {f"posts/post-{n}.md": PAGE for n in range(3)} | {"index.md": "# Home\n\nHi.\n"}
    config = write_site(
        tmp_path, pages, "site_name: blog\nplugins:\n  - postlint:\n      fail_on: never\n"
    )
    build_site(config)
    logged = [
        r.getMessage()
        for r in caplog.records
        if r.name.endswith("mkdocs_postlint.plugin") and "duplicate-anchor" in r.getMessage()
    ]
    assert len(logged) == 1
    assert "docs/posts/post-0.md:1:1 duplicate-anchor the toc slugify drops" in logged[0]
    assert logged[0].endswith("(the same on 2 more pages)")


def test_punctuation_and_emoji_around_the_same_text_are_not_a_collision() -> None:
    # "FAQ" and "✨ FAQ?" read as one heading: duplicate-heading's business, not an id clash.
    source = "## FAQ\n\nText.\n\n## ✨ FAQ?\n\nText.\n\n## C++\n\nText.\n\n## C\n\nText.\n"
    assert [line for line, _ in _anchors(source, raw={})] == [13]


def test_an_id_set_by_key_in_the_attr_list_is_explicit() -> None:
    # Material's changelog: "### 9.5.30 <small>July 23, 2024</small> { id="9.5.30" }".
    import markdown
    from markdown.extensions.toc import slugify

    from mkdocs_postlint.rules.duplicate_anchor import heading_ids

    source = (
        '### 9.5.30 <small>July 23, 2024</small> { id="9.5.30" }\n\nText.\n\n'
        "## 概要 { id='overview' }\n\nText.\n\n## 手順 {: .lead id=steps }\n\nText.\n"
    )
    html = markdown.markdown(source, extensions=["toc", "attr_list"])
    assert [i.id for i in heading_ids(parse(source.encode(), "p.md"), slugify, "-")] == [
        "9.5.30",
        "overview",
        "steps",
    ]
    assert 'id="9.5.30"' in html and 'id="overview"' in html and 'id="steps"' in html
    assert _anchors(source, raw={}, toc={}) == []
    twice = source + '\n### 9.5.29 <small>July 20, 2024</small> { id="9.5.30" }\n'
    assert [line for line, _ in _anchors(twice, raw={}, toc={})] == [13]


HEADINGS = [
    "Getting started", "導入ガイド", "JSON ファイル", "Žlutý kůň", "C++ & C#", "  a -- b  ",
    "Straße", "ﬁle ① Ⅻ", "Über_alles", "tabs\tand\u3000spaces", "", "-", "emoji ✨ here",
]  # fmt: skip


def _outcome(slugify: object, text: str, separator: str) -> str:
    """The slug, or the error a separator that breaks the pattern gives (the rule reports it)."""
    try:
        return str(slugify(text, separator))  # type: ignore[operator]
    except Exception as error:
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize("separator", ["-", "_", "", ".", "--", "]", "a"])
@pytest.mark.parametrize("text", HEADINGS)
def test_own_default_slugify_is_python_markdowns(text: str, separator: str) -> None:
    assert _outcome(toc_slugify, text, separator) == _outcome(markdown_slugify, text, separator)


@given(st.text(), st.sampled_from(["-", "_", " ", "."]))
def test_own_default_slugify_is_python_markdowns_on_any_text(text: str, separator: str) -> None:
    assert toc_slugify(text, separator) == markdown_slugify(text, separator)


def test_python_markdowns_default_slugify_by_name_is_the_own_copy() -> None:
    assert resolve_slugify("markdown.extensions.toc.slugify") is toc_slugify
