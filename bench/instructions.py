"""Instructions per page, counted by valgrind: a measure that the machine's load does not move.

Usage::

    python bench/instructions.py [--what all|parse|RULE] PATH [PATH ...]

Wall-clock and CPU times on a shared machine drift by a fifth from one minute to the
next; the number of instructions a piece of work executes does not. This runs the
work twice under ``valgrind --tool=callgrind`` (Debian: ``apt install valgrind``),
once over the pages and once twice over them, and prints the difference divided by
the number of pages: the instructions one pass costs per page, without start-up,
imports or the patterns compiled on first use. ``--what``: ``all`` (parse and lint,
the default), ``parse`` (the document model only) or a rule id (that rule's
``check`` on pages parsed beforehand). Compare two versions of the package with
``PYTHONPATH=/path/to/other/checkout``. Use a few hundred pages: valgrind runs
the work about fifty times slower.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))


def work(what: str, passes: int, paths: list[str]) -> None:
    """Run ``passes`` passes of the work (inside valgrind)."""
    sys.path.insert(0, BENCH)
    import floor

    from mkdocs_postlint import document, linter
    from mkdocs_postlint.config import load_config
    from mkdocs_postlint.rules import RULES

    files = list(floor.iter_files(paths))
    data = [open(p, "rb").read() for p in files]  # noqa: SIM115 - closed at exit
    config = load_config({}, os.getcwd())
    linter.lint_document(document.parse(data[0], files[0]), config)  # first-use work
    docs = [document.parse(raw, files[i]) for i, raw in enumerate(data)]
    with linter.few_collections():
        for _ in range(passes):
            if what == "parse":
                for i, raw in enumerate(data):
                    document.parse(raw, files[i])
            elif what == "all":
                for i, raw in enumerate(data):
                    linter.lint_document(document.parse(raw, files[i]), config)
            else:
                rule, options = RULES[what], config.rules[what].options
                for doc in docs:
                    for _ in rule.check(doc, options):
                        pass


def count(what: str, passes: int, paths: list[str]) -> int:
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            os.path.abspath(__file__),
            "--inner",
            str(passes),
            "--what",
            what,
            *paths,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    found = re.search(r"Collected : (\d+)", out)
    if found is None:
        raise SystemExit(f"no count in valgrind's output:\n{out[-2000:]}")
    return int(found.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description="instructions per page, counted by valgrind")
    ap.add_argument("--what", default="all", help="all, parse or a rule id (default: all)")
    ap.add_argument("--inner", type=int, help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    if args.inner is not None:
        work(args.what, args.inner, args.paths)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    sys.path.insert(0, BENCH)
    import floor

    pages = sum(1 for _ in floor.iter_files(args.paths))
    once, twice = count(args.what, 1, args.paths), count(args.what, 2, args.paths)
    print(f"{args.what}: {(twice - once) / pages:,.0f} instructions per page ({pages} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
