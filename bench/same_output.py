"""Check that a change to the package leaves every finding as it was.

Usage::

    python bench/same_output.py save     # before a change: record the output
    python bench/same_output.py compare  # after it: the same output, byte for byte?
    PYTHONSAFEPATH=1 PYTHONPATH=/tmp/main python bench/same_output.py save  # from another copy

Runs ``mkdocs-postlint check --no-config --fail-on never`` in JSON and in text
format on the bench corpora (``bench/.work``, made by ``bench/make_corpus.py``), the
test fixtures, the seed post and ``docs/``, and stores or compares the outputs in
``bench/.work/same-output/``. Exits 1 when an output differs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
STORE = WORK / "same-output"
# The package is run as `python -m mkdocs_postlint`, so that PYTHONPATH can point at
# another copy of it (for example `git archive main | tar -x -C /tmp/main`) to make
# the reference output.

CASES = {
    "fixtures": ["tests/fixtures"],
    "docs": ["docs"],
    "corpus": ["corpus/pages"],
    "site-300": ["bench/.work/site-300"],
    "flat-2000": ["bench/.work/flat-2000"],
    "flat-10000": ["bench/.work/flat-10000"],
    "worst": ["bench/.work/worst"],
    "small": ["bench/.work/small"],
}
FORMATS = {
    "json": ["fixtures", "docs", "corpus", "site-300", "flat-2000", "flat-10000", "worst", "small"]
}
FORMATS["text"] = ["fixtures", "docs", "flat-2000", "worst"]


def run(paths: list[str], fmt: str) -> bytes:
    cmd = [
        sys.executable,
        "-m",
        "mkdocs_postlint",
        "check",
        "--no-config",
        "--no-cache",
        "--fail-on",
        "never",
    ]
    cmd += ["--format", fmt, *paths]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
    return done.stdout + b"\n--- stderr ---\n" + done.stderr


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else "compare"
    if mode not in ("save", "compare"):
        print(__doc__)
        return 2
    STORE.mkdir(parents=True, exist_ok=True)
    differ = 0
    for fmt, names in FORMATS.items():
        for name in names:
            paths = [p for p in CASES[name] if (ROOT / p).exists()]
            if not paths:
                print(f"{name}: missing (run bench/make_corpus.py)")
                continue
            out = run(paths, fmt)
            file = STORE / f"{name}.{fmt}"
            if mode == "save":
                file.write_bytes(out)
                print(f"{name} {fmt}: saved, {len(out)} bytes")
            elif file.read_bytes() == out:
                print(f"{name} {fmt}: same")
            else:
                differ += 1
                file.with_suffix(f".{fmt}.new").write_bytes(out)
                print(f"{name} {fmt}: DIFFERENT (see {file}.new)")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
