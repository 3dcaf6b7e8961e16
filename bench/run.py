"""mkdocs-postlint benchmark suite: one command, whole processes, side by side.

Usage::

    python bench/run.py [--runs N] [--quick] [--only GROUP ...] [--no-markdownlint]
                        [--no-rumdl] [--json FILE]

Run it with the Python of the virtualenv that has mkdocs-postlint installed (the
``mkdocs`` and ``mkdocs-postlint`` scripts are looked up next to that interpreter).
It makes the corpora in bench/.work/ if they are missing (bench/make_corpus.py), installs
the pinned markdownlint-cli2 into bench/node_modules if npm is there and the pinned rumdl
(`RUMDL`, from PyPI) into this Python's environment with pip, then runs each
comparison as separate processes, alternating the commands of a group (A B, B A, ...)
after one unmeasured warm-up round, and prints medians, min-max spread, peak RSS and a
PASS/MISS line for each target. Peak RSS is GNU time's ``%M`` (max resident set size).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
sys.path.insert(0, str(BENCH))

import make_corpus  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent
MDL_BIN = BENCH / "node_modules" / ".bin" / "markdownlint-cli2"
MDL_CONFIG = BENCH / ".markdownlint-cli2.jsonc"
RUMDL = "0.3.0"  # rumdl (Rust, all its default rules) as a peer; also in pyproject's bench extra
# Material for MkDocs prints a long notice about MkDocs 2 on every build; it is noise
# here and costs the same in both builds.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# --------------------------------------------------------------------------- running


@dataclass
class Cmd:
    key: str
    label: str
    argv: list[str]
    cwd: Path | None = None
    ok_codes: tuple[int, ...] = (0,)
    warm: bool = True  # run once unmeasured before the measured rounds
    before: Callable[[], None] | None = None  # run (untimed) before every run, warm-up included
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + sys, reaped workers included
    rss_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024 if self.rss_kb else float("nan")


class BenchError(RuntimeError):
    pass


TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(cmd: Cmd) -> tuple[float, float, int]:
    """Run ``cmd`` once; return (wall s, CPU s (user + sys), peak RSS in KiB).

    The RSS comes from GNU time (``%M``) when /usr/bin/time exists: a child forked
    straight from this Python would inherit our own ~25 MB as its high-water mark
    (Linux counts the pre-exec image), hiding anything smaller. Without GNU time it
    falls back to ``wait4``'s ``ru_maxrss``, which has that floor.
    """
    if cmd.before is not None:
        cmd.before()
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss_file:
        argv = cmd.argv
        if TIME_BIN:
            argv = [TIME_BIN, "-f", "%M %U %S", "-o", rss_file.name, *argv]
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cmd.cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in cmd.ok_codes:
            err.seek(0)
            tail = err.read()[-2000:].decode("utf-8", "replace")
            raise BenchError(
                f"{cmd.label}: exit {proc.returncode}\n  $ {' '.join(cmd.argv)}\n{tail}"
            )
        rss = usage.ru_maxrss
        cpu = usage.ru_utime + usage.ru_stime
        if TIME_BIN:
            last = rss_file.read().strip().splitlines()[-1:]
            fields = last[0].split() if last else []
            if len(fields) == 3 and fields[0].isdigit():
                rss, cpu = int(fields[0]), float(fields[1]) + float(fields[2])
    return elapsed, cpu, rss


def measure(cmds: list[Cmd], runs: int, verbose: bool) -> None:
    """Warm up, then ``runs`` rounds alternating the order of ``cmds`` each round."""
    for c in cmds:
        if c.warm:
            run_once(c)
    for r in range(runs):
        order = cmds if r % 2 == 0 else cmds[::-1]
        for c in order:
            t, cpu, rss = run_once(c)
            c.times.append(t)
            c.cpu.append(cpu)
            c.rss_kb.append(rss)
            if verbose:
                print(
                    f"  [{r + 1}/{runs}] {c.label}: {t:.3f} s, CPU {cpu:.2f} s, "
                    f"{rss / 1024:.0f} MB",
                    flush=True,
                )


# --------------------------------------------------------------------------- setup


def find_script(name: str) -> str:
    cand = BIN / name
    if cand.exists():
        return str(cand)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"run.py: {name!r} not found next to {PY} nor on PATH")
    return found


def ensure_markdownlint(allow: bool) -> str | None:
    """Return a reason string when markdownlint-cli2 cannot be used, else None."""
    if not allow:
        return "skipped (--no-markdownlint)"
    if not shutil.which("node"):
        return "skipped: node not found (install Node.js and npm, then rerun)"
    if MDL_BIN.exists():
        return None
    if not shutil.which("npm"):
        return "skipped: npm/node not found (install Node.js, then bench/install_markdownlint.sh)"
    print("installing markdownlint-cli2 into bench/node_modules ...", file=sys.stderr)
    proc = subprocess.run(["sh", str(BENCH / "install_markdownlint.sh")], check=False)
    if proc.returncode != 0 or not MDL_BIN.exists():
        return "skipped: bench/install_markdownlint.sh failed"
    return None


def ensure_rumdl(allow: bool) -> tuple[str | None, str | None]:
    """(the rumdl executable, None), or (None, why it is skipped); installs the pinned one."""
    if not allow:
        return None, "skipped (--no-rumdl)"
    if version_of("rumdl") != RUMDL:
        print(f"installing rumdl=={RUMDL} with pip ...", file=sys.stderr)
        pip = [PY, "-m", "pip", "install", "-q", f"rumdl=={RUMDL}"]
        if subprocess.run(pip, check=False).returncode != 0:
            return None, f"skipped: pip install rumdl=={RUMDL} failed"
    exe = BIN / "rumdl"
    return (str(exe), None) if exe.exists() else (None, "skipped: rumdl not found after install")


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def machine_info() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        ncpu = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        ncpu = os.cpu_count() or 0
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    node = "-"
    if shutil.which("node"):
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "nproc": str(ncpu),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "mkdocs-postlint": f"{version_of('mkdocs-postlint')} (commit {commit or '?'})",
        "mkdocs": version_of("mkdocs"),
        "mkdocs-material": version_of("mkdocs-material"),
        "pyromark": version_of("pyromark"),
        "PyYAML": version_of("PyYAML"),
        "node": node,
        "rumdl": version_of("rumdl"),
    }


# --------------------------------------------------------------------------- report


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def print_table(groups: list[tuple[str, list[Cmd]]]) -> None:
    print()
    hdr = (
        f"{'group':<22} {'command':<58} {'runs':>4} {'median s':>9} {'min–max s':>15} "
        f"{'CPU s':>7} {'RSS MB':>7}"
    )
    print(hdr)
    print("-" * len(hdr))
    for name, cmds in groups:
        for i, c in enumerate(cmds):
            if not c.times:
                continue
            spread = f"{fmt_s(min(c.times))}–{fmt_s(max(c.times))}"
            print(
                f"{(name if i == 0 else ''):<22} {c.label:<58} {len(c.times):>4} "
                f"{fmt_s(c.median):>9} {spread:>15} {fmt_s(c.cpu_median):>7} {c.peak_mb:>7.0f}"
            )


@dataclass
class Target:
    name: str
    value: str
    limit: str
    ok: bool | None  # None: not measured
    note: str = ""
    cmds: list[Cmd] = field(default_factory=list)  # whose wall times it rests on
    lo: float = 0.0  # the figure's range over the rounds (per-round ratios, or min/max)
    hi: float = 0.0
    lim: float = 0.0

    @property
    def noisy(self) -> bool:
        """The limit lies inside the range the figure took over the rounds."""
        return bool(self.lim) and self.lo <= self.lim <= self.hi


def round_range(num: Cmd, den: Cmd) -> tuple[float, float]:
    rs = [a / b for a, b in zip(num.times, den.times, strict=True)]
    return min(rs), max(rs)


def pair_ratios(num: Cmd, den: Cmd) -> str:
    """Spread of the per-round wall ratios, and the ratio of median CPU times."""
    rs = [a / b for a, b in zip(num.times, den.times, strict=True)]
    return (
        f"per-round {min(rs):.3f}–{max(rs):.3f}; CPU-time ratio "
        f"{num.cpu_median / den.cpu_median:.3f}"
    )


def print_targets(targets: list[Target]) -> None:
    print()
    hdr = f"{'target':<44} {'measured':>16} {'limit':>12}  result"
    print(hdr)
    print("-" * (len(hdr) + 10))
    for t in targets:
        res = "n/a" if t.ok is None else ("PASS" if t.ok else "MISS")
        if t.ok is not None and t.noisy:
            res += "*"
        line = f"{t.name:<44} {t.value:>16} {t.limit:>12}  {res}"
        if t.note:
            line += f"  ({t.note})"
        print(line)
    if any(t.noisy for t in targets if t.ok is not None):
        print(
            "* doubtful: the limit lies within the range the figure took over the rounds "
            "(other load on the machine?); rerun when idle, and read the CPU-time ratios"
        )


# --------------------------------------------------------------------------- main


GROUPS = ("plugin", "cli", "cache", "memory", "startup", "worst")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="mkdocs-postlint benchmark suite")
    ap.add_argument("--runs", type=int, help="measured rounds per group (default 5, --quick 3)")
    ap.add_argument("--quick", action="store_true", help="3 runs and smaller corpora")
    ap.add_argument("--only", nargs="+", choices=GROUPS, help="run only these groups")
    ap.add_argument("--no-markdownlint", action="store_true", help="skip markdownlint-cli2")
    ap.add_argument("--no-rumdl", action="store_true", help="skip rumdl")
    ap.add_argument("--json", type=Path, help="also write the raw results to this file")
    ap.add_argument(
        "--postlint",
        metavar="EXE",
        help="mkdocs-postlint executable to measure (default: next to this Python)",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    args = ap.parse_args(argv)
    runs = args.runs or (3 if args.quick else 5)
    only = set(args.only or GROUPS)

    site, big, small = (
        ("site-100", "flat-2000", "flat-500")
        if args.quick
        else (
            "site-300",
            "flat-10000",
            "flat-2000",
        )
    )
    stats = make_corpus.ensure([site, big, small, "worst", "small"])
    postlint = args.postlint or find_script("mkdocs-postlint")
    mkdocs = find_script("mkdocs")
    mdl_skip = ensure_markdownlint(not args.no_markdownlint) if "cli" in only else "not run"
    rumdl, rumdl_skip = ensure_rumdl(not args.no_rumdl) if only & {"cli", "cache"} else (None, "")
    caches = Path(
        tempfile.mkdtemp(prefix="postlint-bench-")
    )  # both tools' caches, removed at the end

    def check(path: Path, label: str, *cache: str) -> Cmd:
        argv = [postlint, "check", "--no-config", "--fail-on", "never", *(cache or ["--no-cache"])]
        return Cmd("postlint", label, [*argv, str(path)])

    def rumdl_check(path: Path, label: str, *cache: str) -> Cmd:
        argv = [str(rumdl), "check", "--no-config", *(cache or ["--no-cache"])]
        return Cmd("rumdl", label, [*argv, str(path)], ok_codes=(0, 1))

    def floor(path: Path, label: str) -> Cmd:
        return Cmd("floor", label, [PY, str(BENCH / "floor.py"), str(path)])

    info = machine_info()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    for name in (site, big, small, "worst"):
        s = stats[name]
        print(f"corpus {name}: {s['pages']} pages, {s['bytes'] / 1e6:.1f} MB")
    print(f"runs per command: {runs} (after 1 warm-up), order alternating each round")
    print("load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    sys.stdout.flush()

    groups: list[tuple[str, list[Cmd]]] = []
    targets: list[Target] = []
    t_start = time.perf_counter()
    try:
        # -- plugin overhead -------------------------------------------------------
        if "plugin" in only:
            sdir = WORK / site
            plain = Cmd(
                "plain",
                "mkdocs build (Material, no postlint)",
                [mkdocs, "build", "-q", "-f", str(sdir / "mkdocs-plain.yml")],
            )
            withp = Cmd(
                "with",
                "mkdocs build (Material + postlint)",
                [mkdocs, "build", "-q", "-f", str(sdir / "mkdocs-postlint.yml")],
            )
            print(f"\n== plugin overhead on {site} ...", flush=True)
            measure([plain, withp], runs * 2, args.verbose)
            groups.append((f"plugin ({site})", [plain, withp]))
            ratio = withp.median / plain.median
            pr = statistics.median(a / b for a, b in zip(withp.times, plain.times, strict=True))
            note = f"median per-round {pr:.3f}x, " + pair_ratios(withp, plain)
            targets.append(
                Target(
                    "plugin build overhead (with/without)",
                    f"{ratio:.3f}x",
                    "<= 1.03x",
                    ratio <= 1.03,
                    note,
                    [plain, withp],
                    *round_range(withp, plain),
                    1.03,
                )
            )

        # -- CLI throughput (+ memory on the big set) --------------------------------
        cli_big: Cmd | None = None
        if "cli" in only or "memory" in only:
            bdir = WORK / big
            cli_big = check(bdir, f"postlint check ({big})")
            cmds = [cli_big]
            if "cli" in only:
                fl = floor(bdir, f"floor.py ({big})")
                cmds.append(fl)
                mdl: Cmd | None = None
                if mdl_skip is None:
                    mdl = Cmd(
                        "mdl",
                        f"markdownlint-cli2 MD024+MD025 ({big})",
                        ["node", str(MDL_BIN), "--config", str(MDL_CONFIG), "**/*.md"],
                        cwd=bdir,
                        ok_codes=(0, 1),
                        warm=False,
                    )
                    cmds.append(mdl)
                rum: Cmd | None = None
                if rumdl is not None:
                    rum = rumdl_check(bdir, f"rumdl {RUMDL}, default rules, --no-cache ({big})")
                    cmds.append(rum)
            print(f"\n== CLI throughput on {big} ...", flush=True)
            measure(cmds, runs, args.verbose)
            groups.append((f"cli ({big})", cmds))
            if "cli" in only:
                r_floor = cli_big.median / fl.median
                targets.append(
                    Target(
                        "check vs floor (postlint/floor)",
                        f"{r_floor:.2f}x",
                        "<= 2x",
                        r_floor <= 2,
                        pair_ratios(cli_big, fl),
                        [cli_big, fl],
                        *round_range(cli_big, fl),
                        2.0,
                    )
                )
                if mdl is not None:
                    r_mdl = mdl.median / cli_big.median
                    targets.append(
                        Target(
                            "markdownlint-cli2 / postlint check",
                            f"{r_mdl:.1f}x",
                            ">= 10x",
                            r_mdl >= 10,
                            pair_ratios(mdl, cli_big),
                            [mdl, cli_big],
                            *round_range(mdl, cli_big),
                            10.0,
                        )
                    )
                if rum is not None:
                    r_rum = cli_big.median / rum.median
                    targets.append(
                        Target(
                            "postlint check / rumdl, cold",
                            f"{r_rum:.2f}x",
                            "<= 2x",
                            r_rum <= 2,
                            pair_ratios(cli_big, rum),
                            [cli_big, rum],
                            *round_range(cli_big, rum),
                            2.0,
                        )
                    )
                else:
                    print(f"rumdl: {rumdl_skip}")
                if mdl is None:
                    print(f"markdownlint-cli2: {mdl_skip}")
                    targets.append(
                        Target(
                            "markdownlint-cli2 / postlint check",
                            "-",
                            ">= 10x",
                            None,
                            mdl_skip or "",
                        )
                    )

        # -- cache: a second run with nothing changed, and after editing one page ------
        if "cache" in only:
            bdir = WORK / big
            mine, theirs = caches / "postlint", caches / "rumdl"
            cached = ("--cache-dir", str(mine))
            concise = ("--format", "concise", *cached)  # one line per finding, as rumdl prints
            warm_text = check(bdir, f"postlint check, warm ({big})", *cached)
            warm = check(bdir, f"postlint check --format concise, warm ({big})", *concise)
            edited = WORK / big / sorted(os.listdir(bdir))[0]
            original = edited.read_bytes()
            edits = iter(range(1_000_000))

            def edit_one() -> None:  # a new line at the end: one page to lint again
                edited.write_bytes(original + f"\nEdit {next(edits)}.\n".encode())

            one = check(bdir, f"postlint check --format concise, one page edited ({big})", *concise)
            one.before = edit_one
            cmds = [warm_text, warm, one]
            rum_warm: Cmd | None = None
            if rumdl is not None:
                rum_warm = rumdl_check(
                    bdir, f"rumdl {RUMDL}, warm ({big})", "--cache-dir", str(theirs)
                )
                cmds.append(rum_warm)
            print(f"\n== cache on {big} ...", flush=True)
            try:
                measure(cmds, runs, args.verbose)
            finally:
                edited.write_bytes(original)
            groups.append((f"cache ({big})", cmds))
            if rum_warm is not None:
                r_warm = warm.median / rum_warm.median
                targets.append(
                    Target(
                        "postlint warm (concise) / rumdl warm",
                        f"{r_warm:.2f}x",
                        "<= 1x",
                        r_warm <= 1,
                        pair_ratios(warm, rum_warm),
                        [warm, rum_warm],
                        *round_range(warm, rum_warm),
                        1.0,
                    )
                )
            else:
                print(f"rumdl: {rumdl_skip}")

        # -- memory: same command on the smaller set, RSS must stay flat ------------
        if "memory" in only and cli_big is not None:
            cli_small = check(WORK / small, f"postlint check ({small})")
            print(f"\n== memory on {small} ...", flush=True)
            measure([cli_small], runs, args.verbose)
            groups.append((f"memory ({small})", [cli_small]))
            growth = cli_big.peak_mb / cli_small.peak_mb
            targets.append(
                Target(
                    f"peak RSS, check on {big}",
                    f"{cli_big.peak_mb:.0f} MB",
                    "< 100 MB",
                    cli_big.peak_mb < 100,
                )
            )
            n_ratio = stats[big]["pages"] / stats[small]["pages"]
            targets.append(
                Target(
                    f"RSS growth {small} -> {big} ({n_ratio:.0f}x pages)",
                    f"{growth:.2f}x",
                    "<= 1.5x",
                    growth <= 1.5,
                    f"{cli_small.peak_mb:.0f} -> {cli_big.peak_mb:.0f} MB",
                )
            )

        # -- start-up --------------------------------------------------------------
        if "startup" in only:
            one = WORK / "small" / "small.md"
            su = check(one, "postlint check (one small file)")
            bare = Cmd("bare", "python -c pass (baseline)", [PY, "-c", "pass"])
            print("\n== start-up ...", flush=True)
            measure([su, bare], max(runs, 5) * 2, args.verbose)
            groups.append(("start-up", [su, bare]))
            targets.append(
                Target(
                    "start-up, check one small file",
                    f"{su.median:.3f} s",
                    "< 0.3 s",
                    su.median < 0.3,
                    f"max {max(su.times):.3f} s",
                    [su],
                    min(su.times),
                    max(su.times),
                    0.3,
                )
            )

        # -- worst cases -----------------------------------------------------------
        if "worst" in only:
            wdir = WORK / "worst"
            files = ("paragraphs-10000.md", "big-5mb.md", "headings-10000.md")
            cmds = [check(wdir / f, f"postlint check {f}") for f in files]
            print("\n== worst cases ...", flush=True)
            measure(cmds, runs, args.verbose)
            groups.append(("worst cases", cmds))
            for f, c in zip(files, cmds, strict=True):
                targets.append(
                    Target(
                        f"worst case {f}",
                        f"{c.median:.3f} s",
                        "< 1 s",
                        c.median < 1,
                        f"max {max(c.times):.3f} s",
                        [c],
                        min(c.times),
                        max(c.times),
                        1.0,
                    )
                )
    except BenchError as exc:
        print(f"\nrun.py: a command failed: {exc}", file=sys.stderr)
        print_table(groups)
        return 2
    finally:
        shutil.rmtree(caches, ignore_errors=True)

    print_table(groups)
    print_targets(targets)
    missed = [t for t in targets if t.ok is False]
    print("\nload average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(
        f"{len(targets) - len(missed)}/{len(targets)} targets met"
        f"; bench took {time.perf_counter() - t_start:.0f} s"
    )

    result = {
        "machine": info,
        "runs": runs,
        "quick": args.quick,
        "corpora": {k: stats[k] for k in (site, big, small, "worst")},
        "groups": {
            name: [
                {
                    "label": c.label,
                    "argv": c.argv,
                    "times": c.times,
                    "cpu": c.cpu,
                    "rss_kb": c.rss_kb,
                }
                for c in cmds
            ]
            for name, cmds in groups
        },
        "targets": [
            {
                "name": t.name,
                "value": t.value,
                "limit": t.limit,
                "ok": t.ok,
                "noisy": t.noisy,
                "note": t.note,
            }
            for t in targets
        ],
        "load_average_end": os.getloadavg(),
    }
    out = args.json or WORK / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"raw results: {out}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
