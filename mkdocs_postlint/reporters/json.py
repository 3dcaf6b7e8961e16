"""``json``: ``{"files": N, "problems": [...], "baseline": {...}}``.

Each problem has ``path``, ``line``, ``column``, ``end_line``, ``rule``,
``severity`` and ``message``. ``baseline`` has ``matched`` (findings a
baseline held back) and ``removable`` (baseline entries whose findings are
gone: ``path``, ``rule``, ``fingerprint``, ``line``, ``message``).

The shape is fixed: fields may be added, never renamed. Lines and columns are
1-based. The output is always valid UTF-8 JSON, whatever the file names hold.
"""

from __future__ import annotations

import json
from typing import TextIO

from mkdocs_postlint.result import Result


def render(result: Result, out: TextIO) -> None:
    payload = {
        "files": result.files,
        "problems": [p.as_dict() for p in result.problems],
        "baseline": {"matched": result.baselined, "removable": result.removable},
    }
    out.write(json.dumps(payload, ensure_ascii=True, indent=2))
    out.write("\n")
