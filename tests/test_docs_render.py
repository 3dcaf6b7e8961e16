"""The documentation renders as written: rule pages and `explain` show inline code as code.

Rule docstrings are plain Markdown with single backticks; RST-style double
backticks pair wrongly in Python-Markdown (a code span holding a backtick
broke the truncated-ending page) and print raw in `explain`. This builds the
project's own site and reads every rule page's text outside code: a backtick
there is inline code that did not render.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_postlint.cli import main
from mkdocs_postlint.config import ALL_RULES

ROOT = Path(__file__).resolve().parent.parent


class _TextOutsideCode(HTMLParser):
    """The text of the article, leaving out code, pre and script elements."""

    SKIP = frozenset({"code", "pre", "script", "style"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.in_article = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.depth:
            self.text.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr
    return out


@pytest.mark.parametrize("rule_id", list(ALL_RULES))
def test_rule_page_has_no_raw_backticks(site: Path, rule_id: str) -> None:
    page = site / "rules" / rule_id / "index.html"
    parser = _TextOutsideCode()
    parser.feed(page.read_text(encoding="utf-8"))
    text = "".join(parser.text)
    assert parser.text, f"{page} has no article"
    stray = [line.strip() for line in text.splitlines() if "`" in line]
    assert not stray, f"inline code that did not render on {page}: {stray}"


@pytest.mark.parametrize("rule_id", list(ALL_RULES))
def test_rule_docstring_is_plain_markdown(rule_id: str) -> None:
    doc = ALL_RULES[rule_id].__doc__ or ""
    prose = [line for line in doc.splitlines() if not line.lstrip().startswith("```")]
    # `` a `b` `` (spaces inside) is Markdown's way to show a backtick in code
    rst = [line for line in prose if "``" in re.sub(r"`` .+? ``", "", line)]
    assert not rst, f"{rule_id}: RST-style ``code`` (write `code`): {rst}"


def test_explain_prints_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "truncated-ending"]) == 0
    out = capsys.readouterr().out
    assert "`…といった巨大テック`" in out
    assert "``…" not in out


def test_home_page_lists_every_rule() -> None:
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| \[?`([a-z-]+)`", home, re.MULTILINE))
    assert listed == set(ALL_RULES)
