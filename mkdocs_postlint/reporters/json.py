"""``json``: ``{"files": N, "problems": [...], "baseline": {...}}``.

Each problem has ``path``, ``line``, ``column``, ``end_line``, ``rule``,
``severity`` and ``message``. ``baseline`` has ``matched`` (findings a
baseline held back) and ``removable`` (baseline entries whose findings are
gone: ``path``, ``rule``, ``fingerprint``, ``line``, ``message``).

The shape is fixed: fields may be added, never renamed. Lines and columns are
1-based. Text is written as itself (Japanese stays Japanese, not ``\\uXXXX``), and
the output is always valid UTF-8 JSON, whatever the file names hold: the one
thing escaped is a lone surrogate, which no UTF-8 text can carry.
"""

from __future__ import annotations

import json
import re
from typing import TextIO

from mkdocs_postlint.result import Result


def render(result: Result, out: TextIO) -> None:
    payload = {
        "files": result.files,
        "problems": [p.as_dict() for p in result.problems],
        "baseline": {"matched": result.baselined, "removable": result.removable},
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    out.write(_LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text))
    out.write("\n")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
