"""Built-in schemas, used by name: ``schema: material-blog``.

Each preset is a JSON Schema file in this folder, shipped in the wheel. The
documentation page ``docs/schemas.md`` is generated from these files.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PRESETS", "preset_path"]

FOLDER = Path(__file__).parent

PRESETS: tuple[str, ...] = ("material-blog", "jekyll-post")
"""The preset names, in the order they are documented."""


def preset_path(name: str) -> Path | None:
    """The file of a preset, or ``None`` when ``name`` is not a preset."""
    return FOLDER / f"{name}.json" if name in PRESETS else None
