"""Fix mode: apply the rules' fixes to pages, preview them as a diff, write them safely.

For each page: lint it, ask each fixable rule for the edits that repair its
problems (safe fixes only, unless unsafe ones are asked for), apply those that
do not touch the same text, and lint again; fixes whose text overlapped an
applied one get their turn in the next round, up to `MAX_ROUNDS`. A round is
kept only if it leaves fewer problems, and no rule reports more problems of a
severity than on the page before any fix: when the edits together do not,
they are tried one problem at a time and those that do not are dropped. So a fix never leaves a
page with a new finding, and never breaks its front matter (that would be a
new ``frontmatter-syntax`` finding). A page whose front matter does not parse
gets no front matter fix.

The text is changed with line endings normalised; the file is written back
only when it changed, atomically (a temporary file in the same folder, then a
rename), with its BOM, its line endings (a file with mixed endings keeps each
unchanged line's own), its final newline or lack of one, and its permissions.
Pages that are not UTF-8, too large or unreadable are never written.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from mkdocs_postlint.config import ALL_RULES, Config
from mkdocs_postlint.document import Document, parse
from mkdocs_postlint.edits import apply, overlaps
from mkdocs_postlint.files import PageTooLarge, read_page
from mkdocs_postlint.linter import Result, lint_document, lint_file
from mkdocs_postlint.problem import Edit, Problem, Severity
from mkdocs_postlint.rules import FixableRule, fix_of

__all__ = ["MAX_ROUNDS", "FileFix", "Outcome", "fix_page", "fix_text", "planned", "run", "suggest"]

MAX_ROUNDS = 4
"""Rounds of fixes per page: a fix whose text overlapped another is applied in a later round."""
MAX_SINGLE_TRIES = 50
"""Problems tried one at a time in a round whose edits together would add a finding."""

_BOM = "\ufeff"
_ENDING = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")  # str.splitlines also splits at U+2028 and others
_FRONT_MATTER_RULES = frozenset({"frontmatter-syntax", "frontmatter-schema"})


@dataclass
class FileFix:
    """What fixing one page did.

    Attributes:
        before: the file's text as read (BOM and line endings included).
        after: the text with the fixes applied, as it is (or would be) written.
        fixed: how many problems the fixes repaired.
        rounds: rounds that changed something.
    """

    before: str
    after: str
    fixed: int = 0
    rounds: int = 0

    @property
    def changed(self) -> bool:
        return self.after != self.before


@dataclass
class Outcome:
    """What a fix run did: the problems left, and per changed file what changed."""

    result: Result
    changed: dict[str, FileFix] = field(default_factory=dict)
    unsafe_left: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(f.fixed for f in self.changed.values())


def planned(
    doc: Document, problems: Sequence[Problem], config: Config, unsafe: bool
) -> list[tuple[Problem, list[Edit]]]:
    """The problems a fix can repair on this page, each with its edits, in order."""
    settings = config.rules_for(doc.src_path)
    no_front_matter_fix = doc.meta is None and doc.meta_span is not None
    out = []
    for problem in problems:
        rule = ALL_RULES.get(problem.rule)
        fix = fix_of(rule)
        if fix is None or not (fix.safe or unsafe):
            continue
        if no_front_matter_fix and problem.rule in _FRONT_MATTER_RULES:
            continue
        fixable = cast("FixableRule", rule)
        changes = fixable.fix(doc, problem, settings[problem.rule].options)
        if changes:
            out.append((problem, changes))
    return out


def fix_text(
    text: str, path: str, src_path: str, config: Config, unsafe: bool = False
) -> tuple[str, int, int]:
    """Apply fixes to a page's text (line endings normalised, no BOM) in rounds.

    Returns the new text, how many problems had their fix applied, and how
    many rounds changed something. (A fix can also make another finding go
    away: a cut-off sentence is no longer reported before a marker once the
    marker is removed. Those are not counted.)
    """
    fixed = rounds = 0
    allowed: Counter[tuple[str, Severity]] | None = None
    for _ in range(MAX_ROUNDS):
        doc = parse(text.encode("utf-8"), path, src_path)
        if not doc.readable:
            break
        problems = lint_document(doc, config)
        if allowed is None:  # no rule may end with more problems than the page had
            allowed = Counter((p.rule, p.severity) for p in problems)
        plan = planned(doc, problems, config, unsafe)
        edits, count = _round(doc, len(problems), plan, config, allowed)
        if not edits:
            break
        text = apply(doc.source, edits)
        fixed += count
        rounds += 1
    return text, fixed, rounds


def _round(
    doc: Document,
    total: int,
    plan: list[tuple[Problem, list[Edit]]],
    config: Config,
    allowed: Counter[tuple[str, Severity]],
) -> tuple[list[Edit], int]:
    """The edits of one round that leave fewer problems and add none, and for how many."""
    groups: list[list[Edit]] = []
    taken: list[Edit] = []
    for _, changes in plan:
        if not any(overlaps(edit, taken) for edit in changes) and not _self_overlap(changes):
            groups.append(changes)
            taken.extend(changes)
    if not groups:
        return [], 0
    if _better(allowed, total, doc, taken, config) is not None:
        return taken, len(groups)
    kept: list[Edit] = []
    count = 0
    for changes in groups[:MAX_SINGLE_TRIES]:
        better = _better(allowed, total, doc, kept + changes, config)
        if better is not None:
            kept.extend(changes)
            total = better
            count += 1
    return kept, count


def _self_overlap(changes: list[Edit]) -> bool:
    return any(overlaps(edit, changes[:index]) for index, edit in enumerate(changes))


def _better(
    allowed: Counter[tuple[str, Severity]],
    total: int,
    doc: Document,
    edits: list[Edit],
    config: Config,
) -> int | None:
    """How many problems are left once ``edits`` are applied, if that repairs the page.

    ``None`` when fewer than ``total`` are not left, or when some rule reports
    more problems at or above a severity than ``allowed`` (the page's before
    any fix). A warning that becomes an error counts: a renamed key whose
    value the new key does not accept is not a repair. An error that becomes a
    warning does not: a cut-off sentence that was reported before a marker is
    still reported, with less evidence, once the marker is gone.
    """
    changed = parse(apply(doc.source, edits).encode("utf-8"), doc.path, doc.src_path)
    after = Counter((p.rule, p.severity) for p in lint_document(changed, config))
    left = sum(after.values())
    if left >= total or _more_serious(after, allowed):
        return None
    return left


def _more_serious(
    after: Counter[tuple[str, Severity]], allowed: Counter[tuple[str, Severity]]
) -> bool:
    """Whether some rule reports more problems at or above some severity than allowed."""
    for rule in {rule for rule, _ in after}:
        for floor in Severity:
            if _at_least(after, rule, floor) > _at_least(allowed, rule, floor):
                return True
    return False


def _at_least(counts: Counter[tuple[str, Severity]], rule: str, floor: Severity) -> int:
    return sum(n for (r, s), n in counts.items() if r == rule and s.rank >= floor.rank)


def fix_page(data: bytes, path: str, src_path: str, config: Config, unsafe: bool) -> FileFix | None:
    """Fix a page's bytes; ``None`` when it is not UTF-8 text (it is never changed then)."""
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    bom = raw.startswith(_BOM)
    body = raw[1:] if bom else raw
    normalized = body.replace("\r\n", "\n").replace("\r", "\n")
    text, fixed, rounds = fix_text(normalized, path, src_path, config, unsafe)
    if text == normalized:
        return FileFix(raw, raw)
    after = (_BOM if bom else "") + _restore_endings(body, normalized, text)
    return FileFix(raw, after, fixed, rounds)


def _restore_endings(raw: str, before: str, after: str) -> str:
    """``after`` with the line endings of ``raw`` (whose normalised text is ``before``)."""
    endings = _ENDING.findall(raw)
    kinds = set(endings)
    if not kinds or kinds == {"\n"}:
        return after
    if len(kinds) == 1:
        return after.replace("\n", endings[0])
    dominant = Counter(endings).most_common(1)[0][0]
    old, new = before.split("\n"), after.split("\n")
    new_endings = [dominant] * (len(new) - 1)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                if j1 + k < len(new_endings) and i1 + k < len(endings):
                    new_endings[j1 + k] = endings[i1 + k]
    out = [line + ending for line, ending in zip(new[:-1], new_endings, strict=True)]
    out.append(new[-1])
    return "".join(out)


def write_atomic(path: Path, text: str) -> None:
    """Replace the file's content in one step, keeping its permissions.

    A symbolic link is followed: the file it points to is replaced, the link
    stays. A file its owner may not write is not replaced (the rename would
    allow it): `PermissionError`.
    """
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(os.stat(target).st_mode)
    if not mode & stat.S_IWUSR:
        raise PermissionError(errno.EACCES, "the file is read-only")
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def unified_diff(display: str, change: FileFix) -> str:
    """The change as a unified diff (lines shown without their line endings)."""
    before = change.before.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
    after = change.after.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
    lines = difflib.unified_diff(
        _LINE.findall(before),
        _LINE.findall(after),
        f"a/{display}",
        f"b/{display}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def run(
    files: Iterable[tuple[Path, str]],
    displays: Iterable[str],
    config: Config,
    *,
    unsafe: bool = False,
    write: bool = False,
) -> Outcome:
    """Fix every page (writing them only when ``write``) and lint the fixed text."""
    files = list(files)
    outcome = Outcome(Result(files=len(files)))
    for (path, src), display in zip(files, displays, strict=True):
        change = _fix_one(path, display, src, config, unsafe)
        if change is not None and change.changed:
            outcome.changed[display] = change
            if write:
                try:
                    write_atomic(path, change.after)
                except OSError as error:
                    outcome.errors.append(f"cannot write {display}: {error.strerror or error}")
                    del outcome.changed[display]
                    change = None
        if change is None or not change.changed:
            problems = lint_file(path, display, config, src)
            text = None
        else:
            text = change.after
            problems = lint_document(parse(text.encode("utf-8"), display, src), config)
        outcome.result.problems.extend(problems)
        outcome.unsafe_left += _unsafe_left(problems, text, path, display, src, config, unsafe)
    return outcome


def _fix_one(path: Path, display: str, src: str, config: Config, unsafe: bool) -> FileFix | None:
    try:
        data = read_page(path, config.max_file_size)
    except (OSError, PageTooLarge):
        return None  # linted as it is: the problem says why it cannot be read
    return fix_page(data, display, src, config, unsafe)


def _unsafe_left(
    problems: list[Problem],
    text: str | None,
    path: Path,
    display: str,
    src: str,
    config: Config,
    unsafe: bool,
) -> int:
    """How many of the problems left ``--unsafe-fixes`` would fix next (0 with ``unsafe``)."""
    if unsafe or all(_is_safe(p.rule) or fix_of(ALL_RULES.get(p.rule)) is None for p in problems):
        return 0
    if text is None:
        try:
            data = read_page(path, config.max_file_size)
        except (OSError, PageTooLarge):
            return 0
        change = fix_page(data, display, src, config, unsafe=True)
    else:
        change = fix_page(text.encode("utf-8"), display, src, config, unsafe=True)
    return change.fixed if change is not None else 0


def _is_safe(rule_id: str) -> bool:
    fix = fix_of(ALL_RULES.get(rule_id))
    return fix is not None and fix.safe


def suggest(result: Result, config: Config, src_paths: Mapping[str, str]) -> None:
    """Fill ``result.fixes`` with what each fixable problem's rule would change (for SARIF).

    Every fix is proposed, safe or not, each on the file as it is.
    ``src_paths`` gives each problem path's path in the docs folder. Each file
    is linted again, so that problems read from elsewhere (a cache, which
    keeps no `Problem.fix_hint`) get the fix of the problem they stand for.
    """
    by_path: dict[str, list[Problem]] = {}
    for problem in result.problems:
        if fix_of(ALL_RULES.get(problem.rule)) is not None:
            by_path.setdefault(problem.path, []).append(problem)
    for path, problems in by_path.items():
        file = result.root / path if result.root is not None else Path(path)
        try:
            data = read_page(file, config.max_file_size)
        except (OSError, PageTooLarge):
            continue
        doc = parse(data, path, src_paths.get(path, path))
        reported = {_identity(problem): problem for problem in problems}
        for problem, changes in planned(doc, lint_document(doc, config), config, unsafe=True):
            shown = reported.get(_identity(problem))
            fix = fix_of(ALL_RULES[problem.rule])
            if shown is not None and fix is not None:
                result.fixes[shown] = (fix, changes)


def _identity(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.rule, problem.line, problem.column, problem.message)
