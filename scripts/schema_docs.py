"""Generate the presets part of docs/schemas.md from the preset files.

Usage: ``python scripts/schema_docs.py`` rewrites the text between the
``<!-- presets:start -->`` and ``<!-- presets:end -->`` markers;
``--check`` exits 1 when the committed page is stale (tests run it too).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs_postlint.presets import PRESETS, preset_path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "schemas.md"
START, END = "<!-- presets:start -->", "<!-- presets:end -->"

_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "`true` / `false`",
    "array": "list",
    "object": "mapping",
    "null": "empty",
}


_YAML = {
    "timestamp": "YAML date or timestamp",
    "date": "YAML date",
    "datetime": "YAML timestamp with a time",
}


def accepts(schema: Any) -> str:
    """A schema in a few words, for a table cell."""
    if not isinstance(schema, dict):
        return "anything" if schema is True else "nothing"
    if schema.get("deprecated"):
        return "warning"
    parts = []
    if "anyOf" in schema:
        parts.append(" or ".join(accepts(s) for s in schema["anyOf"]))
    if "yamlType" in schema:
        kinds = schema["yamlType"]
        listed = [kinds] if isinstance(kinds, str) else kinds
        parts.append(" or ".join(_YAML[k] for k in listed))
    if "enum" in schema:
        parts.append(", ".join(f"`{v}`" for v in schema["enum"]))
    if "type" in schema:
        types = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        words = []
        for kind in types:
            word = _TYPES[kind]
            if kind == "array" and "items" in schema:
                items = accepts(schema["items"])
                word = "list of " + re.sub(r"\b(string|integer|number|mapping)\b", r"\1s", items)
            if kind == "object" and schema.get("required"):
                required = ", ".join(f"`{k}`" for k in schema["required"])
                word = f"mapping with {required}"
            words.append(word)
        parts.append(" or ".join(words))
    if "pattern" in schema:
        parts.append("matching a pattern (see the schema file)")
    if "minimum" in schema:
        parts.append(f"≥ {schema['minimum']}")
    return ", ".join(parts) or "anything"


def _cell(text: str) -> str:
    """Table cell text: pipes escaped, and HTML outside code spans shown, not rendered."""
    parts = text.replace("|", "\\|").replace("\n", " ").split("`")
    return "`".join(p if i % 2 else p.replace("<", "&lt;") for i, p in enumerate(parts))


def render() -> str:
    out = [START, ""]
    for name in PRESETS:
        path = preset_path(name)
        assert path is not None
        schema = json.loads(path.read_text(encoding="utf-8"))
        required = set(schema.get("required", ()))
        out += [
            f"### `{name}`",
            "",
            schema.get("description", ""),
            "",
            "```yaml",
            "plugins:",
            "  - postlint:",
            "      schemas:",
            f"        blog/posts/**: {name}",
            "```",
            "",
            "| key | accepts | notes |",
            "|---|---|---|",
        ]
        for key, sub in schema.get("properties", {}).items():
            note = sub.get("errorMessage") or sub.get("description", "")
            if sub.get("deprecated"):
                note = f"Reported as a warning: {note}"
            if key in required:
                note = f"**Required.** {note}"
            out.append(f"| `{key}` | {_cell(accepts(sub))} | {_cell(note)} |")
        extra = schema.get("additionalProperties", True)
        out += ["", "Other keys: " + ("allowed." if extra is not False else "reported."), ""]
        out += [
            f'??? note "The `{name}` schema file"',
            "",
            "    ```json",
            *("    " + line for line in path.read_text(encoding="utf-8").rstrip().splitlines()),
            "    ```",
            "",
        ]
    out.append(END)
    return "\n".join(out)


def updated(page: str) -> str:
    before, rest = page.split(START, 1)
    _, after = rest.split(END, 1)
    return before + render() + after


def main(argv: list[str]) -> int:
    page = PAGE.read_text(encoding="utf-8")
    new = updated(page)
    if "--check" in argv:
        if new != page:
            print(f"{PAGE} is stale: run python scripts/schema_docs.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
