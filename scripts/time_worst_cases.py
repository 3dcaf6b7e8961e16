"""Time `lint_document` on pathological pages built in memory (not a test).

    python scripts/time_worst_cases.py

Prints, for each page, its size and the best of three timings of parsing and
of linting with the default rules. Pages: 10,000 distinct Latin paragraphs,
10,000 distinct Japanese paragraphs, 10,000 headings, 10,000 Japanese headings
(every one an id without text under MkDocs' default slugify), and 10,000 paragraphs
where every tenth one repeats an earlier one with a word changed (the previous
one or one of the last fifty: the duplicate-block worst case, many candidates).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs_postlint.config import load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.linter import lint_document

SENTENCE = "the build reads every page once and each rule looks at the parsed blocks"
TOPICS = "config plugin theme search index navigation section heading paragraph release"
WORDS = f"{SENTENCE} {TOPICS} version migrate install server client request cache".split()
KANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
)
KANJI = "日本語文章技術開発設定機能変更追加修正削除確認表示画面記事投稿資料"


def latin_paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        words = rng.choices(WORDS, k=rng.randint(8, 16))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def japanese_paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        chars = rng.choices(KANA + KANJI, k=rng.randint(20, 40))
        sentences.append("".join(chars) + "。")
    return "".join(sentences)


def page(paragraphs: list[str]) -> bytes:
    return ("# Page\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


def near_repeats(rng: random.Random) -> bytes:
    paragraphs: list[str] = []
    for index in range(10_000):
        if index % 10 == 9:
            words = (paragraphs[-1] if index % 20 == 9 else rng.choice(paragraphs[-50:])).split()
            words[rng.randrange(len(words))] = "changed"
            paragraphs.append(" ".join(words))
        else:
            paragraphs.append(latin_paragraph(rng))
    return page(paragraphs)


def best_of(times: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = random.Random(4)
    pages = {
        "10,000 Latin paragraphs": page([latin_paragraph(rng) for _ in range(10_000)]),
        "10,000 Japanese paragraphs": page([japanese_paragraph(rng) for _ in range(10_000)]),
        "10,000 headings": "\n\n".join(
            f"## Section {i} {rng.choice(WORDS)}\n\nText of section {i}." for i in range(10_000)
        ).encode("utf-8"),
        "10,000 Japanese headings (ids _1 ... _10000)": "\n\n".join(
            f"## {japanese_paragraph(rng)[:10]}\n\n本文{i}。" for i in range(10_000)
        ).encode("utf-8"),
        "10,000 paragraphs, every 10th a near repeat": near_repeats(rng),
    }
    config = load_config({})
    for name, data in pages.items():
        doc = parse(data, "page.md")
        parse_time = best_of(3, lambda data=data: parse(data, "page.md"))  # type: ignore[misc]
        lint_time = best_of(3, lambda doc=doc: lint_document(doc, config))  # type: ignore[misc]
        problems = lint_document(doc, config)
        print(
            f"{name:<46} {len(data) / 1e6:5.1f} MB  parse {parse_time * 1000:6.0f} ms  "
            f"rules {lint_time * 1000:6.0f} ms  ({len(problems)} problems)"
        )


if __name__ == "__main__":
    main()
