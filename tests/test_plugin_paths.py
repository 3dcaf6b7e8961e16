"""The paths the plugin reports pages by: relative to the project, links resolved."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_postlint.plugin import _display_path, _real_folder


def _by_resolve(abs_src_path: str, project: Path) -> str:
    """What `Path.resolve` gives, one page at a time: the reference."""
    try:
        return Path(abs_src_path).resolve().relative_to(project).as_posix()
    except ValueError:
        return abs_src_path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = (tmp_path / "project").resolve()
    (root / "content" / "guide").mkdir(parents=True)
    (root / "content" / "guide" / "a.md").write_text("# A\n")
    (root / "docs").symlink_to("content")  # the docs folder is a link
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shared.md").write_text("# Shared\n")
    (root / "content" / "shared.md").symlink_to(outside / "shared.md")  # a page that is a link
    (root / "content" / "alias.md").symlink_to("guide/a.md")
    return root


@pytest.mark.parametrize(
    "page", ["docs/guide/a.md", "content/guide/a.md", "docs/shared.md", "docs/alias.md"]
)
def test_display_path_resolves_links_like_path_resolve(project: Path, page: str) -> None:
    _real_folder.cache_clear()
    abs_src_path = str(project / page)
    assert _display_path(abs_src_path, project, page) == _by_resolve(abs_src_path, project)


def test_display_path_of_pages(project: Path) -> None:
    _real_folder.cache_clear()
    assert _display_path(str(project / "docs/guide/a.md"), project, "guide/a.md") == (
        "content/guide/a.md"
    )
    assert _display_path(str(project / "docs/alias.md"), project, "alias.md") == (
        "content/guide/a.md"
    )
    outside = str(project / "docs/shared.md")
    assert _display_path(outside, project, "shared.md") == outside  # outside the project
    assert _display_path(None, project, "made.md") == "made.md"  # made in memory
