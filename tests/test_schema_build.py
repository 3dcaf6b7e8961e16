"""A real Material blog with several bad posts: every one is reported before the build fails."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_postlint.cli import main

POSTS = {
    "good.md": "date: 2025-09-18\nauthors: [alice]\ncategories: [AI]\n",
    "bad-date.md": "date: 2025-09-18 04:37:41 +0000\n",
    "bad-author.md": "date: 2025-09-18\nauthors: [bob]\n",
    "bad-readtime.md": "date: 2025-09-18\nreadtime: eight\n",
    "bad-category.md": "date: 2025-09-18\ncategories: [Gossip]\n",
    "jekyll.md": "date: 2025-09-18\nauthor: alice\nreading_time: 3\n",
}


def make_blog(root: Path) -> Path:
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (root / "docs" / "blog" / ".authors.yml").write_text(
        "authors:\n  alice:\n    name: Alice\n    description: Writer\n    avatar: a.png\n",
        encoding="utf-8",
    )
    for name, meta in POSTS.items():
        title = name.removesuffix(".md").replace("-", " ").title()
        (posts / name).write_text(
            f"---\n{meta}---\n\n# {title}\n\nA short post.\n", encoding="utf-8"
        )
    (root / "mkdocs.yml").write_text(
        "site_name: Blog\n"
        "theme:\n  name: material\n"
        "plugins:\n"
        "  - blog:\n      categories_allowed: [AI, Markets]\n"
        "  - postlint:\n"
        "      schemas:\n"
        "        - glob: blog/posts/**\n"
        "          schema: material-blog\n",
        encoding="utf-8",
    )
    return root


def test_every_bad_post_is_reported_before_the_build_fails(tmp_path: Path) -> None:
    site = make_blog(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=site,
        timeout=300,
    )
    assert run.returncode != 0
    pattern = re.compile(r"docs/blog/posts/([\w-]+\.md):(\d+):\d+ frontmatter-schema (.*)")
    found = {(m.group(1), int(m.group(2))): m.group(3) for m in pattern.finditer(run.stderr)}
    assert set(found) == {
        ("bad-date.md", 2),
        ("bad-author.md", 3),
        ("bad-readtime.md", 3),
        ("bad-category.md", 3),
        ("jekyll.md", 3),
        ("jekyll.md", 4),
    }, run.stderr
    assert "write 2025-09-18 04:37:41 +00:00" in found[("bad-date.md", 2)]
    assert "author 'bob' is not defined in docs/blog/.authors.yml" in found[("bad-author.md", 3)]
    assert "categories_allowed" in found[("bad-category.md", 3)]
    # The ignored Jekyll keys are warnings, the rest errors; the postlint plugin
    # stops the build after reporting, before Material's blog plugin aborts on
    # the first bad post.
    assert re.search(r"WARNING.*jekyll\.md:3:1 frontmatter-schema", run.stderr)
    assert re.search(r"ERROR.*bad-date\.md:2:7 frontmatter-schema", run.stderr)
    assert "4 problems at or above 'error' (fail_on)" in run.stderr
    assert "Expected type" not in run.stderr


def test_cli_reads_the_same_blog_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_blog(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code = main(["check", "-f", str(site / "mkdocs.yml"), "--format", "json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    found = {
        (Path(p["path"]).name, p["line"]) for p in problems if p["rule"] == "frontmatter-schema"
    }
    assert found == {
        ("bad-date.md", 2),
        ("bad-author.md", 3),
        ("bad-readtime.md", 3),
        ("bad-category.md", 3),
        ("jekyll.md", 3),
        ("jekyll.md", 4),
    }
    assert code == 1
    # A schema file on the command line is relative to the current folder.
    (elsewhere / "title.yml").write_text("required: [title]\n", encoding="utf-8")
    main(["check", "-f", str(site / "mkdocs.yml"), "--format", "json", "--schema", "title.yml"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    missing = {p["path"] for p in problems if "'title'" in p["message"]}
    assert len(missing) == len(POSTS) + 2  # every post, the home page and the blog index
