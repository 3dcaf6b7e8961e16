"""Generate the benchmark corpora deterministically into bench/.work/.

Usage::

    python bench/make_corpus.py [--quick] [--force] [--only NAME ...]

Every corpus is produced from a seeded ``random.Random``, so the same inputs give the
same bytes. Pages are built to look like real blog / documentation pages: YAML front
matter (title, date, tags, authors, ...), Japanese and English prose, headings at several
levels, fenced code, tables, lists, admonitions with 4-space-indented bodies, quotes and
inline markup. The repository's seed post (tests/fixtures/seed/*.md) and docs/*.md are
used as templates when present: their sentences feed the prose pools, their code blocks
the code pool, and a small share of pages are lightly edited copies of the seed post
(a real machine-written blog carries such defective posts).

Corpora (names are directories under bench/.work/):

- ``site-300``: a MkDocs project with 300 pages (~7 KB each) in nested folders, plus
  ``mkdocs-plain.yml`` and ``mkdocs-postlint.yml`` (Material theme; the second adds
  ``postlint: {fail_on: never}``). ``site-100`` is the --quick variant.
- ``flat-2000`` and ``flat-10000``: flat folders of pages (~5.5 KB on average, sizes
  spread log-normally). ``flat-500`` is the --quick small set.
- ``worst``: ``paragraphs-10000.md``, ``big-5mb.md``, ``headings-10000.md``.
- ``small``: one small page, for start-up time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

GENERATOR_VERSION = 3
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
SEED_DIR = ROOT / "tests" / "fixtures" / "seed"
DOCS_DIR = ROOT / "docs"

FULL_CORPORA = ("site-300", "flat-2000", "flat-10000", "worst", "small")
QUICK_CORPORA = ("site-100", "flat-500", "flat-2000", "worst", "small")

# --------------------------------------------------------------------------- templates


def _template_files() -> list[Path]:
    files: list[Path] = []
    if SEED_DIR.is_dir():
        files += sorted(p for p in SEED_DIR.glob("*.md") if p.name != "EXPECTED.md")
    if DOCS_DIR.is_dir():
        files += sorted(p for p in DOCS_DIR.glob("*.md") if p.name != "performance.md")
    return files


def templates_digest() -> str:
    h = hashlib.sha256()
    for p in _template_files():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


_JA_SPLIT = re.compile(r"(?<=[。！？])")
_EN_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _prose_lines(body: str) -> Iterable[str]:
    in_code = False
    for line in body.splitlines():
        s = line.strip()
        if s.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not s or line.startswith("    "):
            continue
        if s.startswith(("#", "|", "-", "*", "!!!", "???", ">", "<", "[", "---")):
            continue
        if s[0].isdigit() and ". " in s[:4]:
            continue
        yield s


def _code_blocks(body: str) -> Iterable[tuple[str, list[str]]]:
    lang = ""
    buf: list[str] | None = None
    for line in body.splitlines():
        s = line.strip()
        if s.startswith("```"):
            if buf is None:
                lang, buf = s[3:].strip() or "text", []
            else:
                if 2 <= len(buf) <= 30:
                    yield lang, buf
                buf = None
            continue
        if buf is not None:
            buf.append(line)


class Templates:
    """Sentence and code pools, from built-in material plus the repo's templates."""

    def __init__(self) -> None:
        self.seed_text: str | None = None
        ja: list[str] = []
        en: list[str] = []
        code: list[tuple[str, list[str]]] = []
        for p in _template_files():
            text = p.read_text(encoding="utf-8")
            if p.parent == SEED_DIR and self.seed_text is None:
                self.seed_text = text
            body = _strip_front_matter(text)
            for line in _prose_lines(body):
                if "END" in line:
                    continue
                if _is_japanese(line):
                    ja += [s for s in _JA_SPLIT.split(line) if 12 <= len(s) <= 200]
                else:
                    en += [s for s in _EN_SPLIT.split(line) if 30 <= len(s) <= 300]
            code += list(_code_blocks(body))
        # keep first occurrence order, drop repeats (the seed post repeats itself on purpose)
        self.ja_real = list(dict.fromkeys(ja))
        self.en_real = list(dict.fromkeys(en))
        self.code_real = code


def _is_japanese(s: str) -> bool:
    return sum(1 for c in s if ord(c) > 0x3000) > len(s) // 4


# --------------------------------------------------------------------------- vocabulary


def _bar(s: str) -> list[str]:
    return s.split("|")


EN_NOUNS = _bar(
    "build cache|plugin|theme|navigation tree|search index|front matter block|heading|"
    "deployment pipeline|release note|configuration file|code sample|table of contents|"
    "blog post|author profile|sitemap|link checker|image optimiser|translation|footnote|"
    "changelog|style guide|editor|reviewer|reader|contributor|maintainer|archive page|"
    "category index|RSS feed|social card|redirect map|version selector|API reference|"
    "tutorial|glossary|admonition|code fence|tag cloud|permalink|canonical URL|"
    "markdown extension|template override|static asset|build log|preview server"
)
EN_VERBS = _bar(
    "rebuilds|validates|renders|ignores|rewrites|collects|reports|caches|resolves|"
    "highlights|links to|depends on|slows down|replaces|documents|summarises|extends|"
    "splits|merges|checks|publishes|indexes|translates|normalises|groups"
)
EN_ADJ = _bar(
    "every|the new|the old|a single|each nested|the generated|an unused|the default|"
    "the translated|a broken|the cached|the shared|a long|the previous|the next"
)
EN_TAIL = _bar(
    "before the site is deployed|during a local preview|when the configuration changes|"
    "on every pull request|without touching the theme|for each language|"
    "after the nightly build|in under a second|as soon as the author saves the file|"
    "unless the cache is cold|across all versions of the documentation|"
    "so that readers never see it|which keeps the diff small|in strict mode|"
    "for pages with more than one author|at the end of the pipeline"
)
EN_OPENERS = _bar(
    "In practice,|As a rule,|Most of the time,|On large sites,|In our experience,|"
    "By default,|Sometimes|Interestingly,|For this reason,|Finally,|Note that|"
    "In the example below,|When in doubt,|Historically,"
)

JA_SUBJ = _bar(
    "政府|この計画|多くの企業|開発チーム|研究者|投資家|編集部|利用者|自治体|大学|"
    "スタートアップ|データセンター|新しいモデル|国内市場|この取り組み|業界団体|技術者|"
    "生成AI|半導体メーカー|読者の皆さん"
)
JA_OBJ = _bar(
    "計算資源|学習データ|日本語モデル|人材育成|安全性の評価|電力の確保|国際連携|"
    "規制の枠組み|ロボット技術|クラウド基盤|サプライチェーン|研究開発費|倫理指針|"
    "オープンソース|評価指標|推論コスト|導入事例|長期戦略|市場の期待|品質管理"
)
JA_PRED = _bar(
    "重視しています|見直す必要があります|着実に整えつつあります|後押しするでしょう|"
    "避けて通れません|注視すべきです|大きく左右します|強化する方針です|"
    "まだ十分とは言えません|再評価し始めています|積極的に活用しています|"
    "慎重に検討しています|支える柱になります|見極める段階に来ています"
)
JA_OPEN = _bar(
    "正直なところ、|一方で、|さらに、|個人的には、|長い目で見れば、|実際のところ、|"
    "ここで重要なのは、|振り返ってみると、|現時点では、|結局のところ、"
)

TAGS = _bar(
    "AI|MkDocs|Python|投資|技術動向|最新ニュース|半導体|クラウド|release|tutorial|"
    "howto|performance|security|design|データ|ロボット|markdown|blog|community|ops"
)
AUTHORS = _bar("alice|bob|carol|dave|erin|frank|editorial|田中|佐藤|鈴木")
CATEGORIES = _bar("投資分析|テクノロジー|News|Guides|Engineering|Release notes|Opinion")
LANGS = ("python", "yaml", "bash", "json", "toml", "javascript", "text")
ADMONITIONS = ("note", "tip", "warning", "info", "danger", "example", "abstract", "quote")


class Writer:
    """Builds pages from a seeded RNG and the template pools."""

    def __init__(self, rng: random.Random, tpl: Templates) -> None:
        self.rng = rng
        self.tpl = tpl

    # --- sentences -----------------------------------------------------------------
    def en_sentence(self) -> str:
        r = self.rng
        if self.tpl.en_real and r.random() < 0.25:
            return r.choice(self.tpl.en_real)
        s = f"{r.choice(EN_ADJ)} {r.choice(EN_NOUNS)} {r.choice(EN_VERBS)} {r.choice(EN_ADJ)} "
        s += f"{r.choice(EN_NOUNS)} {r.choice(EN_TAIL)}"
        if r.random() < 0.3:
            s = f"{r.choice(EN_OPENERS)} {s}"
        s = s[0].upper() + s[1:]
        if r.random() < 0.15:
            s += f" (see `{r.choice(['mkdocs.yml', 'docs/index.md', 'site_url', 'nav'])}`)"
        if r.random() < 0.1:
            slug = r.choice(EN_NOUNS).replace(" ", "-")
            s += f", as described in [the {slug} guide](https://example.com/{slug}/)"
        if r.random() < 0.08:
            noun = r.choice(EN_NOUNS)
            s += f" and the **{noun}**"
        return s + r.choice(".....!?")

    def ja_sentence(self) -> str:
        r = self.rng
        if self.tpl.ja_real and r.random() < 0.45:
            return r.choice(self.tpl.ja_real)
        s = f"{r.choice(JA_OPEN) if r.random() < 0.4 else ''}{r.choice(JA_SUBJ)}は"
        s += f"{r.choice(JA_OBJ)}と{r.choice(JA_OBJ)}を{r.choice(JA_PRED)}"
        if r.random() < 0.2:
            s += f"（{r.choice(JA_OBJ)}）"
        if r.random() < 0.1:
            s = f"「{s}」という声もあります"
        return s + "。"

    def sentence(self, lang: str) -> str:
        if lang == "ja":
            return self.ja_sentence() if self.rng.random() < 0.92 else self.en_sentence()
        return self.en_sentence() if self.rng.random() < 0.97 else self.ja_sentence()

    def paragraph(self, lang: str, lo: int = 2, hi: int = 6) -> str:
        n = self.rng.randint(lo, hi)
        sep = "" if lang == "ja" else " "
        parts = [self.sentence(lang) for _ in range(n)]
        text = sep.join(parts)
        if lang == "en" and len(text) > 240 and self.rng.random() < 0.5:
            # hard-wrap some English paragraphs like hand-written Markdown
            text = _wrap(text, 88)
        return text

    # --- headings ------------------------------------------------------------------
    def heading_text(self, lang: str) -> str:
        r = self.rng
        if lang == "ja":
            return r.choice(
                [
                    f"{r.choice(JA_OBJ)}と{r.choice(JA_OBJ)}",
                    f"{r.choice(JA_SUBJ)}の{r.choice(JA_OBJ)}",
                    f"なぜ{r.choice(JA_OBJ)}が重要なのか",
                    f"{r.choice(JA_OBJ)}をどう考えるか",
                ]
            )
        noun = r.choice(EN_NOUNS)
        return r.choice(
            [
                f"Configuring the {noun}",
                f"How the {noun} works",
                f"{noun.capitalize()} and {r.choice(EN_NOUNS)}",
                f"Why {r.choice(EN_ADJ).split()[-1]} {noun}s matter",
                f"Troubleshooting the {noun}",
                f"{noun.capitalize()} reference",
            ]
        )

    # --- blocks --------------------------------------------------------------------
    def code_block(self) -> str:
        r = self.rng
        if self.tpl.code_real and r.random() < 0.2:
            lang, lines = r.choice(self.tpl.code_real)
            return "\n".join([f"```{lang}", *lines, "```"])
        lang = r.choice(LANGS)
        n = r.randint(3, 16)
        lines: list[str] = []
        for i in range(n):
            noun = r.choice(EN_NOUNS).replace(" ", "_")
            if lang == "python":
                lines.append(
                    r.choice(
                        [
                            f"def {noun}_{i}(path: str) -> int:",
                            f"    return len({noun}) + {r.randint(0, 99)}",
                            f"{noun} = load({noun!r}, strict=True)",
                            f"for item in {noun}:",
                            f"    print(item, {i})",
                            "# TODO: handle the empty case",
                        ]
                    )
                )
            elif lang == "yaml":
                lines.append(f"{'  ' * (i % 3)}{noun}: {r.choice(['true', 'false', i, noun])}")
            elif lang == "bash":
                lines.append(
                    f"mkdocs {r.choice(['build', 'serve', 'gh-deploy'])} --{noun.replace('_', '-')}"
                )
            elif lang == "json":
                lines.append(f'  "{noun}": {i},')
            elif lang == "toml":
                lines.append(f'{noun} = "{r.choice(EN_TAIL)}"')
            elif lang == "javascript":
                lines.append(f"const {noun}{i} = await fetch('/{noun}/{i}');")
            else:
                lines.append(f"{noun} {r.choice(EN_VERBS)} {r.choice(EN_NOUNS)}")
        return "\n".join([f"```{lang}", *lines, "```"])

    def table(self, lang: str) -> str:
        r = self.rng
        cols = r.randint(2, 5)
        rows = r.randint(2, 8)
        pool = JA_OBJ if lang == "ja" else EN_NOUNS
        head = [r.choice(pool) for _ in range(cols)]
        out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * cols) + "|"]
        for _ in range(rows):
            cells = [
                r.choice([r.choice(pool), str(r.randint(0, 9999)), f"`{r.choice(LANGS)}`"])
                for _ in range(cols)
            ]
            out.append("| " + " | ".join(cells) + " |")
        return "\n".join(out)

    def list_block(self, lang: str) -> str:
        r = self.rng
        ordered = r.random() < 0.35
        out = []
        for i in range(r.randint(3, 7)):
            mark = f"{i + 1}." if ordered else "-"
            out.append(f"{mark} {self.sentence(lang)}")
            if r.random() < 0.15:
                out.append(f"{' ' * (len(mark) + 1)}- {self.sentence(lang)}")
        return "\n".join(out)

    def admonition(self, lang: str) -> str:
        r = self.rng
        kind = r.choice(ADMONITIONS)
        marker = "???" if r.random() < 0.2 else "!!!"
        title = f' "{self.heading_text(lang)}"' if r.random() < 0.6 else ""
        body = [_indent(self.paragraph(lang, 1, 3))]
        if r.random() < 0.3:
            body.append(_indent(self.code_block() if r.random() < 0.5 else self.list_block(lang)))
        return f"{marker} {kind}{title}\n\n" + "\n\n".join(body)

    def quote(self, lang: str) -> str:
        return "\n".join(f"> {line}" for line in self.paragraph(lang, 1, 3).splitlines())

    def block(self, lang: str) -> str:
        r = self.rng.random()
        if r < 0.58:
            return self.paragraph(lang)
        if r < 0.70:
            return self.code_block()
        if r < 0.80:
            return self.list_block(lang)
        if r < 0.87:
            return self.table(lang)
        if r < 0.95:
            return self.admonition(lang)
        return self.quote(lang)

    # --- pages ---------------------------------------------------------------------
    def front_matter(self, title: str, date: str, jekyll: bool = False) -> str:
        r = self.rng
        tags = r.sample(TAGS, r.randint(1, 5))
        if jekyll:
            lines = [
                "layout: post",
                f"title: {json.dumps(title, ensure_ascii=False)}",
                f"date: {date} 0{r.randint(0, 9)}:{r.randint(10, 59)}:00 +0000",
                f'categories: ["{r.choice(CATEGORIES)}"]',
                "tags: [" + ", ".join(json.dumps(t, ensure_ascii=False) for t in tags) + "]",
                f'author: "{r.choice(AUTHORS)}"',
                f"reading_time: {r.randint(2, 15)}",
            ]
        else:
            lines = [f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {date}"]
            lines.append("authors:")
            lines += [f"  - {a}" for a in r.sample(AUTHORS, r.randint(1, 2))]
            lines.append("tags:")
            lines += [f"  - {t}" for t in tags]
            if r.random() < 0.6:
                lines.append(f"categories:\n  - {r.choice(CATEGORIES)}")
            if r.random() < 0.7:
                desc = self.sentence("en")[:150].replace('"', "'")
                lines.append(f'description: "{desc}"')
            if r.random() < 0.2:
                lines.append(f"draft: {str(r.random() < 0.3).lower()}")
            if r.random() < 0.3:
                lines.append(f"readtime: {r.randint(2, 15)}")
        return "---\n" + "\n".join(lines) + "\n---\n"

    def page(self, target: int, lang: str | None = None, idx: int = 0) -> tuple[str, str]:
        """Return (title, text) of about ``target`` UTF-8 bytes."""
        r = self.rng
        if lang is None:
            lang = "ja" if r.random() < 0.6 else "en"
        if self.tpl.seed_text and r.random() < 0.02 and target < 60_000:
            return self.seed_variant(idx)
        title = self.heading_text(lang) + ("" if r.random() < 0.5 else f" ({idx})")
        date = f"20{r.randint(21, 25)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        parts = [self.front_matter(title, date, jekyll=r.random() < 0.15)]
        if r.random() < 0.5:
            parts.append(f"# {title}")
        parts.append(self.paragraph(lang))
        if r.random() < 0.3:
            parts.append("<!-- more -->")
        size = sum(len(p.encode()) + 2 for p in parts)
        seen: set[str] = {title}
        level = 2
        since_heading = 99
        while size < target:
            if since_heading >= r.randint(2, 6):
                level = 2 if level == 3 and r.random() < 0.5 else r.choice((2, 3, 3, 4))
                text = self.heading_text(lang)
                while text in seen:
                    text = f"{self.heading_text(lang)} {len(seen)}"
                seen.add(text)
                block = f"{'#' * level} {text}"
                since_heading = 0
            else:
                block = self.block(lang)
                since_heading += 1
            parts.append(block)
            size += len(block.encode()) + 2
        return title, "\n\n".join(parts) + "\n"

    def seed_variant(self, idx: int) -> tuple[str, str]:
        assert self.tpl.seed_text is not None
        text = self.tpl.seed_text
        title = f"国産AIの動向 その{idx}"
        text = re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M)
        return title, text


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.splitlines())


def _wrap(text: str, width: int) -> str:
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(cur)
    return "\n".join(lines)


def _lognormal_size(rng: random.Random, mean: int) -> int:
    sigma = 0.55
    mu = math.log(mean) - sigma * sigma / 2
    return int(min(max(rng.lognormvariate(mu, sigma), 1200), mean * 6))


# --------------------------------------------------------------------------- corpora


def make_flat(dest: Path, n: int, seed: int, tpl: Templates) -> dict[str, int]:
    rng = random.Random(seed)
    w = Writer(rng, tpl)
    dest.mkdir(parents=True)
    total = 0
    for i in range(n):
        _, text = w.page(_lognormal_size(rng, 5000), idx=i)
        date = f"20{21 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        data = text.encode()
        (dest / f"{date}-post-{i:05d}.md").write_bytes(data)
        total += len(data)
    return {"pages": n, "bytes": total}


MKDOCS_BASE = """\
site_name: postlint benchmark site
site_url: https://bench.example.org/
docs_dir: docs
site_dir: {site_dir}
theme:
  name: material
  language: en
  features:
    - navigation.sections
    - navigation.indexes
    - content.code.copy
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - footnotes
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - toc:
      permalink: true
plugins:
  - search
{extra_plugins}nav:
{nav}"""


def make_site(dest: Path, n: int, seed: int, tpl: Templates) -> dict[str, int]:
    rng = random.Random(seed)
    w = Writer(rng, tpl)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    sections = 5
    subs = 4
    per = max(1, n // (sections * subs))
    nav: list[str] = ["  - Home: index.md"]
    total = 0
    _, text = w.page(3000, "en", 0)
    (docs / "index.md").write_text(text, encoding="utf-8")
    total += len(text.encode())
    count = 0
    for s in range(sections):
        sec = f"section-{s + 1}"
        nav.append(f"  - Section {s + 1}:")
        for t in range(subs):
            sub = f"part-{t + 1}"
            folder = docs / sec / sub
            folder.mkdir(parents=True)
            nav.append(f"    - Part {s + 1}.{t + 1}:")
            for k in range(per):
                count += 1
                title, text = w.page(_lognormal_size(rng, 6300), idx=count)
                name = f"page-{k + 1:02d}.md"
                (folder / name).write_text(text, encoding="utf-8")
                total += len(text.encode())
                nav.append(f"      - {json.dumps(title, ensure_ascii=False)}: {sec}/{sub}/{name}")
    nav_text = "\n".join(nav) + "\n"
    (dest / "mkdocs-plain.yml").write_text(
        MKDOCS_BASE.format(site_dir="site-plain", extra_plugins="", nav=nav_text),
        encoding="utf-8",
    )
    (dest / "mkdocs-postlint.yml").write_text(
        MKDOCS_BASE.format(
            site_dir="site-postlint",
            extra_plugins="  - postlint:\n      fail_on: never\n",
            nav=nav_text,
        ),
        encoding="utf-8",
    )
    return {"pages": count + 1, "bytes": total}


def make_worst(dest: Path, seed: int, tpl: Templates) -> dict[str, int]:
    rng = random.Random(seed)
    w = Writer(rng, tpl)
    dest.mkdir(parents=True)
    sizes: dict[str, int] = {}

    # 10,000 paragraphs, mixed languages, a few repeated verbatim as machine text does
    paras: list[str] = []
    for i in range(10_000):
        if paras and rng.random() < 0.01:
            paras.append(rng.choice(paras))
        else:
            paras.append(w.paragraph("ja" if i % 3 else "en", 1, 3))
    fm = w.front_matter("Ten thousand paragraphs", "2025-01-01")
    text = fm + "\n" + "\n\n".join(paras) + "\n"
    (dest / "paragraphs-10000.md").write_text(text, encoding="utf-8")
    sizes["paragraphs-10000.md"] = len(text.encode())

    # a 5 MB page of ordinary content
    _, text = w.page(5_000_000, "ja", 1)
    (dest / "big-5mb.md").write_text(text, encoding="utf-8")
    sizes["big-5mb.md"] = len(text.encode())

    # 10,000 headings, levels 1-6 weighted towards 2-3, ~2% repeated
    heads: list[str] = []
    for i in range(10_000):
        if heads and rng.random() < 0.02:
            heads.append(rng.choice(heads))
            continue
        level = rng.choice((1, 2, 2, 2, 3, 3, 3, 4, 5, 6))
        heads.append(f"{'#' * level} {w.heading_text('ja' if i % 2 else 'en')} {i}")
    fm = w.front_matter("Ten thousand headings", "2025-01-02")
    text = fm + "\n" + "\n\n".join(heads) + "\n"
    (dest / "headings-10000.md").write_text(text, encoding="utf-8")
    sizes["headings-10000.md"] = len(text.encode())
    return {"pages": 3, "bytes": sum(sizes.values()), **sizes}


def make_small(dest: Path, seed: int, tpl: Templates) -> dict[str, int]:
    rng = random.Random(seed)
    w = Writer(rng, tpl)
    dest.mkdir(parents=True)
    _, text = w.page(1500, "en", 0)
    (dest / "small.md").write_text(text, encoding="utf-8")
    return {"pages": 1, "bytes": len(text.encode())}


def build(name: str, tpl: Templates) -> dict[str, int]:
    dest = WORK / name
    kind, _, num = name.partition("-")
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    if kind == "site":
        return make_site(dest, int(num), seed, tpl)
    if kind == "flat":
        return make_flat(dest, int(num), seed, tpl)
    if name == "worst":
        return make_worst(dest, seed, tpl)
    if name == "small":
        return make_small(dest, seed, tpl)
    raise SystemExit(f"unknown corpus {name!r}")


def manifest_key() -> dict[str, object]:
    return {"generator": GENERATOR_VERSION, "templates": templates_digest()}


def ensure(names: Iterable[str], force: bool = False, quiet: bool = False) -> dict[str, dict]:
    """Make each named corpus unless an up-to-date one is already there."""
    key = manifest_key()
    tpl: Templates | None = None
    out: dict[str, dict] = {}
    for name in names:
        dest = WORK / name
        mf = dest / ".manifest.json"
        if not force and mf.is_file():
            data = json.loads(mf.read_text())
            if data.get("key") == key:
                out[name] = data["stats"]
                continue
        if tpl is None:
            tpl = Templates()
        if dest.exists():
            shutil.rmtree(dest)
        if not quiet:
            print(f"making corpus {name} ...", file=sys.stderr, flush=True)
        stats = build(name, tpl)
        mf.write_text(json.dumps({"key": key, "stats": stats}, indent=1))
        out[name] = stats
        if not quiet:
            mb = stats["bytes"] / 1e6
            print(f"  {name}: {stats['pages']} pages, {mb:.1f} MB", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="make the smaller --quick corpora")
    ap.add_argument("--force", action="store_true", help="remake even if up to date")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="corpus names to make")
    args = ap.parse_args(argv)
    names = args.only or (QUICK_CORPORA if args.quick else FULL_CORPORA)
    ensure(names, force=args.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
