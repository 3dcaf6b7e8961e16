"""Baselines: adopt the linter on a site with known problems, and fail only on new ones.

``mkdocs-postlint check --write-baseline FILE`` records the current findings;
with ``--baseline FILE`` (or ``baseline: FILE`` in the configuration) the
findings recorded there are left out of the report and the exit code, and the
recorded findings that are gone are listed as removable.

A finding is matched by its rule, its file and its fingerprint: a hash of the
rule, the normalised text of the lines it is about, and how many findings of
the same rule about the same text came before it in the file. Line numbers are
not part of it, so lines inserted or removed elsewhere in a file do not bring
recorded findings back; editing the offending text does, as it should.

The file is JSON, sorted, one finding per entry, so its diffs review well::

    {"version": 1, "findings": [{"path": "docs/a.md", "rule": "...",
      "fingerprint": "...", "line": 3, "message": "..."}]}

Paths are relative to the baseline file's folder, with ``/``. ``line`` and
``message`` are for people reading the file; matching ignores them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mkdocs_postlint.problem import Problem

__all__ = ["BaselineError", "Entry", "Outcome", "compare", "fingerprinted", "load", "write"]

VERSION = 1
_SPACE = re.compile(r"\s+")
_MAX_LINES = 50  # of a finding's span that go into its fingerprint


class BaselineError(Exception):
    """The baseline file cannot be read or written; the message says why."""


def fingerprinted(problems: Sequence[Problem], lines: Sequence[str]) -> list[Problem]:
    """The problems of one file (sorted by position) with their fingerprints set."""
    seen: Counter[tuple[str, str]] = Counter()
    # Each line is normalised and each (rule, content) hashed once: many findings
    # on one long line would otherwise cost the line's length each.
    normalized: dict[int, str] = {}
    prefixes: dict[tuple[str, str], Any] = {}
    out = []
    for problem in problems:
        last = min(problem.end_line, problem.line + _MAX_LINES - 1, len(lines))
        span = range(max(problem.line, 1), last + 1)
        for n in span:
            if n not in normalized:
                normalized[n] = _SPACE.sub(" ", lines[n - 1]).strip()
        content = "\n".join(normalized[n] for n in span)
        key = (problem.rule, content)
        occurrence = seen[key]
        seen[key] += 1
        if key not in prefixes:
            prefixes[key] = hashlib.sha256(f"{problem.rule}\0{content}\0".encode())
        digest = prefixes[key].copy()
        digest.update(str(occurrence).encode())
        out.append(replace(problem, fingerprint=digest.hexdigest()[:20]))
    return out


@dataclass(frozen=True)
class Entry:
    """One recorded finding."""

    path: str
    rule: str
    fingerprint: str
    line: int = 0
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.rule, self.fingerprint)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "rule": self.rule,
            "fingerprint": self.fingerprint,
            "line": self.line,
            "message": self.message,
        }


@dataclass
class Outcome:
    """What comparing findings with a baseline gave.

    Attributes:
        new: the findings not in the baseline: these are reported.
        matched: how many findings the baseline holds back.
        fixed: recorded findings that are gone: they can be removed.
    """

    new: list[Problem] = field(default_factory=list)
    matched: int = 0
    fixed: list[Entry] = field(default_factory=list)


def _key_path(path: str, root: Path, folder: Path) -> str:
    """``path`` (relative to ``root``) relative to ``folder``, with ``/``."""
    absolute = os.path.abspath(os.path.join(root, path))
    try:
        relative = os.path.relpath(absolute, os.path.abspath(folder))
    except ValueError:  # another drive on Windows
        relative = absolute
    return relative.replace(os.sep, "/")


def write(file: Path, problems: Iterable[Problem], root: Path) -> int:
    """Record ``problems`` (paths relative to ``root``); the number recorded."""
    folder = file.parent
    entries = sorted(
        (
            Entry(_key_path(p.path, root, folder), p.rule, p.fingerprint, p.line, p.message)
            for p in problems
        ),
        key=lambda e: (e.path, e.line, e.rule, e.fingerprint),
    )
    payload = {"version": VERSION, "findings": [e.as_dict() for e in entries]}
    try:
        file.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")
    except OSError as error:
        raise BaselineError(f"cannot write baseline {file}: {error.strerror}") from None
    return len(entries)


def load(file: Path) -> list[Entry]:
    """The entries of a baseline file."""
    try:
        data = json.loads(file.read_bytes())
    except FileNotFoundError:
        raise BaselineError(
            f"baseline {file} does not exist (create it with --write-baseline {file})"
        ) from None
    except OSError as error:
        raise BaselineError(f"cannot read baseline {file}: {error.strerror}") from None
    except ValueError as error:
        raise BaselineError(f"baseline {file} is not valid JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"baseline {file} has no 'findings' list")
    if data.get("version") != VERSION:
        raise BaselineError(
            f"baseline {file} has version {data.get('version')!r}; expected {VERSION} "
            "(write it again with --write-baseline)"
        )
    entries = []
    for index, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) for key in ("path", "rule", "fingerprint")
        ):
            raise BaselineError(
                f"baseline {file}: findings[{index}] needs 'path', 'rule' and 'fingerprint' strings"
            )
        line = item.get("line", 0)
        message = item.get("message", "")
        entries.append(
            Entry(
                item["path"],
                item["rule"],
                item["fingerprint"],
                line if isinstance(line, int) else 0,
                message if isinstance(message, str) else "",
            )
        )
    return entries


def compare(
    problems: Iterable[Problem],
    entries: Iterable[Entry],
    file: Path,
    root: Path,
    checked: Iterable[str],
) -> Outcome:
    """Split ``problems`` into new ones and recorded ones.

    ``root`` is the folder the problems' paths are relative to; ``checked`` are
    the paths (like the problems') of every file checked: recorded findings of
    files not checked this time are neither matched nor fixed.
    """
    folder = file.parent
    remaining = Counter(e.key for e in entries)
    outcome = Outcome()
    for problem in problems:
        key = (_key_path(problem.path, root, folder), problem.rule, problem.fingerprint)
        if remaining[key] > 0:
            remaining[key] -= 1
            outcome.matched += 1
        else:
            outcome.new.append(problem)
    checked_keys = {_key_path(path, root, folder) for path in checked}
    for entry in entries:
        if entry.path in checked_keys and remaining[entry.key] > 0:
            remaining[entry.key] -= 1
            outcome.fixed.append(entry)
    return outcome
