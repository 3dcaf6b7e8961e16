"""Getting started, word for word, on a new Material blog: green when the posts are fine,
red naming file:line when one is not.

The blog is the one Material's blog tutorial makes (``plugins: [search, blog]``,
a blog index page and one post); the postlint block is the one Getting started
shows, read from docs/getting-started.md so the page and the test cannot drift.
``POSTLINT_PYTHON`` runs the build with another interpreter: CI points it at a
fresh venv holding only the built wheel and Material.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("POSTLINT_PYTHON", sys.executable)
GOOD_POST = "---\ndate: 2024-01-31\ncategories:\n  - Hello\n---\n\n# Hello world\n\nMy post.\n"
BAD_POST = "---\ndate: 2025-09-18 04:37:41 +0000\n---\n\n# Imported\n\nA post from Jekyll.\n"

pytestmark = pytest.mark.plugin


def _documented_plugins() -> list[object]:
    """The ``plugins`` of the last mkdocs.yml block of Getting started's schema section."""
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    section = page.split("## Validate front matter", 1)[1]
    blocks = re.findall(r'```yaml title="mkdocs.yml"\n(.*?)```', section, re.DOTALL)
    plugins = yaml.safe_load(blocks[-1])["plugins"]
    assert isinstance(plugins, list)
    return plugins


def new_blog(root: Path) -> Path:
    (root / "docs" / "blog" / "posts").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Welcome\n\nMy site.\n", encoding="utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (root / "docs" / "blog" / "posts" / "hello.md").write_text(GOOD_POST, encoding="utf-8")
    plugins = _documented_plugins()
    config = {"site_name": "My blog", "theme": {"name": "material"}, "plugins": plugins}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


def strict_build(site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site / "out")],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_the_documented_block_lints_the_blog() -> None:
    plugins = _documented_plugins()
    assert "blog" in plugins
    assert {"postlint": {"schema": "material-blog"}} in plugins


def test_a_new_blog_builds_green_then_red_on_a_bad_post(tmp_path: Path) -> None:
    site = new_blog(tmp_path / "blog")
    run = strict_build(site)
    assert run.returncode == 0, run.stderr
    assert "postlint" not in run.stderr  # no finding on the home page or the blog index

    (site / "docs" / "blog" / "posts" / "imported.md").write_text(BAD_POST, encoding="utf-8")
    run = strict_build(site)
    assert run.returncode != 0
    assert re.search(r"docs/blog/posts/imported\.md:2:7 frontmatter-schema", run.stderr), run.stderr
