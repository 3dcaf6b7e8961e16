"""The heading-id function mkdocs.yml names for the ``toc`` extension, built safely.

duplicate-anchor needs the ids the site's build gives headings, so it needs
the site's ``toc`` slugify. mkdocs.yml names it with a Python tag, which the
CLI keeps inert (`mkdocs_postlint.config.mkdocs_yml.PythonTag`). The library
functions sites use are built here: Python-Markdown's own, and
pymdown-extensions' configurable ``pymdownx.slugs.slugify`` (Material's docs
recommend it), which is imported when installed and otherwise reproduced (a
pre-commit environment has no pymdown-extensions). Any other function is never
imported, since it could be code the checked repository chose: the rule is
then turned off, and the run says so once.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from mkdocs_postlint.config.mkdocs_yml import PythonTag

__all__ = ["site_slugify"]

Slugify = Callable[[str, str], str]

_MARKDOWN_SLUGIFY = ("markdown.extensions.toc.slugify", "markdown.extensions.toc.slugify_unicode")
_PYMDOWNX_SLUGIFY = "pymdownx.slugs.slugify"

_TAGS = re.compile(r"</?[^>]*>")
_NOT_SLUG = re.compile(r"[^\w\- ]")
_ASCII_UPPER = re.compile(r"[A-Z]")


def site_slugify(value: Any) -> tuple[Any, str | None]:
    """The slugify to use for a ``toc`` setting, and why none can be used, if so.

    A value that is not a Python tag (a callable, a dotted path, ``None``) is
    returned as it is, for the rule's own option handling.
    """
    if not isinstance(value, PythonTag):
        return value, None
    if value.kind == "name" and value.name in _MARKDOWN_SLUGIFY:
        from mkdocs_postlint.rules.duplicate_anchor import resolve_slugify

        return resolve_slugify(value.name), None  # the default without importing Markdown
    if value.kind == "object/apply" and value.name == _PYMDOWNX_SLUGIFY:
        try:
            from pymdownx.slugs import slugify
        except ImportError:
            slugify = pymdownx_slugify
        try:
            return slugify(*value.args, **value.kwds), None
        except TypeError as error:
            return None, _why_not(value, f"its arguments do not fit ({error})")
    return None, _why_not(value, "the linter only builds the toc and pymdownx.slugs functions")


def _why_not(tag: PythonTag, reason: str) -> str:
    return (
        f"duplicate-anchor is off: mkdocs.yml's toc slugify is {tag.name}, and {reason}; "
        "it never runs other code that mkdocs.yml names, so it cannot know the heading ids "
        "(set rules.duplicate-anchor.slugify, or turn the rule off)"
    )


def pymdownx_slugify(
    case: str = "none", percent_encode: bool = False, normalize: str = "NFC"
) -> Slugify:
    """``pymdownx.slugs.slugify(...)`` for when pymdown-extensions is not installed.

    The same steps as pymdown-extensions 10 to 13 (a test compares the two):
    normalise, drop HTML tags, strip, change case, drop what is not a word
    character, a hyphen or a space, then join with the separator.
    """
    return functools.partial(_slug, case=case, percent_encode=percent_encode, normalize=normalize)


def _slug(text: str, sep: str, case: str, percent_encode: bool, normalize: str) -> str:
    slug = _TAGS.sub("", unicodedata.normalize(normalize, text)).strip()  # type: ignore[arg-type]
    if case == "lower":
        slug = slug.lower()
    elif case == "lower-ascii":
        slug = _ASCII_UPPER.sub(lambda match: match.group(0).lower(), slug)
    elif case == "fold":
        slug = slug.casefold()
    slug = _NOT_SLUG.sub("", slug).replace(" ", sep)
    return quote(slug.encode("utf-8")) if percent_encode else slug
