"""Small MkDocs sites in temporary folders, built in this process the way MkDocs' commands do.

`build_site` follows ``mkdocs build`` (load the config, ``on_startup``, build,
``on_shutdown``); `ServeSession` follows ``mkdocs serve``: ``on_startup`` once,
then every rebuild loads the configuration again and builds, as
``mkdocs.commands.serve`` does.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from conftest import SEED
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

SEED_PAGE = f"posts/{SEED.name}"

# The markdown_extensions of a Material site as its docs set it up: Python tags that
# name pymdown-extensions' slugify and Material's emoji functions, which the command
# line must read without importing them.
MATERIAL_EXTENSIONS = """\
markdown_extensions:
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def write_site(root: Path, pages: Mapping[str, str | bytes], config: str) -> Path:
    """A site folder with ``mkdocs.yml`` and the given pages under ``docs/``; its config file."""
    for name, content in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(config, encoding="utf-8")
    return config_file


def seed_site(root: Path, theme: str = "material", postlint: str = "") -> Path:
    """The untouched seed as an ordinary page (no blog plugin), with a home page."""
    config = (
        f"site_name: Seed example\ntheme:\n  name: {theme}\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "        kwds:\n          case: lower\n"
        "plugins:\n  - search\n  - postlint:\n      fail_on: never\n" + postlint
    )
    config_file = write_site(root, {"index.md": "# Home\n\nThe seed post.\n"}, config)
    (root / "docs" / "posts").mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, root / "docs" / SEED_PAGE)
    return config_file


def load_site(config_file: Path, plugin_settings: Mapping[str, Any] | None = None) -> MkDocsConfig:
    """The site's configuration, building into ``site/`` beside it, with plugin settings set."""
    config = load_config(str(config_file), site_dir=str(config_file.parent / "site"))
    if plugin_settings:
        plugin = config.plugins["postlint"]
        for key, value in plugin_settings.items():
            plugin.config[key] = value
    return config


def build_site(config_file: Path, plugin_settings: Mapping[str, Any] | None = None) -> Path:
    """Build like ``mkdocs build``; the site folder."""
    return build_config(load_site(config_file, plugin_settings))


def build_config(config: MkDocsConfig) -> Path:
    """Build a loaded configuration like ``mkdocs build``; the site folder."""
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


class ServeSession:
    """The builds of one ``mkdocs serve`` session, without the HTTP server."""

    def __init__(self, config_file: Path, plugin_settings: Mapping[str, Any] | None = None):
        self.config_file = config_file
        self.plugin_settings = plugin_settings
        self.config = load_site(config_file, plugin_settings)
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.site = Path(self.config.site_dir)

    def build(self) -> Path:
        build(self.config)
        return self.site

    def rebuild(self) -> Path:
        """What serve does after a change: a fresh configuration, then a build."""
        self.config = load_site(self.config_file, self.plugin_settings)
        return self.build()

    def close(self) -> None:
        self.config.plugins.on_shutdown()


def page_url(src_uri: str) -> str:
    """The URL path of a page, with directory URLs (the default)."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def page_html(site: Path, src_uri: str) -> str:
    """The built HTML of a page, with directory URLs."""
    return (site / page_url(src_uri) / "index.html").read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every ``<a href>`` of a page with its text, and every ``id``."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self._href: str | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href") is not None:
            self._href, self._text = values["href"], []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def report_rows(html: str) -> set[tuple[str, int]]:
    """(rule, line) of every finding row of a report page (built HTML or a browser's DOM)."""
    row = re.compile(
        r'<td[^>]*><a href="[^"]*">(\d+)</a></td>\s*'
        r"<td[^>]*><code[^>]*>([^<]+)</code> (?:error|warning)<br"
    )
    return {(unescape(m.group(2)), int(m.group(1))) for m in row.finditer(html)}


def notice_rows(html: str) -> set[tuple[str, int]] | None:
    """(rule, line) of every finding of a page's serve notice; None without a notice."""
    notice = re.search(r'<details class="[^"]*postlint-notice.*?</details>', html, re.DOTALL)
    if notice is None:
        return None
    return {
        (m.group(2), int(m.group(1)))
        for m in re.finditer(r'data-line="(\d+)" data-rule="([a-z-]+)"', notice.group(0))
    }
