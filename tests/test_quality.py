"""The quality gate: the rules on the real-page corpus, clean and with defects injected.

`scripts/quality.py` does the scoring (see its docstring and `docs/quality.md`);
this runs it once and holds the figures to the thresholds. The corpus is not in
the sdist: there, the gate is skipped.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import expected_seed_findings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCRIPTS = ROOT / "scripts"
SEED_PAGE = "pages/ja/seed/2025-09-18-japan-domestic-ai.md"

MAX_WARNINGS_PER_100 = 1.0
MIN_RECALL = 0.9

pytestmark = pytest.mark.skipif(
    not (CORPUS / "pages").is_dir(), reason="the corpus is not part of this checkout"
)


@pytest.fixture(scope="module")
def quality() -> Iterator[Any]:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import quality

        yield quality
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(scope="module")
def score(quality: Any) -> Any:
    return quality.run(CORPUS)


def _listing(problems: list[Any]) -> str:
    shown = [f"{p.path}:{p.line}: {p.severity.value} {p.rule} {p.message}" for p in problems[:30]]
    more = len(problems) - len(shown)
    return "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")


def test_no_error_on_clean_pages(score: Any) -> None:
    false = [p for where, p in score.false_positives if where == "clean"]
    errors = [p for p in false if p.severity.value == "error"]
    if errors:
        pytest.fail(f"{len(errors)} errors on clean pages:\n{_listing(errors)}")


def test_few_warnings_on_clean_pages(score: Any) -> None:
    false = [p for where, p in score.false_positives if where == "clean"]
    warnings = [p for p in false if p.severity.value == "warning"]
    per_100 = 100 * len(warnings) / score.pages
    if per_100 > MAX_WARNINGS_PER_100:
        pytest.fail(f"{per_100:.1f} false warnings per 100 clean pages:\n{_listing(warnings)}")


# Named here, not taken from the scorer, so that pytest can collect one test per rule;
# test_the_gate_holds_every_content_rule keeps the two lists equal.
GATED_RULES = (
    "truncated-ending",
    "truncation-marker",
    "duplicate-block",
    "duplicate-heading",
    "unclosed-pair",
    "duplicate-anchor",
)


def test_the_gate_holds_every_content_rule(quality: Any) -> None:
    assert sorted(GATED_RULES) == sorted(quality.CONTENT_RULES)


@pytest.mark.parametrize("rule", GATED_RULES)
def test_recall_on_corrupted_copies(score: Any, rule: str) -> None:
    tally = score.total(rule)
    assert tally.injected >= 50, f"only {tally.injected} {rule} defects could be injected"
    misses = [m for m in score.misses if f": {rule} not reported" in m]
    if tally.hits / tally.injected < MIN_RECALL:
        pytest.fail(
            f"{rule}: {tally.hits} of {tally.injected} injected defects reported\n"
            + "\n".join(misses[:30])
        )


def test_seed_labels_are_expected_md(quality: Any) -> None:
    labels = quality.load_labels(CORPUS)
    seed = {(rule, line) for (path, line, rule) in labels if path == SEED_PAGE}
    assert seed == expected_seed_findings()
    assert (CORPUS / SEED_PAGE).read_bytes() == (
        ROOT / "tests" / "fixtures" / "seed" / "2025-09-18-japan-domestic-ai.md"
    ).read_bytes()


def test_quality_page_is_fresh(quality: Any, score: Any) -> None:
    from quality_page import render

    rules = quality.rules_to_show(score, [])
    page = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    assert page == render(score, rules, CORPUS), (
        "docs/quality.md is stale: python scripts/quality.py --markdown docs/quality.md"
    )
