"""``sarif``: SARIF 2.1.0, the format GitHub code scanning and other tools read.

One run; ``tool.driver.rules`` lists every rule with its summary, its full
documentation and a link to its page; each problem is a result with the rule,
its level, the message, the file as a URI relative to the repository (the
folder holding ``.git`` above the current one, else the current folder) and
the region from its line and column to the end of its last line. Columns count
Unicode code points (``columnKind``). ``partialFingerprints`` holds the
problem's content fingerprint, which does not change when lines are inserted
above it, so code scanning keeps tracking the same alert. A problem whose rule
can fix it carries the fix (``fixes``, with the text to replace and the text
to put instead), safe or unsafe as the description says.

Upload it in GitHub Actions with ``github/codeql-action/upload-sarif``.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from mkdocs_postlint import __version__
from mkdocs_postlint.config import ALL_RULES
from mkdocs_postlint.problem import Problem
from mkdocs_postlint.result import Result

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mkdocs-postlint/mkdocs-postlint"
DOCS_URI = "https://mkdocs-postlint.readthedocs.io/rules/{rule}/"
FINGERPRINT = "mkdocsPostlint/v1"


def _paragraphs(doc: str | None) -> list[str]:
    return [" ".join(p.split()) for p in (doc or "").strip().split("\n\n") if p.strip()]


def _rule(rule_id: str) -> dict[str, Any]:
    rule = ALL_RULES[rule_id]
    doc = (rule.__doc__ or "").strip()
    paragraphs = _paragraphs(doc)
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": rule.SUMMARY},
        "fullDescription": {"text": " ".join(paragraphs[:2]) or rule.SUMMARY},
        "help": {"text": doc or rule.SUMMARY, "markdown": doc or rule.SUMMARY},
        "helpUri": DOCS_URI.format(rule=rule_id),
        "defaultConfiguration": {"level": rule.SEVERITY.value},
    }


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``.git``; else ``start``."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def _uri(path: str, base: Path, root: Path) -> dict[str, str]:
    absolute = Path(os.path.abspath(base / path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _region(problem: Problem, result: Result) -> dict[str, int]:
    region = {
        "startLine": problem.line,
        "startColumn": problem.column,
        "endLine": problem.end_line,
    }
    last = result.source_line(problem.path, problem.end_line)
    if last is not None:
        end_column = len(last) + 1
        if problem.end_line == problem.line:
            end_column = max(end_column, problem.column)
        region["endColumn"] = end_column
    return region


def _fixes(problem: Problem, location: dict[str, str], result: Result) -> list[dict[str, Any]]:
    """The fix the problem's rule proposes, as SARIF ``fixes`` (none when there is none)."""
    found = result.fixes.get(problem)
    if found is None:
        return []
    lines = result.source_lines(problem.path)
    if lines is None:
        return []
    fix, edits = found
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))

    def position(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    replacements = []
    for edit in edits:
        start_line, start_column = position(edit.start)
        end_line, end_column = position(edit.end)
        replacement: dict[str, Any] = {
            "deletedRegion": {
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
            }
        }
        if edit.text:
            replacement["insertedContent"] = {"text": edit.text}
        replacements.append(replacement)
    description = f"{fix.summary} ({fix.label} fix)"
    return [
        {
            "description": {"text": description},
            "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
        }
    ]


def _result(problem: Problem, index: int, base: Path, root: Path, result: Result) -> dict[str, Any]:
    location = _uri(problem.path, base, root)
    out = {
        "ruleId": problem.rule,
        "ruleIndex": index,
        "level": problem.severity.value,
        "message": {"text": problem.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": _region(problem, result),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: problem.fingerprint},
    }
    fixes = _fixes(problem, location, result)
    if fixes:
        out["fixes"] = fixes
    return out


def render(result: Result, out: TextIO) -> None:
    base = result.root if result.root is not None else Path.cwd()
    root = repository_root(Path(os.path.abspath(base)))
    rule_ids = list(ALL_RULES)
    for problem in result.problems:  # every rule is known; be safe all the same
        if problem.rule not in rule_ids:
            rule_ids.append(problem.rule)
    index = {rule_id: n for n, rule_id in enumerate(rule_ids)}
    rules = [
        _rule(r) if r in ALL_RULES else {"id": r, "shortDescription": {"text": r}} for r in rule_ids
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mkdocs-postlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(p, index[p.rule], base, root, result) for p in result.problems],
            }
        ],
    }
    out.write(json.dumps(log, ensure_ascii=False, indent=2))
    out.write("\n")
