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
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="lint Markdown files and folders")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: docs_dir of mkdocs.yml)",
    )
    check.add_argument(
        "--config-file", "-f", metavar="FILE", help="mkdocs.yml to read settings from"
    )
    check.add_argument("--no-config", action="store_true", help="ignore mkdocs.yml; use defaults")
    check.add_argument("--schema", metavar="FILE", help="JSON Schema for front matter (overrides)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        help="lowest severity that makes the exit code 1 (default: error)",
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
    from mkdocs_postlint.rules import RULES

    width = max(len(rule_id) for rule_id in RULES)
    for rule_id, rule in RULES.items():
        print(f"{rule_id:<{width}}  {rule.SEVERITY.value:<7}  {rule.SUMMARY}")
    return EXIT_OK


def _explain(rule_id: str) -> int:
    from mkdocs_postlint.rules import RULES

    if rule_id not in RULES:
        raise UsageError(f"unknown rule '{rule_id}' (`mkdocs-postlint rules` lists them)")
    print(f"# {rule_id}\n\n{(RULES[rule_id].__doc__ or '').strip()}")
    return EXIT_OK


def _read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """The mkdocs.yml as MkDocs reads it (``!ENV`` and ``INHERIT`` work), but safely."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open("rb") as stream:
            data = yaml_load(stream, loader=_safe_mkdocs_loader())
    except OSError as error:
        raise UsageError(f"cannot read config file {path}: {error.strerror}") from None
    except Exception as error:  # the YAML loader raises many kinds
        raise UsageError(f"config file {path} cannot be parsed: {_one_line(error)}") from None
    if not isinstance(data, dict):
        raise UsageError(f"config file {path} is not a mapping")
    return data


def _safe_mkdocs_loader() -> Any:
    """MkDocs' YAML loader built on PyYAML's safe loader.

    MkDocs reads mkdocs.yml with PyYAML's full loader, which runs
    ``!!python/object/apply:`` tags; a linter must never run code from the
    repository it checks. ``!ENV`` works as in MkDocs; Python tags (such as
    Material's ``!!python/name:`` emoji functions), ``!relative`` and other
    tags become their tag name as text: only the ``postlint`` block is used.
    """
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    class SafeLoader(yaml.SafeLoader):
        pass

    SafeLoader.add_multi_constructor("", lambda loader, suffix, node: str(node.tag))
    return get_yaml_loader(loader=SafeLoader)


def _one_line(error: Exception) -> str:
    """A loader error on one line, with the line number of mkdocs.yml when known."""
    import yaml

    cause = error.__cause__ or error.__context__
    marked = next((e for e in (error, cause) if isinstance(e, yaml.MarkedYAMLError)), None)
    if marked is not None and marked.problem_mark is not None:
        where = f"line {marked.problem_mark.line + 1}, column {marked.problem_mark.column + 1}"
        context = f" ({marked.context})" if marked.context else ""
        return f"{where}: {marked.problem}{context}"
    return " ".join(str(error).split())


def _postlint_block(mkdocs_config: dict[str, Any]) -> dict[str, Any]:
    plugins = mkdocs_config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else plugins
    for entry in entries:
        name, options = (entry, {}) if isinstance(entry, str) else _pair(entry)
        if name == "postlint":
            return dict(options or {})
    return {}


def _pair(entry: Any) -> tuple[str, Any]:
    if isinstance(entry, tuple):
        return entry[0], entry[1]
    if isinstance(entry, dict) and len(entry) == 1:
        ((name, options),) = entry.items()
        return str(name), options
    return "", {}


def _check(args: argparse.Namespace) -> int:
    from mkdocs_postlint.config import ConfigError, load_config

    config_path: Path | None = None
    if args.config_file:
        config_path = Path(args.config_file)
        if not config_path.is_file():
            raise UsageError(f"config file {args.config_file} does not exist")
    elif not args.no_config and Path("mkdocs.yml").is_file():
        config_path = Path("mkdocs.yml")

    raw: dict[str, Any] = {}
    docs_dir: Path | None = None
    base_dir = Path.cwd()
    if config_path is not None:
        mkdocs_config = _read_mkdocs_yml(config_path)
        raw = _postlint_block(mkdocs_config)
        base_dir = config_path.resolve().parent
        docs_dir = base_dir / str(mkdocs_config.get("docs_dir", "docs"))
    try:
        config = load_config(raw, base_dir, schema=args.schema)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if args.schema and args.schema not in raw.get("schema", ()):
        pass
    if args.fail_on:
        from dataclasses import replace

        from mkdocs_postlint.problem import Severity

        config = replace(
            config, fail_on=None if args.fail_on == "never" else Severity(args.fail_on)
        )

    if args.paths:
        roots = [Path(p) for p in args.paths]
    elif docs_dir is not None:
        roots = [docs_dir]
    else:
        raise UsageError("no PATH given and no mkdocs.yml here: name the files or folders to check")
    for root in roots:
        if not os.path.lexists(root):  # a dangling link is reported as a problem, later
            if not args.paths:
                raise UsageError(f"docs folder {root} (docs_dir of {config_path}) does not exist")
            raise UsageError(f"path {root} does not exist")

    from mkdocs_postlint.files import collect

    files, unreadable = collect(roots, docs_dir, config.is_excluded, _notice)
    result = _lint_all(files, config)
    result.problems.extend(_unreadable_problems(unreadable, config))

    from mkdocs_postlint.reporters import REPORTERS

    REPORTERS[args.format].render(result, sys.stdout)
    if args.format == "text":
        _summary(result)
    failed = any(config.fails(p.severity) for p in result.problems)
    return EXIT_FINDINGS if failed else EXIT_OK


def _summary(result: Any) -> None:
    from mkdocs_postlint.problem import Severity

    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    if not result.problems:
        print(f"{files} checked: no problems", file=sys.stderr)
    else:
        print(
            f"{files} checked: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}",
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


def _lint_one(item: tuple[Path, str]) -> list[Any]:
    from mkdocs_postlint.files import display_path
    from mkdocs_postlint.linter import lint_file

    path, src = item
    return lint_file(path, display_path(path), _WORKER_CONFIG, src)


def _lint_all(files: list[tuple[Path, str]], config: Any) -> Any:
    from mkdocs_postlint.linter import Result

    global _WORKER_CONFIG
    _WORKER_CONFIG = config
    result = Result(files=len(files))
    workers = min(os.cpu_count() or 1, 8)
    if len(files) >= PARALLEL_FROM and workers > 1 and sys.platform != "win32":
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for problems in pool.imap(_lint_one, files, chunksize=64):
                result.problems.extend(problems)
    else:
        for item in files:
            result.problems.extend(_lint_one(item))
    return result
