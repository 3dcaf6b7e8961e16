""" "Did you mean ...?" for names a user types: rule ids, presets, options, config keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "unknown_names"]


def _key(name: object) -> str:
    return str(name).strip().lower().replace("_", "-")


def closest(name: object, choices: Iterable[str]) -> str | None:
    """The choice ``name`` was probably meant to be (``material_blog``: ``material-blog``)."""
    by_key = {_key(choice): choice for choice in choices}
    if _key(name) in by_key:
        return by_key[_key(name)]
    close = difflib.get_close_matches(_key(name), list(by_key), n=1, cutoff=0.6)
    return by_key[close[0]] if close else None


def unknown_names(kind: str, names: Iterable[object], choices: Iterable[str]) -> str:
    """``unknown options 'fial_on' (did you mean 'fail_on'?) and 'x'``: every name at once."""
    choices = list(choices)
    shown = []
    for name in names:
        guess = closest(name, choices)
        shown.append(f"'{name}'" + (f" (did you mean '{guess}'?)" if guess else ""))
    plural = kind if len(shown) == 1 else f"{kind}s"
    listed = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
    return f"unknown {plural} {listed}"
