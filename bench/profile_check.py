"""Profile mkdocs-postlint in-process with cProfile and print where the time goes.

Usage::

    python bench/profile_check.py [--top N] [--sort tottime|cumtime] [--all] check ARGS...
    python bench/profile_check.py [--top N] [--sort ...] [--all] build CONFIG.yml

``check ARGS...`` runs ``mkdocs_postlint.cli.main`` with those arguments (``check`` is
passed through as the sub-command), in one process: the worker pool is turned off, as
cProfile cannot see into workers (``--parallel`` keeps it). ``build CONFIG.yml`` runs a
MkDocs build of that config. Output: the package's own time per module, then the top-N
functions, by default only those of mkdocs_postlint, pyromark, yaml and builtins
(``--all``: everything).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


SERIAL = True


def run_check(args: list[str]) -> None:
    from mkdocs_postlint import cli

    if SERIAL and hasattr(cli, "PARALLEL_FROM"):
        cli.PARALLEL_FROM = 10**9  # workers are invisible to cProfile: lint in-process
    sys.argv = ["mkdocs-postlint", *args]
    with contextlib.suppress(SystemExit):
        cli.main()


def run_build(config: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=config))


def main() -> int:
    ap = argparse.ArgumentParser(description="cProfile mkdocs-postlint")
    ap.add_argument("--top", type=int, default=35)
    ap.add_argument("--sort", default="tottime", choices=["tottime", "cumtime"])
    ap.add_argument("--all", action="store_true", help="do not filter to mkdocs_postlint")
    ap.add_argument("--out", help="also dump the raw profile here (for snakeviz etc.)")
    ap.add_argument(
        "--parallel", action="store_true", help="keep the CLI's worker pool (default: serial)"
    )
    ap.add_argument("mode", choices=["check", "build"])
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    ns = ap.parse_args()

    global SERIAL
    SERIAL = not ns.parallel
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    saved = sys.stdout
    sys.stdout = io.StringIO()  # the linter's own report is not what we want to read
    try:
        prof.enable()
        if ns.mode == "check":
            run_check(["check", *ns.rest])
        else:
            run_build(ns.rest[0])
        prof.disable()
    finally:
        sys.stdout = saved
    wall = time.perf_counter() - t0
    print(f"wall {wall:.3f} s (profiled; cProfile inflates call-heavy code)")
    if ns.out:
        prof.dump_stats(ns.out)

    st = pstats.Stats(prof)
    per_module: dict[str, float] = defaultdict(float)
    for (fname, _line, _func), (_cc, _nc, tt, _ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        if "mkdocs_postlint" in fname:
            mod = fname[fname.index("mkdocs_postlint") :]
            per_module[mod] += tt
    if per_module:
        print("\nown time per mkdocs_postlint module:")
        for mod, tt in sorted(per_module.items(), key=lambda kv: -kv[1]):
            print(f"  {tt:8.3f} s  {mod}")

    print()
    st.sort_stats(ns.sort)
    if ns.all:
        st.print_stats(ns.top)
    else:
        st.print_stats(r"mkdocs_postlint|pyromark|yaml|\{method '.*' of|\{built-in", ns.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
