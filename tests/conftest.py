"""Shared fixtures: the seed post and its expected findings, read from EXPECTED.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
