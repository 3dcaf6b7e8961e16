"""The findings notice during ``mkdocs serve``, and the lint cache across serve rebuilds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import expected_seed_problems
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from sitekit import (
    SEED_PAGE,
    ServeSession,
    build_site,
    notice_rows,
    page_html,
    seed_site,
    write_site,
)

from mkdocs_postlint.findings import Heading, PageFindings
from mkdocs_postlint.notice import render_notice
from mkdocs_postlint.problem import Problem, Severity


def _notice_lines(html: str) -> set[tuple[str, int]]:
    found = notice_rows(html)
    assert found is not None, "no notice on the page"
    return found


def test_notice_escapes_everything() -> None:
    problem = Problem("docs/<x>.md", 2, 1, 2, "unclosed-pair", Severity.WARNING, "a <b> & 'c'")
    page = PageFindings("<x>.md", "docs/<x>.md", (problem,), {2: "<script>alert(1)</script>"}, ())
    html = render_notice(page, "material")
    assert "<script>" not in html and "<b>" not in html and "<x>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'class="warning postlint-notice"' in html  # only warnings: a warning admonition
    assert "1 finding in" in html


def test_notice_links_lines_to_the_heading_before_them() -> None:
    problems = tuple(
        Problem("p.md", line, 1, line, "duplicate-heading", Severity.ERROR, "m") for line in (1, 5)
    )
    page = PageFindings("p.md", "p.md", problems, {}, (Heading(3, "Café au lait"),))
    html = render_notice(page, "mkdocs")
    assert "<strong>line 1</strong>" in html  # before any heading: no link
    assert '<a href="#cafe-au-lait">line 5</a>' in html
    assert 'class="danger postlint-notice"' in html and 'style="border:2px solid' in html


def test_build_output_has_no_notice_unless_asked(tmp_path: Path) -> None:
    config = seed_site(tmp_path)
    assert "postlint-notice" not in page_html(build_site(config), SEED_PAGE)
    html = page_html(build_site(config, {"serve_notice": "always"}), SEED_PAGE)
    assert _notice_lines(html) == expected_seed_problems()


def test_serve_shows_the_notice_and_never_stops(tmp_path: Path) -> None:
    # Default fail_on (error): a build would abort; serve goes on and shows the findings.
    config = seed_site(tmp_path)
    text = config.read_text(encoding="utf-8").replace("      fail_on: never\n", "")
    config.write_text(text, encoding="utf-8")
    session = ServeSession(config)
    try:
        site = session.build()
        html = page_html(site, SEED_PAGE)
        assert _notice_lines(html) == expected_seed_problems()
        assert "postlint-notice" not in page_html(site, "index.md")
        # The notice comes before the page's own content.
        assert html.index("postlint-notice") < html.index("さて、あなたはこの日本のAIの")
    finally:
        session.close()


def test_serve_notice_false_turns_it_off(tmp_path: Path) -> None:
    config = seed_site(tmp_path, postlint="      serve_notice: false\n")
    session = ServeSession(config)
    try:
        assert "postlint-notice" not in page_html(session.build(), SEED_PAGE)
    finally:
        session.close()


def test_bad_serve_notice_setting_is_clear(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    config = seed_site(tmp_path, postlint="      serve_notice: sometimes\n")
    with pytest.raises(Abort):
        build_site(config)
    assert "invalid config: serve_notice: expected true, false or 'always'" in caplog.text


def test_mkdocs_keeps_one_plugin_instance_across_serve_rebuilds(tmp_path: Path) -> None:
    # The lint cache lives on the plugin instance; this is what makes that right.
    config = seed_site(tmp_path)
    first = load_config(str(config)).plugins["postlint"]
    second = load_config(str(config)).plugins["postlint"]
    assert first is second


def test_rebuild_reparses_only_changed_pages(tmp_path: Path, parse_calls: list[str]) -> None:
    pages = {f"page{n}.md": f"# Page {n}\n\nText {n}.\n" for n in range(5)}
    config = write_site(
        tmp_path,
        pages,
        "site_name: Cache\nplugins:\n  - postlint:\n      fail_on: never\n",
    )
    session = ServeSession(config)
    try:
        session.build()
        assert sorted(parse_calls) == sorted(pages)
        parse_calls.clear()

        session.rebuild()  # nothing changed
        assert parse_calls == []

        page = tmp_path / "docs" / "page3.md"
        page.write_text("# Page 3\n\nText.\n\n# Page 3\n", encoding="utf-8")
        site = session.rebuild()
        assert parse_calls == ["page3.md"]
        assert _notice_lines(page_html(site, "page3.md")) == {("duplicate-heading", 5)}
        parse_calls.clear()

        page.write_text("# Page 3\n\nText.\n", encoding="utf-8")  # fixed again
        site = session.rebuild()
        assert parse_calls == ["page3.md"]
        assert "postlint-notice" not in page_html(site, "page3.md")
        parse_calls.clear()

        # A change of configuration re-lints every page.
        text = config.read_text(encoding="utf-8")
        config.write_text(text + "      rules:\n        duplicate-heading: error\n", "utf-8")
        session.rebuild()
        assert sorted(parse_calls) == sorted(pages)
    finally:
        session.close()


def test_a_new_session_starts_with_an_empty_cache(tmp_path: Path, parse_calls: list[str]) -> None:
    config = seed_site(tmp_path)
    for _ in range(2):
        session = ServeSession(config)
        try:
            session.build()
        finally:
            session.close()
    # on_startup of the second session drops what the first one cached.
    assert sorted(parse_calls) == sorted(["index.md", SEED_PAGE] * 2)


def test_editing_the_schema_file_relints_every_page(tmp_path: Path, parse_calls: list[str]) -> None:
    pages = {"a.md": "---\ntitle: A\n---\n\n# A\n", "b.md": "---\ntitle: B\n---\n\n# B\n"}
    config = write_site(
        tmp_path,
        pages,
        "site_name: Schema\nplugins:\n  - postlint:\n      schema: post.json\n",
    )
    schema = tmp_path / "post.json"
    schema.write_text('{"type": "object"}', encoding="utf-8")
    session = ServeSession(config)
    try:
        session.build()
        parse_calls.clear()
        schema.write_text('{"type": "object", "required": ["date"]}', encoding="utf-8")
        site = session.rebuild()
        assert sorted(parse_calls) == ["a.md", "b.md"]
        assert _notice_lines(page_html(site, "a.md")) == {("frontmatter-schema", 1)}
    finally:
        session.close()


def test_turning_the_plugin_off_during_serve_stops_linting(
    tmp_path: Path, parse_calls: list[str]
) -> None:
    config = seed_site(tmp_path)
    session = ServeSession(config)
    try:
        assert "postlint-notice" in page_html(session.build(), SEED_PAGE)
        text = config.read_text(encoding="utf-8")
        config.write_text(text + "      enabled: false\n", encoding="utf-8")
        parse_calls.clear()
        site = session.rebuild()
        assert parse_calls == []
        assert "postlint-notice" not in page_html(site, SEED_PAGE)
    finally:
        session.close()


def _authors(name: str) -> str:
    return f"authors:\n  {name}:\n    name: {name}\n    description: Editor\n    avatar: a.png\n"


def _blog(root: Path) -> Path:
    post = "---\ndate: 2025-09-18\nauthors: [hanako]\n---\n\n# Post\n\nText.\n"
    return write_site(
        root,
        {
            "index.md": "# Home\n",
            "blog/index.md": "# Blog\n",
            "blog/.authors.yml": _authors("hanako"),
            "blog/posts/post.md": post,
            "page.md": "---\n$schema: page.json\n---\n\n# Page\n",
            "page.json": '{"type": "object"}',
        },
        "site_name: Blog\ntheme:\n  name: material\nplugins:\n  - blog\n  - postlint:\n"
        "      schemas:\n        blog/posts/**: material-blog\n",
    )


def test_blog_preset_pages_are_cached_until_the_authors_change(
    tmp_path: Path, parse_calls: list[str]
) -> None:
    config = _blog(tmp_path)
    session = ServeSession(config)
    try:
        session.build()
        assert "blog/posts/post.md" in parse_calls
        parse_calls.clear()
        session.rebuild()
        # Only the page with its own $schema is linted again: its schema file may have changed.
        assert parse_calls == ["page.md"]
        parse_calls.clear()

        authors = tmp_path / "docs" / "blog" / ".authors.yml"
        authors.write_text(
            "authors:\n  taro:\n    name: Taro\n    description: Editor\n    avatar: a.png\n",
            "utf-8",
        )
        (tmp_path / "docs" / "page.json").write_text('{"required": ["title"]}', "utf-8")
        plugin = session.config.plugins["postlint"]
        with pytest.raises(Abort):  # Material's blog plugin rejects the unknown author, after us
            session.rebuild()
        assert "blog/posts/post.md" in parse_calls
        assert "page.md" in parse_calls
        rules = {(p.path, p.rule) for p in plugin.problems}
        assert ("docs/blog/posts/post.md", "frontmatter-schema") in rules
        assert ("docs/page.md", "frontmatter-schema") in rules
    finally:
        session.close()
