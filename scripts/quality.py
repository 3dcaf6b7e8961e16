"""Score the rules on the real-page corpus (not a test; `tests/test_quality.py` is the gate).

    python scripts/quality.py [--corpus DIR] [-v] [--rule RULE] [--lang LANG] [--json FILE]

Every page under `corpus/pages/` is a real page nobody here wrote, linted with
the default settings, as `mkdocs-postlint check` lints a folder without an
`mkdocs.yml`. `corpus/labels.tsv` lists the real defects on those pages; every
other finding on them is a false positive. The figures are printed per rule and
per language: clean pages, errors and warnings per 100 clean pages, TP/FP/FN,
precision, recall and F1, then the macro F1 over the content rules.

`-v` lists every false positive and miss as `path:line: severity rule message`.
`--rule` and `--lang` (repeatable) keep only those rules or languages. `--json`
writes the figures to a file (`-` for standard output).

The package is imported from the running interpreter's installation, so any
checkout's virtual environment can score its own rules on this corpus.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_postlint.config import Config, load_config
from mkdocs_postlint.linter import lint_bytes
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.rules import RULES

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CONTENT_RULES = (
    "truncated-ending",
    "truncation-marker",
    "duplicate-block",
    "duplicate-heading",
    "unclosed-pair",
    "duplicate-anchor",
)


@dataclass(frozen=True)
class Page:
    """One corpus page: its path under the corpus folder, language and bytes."""

    path: str
    lang: str
    data: bytes


@dataclass
class Tally:
    """Counts for one rule in one language (or over all languages)."""

    pages: int = 0
    errors: int = 0
    warnings: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.errors += other.errors
        self.warnings += other.warnings
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, Any]:
        per_100 = 100 / self.pages if self.pages else 0.0
        return {
            "pages": self.pages,
            "errors_per_100": round(self.errors * per_100, 2),
            "warnings_per_100": round(self.warnings * per_100, 2),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Score:
    """The figures over a set of pages, and what went wrong where."""

    pages: int = 0
    by_lang: dict[str, dict[str, Tally]] = field(default_factory=dict)
    lang_pages: Counter[str] = field(default_factory=Counter)
    false_positives: list[Problem] = field(default_factory=list)
    misses: list[tuple[str, int, str, str]] = field(default_factory=list)

    def tally(self, lang: str, rule: str) -> Tally:
        return self.by_lang.setdefault(lang, {}).setdefault(rule, Tally())

    def total(self, rule: str, langs: Iterable[str] | None = None) -> Tally:
        out = Tally()
        for lang in self.by_lang if langs is None else langs:
            if rule in self.by_lang.get(lang, {}):
                out.add(self.by_lang[lang][rule])
        out.pages = self.pages if langs is None else sum(self.lang_pages[lang] for lang in langs)
        return out

    def macro_f1(self) -> float:
        return sum(self.total(rule).f1 for rule in CONTENT_RULES) / len(CONTENT_RULES)


def load_pages(corpus: Path, langs: Sequence[str] = ()) -> list[Page]:
    """Every page under `corpus/pages/<lang>/`, in path order."""
    root = corpus / "pages"
    if not root.is_dir():
        raise SystemExit(f"quality.py: no pages folder at {root}")
    pages = []
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(corpus).as_posix()
        lang = path.relative_to(root).parts[0]
        if langs and lang not in langs:
            continue
        pages.append(Page(rel, lang, path.read_bytes()))
    return pages


def load_labels(corpus: Path) -> Counter[tuple[str, int, str]]:
    """The real defects: (local_path, line, rule) -> how many findings are expected there."""
    labels: Counter[tuple[str, int, str]] = Counter()
    path = corpus / "labels.tsv"
    if not path.exists():
        return labels
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if not (corpus / row["local_path"]).exists():
                raise SystemExit(f"quality.py: labels.tsv names a missing page {row['local_path']}")
            labels[(row["local_path"], int(row["line"]), row["rule"])] += 1
    return labels


def default_config(corpus: Path) -> Config:
    """The settings a user gets from `mkdocs-postlint check` on a folder without mkdocs.yml."""
    return load_config({}, corpus / "pages")


def lint_page(page: Page, config: Config) -> list[Problem]:
    src_path = page.path.split("/", 2)[2]  # under pages/<lang>/, as a docs_dir-relative path
    return lint_bytes(page.data, page.path, config, src_path)


def score_clean(
    pages: Sequence[Page],
    labels: Counter[tuple[str, int, str]],
    config: Config,
    rules: Sequence[str] = (),
) -> Score:
    """Lint each page as it is: labelled findings are true positives, the rest false ones."""
    score = Score(pages=len(pages))
    for page in pages:
        score.lang_pages[page.lang] += 1
        found: dict[tuple[int, str], list[Problem]] = defaultdict(list)
        for problem in lint_page(page, config):
            if rules and problem.rule not in rules:
                continue
            found[(problem.line, problem.rule)].append(problem)
            tally = score.tally(page.lang, problem.rule)
            if problem.severity is Severity.ERROR:
                tally.errors += 1
            else:
                tally.warnings += 1
        expected = {
            (line, rule): count
            for (path, line, rule), count in labels.items()
            if path == page.path and (not rules or rule in rules)
        }
        for key in found.keys() | expected.keys():
            problems, want = found.get(key, []), expected.get(key, 0)
            hit = min(len(problems), want)
            tally = score.tally(page.lang, key[1])
            tally.tp += hit
            tally.fp += len(problems) - hit
            tally.fn += want - hit
            score.false_positives.extend(problems[hit:])
            if want > hit:
                score.misses.append((page.path, key[0], key[1], "labelled defect not reported"))
    return score


def rules_to_show(score: Score, only: Sequence[str]) -> list[str]:
    if only:
        return list(only)
    seen = {rule for tallies in score.by_lang.values() for rule in tallies}
    return [rule for rule in RULES if rule in CONTENT_RULES or rule in seen]


def print_table(title: str, score: Score, rules: Sequence[str], langs: Sequence[str] | None) -> None:
    print(title)
    header = (
        f"{'rule':<20} {'pages':>5} {'err/100':>8} {'warn/100':>8} {'TP':>4} {'FP':>4} {'FN':>4}"
        f" {'prec':>6} {'recall':>6} {'F1':>6}"
    )
    print(header)
    for rule in rules:
        t = score.total(rule, langs)
        f = t.figures()
        print(
            f"{rule:<20} {f['pages']:>5} {f['errors_per_100']:>8.1f} {f['warnings_per_100']:>8.1f}"
            f" {t.tp:>4} {t.fp:>4} {t.fn:>4} {t.precision:>6.3f} {t.recall:>6.3f} {t.f1:>6.3f}"
        )
    print()


def print_languages(score: Score, rules: Sequence[str]) -> None:
    print("false positives per language (findings on clean pages that are not labelled)")
    print(f"{'lang':<8} {'pages':>5} " + " ".join(f"{rule[:17]:>17}" for rule in rules))
    for lang in sorted(score.lang_pages):
        cells = " ".join(f"{score.total(rule, [lang]).fp:>17}" for rule in rules)
        print(f"{lang:<8} {score.lang_pages[lang]:>5} {cells}")
    print()


def figures(score: Score, rules: Sequence[str]) -> dict[str, Any]:
    return {
        "clean_pages": score.pages,
        "languages": dict(sorted(score.lang_pages.items())),
        "rules": {rule: score.total(rule).figures() for rule in rules},
        "by_language": {
            lang: {rule: score.total(rule, [lang]).figures() for rule in rules}
            for lang in sorted(score.lang_pages)
        },
        "macro_f1": round(score.macro_f1(), 4),
        "errors_per_100": round(
            100 * sum(score.total(r).errors for r in RULES) / score.pages, 2
        )
        if score.pages
        else 0.0,
        "warnings_per_100": round(
            100 * sum(score.total(r).warnings for r in RULES) / score.pages, 2
        )
        if score.pages
        else 0.0,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="list false positives and misses")
    parser.add_argument("--rule", action="append", default=[], choices=sorted(RULES))
    parser.add_argument("--lang", action="append", default=[])
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON ('-': stdout)")
    args = parser.parse_args(argv)

    corpus = args.corpus.resolve()
    pages = load_pages(corpus, args.lang)
    if not pages:
        raise SystemExit(f"quality.py: no pages in {corpus / 'pages'} for {args.lang}")
    config = default_config(corpus)
    score = score_clean(pages, load_labels(corpus), config, args.rule)
    rules = rules_to_show(score, args.rule)

    print(f"{score.pages} clean pages in {len(score.lang_pages)} languages ({corpus})\n")
    print_table("clean pages: findings not in labels.tsv are false positives", score, rules, None)
    print_languages(score, rules)
    print(f"macro F1 over the content rules: {score.macro_f1():.3f}")
    if args.verbose:
        print("\nfalse positives:")
        for p in score.false_positives:
            print(f"{p.path}:{p.line}: {p.severity.value} {p.rule} {p.message}")
        print("\nmisses:")
        for path, line, rule, why in score.misses:
            print(f"{path}:{line}: {rule} {why}")
    if args.json:
        text = json.dumps(figures(score, rules), indent=2, ensure_ascii=False) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
