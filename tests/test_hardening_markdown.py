"""Pathological Markdown stays within time and memory bounds.

pulldown-cmark is linear; these cases guard our own code around it (the block
builder, the comment scan, the rules), where a quadratic loop or a
backtracking regular expression once turned a few hundred kilobytes into
minutes. Each case must finish far inside its deadline (a hang guard, not a
benchmark: the real timings are in docs/performance.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _guard import deadline

from mkdocs_postlint.config import load_config
from mkdocs_postlint.linter import MAX_FINDINGS_PER_RULE, lint_bytes

N = 200_000
CASES = {
    "nested quotes": ">" * N + " x\n",
    "quote ladder": "".join(">" * i + " x\n" for i in range(600)),
    "open brackets": "[" * N + "\n",
    "bracket sandwich": "[" * N + "]" * N + "\n",
    "open then wrong closers": "(" * (N // 2) + "]" * (N // 2) + "\n",
    "stars": "*" * N + "\n",
    "emphasis runs": "*a " * (N // 3) + "\n",
    "underscores": "_a " * (N // 3) + "\n",
    "long line": "word " * (N // 5) + "\n",
    "backticks": "`" * N + "\n",
    "unclosed link targets": "[a](" * (N // 4) + "\n",
    "nested lists": "".join("  " * i + "- x\n" for i in range(500)),
    "ordered list ladder": "".join("1. " * i + "x\n" for i in range(300)),
    "nested admonitions": "".join("    " * i + "!!! note\n" for i in range(200)) + "text\n",
    "html open tags": "<div>" * (N // 5) + "\n",
    "unclosed comments": "<!--" * (N // 4) + "\n",
    "comments then text": "Text.\n\n" + "<!-- a -->" * (N // 10) + "x\n",
    "one long html block": "<div>\n" + "<p>a</p>\n" * (N // 9) + "</div>\n",
    "cjk brackets": "「" * N + "\n",
    "cjk prose": "日本語の文章です。" * (N // 9) + "\n",
    "many headings": "# a\n" * (N // 4),
    "fences": "```\n" * (N // 4),
    "table rows": "|a|b|\n|-|-|\n" + "|x|y|\n" * (N // 6),
    "footnotes": "[^1]" * (N // 4) + "\n\n[^1]: x\n",
    "reference definitions": "".join(f"[{i}]: http://x/{i}\n" for i in range(N // 20)),
    "jinja and snippets": "{{ x }}\n--8<-- 'a.md'\n::: mod\n" * (N // 30),
    # duplicate-block compares neighbouring sections, passages and tabs block by block.
    "repeated sections": "## a\n\nThe same words under the same heading.\n\n" * (N // 45),
    "sections a word apart": "".join(f"## a\n\n{'word ' * 150}{i}\n\n" for i in range(N // 760)),
    "sections of other words": "".join(
        f"## a\n\n{' '.join(str(i * 7 + j) for j in range(150))}\n\n" for i in range(N // 900)
    ),
    "repeated short lines": "A short line again.\n\n" * (N // 21),
    "repeated list": "- one item of a list\n- another item\n" * (N // 36),
    "tabs with the same text": '=== "a"\n\n    The same text in every tab.\n\n' * (N // 40),
}


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_pathological_markdown_is_linear(text: str) -> None:
    config = load_config({}, Path.cwd())
    with deadline(30):
        problems = lint_bytes(text.encode("utf-8"), "p.md", config)
    for rule in {p.rule for p in problems}:
        assert sum(p.rule == rule for p in problems) <= MAX_FINDINGS_PER_RULE + 1


def test_findings_per_rule_are_capped() -> None:
    problems = lint_bytes(b"(" * 5000 + b"\n", "p.md", load_config({}, Path.cwd()))
    unclosed = [p for p in problems if p.rule == "unclosed-pair"]
    assert len(unclosed) == MAX_FINDINGS_PER_RULE + 1
    assert unclosed[-1].message == (
        f"more than {MAX_FINDINGS_PER_RULE} problems of this rule on this page: "
        "the rest are not reported"
    )


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_a_large_hostile_page_fits_in_bounded_memory(tmp_path: Path) -> None:
    """Every case above in one page of about 5 MiB, linted within 1 GiB of address space."""
    page = tmp_path / "hostile.md"
    page.write_text("\n\n".join(CASES.values()), encoding="utf-8")
    assert page.stat().st_size > 2_000_000
    limit = 1024**3
    code = (
        "import resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
        "from mkdocs_postlint.cli import main; "
        f"sys.exit(main(['check', '--no-config', {str(page)!r}]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr


def test_many_findings_on_one_long_line() -> None:
    """1,001 findings on one 9 MB line: per-finding work must not scale with the line."""
    data = "「".encode() * 3_000_000 + b"\n"
    with deadline(20):  # about 2 s; per-finding work on the line took over a minute
        problems = lint_bytes(data, "p.md", load_config({}, Path.cwd()))
    assert len({p.fingerprint for p in problems}) == len(problems) == MAX_FINDINGS_PER_RULE + 1
