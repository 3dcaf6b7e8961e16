"""Settings for one file: the nearest folder above it that has some (editor and Zensical)."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs_postlint.nearest import SettingsCache, discover_above
from mkdocs_postlint.problem import Severity


def test_the_nearest_settings_win_and_a_bare_pyproject_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mkdocs-postlint]\nfail_on = "warning"\n', encoding="utf-8"
    )
    package = tmp_path / "site"
    (package / "docs" / "blog").mkdir(parents=True)
    (package / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    page = package / "docs" / "blog" / "post.md"

    found = discover_above(page)
    assert found.source == tmp_path / "pyproject.toml"
    assert found.raw == {"fail_on": "warning"}

    (package / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    found = discover_above(page)
    assert found.source == package / "mkdocs.yml"
    assert found.docs_dir == package.resolve() / "docs"


def test_no_settings_anywhere_are_the_defaults_of_the_file_folder(tmp_path: Path) -> None:
    page = tmp_path / "a" / "page.md"
    settings = SettingsCache().settings(page)
    assert settings.config is not None and settings.error is None
    assert settings.found.source is None
    assert settings.found.base_dir == tmp_path / "a"


def test_a_changed_config_file_is_read_again(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - postlint:\n      fail_on: warning\n")
    cache = SettingsCache()
    page = tmp_path / "docs" / "page.md"
    first = cache.settings(page)
    assert first.config is not None and first.config.fail_on is Severity.WARNING
    assert cache.settings(page) is first  # unchanged: not read again

    config.write_text("site_name: x\nplugins:\n  - postlint:\n      fail_on: nope\n")
    os.utime(config, ns=(1, 1))  # a different date even on a coarse clock
    broken = cache.settings(page)
    assert broken.config is None
    assert broken.error is not None and broken.error.startswith("invalid config: fail_on:")

    config.write_text("site_name: x\nplugins: [\n")
    unreadable = cache.settings(page)
    assert unreadable.config is None and unreadable.found.source == config
    assert unreadable.error is not None and "cannot be parsed" in unreadable.error
