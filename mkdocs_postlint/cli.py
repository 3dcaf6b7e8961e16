"""The standalone command: ``mkdocs-postlint check [PATH ...]``.

Exit codes: 0 when nothing at or above the fail level was found, 1 when
something was, 2 for a usage or configuration error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from mkdocs_postlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PARALLEL_FROM = 200  # files; below this, starting workers costs more than it saves
# The names of mkdocs_postlint.reporters.FORMATS, without importing the linter to parse
# the command line (a test keeps them equal).
FORMATS = ("auto", "text", "concise", "json", "sarif", "github")
PROGRESS_FROM = 100  # files; fewer are checked before a bar would be seen


class UsageError(Exception):
    """A bad command line or configuration: printed as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line instead of the whole usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mkdocs-postlint",
        description="Lint MkDocs pages and blog posts: front matter, duplicates, truncation.",
        epilog="Exit codes: 0 clean, 1 problems at or above --fail-on, 2 usage or config error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="lint Markdown files and folders",
        description="Lint Markdown files and folders. Settings come from --config-file, "
        "else the postlint block of ./mkdocs.yml, else [tool.mkdocs-postlint] in "
        "./pyproject.toml.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: docs_dir of ./mkdocs.yml, else ./docs)",
    )
    check.add_argument(
        "--config-file",
        "-f",
        metavar="FILE",
        help="mkdocs.yml, a YAML file with the postlint settings, or a TOML file",
    )
    check.add_argument("--no-config", action="store_true", help="use no config file; defaults")
    check.add_argument(
        "--schema",
        metavar="SCHEMA",
        help="front matter schema: a preset (material-blog, jekyll-post) or a JSON/YAML file; "
        "replaces the config's schema and schemas",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="output format (default: auto: github in GitHub Actions, else text)",
    )
    check.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the report to FILE (format from --format, or .sarif/.json in the name); "
        "print only the summary",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    check.add_argument(
        "--baseline", metavar="FILE", help="report only problems not recorded in FILE"
    )
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the current problems in FILE (a baseline) and exit 0",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="lint every file, without reading or writing the cache",
    )
    check.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep the cache in DIR (default: $MKDOCS_POSTLINT_CACHE_DIR, else the user's "
        "cache folder, such as ~/.cache/mkdocs-postlint)",
    )
    commands.add_parser("rules", help="list the rules with their default severity")
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules()
        if args.command == "explain":
            return _explain(args.rule)
    except UsageError as error:
        print(f"mkdocs-postlint: {error}", file=sys.stderr)
        return EXIT_USAGE
    parser.print_help()
    return EXIT_USAGE


def _rules() -> int:
    from mkdocs_postlint.config import ALL_RULES

    width = max(len(rule_id) for rule_id in ALL_RULES)
    for rule_id, rule in ALL_RULES.items():
        print(f"{rule_id:<{width}}  {rule.SEVERITY.value:<7}  {rule.SUMMARY}")
    return EXIT_OK


def _explain(rule_id: str) -> int:
    import difflib
    import json

    from mkdocs_postlint.config import ALL_RULES

    if rule_id not in ALL_RULES:
        close = difflib.get_close_matches(rule_id, list(ALL_RULES), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(f"unknown rule '{rule_id}' ({hint}`mkdocs-postlint rules` lists them)")
    rule = ALL_RULES[rule_id]
    print(f"# {rule_id}\n\nDefault severity: {rule.SEVERITY.value}")
    for name, default in rule.OPTIONS.items():
        print(f"Option {name}: default {json.dumps(default, ensure_ascii=False, default=str)}")
    print(f"\n{(rule.__doc__ or rule.SUMMARY).strip()}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from mkdocs_postlint.config import ConfigError, discover, load_config
    from mkdocs_postlint.presets import preset_path
    from mkdocs_postlint.problem import Severity
    from mkdocs_postlint.schema import site_from_plugins

    cwd = Path.cwd()
    try:
        found = discover(args.config_file, args.no_config, cwd)
        site = site_from_plugins(found.base_dir, found.docs_dir, found.plugins)
        schema = args.schema
        if schema and preset_path(schema) is None and (cwd / schema).exists():
            schema = str((cwd / schema).resolve())  # a file on the command line is cwd-relative
        config = load_config(found.raw, found.base_dir, schema=schema, site=site, toc=found.toc)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if args.fail_on:
        config = replace(
            config, fail_on=None if args.fail_on == "never" else Severity(args.fail_on)
        )

    if args.paths:
        roots = [Path(p) for p in args.paths]
    elif found.docs_dir is not None:
        roots = [found.docs_dir]
    elif (cwd / "docs").is_dir():
        roots = [cwd / "docs"]
    else:
        raise UsageError(
            "no PATH given, no mkdocs.yml and no docs folder here: "
            "name the files or folders to check"
        )
    for root in roots:
        if not os.path.lexists(root):  # a dangling link is reported as a problem, later
            if not args.paths and found.source is not None:
                raise UsageError(
                    f"docs folder {root} (docs_dir of {found.source.name}) does not exist"
                )
            raise UsageError(f"path {root} does not exist")

    from mkdocs_postlint.files import collect, display_path

    files, unreadable = collect(roots, found.docs_dir, config.is_excluded, _notice)
    cache = None
    if not args.no_cache:
        from mkdocs_postlint.cache import ENV, ResultCache, default_dir

        chosen = args.cache_dir or os.environ.get(ENV)
        folder = Path(chosen) if chosen else default_dir()
        cache = ResultCache.open(folder, config, _notice if chosen else None)
    result = _lint_all(files, config, cache)
    if cache is not None:
        cache.save()
    result.problems.extend(_unreadable_problems(unreadable, config))

    if args.write_baseline:
        return _write_baseline(Path(args.write_baseline), result)
    baseline = Path(args.baseline) if args.baseline else config.baseline
    if baseline is not None:
        _apply_baseline(result, baseline, [display_path(path) for path, _ in files])

    _report(result, args)
    _summary(result)
    failed = any(config.fails(p.severity) for p in result.problems)
    return EXIT_FINDINGS if failed else EXIT_OK


def _report(result: Any, args: argparse.Namespace) -> None:
    from mkdocs_postlint.reporters import REPORTERS, resolve, write_report

    if not args.output:
        REPORTERS[resolve(args.format)].render(result, sys.stdout)
        return
    name = args.format
    if name == "auto":
        lowered = args.output.lower()
        name = "sarif" if ".sarif" in lowered else "json" if lowered.endswith(".json") else name
    try:
        write_report(result, Path(args.output), name)
    except OSError as error:
        raise UsageError(f"cannot write {args.output}: {error.strerror or error}") from None
    print(f"report written to {args.output}", file=sys.stderr)


def _write_baseline(file: Path, result: Any) -> int:
    from mkdocs_postlint.baseline import BaselineError, write

    try:
        count = write(file, result.problems, Path.cwd())
    except BaselineError as error:
        raise UsageError(str(error)) from None
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    print(
        f"{files} checked: {count} problem{'s' if count != 1 else ''} recorded in {file}",
        file=sys.stderr,
    )
    return EXIT_OK


def _apply_baseline(result: Any, file: Path, checked: list[str]) -> None:
    from mkdocs_postlint.baseline import BaselineError, compare, load

    try:
        entries = load(file)
    except BaselineError as error:
        raise UsageError(str(error)) from None
    outcome = compare(result.problems, entries, file, Path.cwd(), checked)
    result.problems = outcome.new
    result.baselined = outcome.matched
    result.removable = [entry.as_dict() for entry in outcome.fixed]
    if outcome.fixed:
        count = len(outcome.fixed)
        print(
            f"{count} problem{'s' if count != 1 else ''} recorded in {file} "
            f"{'are' if count != 1 else 'is'} fixed; remove "
            f"{'them' if count != 1 else 'it'} with --write-baseline {file}:",
            file=sys.stderr,
        )
        for entry in outcome.fixed:
            print(f"  {entry.path}:{entry.line}: {entry.rule} {entry.message}", file=sys.stderr)


def _summary(result: Any) -> None:
    from mkdocs_postlint.problem import Severity

    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    baselined = f" ({result.baselined} in the baseline)" if result.baselined else ""
    if not result.problems:
        print(f"{files} checked: no problems{baselined}", file=sys.stderr)
    else:
        print(
            f"{files} checked: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}{baselined}",
            file=sys.stderr,
        )


def _notice(message: str) -> None:
    print(f"mkdocs-postlint: {message}", file=sys.stderr)


def _unreadable_problems(unreadable: list[tuple[Path, str]], config: Any) -> list[Any]:
    from mkdocs_postlint.files import display_path
    from mkdocs_postlint.linter import lint_unreadable

    problems = []
    for path, reason in unreadable:
        problems.extend(lint_unreadable(reason, display_path(path), config))
    return problems


_WORKER_CONFIG: Any = None
_WORKER_KEYED = False  # whether the pages' cache keys are wanted (there is a cache)


def _lint_one(item: tuple[Path, str, str]) -> tuple[str | None, list[Any]]:
    from mkdocs_postlint.cache import lint_page

    path, display, src = item
    return lint_page(path, display, _WORKER_CONFIG, src, keyed=_WORKER_KEYED)


def _lint_all(files: list[tuple[Path, str]], config: Any, cache: Any = None) -> Any:
    """Lint the files, in order; with a cache, only those it has no answer for."""
    from mkdocs_postlint.files import display_path
    from mkdocs_postlint.linter import Result

    global _WORKER_CONFIG, _WORKER_KEYED
    _WORKER_CONFIG, _WORKER_KEYED = config, cache is not None
    progress = Progress.start(len(files))
    items = [(path, display_path(path), src) for path, src in files]
    found: list[list[Any] | None] = [None] * len(items)
    if cache is not None and cache.entries:
        for index, (path, display, src) in enumerate(items):
            found[index] = cache.lookup_file(path, display, src, config.max_file_size)
            if found[index] is not None:
                progress.step()
    todo = [index for index, problems in enumerate(found) if problems is None]
    outcomes: Any = map(_lint_one, [items[index] for index in todo])
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_FROM and workers > 1 and sys.platform != "win32":
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            outcomes = pool.imap(_lint_one, [items[index] for index in todo], chunksize=64)
            for index, (key, problems) in zip(todo, outcomes, strict=True):
                found[index] = _keep(cache, items[index][1], key, problems, progress)
    else:
        for index, (key, problems) in zip(todo, outcomes, strict=True):
            found[index] = _keep(cache, items[index][1], key, problems, progress)
    progress.done()
    return Result(files=len(files), problems=[p for page in found if page for p in page])


def _keep(cache: Any, display: str, key: str | None, problems: list[Any], progress: Any) -> Any:
    if cache is not None:
        cache.store(display, key, problems)
    progress.step()
    return problems


class Progress:
    """A one-line progress bar on stderr, only on a terminal and never in CI."""

    WIDTH = 30

    def __init__(self, total: int, stream: Any) -> None:
        self.total, self.stream, self.count, self.shown = total, stream, 0, -1

    @classmethod
    def start(cls, total: int, stream: Any = None, environ: Any = None) -> Progress:
        stream = stream if stream is not None else sys.stderr
        environ = environ if environ is not None else os.environ
        in_ci = environ.get("CI", "").lower() not in ("", "0", "false")
        isatty = getattr(stream, "isatty", None)
        if total < PROGRESS_FROM or in_ci or not (isatty and isatty()):
            return _NoProgress(total, stream)
        return cls(total, stream)

    def step(self) -> None:
        self.count += 1
        filled = self.WIDTH * self.count // self.total
        if filled != self.shown or self.count == self.total:
            self.shown = filled
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.count}/{self.total} files")
            self.stream.flush()

    def done(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


class _NoProgress(Progress):
    def step(self) -> None:
        pass

    def done(self) -> None:
        pass
