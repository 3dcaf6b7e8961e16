"""The findings report page: what it lists, where it links, and its settings."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin

import markdown
import pytest
from conftest import SEED, expected_seed_problems
from mkdocs.exceptions import Abort
from sitekit import (
    SEED_PAGE,
    Links,
    ServeSession,
    build_site,
    page_html,
    report_rows,
    seed_site,
    write_site,
)

from mkdocs_postlint.cli import main
from mkdocs_postlint.findings import Heading, PageFindings, heading_ids
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.report_page import md_text, render_report


def test_md_text_shows_markup_as_it_is() -> None:
    nasty = "a | b *em* `code` <script>x</script> [l](u) & :smile: $x$ ~~s~~ 1. # h"
    html = markdown.markdown(f"| c |\n| --- |\n| {md_text(nasty)} |", extensions=["tables"])
    cell = re.search(r"<td>(.*)</td>", html)
    assert cell is not None
    assert unescape(cell.group(1)) == nasty
    assert "<script>" not in html and "<em>" not in html


def test_heading_ids_follow_the_toc_extension() -> None:
    headings = (
        Heading(1, "Intro"),
        Heading(3, "Intro"),
        Heading(5, "Named", "custom"),
        Heading(7, "Intro"),
        Heading(9, "custom"),
    )
    text = "\n\n".join(["# Intro", "## Intro", "## Named {#custom}", "## Intro", "## custom"])
    html = markdown.markdown(text, extensions=["toc", "attr_list"])
    assert heading_ids(headings) == re.findall(r'<h\d id="([^"]+)"', html)
    assert heading_ids(headings) == ["intro", "intro_1", "custom", "intro_2", "custom_1"]


def test_empty_report_says_no_findings() -> None:
    text = render_report([], src_uri="postlint.md", checked=3, theme="material")
    assert "No findings" in text
    assert "checked 3 pages" in text
    assert "search:" not in text
    assert "exclude: true" in render_report(
        [], src_uri="postlint.md", checked=3, theme="material", search=False
    )


def test_report_counts_and_links_relative_to_its_own_folder() -> None:
    problems = (
        Problem("docs/a b.md", 4, 1, 4, "truncation-marker", Severity.ERROR, "marker"),
        Problem("docs/a b.md", 9, 1, 9, "duplicate-heading", Severity.WARNING, "dup"),
    )
    page = PageFindings(
        "guide/a b.md",
        "docs/a b.md",
        problems,
        {4: "---END---", 9: "## Setup"},
        (Heading(2, "Setup"), Heading(9, "Setup")),
    )
    text = render_report([page], src_uri="reports/lint.md", checked=5, theme="mkdocs")
    assert "2 findings on 1 page" in text
    assert "1 error, 1 warning; postlint checked 5 pages" in text
    assert "](../guide/a%20b.md#setup)" in text  # line 4: after the first "Setup"
    assert "](../guide/a%20b.md#setup_1)" in text  # line 9: the second one
    assert 'class="admonition danger' in text  # MkDocs' themes style "danger"
    assert "&#45;&#45;&#45;END&#45;&#45;&#45;" in text


def test_built_report_lists_the_seed_findings_and_links_resolve(tmp_path: Path) -> None:
    site = build_site(seed_site(tmp_path, postlint="      report_page: true\n"))
    report = page_html(site, "postlint.md")
    assert report_rows(report) == expected_seed_problems()
    assert "14 findings on 1 page" in unescape(report)
    assert "failure" in report  # Material's admonition type
    seed_html = page_html(site, SEED_PAGE)
    seed_ids = Links(seed_html).ids
    base = "http://site/postlint/"
    targets = [urljoin(base, href) for href, text in Links(report).links if text.isdigit()]
    assert len(targets) == len(expected_seed_problems())
    for target in targets:
        path, _, fragment = target.partition("#")
        assert path == f"http://site/{SEED_PAGE.removesuffix('.md')}/"
        if fragment:
            assert unquote(fragment) in seed_ids, target
    # The seed has headings, so most findings land on a heading, not the page top.
    assert sum("#" in t for t in targets) >= 12
    # The source line is shown.
    assert "---END---" in unescape(report)


def test_report_page_is_not_linted(tmp_path: Path, caplog, parse_calls) -> None:  # type: ignore[no-untyped-def]
    config = seed_site(tmp_path, postlint="      report_page: true\n")
    session = ServeSession(config)  # a rebuild too: the report of the last build is not a page
    try:
        session.build()
        session.rebuild()
    finally:
        session.close()
    assert parse_calls == ["index.md", SEED_PAGE]  # the second build found both unchanged
    logged = [r.getMessage() for r in caplog.records if r.name.endswith("mkdocs_postlint.plugin")]
    assert len(logged) == 2 * len(expected_seed_problems())
    assert all(f"docs/{SEED_PAGE}:" in message for message in logged)
    assert "postlint checked 2 pages" in page_html(tmp_path / "site", "postlint.md")


def test_clean_site_report_says_no_findings(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {"index.md": "# Home\n\nAll good here.\n"},
        "site_name: Clean\nplugins:\n  - postlint:\n      report_page: lint/report.md\n",
    )
    site = build_site(config)
    report = (site / "lint" / "report" / "index.html").read_text(encoding="utf-8")
    assert "No findings" in report
    assert "postlint checked 1 page " in report


def test_report_page_search_false_keeps_it_out_of_material_search(tmp_path: Path) -> None:
    config = seed_site(
        tmp_path, postlint="      report_page: true\n      report_page_search: false\n"
    )
    site = build_site(config)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "postlint/" not in locations
    assert "" in locations  # the home page is indexed
    site = build_site(config, {"report_page_search": True})
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "postlint/" in {doc["location"].split("#")[0] for doc in index["docs"]}


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("../out.md", "relative path ending in .md"),
        ("report.html", "relative path ending in .md"),
        ("/abs.md", "relative path ending in .md"),
        ("index.md", "'index.md' is already a page of the site"),
    ],
)
def test_bad_report_page_settings_are_clear(  # type: ignore[no-untyped-def]
    tmp_path: Path, caplog, setting: str, message: str
) -> None:
    config = write_site(
        tmp_path,
        {"index.md": "# Home\n"},
        f"site_name: Bad\nplugins:\n  - postlint:\n      report_page: '{setting}'\n",
    )
    with pytest.raises(Abort):
        build_site(config)
    assert "invalid config: report_page: " in caplog.text
    assert message in caplog.text
    assert "Traceback" not in caplog.text


def test_cli_accepts_the_plugin_page_settings(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed_site(tmp_path, postlint="      report_page: true\n      serve_notice: always\n")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "json", f"docs/{SEED_PAGE}"])
    out = capsys.readouterr()
    assert "invalid config" not in out.err
    assert code == 0  # fail_on: never
    assert len(json.loads(out.out)["problems"]) == len(expected_seed_problems())
    assert SEED.name in out.out
