"""The sites in a real browser: Debian's headless Chromium, on loopback addresses only.

Chromium runs as a subprocess (``--dump-dom`` for the page after its scripts
ran, ``--screenshot`` for a picture), so no driver and no browser download is
needed; host names other than 127.0.0.1 do not resolve, so nothing leaves the
machine. Screenshots are kept in ``test-artifacts/`` for people to look at.

(a) the blog post page shows its title, date, author and category: the
project's own blog when the repository has one, else a small Material blog
with the same front matter shape; (b) the report page of the example site
(the untouched seed) lists the seed's findings and its links lead to the
page and heading; (c) ``mkdocs serve`` shows the findings notice on the page
and the notice follows an edit of the page; (d) Japanese text renders with
real glyphs, not the empty boxes a machine without CJK fonts draws (the test
fails there: install ``fonts-noto-cjk``); (e) the report page's tables fit a
390 px phone screen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import SEED, expected_seed_problems
from sitekit import (
    Links,
    build_config,
    load_site,
    notice_rows,
    page_url,
    report_rows,
    seed_site,
    write_site,
)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
EXAMPLE = ROOT / "examples" / "seed-blog"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)",
)


class Browser:
    """Headless Chromium, one process per page load."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile

    def _run(self, url: str, *args: str) -> subprocess.CompletedProcess[str]:
        assert urlsplit(url).hostname == "127.0.0.1", f"not a loopback address: {url}"
        command = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={self.profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--hide-scrollbars",
            *args,
            url,
        ]
        run = subprocess.run(
            command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
        )
        assert run.returncode == 0, f"chromium failed on {url}:\n{run.stderr[-2000:]}"
        return run

    def dom(self, url: str) -> str:
        """The page's DOM after it loaded and its scripts ran."""
        dom = self._run(url, "--dump-dom").stdout
        assert "<body" in dom, f"no page at {url}"
        return dom

    def screenshot(self, url: str, name: str, height: int = 1400, width: int = 1280) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        path.unlink(missing_ok=True)
        self._run(url, f"--screenshot={path}", f"--window-size={width},{height}")
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        return path


@pytest.fixture
def browser(tmp_path: Path) -> Browser:
    return Browser(tmp_path / "chromium-profile")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 at a free port; its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _text(html: str) -> str:
    """Visible text of an HTML fragment, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# (a) The blog post ---------------------------------------------------------------------


def _tmp_blog(root: Path) -> Path:
    """A Material blog whose post has the repaired seed post's front matter shape."""
    return write_site(
        root,
        {
            "index.md": "# Home\n",
            "blog/index.md": "# Blog\n",
            "avatar.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
            '<circle cx="32" cy="32" r="30" fill="#3f51b5"/></svg>\n',
            "blog/.authors.yml": "authors:\n  hanako:\n    name: Hanako Sato\n"
            "    description: Editor\n    avatar: avatar.svg\n",
            "blog/posts/japan-ai.md": "---\ndate: 2025-09-18\nauthors:\n  - hanako\n"
            "categories:\n  - Industry\n---\n\n# Japan bets on domestic AI\n\n"
            "Japan is putting money into its own models.\n\n<!-- more -->\n\n"
            "## Why it matters\n\nBecause it does.\n",
        },
        "site_name: Tmp blog\ntheme:\n  name: material\n"
        "plugins:\n  - search\n  - blog\n  - postlint\n",
    )


def _post_expectations(docs: Path) -> list[dict[str, Any]]:
    """Title, date, author names and categories of every post, read from its source."""
    authors_file = docs / "blog" / ".authors.yml"
    authors = {}
    if authors_file.exists():
        authors = (yaml.safe_load(authors_file.read_text(encoding="utf-8")) or {}).get(
            "authors", {}
        )
    posts = []
    for post in sorted((docs / "blog" / "posts").rglob("*.md")):
        text = post.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        title = meta.get("title")
        if title is None:
            heading = re.search(r"^# (.+)$", body, re.MULTILINE)
            assert heading is not None, f"{post}: no title"
            title = heading.group(1).strip()
        date = meta["date"]
        if isinstance(date, dict):
            date = date["created"]
        posts.append(
            {
                "title": title,
                "date": str(date)[:10],
                "authors": [authors[a]["name"] for a in meta.get("authors", [])],
                "categories": list(meta.get("categories", [])),
            }
        )
    return posts


def _find_post(site: Path, title: str) -> Path:
    for page in sorted((site / "blog").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
        title_found = h1 is not None and _text(h1.group(1)).rstrip("¶ ").strip() == title
        if title_found and "md-post__meta" in html:  # the post, not a list of posts
            return page
    raise AssertionError(f"no built page for the post {title!r}")


def test_blog_post_shows_title_date_author_and_category(tmp_path: Path, browser: Browser) -> None:
    project = ROOT / "mkdocs.yml"
    if project.exists() and any((ROOT / "docs" / "blog" / "posts").glob("*.md")):
        config, docs = project, ROOT / "docs"
    else:  # the project's blog has not landed: the same shape in a small blog
        config = _tmp_blog(tmp_path / "blog")
        docs = config.parent / "docs"
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=config.parent,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    posts = _post_expectations(docs)
    assert posts, "the blog has no post"
    with static_server(site) as base:
        for number, post in enumerate(posts):
            page = _find_post(site, post["title"])
            url = urljoin(base, page.parent.relative_to(site).as_posix() + "/")
            dom = browser.dom(url)
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", dom, re.DOTALL)
            assert h1 and post["title"] in _text(h1.group(1))
            start = dom.index("md-post__authors") if post["authors"] else dom.index("md-post__meta")
            meta = dom[start : dom.index("</nav>", start)]
            time_tag = re.search(r'<time datetime="([^"]+)"[^>]*>([^<]+)</time>', meta)
            assert time_tag is not None, "no date on the post page"
            assert time_tag.group(1).startswith(post["date"])
            assert post["date"][:4] in time_tag.group(2)  # the year, in words of the locale
            for name in post["authors"]:
                assert name in _text(meta), f"author {name!r} not shown"
            for category in post["categories"]:
                links = {text for _, text in Links(meta).links}
                assert category in links, f"category {category!r} not linked"
            browser.screenshot(url, f"blog-post-{number + 1}.png", height=1000)


# (b) The report page of the example site -------------------------------------------------


def _example_site(root: Path) -> Path:
    """The project's example site (the untouched seed), copied; or the same built here."""
    if (EXAMPLE / "mkdocs.yml").exists():
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
        return root / "mkdocs.yml"
    return seed_site(root)


def _seed_src(config_file: Path) -> str:
    docs = config_file.parent / "docs"
    found = list(docs.rglob(SEED.name))
    assert len(found) == 1, "the example site must hold the seed post once"
    assert found[0].read_bytes() == SEED.read_bytes(), "the example's seed is not untouched"
    return found[0].relative_to(docs).as_posix()


def test_report_page_lists_the_seed_findings_with_working_links(
    tmp_path: Path, browser: Browser
) -> None:
    config_file = _example_site(tmp_path / "example")
    seed_src = _seed_src(config_file)
    config = load_site(config_file)
    plugin = config.plugins["postlint"]
    if not plugin.config.report_page:  # the example as the issue builds it
        plugin.config["report_page"] = True
        plugin.config["fail_on"] = "never"
    site = build_config(config)
    assert plugin.report_uri is not None
    with static_server(site) as base:
        report_url = urljoin(base, page_url(plugin.report_uri))
        dom = browser.dom(report_url)
        browser.screenshot(report_url, "report-page.png", height=2000)
        assert report_rows(dom) == expected_seed_problems()
        assert "14 findings on 1 page" in _text(dom)
        links = [urljoin(report_url, href) for href, text in Links(dom).links if text.isdigit()]
        assert len(links) == len(expected_seed_problems())
        seed_url = urljoin(base, page_url(seed_src))
        headings = {
            urljoin(report_url, href)
            for href, text in Links(dom).links
            if text.endswith(SEED.name) and not href.startswith("#")  # not the table of contents
        }
        assert headings == {seed_url}
        pages: dict[str, set[str]] = {}
        for link in links:
            target, _, fragment = link.partition("#")
            assert target == seed_url
            if target not in pages:  # follow the link: the page loads in the browser
                page_dom = browser.dom(target)
                assert "日本、国産AIに本腰を入れる" in _text(page_dom)
                pages[target] = Links(page_dom).ids
            if fragment:
                assert unquote(fragment) in pages[target], f"no heading for {link}"
        anchored = [link for link in links if "#" in link]
        assert len(anchored) >= 12
        # Headless Chromium paints a blank picture of a page scrolled to a fragment:
        # the picture is of the linked page's top; the anchors are checked above.
        browser.screenshot(seed_url, "report-link-target.png", height=900)


# (c) The notice during mkdocs serve ------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def mkdocs_serve(config_file: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file)]
            + ["-a", f"127.0.0.1:{port}"],
            cwd=config_file.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                assert server.poll() is None, f"mkdocs serve stopped:\n{log.read_text()[-3000:]}"
                try:
                    with urllib.request.urlopen(base, timeout=5):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "mkdocs serve did not answer"
                    time.sleep(0.3)
            yield base, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_serve_shows_findings_on_the_page_and_follows_edits(
    tmp_path: Path, browser: Browser
) -> None:
    config_file = _example_site(tmp_path / "example")
    seed_src = _seed_src(config_file)
    page = config_file.parent / "docs" / seed_src
    with mkdocs_serve(config_file, tmp_path / "serve.log") as (base, server):
        url = urljoin(base, page_url(seed_src))
        dom = browser.dom(url)
        assert notice_rows(dom) == expected_seed_problems()
        browser.screenshot(url, "serve-notice-before.png", height=1000)
        home = browser.dom(base)
        assert notice_rows(home) is None  # a page without findings has no notice

        # Edit the copy: drop the first leftover marker, repeat a heading at the end.
        lines = page.read_text(encoding="utf-8").split("\n")
        assert lines[52] == "---END---"
        lines[52] = ""
        lines += ["", "## 最後に", "", "おわり。", ""]
        page.write_text("\n".join(lines), encoding="utf-8")
        new_heading = len(lines) - 3

        deadline = time.monotonic() + 90
        while True:
            rows = notice_rows(browser.dom(url))
            if rows is not None and ("duplicate-heading", new_heading) in rows:
                break
            assert server.poll() is None, "mkdocs serve stopped"
            assert time.monotonic() < deadline, f"the notice did not follow the edit: {rows}"
            time.sleep(0.5)
        assert ("truncation-marker", 53) not in rows
        assert ("truncation-marker", 63) in rows
        browser.screenshot(url, "serve-notice-after.png", height=1000)
        assert server.poll() is None  # findings never stop the server
    log = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "truncation-marker" in log  # the terminal shows them too


# (d) Japanese text renders as glyphs, not as boxes -----------------------------------------

# Draws 日本語 and three code points no font has (U+10FFFD, private use) in the
# browser's sans-serif font and compares the pixels. Without a Japanese font both
# become the same "missing glyph" boxes (or nothing), as every Japanese heading of
# the seed post would on the screenshots.
_GLYPH_PROBE = """<!doctype html><meta charset="utf-8"><title>glyphs</title>
<body><canvas id="c" width="480" height="80"></canvas><script>
function pixels(text) {
  const canvas = document.getElementById("c"), g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.font = "48px sans-serif";
  g.fillStyle = "#000";
  g.fillText(text, 4, 60);
  return Array.from(g.getImageData(0, 0, canvas.width, canvas.height).data).join();
}
const japanese = pixels("日本語"), missing = pixels("\\u{10FFFD}\\u{10FFFD}\\u{10FFFD}");
const blank = pixels("");
document.body.dataset.glyphs =
  japanese === blank ? "blank" : japanese === missing ? "boxes" : "glyphs";
</script>"""


def test_japanese_renders_with_real_glyphs(tmp_path: Path, browser: Browser) -> None:
    fonts = subprocess.run(
        ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=60
    )
    hint = "Japanese renders as empty boxes: install a CJK font (apt-get install fonts-noto-cjk)"
    assert fonts.stdout.strip(), f"fc-list :lang=ja lists no font. {hint}"
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "index.html").write_text(_GLYPH_PROBE, encoding="utf-8")
    with static_server(tmp_path / "probe") as base:
        dom = browser.dom(base)
    found = re.search(r'data-glyphs="(\w+)"', dom)
    assert found is not None, "the glyph probe did not run"
    assert found.group(1) == "glyphs", f"日本語 renders as {found.group(1)}. {hint}"


# (e) The report page on a phone ----------------------------------------------------------

# Measures, after layout, whether any part of a table needs horizontal scrolling (the
# table or a box around it wider than it shows) and how wide the finding column is.
# Headless Chromium will not make a window narrower than 500 px, so the page is shown
# in a 390 px frame (a phone's width) of a page around it, which receives the figures.
_LAYOUT_PROBE = """<script>
addEventListener("load", () => {
  const tables = [...document.querySelectorAll("article table")];
  let scrolls = 0;
  for (const table of tables) {
    for (let box = table; box && box.tagName !== "ARTICLE"; box = box.parentElement) {
      if (box.scrollWidth > box.clientWidth + 1) { scrolls += 1; break; }
    }
  }
  const findings = tables.filter((table) => /source line/.test(table.rows[0].textContent));
  const rows = findings.flatMap((table) => [...table.rows].slice(1));
  const cells = rows.map((row) => row.cells[row.cells.length - 1]);
  parent.document.body.dataset.layout = JSON.stringify({
    viewport: innerWidth,
    page: document.documentElement.scrollWidth,
    tables: tables.length,
    scrolls: scrolls,
    finding: Math.min(...cells.map((cell) => cell.getBoundingClientRect().width)),
  });
});
</script>"""


def test_report_page_fits_a_phone(tmp_path: Path, browser: Browser) -> None:
    config_file = _example_site(tmp_path / "example")
    config = load_site(config_file)
    plugin = config.plugins["postlint"]
    plugin.config["report_page"] = True
    plugin.config["fail_on"] = "never"
    site = build_config(config)
    assert plugin.report_uri is not None
    page = site / page_url(plugin.report_uri).strip("/") / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", _LAYOUT_PROBE + "</body>"), encoding="utf-8")
    phone = f'<!doctype html><body style="margin:0"><iframe src="{page_url(plugin.report_uri)}" '
    phone += 'width="390" height="2400" style="border:0"></iframe></body>'
    (site / "phone.html").write_text(phone, encoding="utf-8")
    with static_server(site) as base:
        url = urljoin(base, "phone.html")
        dom = browser.dom(url)
        browser.screenshot(url, "report-page-390px.png", height=2400, width=600)
    found = re.search(r"data-layout=\"([^\"]+)\"", dom)
    assert found is not None, "the layout probe did not run"
    layout = json.loads(unescape(found.group(1)))
    assert layout["viewport"] == 390
    assert layout["tables"] >= 2
    assert layout["page"] <= layout["viewport"], layout  # no sideways scrolling of the page
    assert layout["scrolls"] == 0, json.dumps(layout)  # nor of a table
    assert layout["finding"] >= 150, layout  # the message column is readable
