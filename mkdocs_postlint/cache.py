"""The results of earlier runs, so that a re-run lints only the pages that changed.

The command line keeps, for every page it checked, what it found, under a key
made of the page's bytes and its source path; the whole store is tied to the
effective settings and to the tool itself (`settings_fingerprint`,
`tool_fingerprint`). A page is linted again when its bytes change; every page
is linted again when anything that can change a finding changes: a rule or its
options, an override, a schema file or a file it refers to, the blog's
settings or its ``.authors.yml``, the ``toc`` slugify, the size limit, the
version of mkdocs-postlint, of its parser or of Python. A page that names its
own schema (``$schema``) is never kept, since that file is not part of the
settings.

The store is one JSON file per project and settings in the cache folder:
`default_dir` (the user's cache folder, ``$XDG_CACHE_HOME/mkdocs-postlint`` on
Linux), ``--cache-dir``, or ``$MKDOCS_POSTLINT_CACHE_DIR``, so nothing is
written inside the checked tree unless the user puts the cache there; the
folder gets a ``.gitignore`` of ``*`` and a ``CACHEDIR.TAG``. A file that is
corrupt, of another format or of other settings is ignored; it is replaced by
writing a temporary file beside it and renaming it (atomic), so a run that is
killed, or two runs at once, never leave a half-written store: the last run
to finish wins. JSON, not pickle: a cache folder someone else could write to
must never run code.

The MkDocs plugin keeps its per-page cache in memory across ``mkdocs serve``
rebuilds and shares `settings_fingerprint` with this module.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_postlint import __version__
from mkdocs_postlint.config import Config
from mkdocs_postlint.document import Document, parse
from mkdocs_postlint.files import PageTooLarge, read_page
from mkdocs_postlint.findings import problem_lines
from mkdocs_postlint.linter import lint_document, lint_file
from mkdocs_postlint.plain import plain_data
from mkdocs_postlint.problem import Problem, Severity

__all__ = [
    "ENV",
    "ResultCache",
    "default_dir",
    "lint_page",
    "page_key",
    "settings_fingerprint",
    "tool_fingerprint",
]

ENV = "MKDOCS_POSTLINT_CACHE_DIR"
"""The environment variable that moves the cache folder (``--cache-dir`` wins)."""
FORMAT = 3  # 2: page keys are SHA-256; 3: entries keep the lines their problems are on
_KIND = "mkdocs-postlint results"
_STALE_AFTER = 30 * 24 * 3600  # seconds; stores not used for this long are removed
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is a cache made by mkdocs-postlint; it can be deleted at any time.\n"
)
_SEVERITIES = {severity.value: severity for severity in Severity}


def default_dir() -> Path:
    """The user's cache folder for the tool (``~/.cache/mkdocs-postlint`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("mkdocs-postlint", appauthor=False))


def page_key(data: bytes, src_path: str) -> str:
    """What a page's findings depend on besides the settings: its bytes and its source path."""
    # SHA-256: OpenSSL's uses the processor's SHA instructions where it has them, and
    # then hashes pages in about 60% of BLAKE2's time (every page is hashed on a warm run).
    digest = hashlib.sha256(data)
    digest.update(b"\0" + src_path.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def lint_page(
    path: Path, display: str, config: Config, src_path: str, keyed: bool = True
) -> tuple[str | None, list[Problem], dict[int, str]]:
    """Lint one file: its key (``None`` if not ``keyed`` or not to be kept), its
    problems, and the lines they start and end on (for reporters that show them).
    """
    try:
        data = read_page(path, config.max_file_size)
    except (OSError, PageTooLarge):  # unreadable-file or file-too-large says why
        return None, lint_file(path, display, config, src_path), {}
    doc = parse(data, display, src_path)
    problems = lint_document(doc, config)
    keep = keyed and not names_schema(doc)
    shown = problem_lines(problems, doc.lines)
    return (page_key(data, src_path) if keep else None), problems, shown


def names_schema(doc: Document) -> bool:
    """Whether the page names its own schema file, which is not part of the settings."""
    return isinstance(doc.meta, dict) and "$schema" in doc.meta


class ResultCache:
    """The stored results of one project under one set of settings.

    `lookup` answers from the store; `store` records a page linted now;
    `save` writes the store back when it changed. Entries are keyed by the
    page's path as reported, so a page that changed replaces its old entry
    and the store does not grow with edits.
    """

    def __init__(self, file: Path, key: str, notice: Callable[[str], None] | None = None) -> None:
        self.file, self.key, self.notice = file, key, notice
        self.entries: dict[str, Any] = {}
        self.changed = False
        self.hits = self.misses = 0

    @classmethod
    def open(
        cls, directory: Path, config: Config, notice: Callable[[str], None] | None = None
    ) -> ResultCache:
        """The store for ``config`` in ``directory``, empty when there is none or it is unusable.

        ``notice`` hears why the store cannot be written (give it when the
        user chose the folder; the default folder fails silently).
        """
        key = _digest(json.dumps([_KIND, FORMAT, tool_fingerprint(), settings_fingerprint(config)]))
        cache = cls(directory / f"{key[:32]}.json", key, notice)
        cache.entries = cache._load()
        return cache

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.file.read_bytes())
        except (OSError, ValueError, RecursionError):  # none yet, unreadable, or not JSON
            return {}
        if (
            not isinstance(data, dict)
            or data.get("kind") != _KIND
            or data.get("format") != FORMAT
            or data.get("key") != self.key
            or not isinstance(data.get("entries"), dict)
        ):
            return {}  # another tool's file, another version's, or a hash collision of names
        entries: dict[str, Any] = data["entries"]
        return entries

    def lookup(self, display: str, key: str) -> tuple[list[Problem], dict[int, str]] | None:
        """The problems found on this page before and the lines they are on (as
        `lint_page` gives them), or ``None`` if the page must be linted.
        """
        entry = self.entries.get(display)
        if isinstance(entry, list) and len(entry) == 3 and entry[0] == key:
            problems, lines = _decode(display, entry[1]), _decode_lines(entry[2])
            if problems is not None and lines is not None:
                self.hits += 1
                return problems, lines
        self.misses += 1
        return None

    def lookup_file(self, path: Path, display: str, src_path: str, max_size: int) -> Any:
        """`lookup` for a file on disk; ``None`` when it cannot be read (lint it to say why)."""
        try:
            data = read_page(path, max_size)
        except (OSError, PageTooLarge):
            return None
        return self.lookup(display, page_key(data, src_path))

    def store(
        self, display: str, key: str | None, problems: list[Problem], lines: dict[int, str]
    ) -> None:
        if key is None:
            if self.entries.pop(display, None) is not None:
                self.changed = True
            return
        rows = [_encode(problem) for problem in problems]
        self.entries[display] = [key, rows, [[number, text] for number, text in lines.items()]]
        self.changed = True

    def save(self) -> None:
        """Write the store if it changed: to a temporary file, then renamed over the old one."""
        if not self.changed:
            return
        folder = self.file.parent
        temporary = None
        try:
            _prepare(folder)
            with tempfile.NamedTemporaryFile(
                "wb", dir=folder, prefix=f".{self.file.stem}.", suffix=".tmp", delete=False
            ) as out:
                temporary = out.name
                self._write(out)
            os.replace(temporary, self.file)
            temporary = None
        except OSError as error:
            if self.notice is not None:
                self.notice(f"cache not written to {folder}: {error.strerror or error}")
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
        _prune(folder, keep=self.file)

    def _write(self, out: Any) -> None:
        """The store as one JSON object, an entry at a time (not the whole text in memory)."""
        head = {"kind": _KIND, "format": FORMAT, "key": self.key}
        out.write(_dumps(head)[:-1] + b',"entries":{')
        for number, (display, entry) in enumerate(self.entries.items()):
            out.write(b"," if number else b"")
            out.write(_dumps(display) + b":" + _dumps(entry))
        out.write(b"}}")


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _encode(problem: Problem) -> list[Any]:
    return [
        problem.line,
        problem.column,
        problem.end_line,
        problem.rule,
        problem.severity.value,
        problem.message,
        problem.fingerprint,
        problem.group,
    ]


def _decode(display: str, rows: Any) -> list[Problem] | None:
    """Problems from stored rows; ``None`` when a row is not one this version wrote."""
    if not isinstance(rows, list):
        return None
    problems = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 8):
            return None
        line, column, end_line, rule, severity, message, fingerprint, group = row
        if not (
            type(line) is int
            and type(column) is int
            and type(end_line) is int
            and type(rule) is str
            and type(message) is str
            and type(fingerprint) is str
            and (group is None or type(group) is str)
            and severity in _SEVERITIES
        ):
            return None
        problems.append(
            Problem(
                display,
                line,
                column,
                end_line,
                rule,
                _SEVERITIES[severity],
                message,
                fingerprint,
                group=group,
            )
        )
    return problems


def _decode_lines(pairs: Any) -> dict[int, str] | None:
    """Stored ``[number, text]`` pairs as a dict; ``None`` when they are not what was written."""
    if not isinstance(pairs, list):
        return None
    lines = {}
    for pair in pairs:
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and type(pair[0]) is int
            and type(pair[1]) is str
        ):
            return None
        lines[pair[0]] = pair[1]
    return lines


def _prepare(folder: Path) -> None:
    """Create the cache folder, git-ignored and tagged as a cache for backup tools."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", "# made by mkdocs-postlint\n*\n"), ("CACHEDIR.TAG", _TAG)):
        marker = folder / name
        if not marker.exists():
            with contextlib.suppress(OSError):
                marker.write_text(text, encoding="utf-8")


def _prune(folder: Path, keep: Path) -> None:
    """Remove stores and temporary files of this tool not touched for a month."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if entry.path == str(keep) or not (name.endswith(".json") or name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > _STALE_AFTER and _is_ours(Path(entry.path)):
                    os.unlink(entry.path)


def _is_ours(path: Path) -> bool:
    if path.suffix == ".tmp":
        return path.name.startswith(".")
    with contextlib.suppress(OSError), path.open("rb") as file:
        return f'"kind":"{_KIND}"'.encode() in file.read(200)
    return False


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


@functools.lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool as it is installed: its version and files, its parsers', Python's.

    Files count by path, size and modification time (a stat each, no reading),
    so a development install that changes a rule without changing the version
    number starts afresh, and so does an upgrade of a dependency.
    """
    import pyromark
    import yaml

    digest = hashlib.blake2b(digest_size=20)
    versions = (
        __version__,
        sys.version,
        getattr(pyromark, "__version__", "?"),
        getattr(yaml, "__version__", "?"),
    )
    digest.update(repr(versions).encode())
    package = os.path.dirname(os.path.abspath(__file__))
    # regex by its files, not its version: a run may never need to import it.
    packages = ("jsonschema", "pyromark", "regex")
    folders = [package, *(_package_folder(name) for name in packages)]
    for folder in folders:
        if folder is None:
            continue
        for parent, _, names in sorted(os.walk(folder)):  # sorted: the same order every run
            for name in sorted(names):
                if name.endswith((".py", ".json", ".so", ".pyd")):
                    info = os.stat(os.path.join(parent, name))
                    digest.update(f"{parent}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _package_folder(name: str) -> str | None:
    """The folder of an installed package, without importing it."""
    from importlib.util import find_spec

    spec = find_spec(name)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return locations[0] if locations else None


def settings_fingerprint(config: Config) -> str:
    """Everything in the configuration that can change a page's findings, as text.

    Schemas count by their content and the content of every file they refer
    to, and a blog by its authors and categories, so editing a schema file or
    ``.authors.yml`` re-lints every page while restating a default does not.
    What only acts after linting (``fail_on``, the baseline, the report file)
    does not count.
    """
    rules = {
        rule_id: [setting.enabled, setting.severity.value, plain_data(setting.options)]
        for rule_id, setting in config.rules.items()
    }
    return json.dumps(
        [str(config.base_dir), rules, plain_data(config.overrides), config.max_file_size],
        sort_keys=True,
    )
