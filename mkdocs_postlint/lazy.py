"""Regular expressions compiled on first use, so that start-up pays only for those a run needs.

A module keeps its patterns as constants, ``_WORD = lazy.regex_pattern(r"...")``,
and uses them as compiled patterns (``_WORD.search(text)``). The pattern is
compiled the first time one of its attributes is read, and its methods are
then kept on the object, so later calls cost what calls on the compiled
pattern cost. Worth it for a pattern that many pages never reach (a rule's
rare branch); one that every page needs gains nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import regex

__all__ = ["re_pattern", "regex_pattern"]


class _Compiled:
    """A compiled pattern's attributes, copied onto this object (plain lookups, no hook)."""

    __slots__ = ("__dict__", "_compile", "_flags", "_pattern")
    _compile: Callable[[str, int], Any]
    _pattern: str
    _flags: int

    def __repr__(self) -> str:
        return f"<lazy {self._pattern!r}>"


class _Lazy(_Compiled):
    """Stands for ``compile(pattern, flags)`` until an attribute of it is read.

    Then the pattern is compiled, its public attributes are copied onto the
    object and the object becomes a `_Compiled`, whose attribute reads no
    longer go through ``__getattr__``.
    """

    __slots__ = ()

    def __init__(self, compile: Callable[[str, int], Any], pattern: str, flags: int) -> None:
        self._compile, self._pattern, self._flags = compile, pattern, flags

    def __getattr__(self, name: str) -> Any:  # only called for a name not yet set
        compiled = self._compile(self._pattern, self._flags)
        for attribute in dir(compiled):
            if not attribute.startswith("_"):
                setattr(self, attribute, getattr(compiled, attribute))
        self.__class__ = _Compiled  # type: ignore[assignment]
        return getattr(compiled, name)


def re_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use."""
    return cast("re.Pattern[str]", _Lazy(re.compile, pattern, flags))


def regex_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, done on first use (``regex`` is imported then too)."""
    return cast("regex.Pattern[str]", _Lazy(_regex_compile, pattern, flags))


def _regex_compile(pattern: str, flags: int) -> Any:
    import regex

    return regex.compile(pattern, flags)
