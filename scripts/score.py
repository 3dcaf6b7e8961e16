"""Precision, recall and F1 of each rule over the fixture pages (not a test).

    python scripts/score.py [-v]

A finding counts as a true positive when the page expects that rule on that
line (tests/fixtures/rules/README.md). Pages without any expectation are the
clean pages: every finding on them is a false positive, counted per 100 pages.
``-v`` lists every miss and false alarm.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fixture_pages import all_fixtures, load

from mkdocs_postlint.rules import RULES


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    clean_fp: Counter[str] = Counter()
    wrong: list[str] = []
    fixtures = [load(path) for path in all_fixtures()]
    clean = sum(f.clean for f in fixtures)
    for fixture in fixtures:
        found = fixture.found()
        for rule, line in found | fixture.expected:
            hit = min(found[(rule, line)], fixture.expected[(rule, line)])
            tp[rule] += hit
            fp[rule] += found[(rule, line)] - hit
            fn[rule] += fixture.expected[(rule, line)] - hit
            if fixture.clean:
                clean_fp[rule] += found[(rule, line)]
            if found[(rule, line)] != fixture.expected[(rule, line)]:
                kind = "false alarm" if found[(rule, line)] > hit else "missed"
                wrong.append(f"  {kind}: {fixture.name}:{line} {rule}")
    print(f"{len(fixtures)} fixture pages, {clean} clean\n")
    print(
        f"{'rule':<20} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} {'F1':>6}"
        f" {'FP/100 clean':>12}"
    )
    for rule in RULES:
        if not (tp[rule] or fp[rule] or fn[rule]):
            continue
        precision = tp[rule] / (tp[rule] + fp[rule]) if tp[rule] + fp[rule] else 1.0
        recall = tp[rule] / (tp[rule] + fn[rule]) if tp[rule] + fn[rule] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_100 = 100 * clean_fp[rule] / clean if clean else 0.0
        print(
            f"{rule:<20} {tp[rule]:>4} {fp[rule]:>4} {fn[rule]:>4} {precision:>9.3f} "
            f"{recall:>7.3f} {f1:>6.3f} {per_100:>12.1f}"
        )
    if verbose:
        print("\n".join(wrong) or "  no misses, no false alarms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
