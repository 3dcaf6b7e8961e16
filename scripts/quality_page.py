"""The Quality page of the documentation, made from a `quality.Score` (`quality.py --markdown`)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quality import Score

LANGUAGES = {
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "hi": "Hindi",
    "ja": "Japanese",
    "ko": "Korean",
    "pt": "Portuguese",
    "ru": "Russian",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese (simplified)",
    "zh-hant": "Chinese (traditional)",
}

KINDS = {
    "marker": "a marker line such as `---END---`, `[truncated]` or `（続く）` after a paragraph",
    "cut-before-heading": "the last paragraph before a heading cut mid-sentence",
    "cut-before-marker": "a paragraph cut mid-sentence, then a marker line",
    "cut-at-end": "the page cut mid-sentence (everything after is gone)",
    "repeat-paragraph": "a paragraph repeated right after itself",
    "repeat-run": "a run of 2 or 3 paragraphs repeated",
    "repeat-list": "a list repeated",
    "repeat-section": "a section repeated with one word changed",
    "repeat-heading": "a heading repeated at the end of its section",
    "anchor": "a heading given the explicit id of an earlier one",
    "unclose": "a closing `)`, `）`, `」` or `”` removed",
}

INTRO = """\
# Quality

The rules are measured on real pages that nobody on this project wrote, and on
copies of those pages with one defect injected. A rule that fires on a complete,
correct page is wrong, whatever its fixtures say; a rule that misses a defect a
generation pipeline really makes is not done.

The figures below are generated; to reproduce them from a checkout:

```sh
python scripts/quality.py            # the tables
python scripts/quality.py -v         # and every false positive and miss
python scripts/quality.py --rule truncated-ending --lang ja -v
python scripts/quality.py --markdown docs/quality.md   # this page
```

`tests/test_quality.py` is the gate: it fails when an error is reported on a clean page
(beyond the real defects listed in `corpus/labels.tsv`), when warnings exceed one per 100
clean pages, or when a content rule finds fewer than 90% of the injected defects.

## The corpus

Each page is copied byte for byte, with its source commit and licence, from public
repositories whose licences allow it (MIT, BSD, Apache-2.0, CC BY, CC BY-SA); a few
pages from each site, so no single site's habits dominate. Every page is linted with the
default settings, as `mkdocs-postlint check` lints a folder without an `mkdocs.yml`.
One page is not clean on purpose: the project's seed, a machine-written Japanese post,
with each of its defects labelled.
"""

METHOD = """\
## How pages are scored

* **Clean pages.** `corpus/labels.tsv` lists the real defects on the pages (a
  quote really left open, a front matter MkDocs would print as text). A finding
  there is a true positive; every other finding is a false positive.
* **Corrupted copies.** Up to three copies of each page, each with one defect,
  made the same way on every run (the random choices are seeded by the page's
  path). A copy is linted and compared with its clean page: an expected finding
  among the new ones is a hit, a missing one is a miss, and a new finding of a
  content rule that the defect does not explain is a false positive.
* Precision, recall and F1 count both. The macro F1 is the mean F1 of the six
  content rules: `truncated-ending`, `truncation-marker`, `duplicate-block`,
  `duplicate-heading`, `unclosed-pair` and `duplicate-anchor`.
"""


def _sources(corpus: Path) -> list[str]:
    pages: Counter[tuple[str, str, str]] = Counter()
    with (corpus / "SOURCES.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            site = row["local_path"].split("/")[2]
            pages[(row["repo"], row["licence"], f"{row['lang']}/{site}")] += 1
    rows = ["| source | licence | folder | pages |", "|---|---|---|--:|"]
    for (repo, licence, folder), n in sorted(pages.items(), key=lambda item: item[0][2]):
        rows.append(f"| {repo} | {licence} | `{folder}` | {n} |")
    return rows


def render(score: Score, rules: Sequence[str], corpus: Path) -> str:
    """The whole page."""
    from quality import language_table, table

    languages = ", ".join(
        f"{LANGUAGES.get(lang, lang)} {n}" for lang, n in sorted(score.lang_pages.items())
    )
    copies = sum(score.copies.values())
    kinds = ["| defect | copies |", "|---|--:|"] + [
        f"| {KINDS.get(kind, kind)} | {n} |" for kind, n in sorted(score.copies.items())
    ]
    parts = [
        INTRO,
        f"{score.pages} pages in {len(score.lang_pages)} languages: {languages}.\n",
        "\n".join(_sources(corpus)) + "\n",
        f"{copies} corrupted copies:\n",
        "\n".join(kinds) + "\n",
        METHOD,
        "## Figures\n",
        "False errors and warnings are counted per 100 clean pages. *Recall on copies* is "
        "the share of injected defects reported on the right line.\n",
        "\n".join(table(score, rules)) + "\n",
        f"Macro F1 over the content rules: **{score.macro_f1():.3f}**.\n",
        "## Per language\n",
        "False positives on the clean pages of each language, and the recall on their "
        "corrupted copies (`-`: no defect of that rule could be injected).\n",
        "\n".join(language_table(score, rules)) + "\n",
    ]
    return "\n".join(parts)
