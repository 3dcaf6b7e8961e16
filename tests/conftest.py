"""Shared fixtures: the seed post and its expected findings, read from EXPECTED.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import mkdocs_postlint.site_page

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed" / "2025-09-18-japan-domestic-ai.md"
EXPECTED_MD = FIXTURES / "seed" / "EXPECTED.md"


def expected_seed_findings() -> set[tuple[str, int]]:
    """(rule, line) pairs of the first table of EXPECTED.md ("Default rules, no schema").

    The "line(s) reported" column lists the lines; parenthesised parts name the
    earlier occurrences and are not reported lines.
    """
    text = EXPECTED_MD.read_text(encoding="utf-8")
    section = text.split("## Default rules", 1)[1].split("\n## ", 1)[0]
    found: set[tuple[str, int]] = set()
    for row in section.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) < 3 or not re.fullmatch(r"[a-z-]+", cells[0]) or cells[0] == "rule":
            continue
        lines = re.sub(r"\([^)]*\)", "", cells[1])
        found.update((cells[0], int(n)) for n in re.findall(r"\d+", lines))
    return found


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


# duplicate-block reports a run of repeated paragraphs as one problem starting
# where the run starts (EXPECTED.md allows it): lines 65–68 restate 55–59 and
# lines 109–126 restate 32–70. tests/test_seed.py checks the runs in detail.
SEED_RUNS = {65: 68, 109: 126}


def expected_seed_problems() -> set[tuple[str, int]]:
    """(rule, line) of every problem reported on the seed, runs grouped as above.

    For a site whose toc slugify keeps Japanese text (pymdownx.slugs), so
    without duplicate-anchor findings.
    """
    inside = {line for start, end in SEED_RUNS.items() for line in range(start + 1, end + 1)}
    return {
        (rule, line)
        for rule, line in expected_seed_findings()
        if not (rule == "duplicate-block" and line in inside)
    }


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The command line's cache goes to a folder of the test session, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MKDOCS_POSTLINT_CACHE_DIR", str(tmp_path_factory.mktemp("postlint-cache")))
        yield


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the plugin parses in the build's process (not in a lint worker), in order."""
    calls: list[str] = []
    real = mkdocs_postlint.site_page.parse

    def counting(data: bytes, path: str, src_path: str | None = None):  # type: ignore[no-untyped-def]
        calls.append(src_path or path)
        return real(data, path, src_path)

    monkeypatch.setattr(mkdocs_postlint.site_page, "parse", counting)
    return calls
