"""Every fixture page gives exactly the findings its inline markers expect."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_pages import ROOT, all_fixtures, load

FIXTURES = all_fixtures()


@pytest.mark.parametrize("path", FIXTURES, ids=[p.relative_to(ROOT).as_posix() for p in FIXTURES])
def test_fixture(path: Path) -> None:
    fixture = load(path)
    found = fixture.found()
    missing = fixture.expected - found
    unexpected = found - fixture.expected
    assert not missing and not unexpected, (
        f"missing {sorted(missing.elements())}, unexpected {sorted(unexpected.elements())}"
    )
    # The markers are HTML comments: the rules must not see them.
    assert fixture.found(fixture.raw) == found


def test_there_are_enough_fixtures() -> None:
    fixtures = [load(path) for path in FIXTURES]
    assert len(fixtures) >= 40
    rules = {rule for f in fixtures for rule, _ in f.expected}
    from mkdocs_postlint.rules import RULES

    file_rules = {"encoding", "unreadable-file", "file-too-large"}  # test_hardening_files.py
    prose_rules = set(RULES) - file_rules - {"frontmatter-syntax", "frontmatter-schema"}
    assert prose_rules <= rules, f"rules without a failing fixture: {prose_rules - rules}"
    assert sum(f.clean for f in fixtures) >= 10
