"""Helpers for the line-oriented formats (text, concise)."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\e"}


def printable(value: str) -> str:
    """``value`` with control characters shown as escapes: one line, no terminal codes."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), value)
