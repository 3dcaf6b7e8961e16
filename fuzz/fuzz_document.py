"""Coverage-guided fuzzing of the document model and every rule, with atheris.

Each input is a page's bytes. It is parsed and linted with the default rules,
with a front matter schema and with a tiny size limit; the harness fails on any
exception and on any problem that breaks the output contract (a line outside
the file, an unknown rule, an empty message, a Python repr in a message), and
when the same bytes give different problems twice. See fuzz/README.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import yaml  # noqa: F401  (instrument the Python half of PyYAML too)

    from mkdocs_postlint.config import ALL_RULES, load_config
    from mkdocs_postlint.linter import lint_bytes

SCHEMA = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string", "maxLength": 80},
        "date": {"type": "string", "format": "date"},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    },
    "patternProperties": {"^x-": {}},
    "additionalProperties": False,
}
CONFIGS = [
    load_config({}, Path.cwd()),
    load_config({"schema": SCHEMA, "rules": {"duplicate-heading": "error"}}, Path.cwd()),
    load_config({"max_file_size": 256}, Path.cwd()),
]
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_REPR = re.compile(r"<[\w.]+ object at 0x|Traceback \(most recent call last\)")


def test_one_input(data: bytes) -> None:
    lines = len(_LINE_BREAK.split(data))
    for config in CONFIGS:
        problems = lint_bytes(data, "page.md", config, "page.md")
        for problem in problems:
            if problem.rule not in ALL_RULES:
                raise AssertionError(f"unknown rule: {problem}")
            if not 1 <= problem.line <= problem.end_line <= lines or problem.column < 1:
                raise AssertionError(f"position outside the file ({lines} lines): {problem}")
            if not problem.message.strip() or _REPR.search(problem.message):
                raise AssertionError(f"bad message: {problem}")
        if lint_bytes(data, "page.md", config, "page.md") != problems:
            raise AssertionError("not deterministic")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
