"""Where the CLI's time goes, without a profiler's distortion: one process, one core.

Usage::

    python bench/rule_costs.py [--repeat N] PATH [PATH ...]

Times, over every Markdown file under PATH: importing the package, reading the files,
``document.parse`` split into its steps (front matter, body preparation, tokenize + block
building), and each default rule's ``check``, each as the best of N passes of CPU time
(``time.process_time``, so that other load on a shared machine does not inflate it). The
floor (bench/floor.py's work) is timed the same way, for comparison.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

T0 = time.process_time()
import mkdocs_postlint.linter  # noqa: E402
from mkdocs_postlint import document  # noqa: E402
from mkdocs_postlint.config import load_config  # noqa: E402
from mkdocs_postlint.document import front_matter, material  # noqa: E402
from mkdocs_postlint.rules import RULES  # noqa: E402

IMPORT_S = time.process_time() - T0

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import floor  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("paths", nargs="+")
    ns = ap.parse_args()
    paths = list(floor.iter_files(ns.paths))
    data: list[bytes] = []

    def read() -> None:
        data.clear()
        for p in paths:
            with open(p, "rb") as fh:
                data.append(fh.read())

    rows: list[tuple[str, float]] = [("import mkdocs_postlint (once)", IMPORT_S)]
    rows.append(("read files", best(read, ns.repeat)))

    def run_floor() -> None:
        opts = floor.DEFAULT_OPTIONS
        for raw in data:
            fm, body = floor.split_front_matter(raw.decode("utf-8"))
            if fm is not None:
                floor.yaml.load(fm, Loader=floor.Loader)
            for _ in floor.pyromark.events_with_range(body, options=opts):
                pass

    floor_s = best(run_floor, ns.repeat)

    # parse, step by step (the same calls document.parse makes)
    def fm_only() -> None:
        for raw in data:
            text = raw.decode("utf-8")
            doc = document.Document(path="x")
            front_matter.read_front_matter(doc, text.split("\n"))

    def prepare_only() -> None:
        for raw in data:
            lines = raw.decode("utf-8").split("\n")
            body_from = front_matter.read_front_matter(document.Document(path="x"), lines)
            material.prepare_body(lines, body_from)

    docs: list[document.Document] = []

    def parse_all() -> None:
        docs.clear()
        for i, raw in enumerate(data):
            docs.append(document.parse(raw, paths[i]))

    parse_s = best(parse_all, ns.repeat)
    fm_s = best(fm_only, ns.repeat)
    prep_s = best(prepare_only, ns.repeat) - fm_s
    rows.append(("parse: front matter (compose+index+construct)", fm_s))
    rows.append(("parse: prepare_body", prep_s))
    rows.append(("parse: tokenize + _build_blocks (rest)", parse_s - fm_s - prep_s))
    rows.append(("parse: total", parse_s))

    config = load_config({}, os.getcwd())
    rule_total = 0.0
    for rule_id, rule in RULES.items():
        setting = config.rules.get(rule_id)
        if setting is None or not setting.enabled:
            continue

        def run_rule(rule=rule, setting=setting) -> None:
            for doc in docs:
                for _ in rule.check(doc, setting.options):
                    pass

        s = best(run_rule, ns.repeat)
        rule_total += s
        rows.append((f"rule {rule_id}", s))
    rows.append(("rules: total", rule_total))
    rows.append(("parse + rules", parse_s + rule_total))

    def lint_all() -> None:
        for doc in docs:
            mkdocs_postlint.linter.lint_document(doc, config)

    lint_s = best(lint_all, ns.repeat)
    rows.append(("linter.lint_document (rules + suppress, ...)", lint_s))
    rows.append(("parse + lint_document", parse_s + lint_s))
    rows.append(("floor (decode+split+YAML+tokenize)", floor_s))

    n = len(paths)
    print(f"{n} files, {sum(map(len, data)) / 1e6:.1f} MB, best of {ns.repeat}")
    print(f"{'step':<48} {'s':>8} {'ms/page':>8} {'x floor':>8}")
    for name, s in rows:
        print(f"{name:<48} {s:8.3f} {s / n * 1000:8.3f} {s / floor_s:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
