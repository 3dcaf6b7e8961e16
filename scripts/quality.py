"""Score the rules on the real-page corpus (not a test; `tests/test_quality.py` is the gate).

    python scripts/quality.py [--corpus DIR] [-v] [--rule RULE] [--lang LANG]
                              [--json FILE] [--markdown FILE] [--write DIR]

Every page under `corpus/pages/` is a real page nobody here wrote, linted with
the default settings, as `mkdocs-postlint check` lints a folder without an
`mkdocs.yml`. `corpus/labels.tsv` lists the real defects on those pages; every
other finding on them is a false positive.

Then each page is copied with one defect injected, the way generation
pipelines break text (`scripts/corruptions.py`; seeded by the page's path, so
every run makes the same copies). A copy is scored on the findings that are
new relative to its clean page: each expected finding is a hit or a miss; a
new finding of a content rule that nothing explains is a false positive.

Printed per rule and per language: pages, false errors and warnings per 100
clean pages, TP/FP/FN, precision, recall and F1, the recall on the corrupted
copies, and the macro F1 over the content rules.

`-v` lists every false positive and miss as `path:line: severity rule message`.
`--rule` and `--lang` (repeatable) keep only those rules or languages. `--json`
writes the figures (`-` for standard output); `--markdown` writes the Quality
page of the documentation; `--write DIR` writes the corrupted copies out.

The package is imported from the running interpreter's installation, so any
checkout's virtual environment can score its own rules on this corpus.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corruptions import INJECTORS, Corruption, Expect, scan

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
COPIES_PER_PAGE = 3  # corrupted copies made of each page, each with one defect


@dataclass(frozen=True)
class Page:
    """One corpus page: its path under the corpus folder, language and bytes."""

    path: str
    lang: str
    data: bytes


@dataclass
class Tally:
    """Counts for one rule (in one language, or over all)."""

    errors: int = 0  # false positives of error severity on clean pages
    warnings: int = 0  # false positives of warning severity on clean pages
    tp: int = 0
    fp: int = 0
    fn: int = 0
    injected: int = 0  # findings expected on corrupted copies
    hits: int = 0  # of which reported

    def add(self, other: Tally) -> None:
        for name in ("errors", "warnings", "tp", "fp", "fn", "injected", "hits"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

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

    @property
    def corrupt_recall(self) -> float | None:
        return self.hits / self.injected if self.injected else None


@dataclass
class Score:
    """The figures over the corpus, and every false positive and miss."""

    lang_pages: Counter[str] = field(default_factory=Counter)
    copies: Counter[str] = field(default_factory=Counter)  # corrupted copies per kind
    by_lang: dict[str, dict[str, Tally]] = field(default_factory=dict)
    false_positives: list[tuple[str, Problem]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(self.lang_pages.values())

    def tally(self, lang: str, rule: str) -> Tally:
        return self.by_lang.setdefault(lang, {}).setdefault(rule, Tally())

    def total(self, rule: str, langs: Iterable[str] | None = None) -> Tally:
        out = Tally()
        for lang in self.by_lang if langs is None else langs:
            if rule in self.by_lang.get(lang, {}):
                out.add(self.by_lang[lang][rule])
        return out

    def pages_in(self, langs: Iterable[str] | None) -> int:
        return self.pages if langs is None else sum(self.lang_pages[lang] for lang in langs)

    def macro_f1(self) -> float:
        return sum(self.total(rule).f1 for rule in CONTENT_RULES) / len(CONTENT_RULES)

    def figures(self, rule: str, langs: Iterable[str] | None = None) -> dict[str, Any]:
        langs = list(langs) if langs is not None else None
        t, pages = self.total(rule, langs), self.pages_in(langs)
        recall = t.corrupt_recall
        return {
            "false_errors_per_100": round(100 * t.errors / pages, 2) if pages else 0.0,
            "false_warnings_per_100": round(100 * t.warnings / pages, 2) if pages else 0.0,
            "tp": t.tp,
            "fp": t.fp,
            "fn": t.fn,
            "precision": round(t.precision, 4),
            "recall": round(t.recall, 4),
            "f1": round(t.f1, 4),
            "injected": t.injected,
            "corrupted_recall": None if recall is None else round(recall, 4),
        }


def load_pages(corpus: Path, langs: Sequence[str] = ()) -> list[Page]:
    """Every page under `corpus/pages/<lang>/`, in path order."""
    root = corpus / "pages"
    if not root.is_dir():
        raise SystemExit(f"quality.py: no pages folder at {root}")
    pages = []
    for path in sorted(root.rglob("*.md")):
        lang = path.relative_to(root).parts[0]
        if not langs or lang in langs:
            pages.append(Page(path.relative_to(corpus).as_posix(), lang, path.read_bytes()))
    return pages


def load_labels(corpus: Path) -> Counter[tuple[str, int, str]]:
    """The real defects: (local_path, line, rule) -> how many findings are expected there."""
    labels: Counter[tuple[str, int, str]] = Counter()
    path = corpus / "labels.tsv"
    if not path.exists():
        return labels
    with path.open(encoding="utf-8", newline="") as f:
        for number, row in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            if row.get("rule") not in RULES or not (row.get("line") or "").isdigit():
                raise SystemExit(f"quality.py: {path}:{number}: needs a page, a line and a rule")
            if not (corpus / row["local_path"]).exists():
                raise SystemExit(f"quality.py: {path}:{number}: no page {row['local_path']}")
            labels[(row["local_path"], int(row["line"]), row["rule"])] += 1
    return labels


def default_config(corpus: Path) -> Config:
    """The settings a user gets from `mkdocs-postlint check` on a folder without mkdocs.yml."""
    return load_config({}, corpus / "pages")


def lint(page: Page, data: bytes, config: Config) -> list[Problem]:
    src_path = page.path.split("/", 2)[2]  # the path under pages/<lang>/, as docs_dir-relative
    return lint_bytes(data, page.path, config, src_path)


def score_clean(
    score: Score,
    page: Page,
    problems: list[Problem],
    labels: Counter[tuple[str, int, str]],
    rules: Sequence[str],
) -> None:
    """A page as it is: labelled findings are true positives, the rest false ones.

    A run of repeats that `duplicate-block` reports as one problem covers the
    labelled lines inside its range.
    """
    score.lang_pages[page.lang] += 1
    expected = Counter(
        {(line, rule): n for (path, line, rule), n in labels.items() if path == page.path}
    )
    for problem in problems:
        if rules and problem.rule not in rules:
            continue
        tally = score.tally(page.lang, problem.rule)
        key = (problem.line, problem.rule)
        if expected[key]:
            expected[key] -= 1
            tally.tp += 1
            for line in range(problem.line + 1, problem.end_line + 1):
                covered = (line, problem.rule)
                if problem.rule == "duplicate-block" and expected[covered]:
                    expected[covered] -= 1
                    tally.tp += 1
            continue
        tally.fp += 1
        if problem.severity is Severity.ERROR:
            tally.errors += 1
        else:
            tally.warnings += 1
        score.false_positives.append(("clean", problem))
    for (line, rule), n in expected.items():
        if n and (not rules or rule in rules):
            score.tally(page.lang, rule).fn += n
            score.misses.append(f"{page.path}:{line}: labelled {rule} not reported")


def corrupted_copies(page: Page) -> list[Corruption]:
    """Up to COPIES_PER_PAGE copies of the page, each with one defect; the same every run."""
    lines = page.data.decode("utf-8", "replace").split("\n")
    blocks = scan(lines)
    kinds = sorted(INJECTORS)
    random.Random(zlib.crc32(page.path.encode())).shuffle(kinds)
    copies = []
    for kind in kinds:
        rng = random.Random(zlib.crc32(f"{page.path}:{kind}".encode()))
        corruption = INJECTORS[kind](lines, blocks, rng)
        if corruption is not None:
            copies.append(corruption)
            if len(copies) == COPIES_PER_PAGE:
                break
    return copies


def _within(expect: Expect, problem: Problem) -> bool:
    return expect.matches(problem.rule, problem.line)


def score_copy(
    score: Score,
    page: Page,
    corruption: Corruption,
    clean: list[Problem],
    config: Config,
    rules: Sequence[str],
) -> None:
    """One corrupted copy: its expected findings are hits or misses among the new ones."""
    score.copies[corruption.kind] += 1
    data = "\n".join(corruption.lines).encode("utf-8")
    before = Counter()
    for problem in clean:
        moved = corruption.moved(problem.line)
        if moved is not None:
            before[(problem.rule, moved)] += 1
    new = []
    for problem in lint(page, data, config):
        if before[(problem.rule, problem.line)]:
            before[(problem.rule, problem.line)] -= 1
        else:
            new.append(problem)
    for expect in corruption.expected:
        if rules and expect.rule not in rules:
            continue
        tally = score.tally(page.lang, expect.rule)
        tally.injected += 1
        hit = next((p for p in new if _within(expect, p)), None)
        if hit is not None:
            new.remove(hit)
            tally.hits += 1
            tally.tp += 1
        else:
            tally.fn += 1
            score.misses.append(
                f"{page.path}:{expect.line}: {expect.rule} not reported on the "
                f"{corruption.kind} copy (quality.py --write DIR to see it)"
            )
    explained = corruption.expected + corruption.allowed
    for problem in new:
        if problem.rule not in CONTENT_RULES or (rules and problem.rule not in rules):
            continue
        if any(_within(e, problem) for e in explained):
            continue
        score.tally(page.lang, problem.rule).fp += 1
        score.false_positives.append((corruption.kind, problem))


def run(corpus: Path, langs: Sequence[str] = (), rules: Sequence[str] = ()) -> Score:
    """Score every page of the corpus, clean and corrupted."""
    pages = load_pages(corpus, langs)
    if not pages:
        raise SystemExit(f"quality.py: no pages in {corpus / 'pages'} for {list(langs)}")
    labels = load_labels(corpus)
    config = default_config(corpus)
    score = Score()
    clean = {page.path: lint(page, page.data, config) for page in pages}
    reported = _as_one_run([p for page in pages for p in clean[page.path]])
    for page in pages:
        score_clean(score, page, reported.get(page.path, []), labels, rules)
        for corruption in corrupted_copies(page):
            score_copy(score, page, corruption, clean[page.path], config, rules)
    return score


def _as_one_run(problems: list[Problem]) -> dict[str, list[Problem]]:
    """The clean pages' problems as one `mkdocs-postlint check` run reports them, by page.

    Where the linter has a run-level step (a finding about the site's settings
    reported once for all pages), it is applied as the command line applies it.
    """
    import mkdocs_postlint.linter

    collapse = getattr(mkdocs_postlint.linter, "collapse_groups", None)
    if collapse is not None:
        problems = collapse(problems)
    by_page: dict[str, list[Problem]] = {}
    for problem in problems:
        by_page.setdefault(problem.path, []).append(problem)
    return by_page


def write_copies(corpus: Path, out: Path, langs: Sequence[str]) -> int:
    """Write each corrupted copy, named after its page and defect, with its expectations."""
    count = 0
    for page in load_pages(corpus, langs):
        for corruption in corrupted_copies(page):
            name = page.path.removeprefix("pages/").removesuffix(".md")
            target = out / f"{name}.{corruption.kind}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(corruption.lines), encoding="utf-8")
            wanted = ", ".join(f"{e.rule}:{e.line}" for e in corruption.expected)
            target.with_suffix(".expected").write_text(wanted + "\n", encoding="utf-8")
            count += 1
    return count


def rules_to_show(score: Score, only: Sequence[str]) -> list[str]:
    if only:
        return list(only)
    seen = {rule for tallies in score.by_lang.values() for rule in tallies}
    return [rule for rule in RULES if rule in CONTENT_RULES or rule in seen]


def _recall(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def table(score: Score, rules: Sequence[str], langs: Sequence[str] | None = None) -> list[str]:
    """The per-rule table as Markdown rows."""
    rows = [
        "| rule | false errors /100 | false warnings /100 | TP | FP | FN | precision "
        "| recall | F1 | injected | recall on copies |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for rule in rules:
        f = score.figures(rule, langs)
        rows.append(
            f"| {rule} | {f['false_errors_per_100']:.1f} | {f['false_warnings_per_100']:.1f} "
            f"| {f['tp']} | {f['fp']} | {f['fn']} | {f['precision']:.3f} | {f['recall']:.3f} "
            f"| {f['f1']:.3f} | {f['injected']} | {_recall(f['corrupted_recall'])} |"
        )
    return rows


def language_table(score: Score, rules: Sequence[str]) -> list[str]:
    """Per language: pages, false positives per rule on clean pages, recall on the copies."""
    shown = [r for r in rules if r in CONTENT_RULES]
    rows = [
        "| language | pages | " + " | ".join(f"{r} FP / recall" for r in shown) + " |",
        "|---|--:|" + "--:|" * len(shown),
    ]
    for lang in sorted(score.lang_pages):
        cells = []
        for rule in shown:
            t = score.total(rule, [lang])
            cells.append(f"{t.errors + t.warnings} / {_recall(t.corrupt_recall)}")
        rows.append(f"| {lang} | {score.lang_pages[lang]} | " + " | ".join(cells) + " |")
    return rows


def figures(score: Score, rules: Sequence[str]) -> dict[str, Any]:
    return {
        "clean_pages": score.pages,
        "languages": dict(sorted(score.lang_pages.items())),
        "corrupted_copies": dict(sorted(score.copies.items())),
        "rules": {rule: score.figures(rule) for rule in rules},
        "by_language": {
            lang: {rule: score.figures(rule, [lang]) for rule in rules}
            for lang in sorted(score.lang_pages)
        },
        "macro_f1": round(score.macro_f1(), 4),
    }


def print_report(score: Score, rules: Sequence[str], corpus: Path, verbose: bool) -> None:
    copies = sum(score.copies.values())
    print(
        f"{score.pages} clean pages in {len(score.lang_pages)} languages, "
        f"{copies} corrupted copies ({corpus})\n"
    )
    print("\n".join(table(score, rules)) + "\n")
    print("\n".join(language_table(score, rules)) + "\n")
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(score.copies.items()))
    print(f"corrupted copies: {kinds}")
    print(f"macro F1 over the content rules: {score.macro_f1():.3f}")
    if verbose:
        print("\nfalse positives (on the clean page, or new on a corrupted copy):")
        for where, p in score.false_positives:
            copy = "" if where == "clean" else f" [on the {where} copy]"
            print(f"{p.path}:{p.line}: {p.severity.value} {p.rule} {p.message}{copy}")
        print("\nmisses:")
        print("\n".join(score.misses))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list false positives and misses"
    )
    parser.add_argument("--rule", action="append", default=[], choices=sorted(RULES))
    parser.add_argument("--lang", action="append", default=[])
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON ('-': stdout)")
    parser.add_argument("--markdown", metavar="FILE", help="write the Quality page")
    parser.add_argument("--write", metavar="DIR", type=Path, help="write the corrupted copies")
    args = parser.parse_args(argv)

    corpus = args.corpus.resolve()
    if args.write:
        count = write_copies(corpus, args.write, args.lang)
        print(f"{count} corrupted copies written to {args.write}")
        return 0
    score = run(corpus, args.lang, args.rule)
    rules = rules_to_show(score, args.rule)
    print_report(score, rules, corpus, args.verbose)
    if args.json:
        text = json.dumps(figures(score, rules), indent=2, ensure_ascii=False) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")
    if args.markdown:
        from quality_page import render

        Path(args.markdown).write_text(render(score, rules, corpus), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
