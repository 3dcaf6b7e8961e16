"""The plugin on a real mkdocs-static-i18n site: each finding is logged once per build.

mkdocs-static-i18n builds every further language from its own
``on_post_build``, running the whole build again (``on_config``,
``on_files``, ...) with the same files: without care each finding is logged
once per language, the verdict counts it twice and each language's report
page overwrites the last one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import ServeSession
from test_reporters_plugin import build

pytest.importorskip("mkdocs_static_i18n")
pytestmark = pytest.mark.plugin

FINDING = re.compile(r"docs/\S+:\d+:\d+ [a-z-]+ .*")


def _site(tmp_path: Path, options: str) -> Path:
    site = tmp_path / "site"
    docs = site / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nThe list (see below is open.\n", encoding="utf-8")
    (docs / "index.fr.md").write_text(
        "# Accueil\n\nLa liste (voir plus bas est ouverte.\n", encoding="utf-8"
    )
    (docs / "guide.md").write_text("# Guide\n\n## Setup\n\nA [bracket never closed.\n")
    block = "".join(f"      {line}\n" for line in options.splitlines())
    (site / "mkdocs.yml").write_text(
        "site_name: i18n\ntheme:\n  name: material\nplugins:\n"
        "  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - locale: en\n          default: true\n          name: English\n"
        "        - locale: fr\n          name: Français\n"
        f"  - postlint:\n{block}",
        encoding="utf-8",
    )
    return site


def test_each_finding_is_logged_once_and_the_report_lists_every_language(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path, "fail_on: never\nreport_page: true")
    out = tmp_path / "out"
    run = build(site, "--site-dir", str(out))
    found = FINDING.findall(run.stderr)
    assert sorted(found) == [
        "docs/guide.md:5:3 unclosed-pair '[' is opened and never closed: "
        "\"[bracket never clos…\" (expected ']' in the same paragraph)",
        "docs/index.fr.md:3:10 unclosed-pair '(' is opened and never closed: "
        "\"(voir plus bas est …\" (expected ')' or '）' in the same paragraph)",
        "docs/index.md:3:10 unclosed-pair '(' is opened and never closed: "
        "\"(see below is open.\" (expected ')' or '）' in the same paragraph)",
    ]
    assert run.returncode != 0  # --strict: the warnings count, once
    assert "Traceback" not in run.stderr
    # No warning about the report page's links: a page of the other language is not linked.
    assert "postlint.md" not in run.stderr
    report = (out / "postlint" / "index.html").read_text(encoding="utf-8")
    assert "3 findings" in report
    assert '<a href="../guide/">docs/guide&#46;md</a>' in report
    assert '<h2 id="docsindexfrmd">docs/index&#46;fr&#46;md</h2>' in report  # not linked
    assert not (out / "fr" / "postlint").exists()  # one report page, not one per language
    assert (out / "fr" / "index.html").exists()


def test_a_serve_rebuild_logs_the_findings_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # mkdocs serve keeps the plugin for the session: each rebuild is a new outermost build.
    session = ServeSession(_site(tmp_path, "fail_on: never") / "mkdocs.yml")
    try:
        session.build()
        first = _logged(caplog)
        session.rebuild()
    finally:
        session.close()
    assert len(first) == 3
    assert _logged(caplog) == first + first


def _logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.endswith("mkdocs_postlint.plugin")]


def test_the_verdict_is_given_once(tmp_path: Path) -> None:
    run = build(_site(tmp_path, "fail_on: warning"), "--site-dir", str(tmp_path / "out"))
    assert run.returncode != 0
    assert len(FINDING.findall(run.stderr)) == 3
    assert run.stderr.count("3 problems at or above 'warning' (fail_on)") == 1
