"""Settings as plain data: JSON values that are equal for equal settings in two runs.

The cache fingerprints settings with it, and the plugin's worker gets other
plugins' settings in this form (no MkDocs or Material classes to import).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

__all__ = ["plain_data"]


def plain_data(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON data that is equal for equal settings in two runs."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth > 40:  # a cycle, or a structure too deep to be a setting
        return repr(value)
    deeper = depth + 1
    if isinstance(value, Enum):
        return plain_data(value.value, deeper)
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "iter_errors") and hasattr(value, "schema"):  # a jsonschema validator
        registry = getattr(value, "_registry", None) or {}
        refs = {str(uri): plain_data(registry[uri].contents, deeper) for uri in registry}
        return {"schema": plain_data(value.schema, deeper), "refs": refs}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain_data(getattr(value, f.name), deeper)
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")  # caches
        }
    if isinstance(value, Mapping):
        return {str(key): plain_data(item, deeper) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(plain_data(item, deeper), sort_keys=True) for item in value)
    if isinstance(value, (list, tuple)):
        return [plain_data(item, deeper) for item in value]
    if isinstance(value, functools.partial):  # pymdownx.slugs.slugify(case=...) and friends
        return {
            "partial": plain_data(value.func, deeper),
            "args": plain_data(value.args, deeper),
            "kwargs": plain_data(value.keywords, deeper),
        }
    if callable(value):  # glob matchers, slugify functions: their settings are beside them
        module = getattr(value, "__module__", "")
        return f"<{module}.{getattr(value, '__qualname__', type(value).__name__)}>"
    return repr(value)
