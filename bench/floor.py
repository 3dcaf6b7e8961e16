"""The throughput floor: the least work any linter built on our stack must do.

For every Markdown file under the given paths: read it, decode UTF-8, split off the YAML
front matter, parse it with PyYAML's C loader, and tokenize the body with pyromark
(``events_with_range``, the same call the core uses), consuming every event. Nothing
else: no rules, no reporting. ``mkdocs-postlint check`` is measured against this.

Usage::

    python bench/floor.py [--options N] PATH [PATH ...]

Prints the number of files, bytes and events to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

import pyromark
import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - the bench requires the C loader
    raise SystemExit("PyYAML was built without libyaml: no CSafeLoader") from None

# The extensions mkdocs_postlint.document enables (tables, footnotes, strikethrough, task
# lists, heading attributes); kept as a copy so that the floor never imports the package.
DEFAULT_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
)


def iter_files(paths: list[str]):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    if f.endswith((".md", ".markdown")):
                        yield os.path.join(root, f)
        else:
            yield p


def split_front_matter(text: str) -> tuple[str | None, str]:
    if text.startswith("---\n") or text.startswith("---\r\n"):
        nl = text.index("\n") + 1
        end = text.find("\n---", nl - 1)
        while end != -1:
            after = end + 4
            if after == len(text) or text[after] in "\r\n":
                fm = text[nl : end + 1]
                rest = text.find("\n", after)
                return fm, ("" if rest == -1 else text[rest + 1 :])
            end = text.find("\n---", after)
    return None, text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="read + front matter + YAML + tokenize floor")
    ap.add_argument("--options", type=int, default=int(DEFAULT_OPTIONS))
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args(argv)
    options = pyromark.Options(args.options)
    files = nbytes = events = 0
    for path in iter_files(args.paths):
        with open(path, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8")
        fm, body = split_front_matter(text)
        if fm is not None:
            with contextlib.suppress(yaml.YAMLError):
                yaml.load(fm, Loader=Loader)
        for _ev in pyromark.events_with_range(body, options=options):
            events += 1
        files += 1
        nbytes += len(raw)
    print(f"floor: {files} files, {nbytes} bytes, {events} events", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
