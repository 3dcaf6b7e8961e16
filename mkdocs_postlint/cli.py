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
    """argparse, with a usage error as one line instead of the whole usage text,
    and the option, command or choice that was probably meant."""

    def error(self, message: str) -> NoReturn:
        hint = _did_you_mean(message, _option_strings(self))
        self.exit(EXIT_USAGE, f"{self.prog}: {message}{hint} (see '{self.prog} --help')\n")


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Every option of ``parser`` and of its subcommands."""
    options: list[str] = []
    for action in parser._actions:
        options.extend(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                options.extend(_option_strings(sub))
    return [option for option in options if option.startswith("--")]


def _did_you_mean(message: str, options: list[str]) -> str:
    """`` (did you mean '--format'?)`` for argparse's unknown-option and bad-choice errors."""
    import re

    from mkdocs_postlint.suggest import closest

    unknown = re.match(r"unrecognized arguments: (\S+)", message)
    if unknown and unknown.group(1).startswith("--"):
        guess = closest(unknown.group(1).split("=")[0], options)
    else:
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice is None:
            return ""
        guess = closest(choice.group(1), re.findall(r"'([^']*)'", choice.group(2)))
    return f" (did you mean '{guess}'?)" if guess else ""


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
    fixing = check.add_argument_group(
        "fixes", "repair what can be repaired mechanically (`rules` shows which rules can)"
    )
    fixing.add_argument(
        "--fix", action="store_true", help="apply the safe fixes, then report what is left"
    )
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change as a unified diff and write nothing "
        "(exit 1 when there is something to fix)",
    )
    fixing.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also the fixes that delete or rewrite content",
    )
    commands.add_parser("rules", help="list the rules with their default severity and fix")
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule")
    # The language server: its own module, imported only when it runs (pygls is an extra).
    commands.add_parser(
        "lsp",
        help="run the language server over stdio (for editors; needs the lsp extra)",
        description="A Language Server Protocol server over stdin/stdout: diagnostics as you "
        "type, with the settings check uses for each file. Started by an editor.",
    )
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
        if args.command == "lsp":
            from mkdocs_postlint.lsp import main as serve

            return serve()
    except UsageError as error:
        print(f"mkdocs-postlint: {error}", file=sys.stderr)
        return EXIT_USAGE
    parser.print_help()
    return EXIT_USAGE


def _rules() -> int:
    from mkdocs_postlint.config import ALL_RULES
    from mkdocs_postlint.rules import fix_of

    width = max(len(rule_id) for rule_id in ALL_RULES)
    for rule_id, rule in ALL_RULES.items():
        fix = fix_of(rule)
        fixable = f"fix: {fix.label}" if fix else ""
        print(f"{rule_id:<{width}}  {rule.SEVERITY.value:<7}  {fixable:<11}  {rule.SUMMARY}")
    return EXIT_OK


def _explain(rule_id: str) -> int:
    import difflib
    import json

    from mkdocs_postlint.config import ALL_RULES

    if rule_id not in ALL_RULES:
        close = difflib.get_close_matches(rule_id, list(ALL_RULES), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(f"unknown rule '{rule_id}' ({hint}`mkdocs-postlint rules` lists them)")
    from mkdocs_postlint.rules import fix_of

    rule = ALL_RULES[rule_id]
    print(f"# {rule_id}\n\nDefault severity: {rule.SEVERITY.value}")
    fix = fix_of(rule)
    if fix is not None:
        flag = "--fix" if fix.safe else "--fix --unsafe-fixes"
        print(f"Fix ({fix.label}, {flag}): {fix.summary}")
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
    if args.config_file is not None and args.no_config:
        raise UsageError("--config-file and --no-config contradict each other: give one")
    try:
        found = discover(args.config_file, args.no_config, cwd)
        site = site_from_plugins(found.base_dir, found.docs_dir, found.plugins)
        schema = args.schema
        if schema and preset_path(schema) is None and (cwd / schema).exists():
            schema = str((cwd / schema).resolve())  # a file on the command line is cwd-relative
        config = load_config(found.raw, found.base_dir, schema=schema, site=site, toc=found.toc)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    for notice in config.notices:
        _notice(notice)
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
    from mkdocs_postlint.linter import collapse_groups

    files, unreadable = collect(roots, found.docs_dir, config.is_excluded, _notice)
    for root in roots:
        _has_markdown(root, files, unreadable)
    if args.fix and args.diff:
        raise UsageError("--fix writes the fixes and --diff only shows them: give one of them")
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes applies with --fix or --diff")
    if args.diff:
        return _diff(files, config, args.unsafe_fixes)
    if args.fix:
        result = _fix(files, config, args.unsafe_fixes)
    else:
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
    result.problems = collapse_groups(result.problems)

    if args.write_baseline:
        return _write_baseline(Path(args.write_baseline), result)
    baseline = Path(args.baseline) if args.baseline else config.baseline
    if baseline is not None:
        _apply_baseline(result, baseline, [display_path(path) for path, _ in files])

    _report(result, args, config, files)
    _summary(result)
    failed = any(config.fails(p.severity) for p in result.problems)
    return EXIT_FINDINGS if failed else EXIT_OK


def _has_markdown(
    root: Path, files: list[tuple[Path, str]], unreadable: list[tuple[Path, str]]
) -> None:
    """A folder with no Markdown file in it is a wrong path, not a clean run."""
    from mkdocs_postlint.files import MARKDOWN_SUFFIXES, walk

    if not root.is_dir():
        return
    if any(path == root or root in path.parents for path, _ in (*files, *unreadable)):
        return
    if any(isinstance(item, Path) for item in walk(root)):
        return  # every page is excluded by the configuration: nothing to say
    suffixes = " or ".join(f"*{suffix}" for suffix in MARKDOWN_SUFFIXES)
    raise UsageError(f"{root}: no Markdown files ({suffixes}) in this folder; nothing to check")


def _diff(files: list[tuple[Path, str]], config: Any, unsafe: bool) -> int:
    """``--diff``: print what ``--fix`` would change; exit 1 when something would."""
    from mkdocs_postlint import fix
    from mkdocs_postlint.files import display_path

    displays = [display_path(path) for path, _ in files]
    outcome = fix.run(files, displays, config, unsafe=unsafe, write=False)
    for display, change in outcome.changed.items():
        sys.stdout.write(fix.unified_diff(display, change))
    count, changed = outcome.fixed, len(outcome.changed)
    print(
        f"{_plural(count, 'problem')} would be fixed in {_plural(changed, 'file')}"
        + _unsafe_hint(outcome.unsafe_left),
        file=sys.stderr,
    )
    return EXIT_FINDINGS if changed else EXIT_OK


def _fix(files: list[tuple[Path, str]], config: Any, unsafe: bool) -> Any:
    """``--fix``: repair the files, and return the problems left."""
    from mkdocs_postlint import fix
    from mkdocs_postlint.files import display_path

    displays = [display_path(path) for path, _ in files]
    outcome = fix.run(files, displays, config, unsafe=unsafe, write=True)
    for error in outcome.errors:
        _notice(error)
    count, changed = outcome.fixed, len(outcome.changed)
    print(
        f"fixed {_plural(count, 'problem')} in {_plural(changed, 'file')}"
        + _unsafe_hint(outcome.unsafe_left),
        file=sys.stderr,
    )
    return outcome.result


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _unsafe_hint(count: int) -> str:
    return f" ({_plural(count, 'more problem')} with --unsafe-fixes)" if count else ""


def _report(
    result: Any, args: argparse.Namespace, config: Any, files: list[tuple[Path, str]]
) -> None:
    from mkdocs_postlint.reporters import REPORTERS, resolve, write_report

    name = args.format
    if name == "auto" and args.output:
        lowered = args.output.lower()
        name = "sarif" if ".sarif" in lowered else "json" if lowered.endswith(".json") else name
    if resolve(name) == "sarif":  # SARIF results carry the fixes their rules propose
        from mkdocs_postlint.files import display_path
        from mkdocs_postlint.fix import suggest

        suggest(result, config, {display_path(path): src for path, src in files})
    if not args.output:
        REPORTERS[resolve(name)].render(result, sys.stdout)
        return
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


def _lint_one(item: tuple[Path, str, str]) -> tuple[str | None, list[Any], dict[int, str]]:
    from mkdocs_postlint.cache import lint_page

    path, display, src = item
    return lint_page(path, display, _WORKER_CONFIG, src, keyed=_WORKER_KEYED)


def _lint_all(files: list[tuple[Path, str]], config: Any, cache: Any = None) -> Any:
    """Lint the files, in order; with a cache, only those it has no answer for."""
    from mkdocs_postlint.linter import few_collections

    with few_collections():
        return _lint_pages(files, config, cache)


def _lint_pages(files: list[tuple[Path, str]], config: Any, cache: Any) -> Any:
    from mkdocs_postlint.files import display_path
    from mkdocs_postlint.result import Result

    global _WORKER_CONFIG, _WORKER_KEYED
    _WORKER_CONFIG, _WORKER_KEYED = config, cache is not None
    progress = Progress.start(len(files))
    items = [(path, display_path(path), src) for path, src in files]
    found: list[list[Any] | None] = [None] * len(items)
    shown: dict[str, dict[int, str]] = {}  # the lines problems are on, as linted
    if cache is not None and cache.entries:
        for index, (path, display, src) in enumerate(items):
            hit = cache.lookup_file(path, display, src, config.max_file_size)
            if hit is not None:
                found[index], lines = hit
                if lines:
                    shown[display] = lines
                progress.step()
    todo = [index for index, problems in enumerate(found) if problems is None]

    def keep(index: int, key: str | None, problems: list[Any], lines: dict[int, str]) -> None:
        display = items[index][1]
        if cache is not None:
            cache.store(display, key, problems, lines)
        if lines:
            shown[display] = lines
        found[index] = problems
        progress.step()

    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_FROM and workers > 1 and sys.platform != "win32":
        import multiprocessing

        # The first page is linted here: the patterns and tables that rules build on
        # first use are then made once and inherited by every worker, not made in each.
        first, *rest = todo
        keep(first, *_lint_one(items[first]))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            outcomes = pool.imap(_lint_one, [items[index] for index in rest], chunksize=64)
            for index, outcome in zip(rest, outcomes, strict=True):
                keep(index, *outcome)
    else:
        for index in todo:
            keep(index, *_lint_one(items[index]))
    progress.done()
    problems = [p for page in found if page for p in page]
    return Result(files=len(files), problems=problems, shown_lines=shown)


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
