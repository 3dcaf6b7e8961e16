"""What the ``material-blog`` preset needs from the site: authors and categories.

Material's blog plugin fails the build on an author id that its authors file
does not define, and on a category outside ``categories_allowed``. Neither can
be said in a JSON Schema file shipped with the package, so these checks read
the site's settings: the blog plugin's entry in mkdocs.yml when there is one,
else the plugin's defaults (``<docs_dir>/blog/.authors.yml``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Blog", "blogs_from_plugins", "check"]

_BLOG_PLUGINS = ("blog", "material/blog")


class AuthorsFileError(Exception):
    """The authors file exists but cannot be read as Material reads it."""


@dataclass(frozen=True)
class Blog:
    """One blog of the site, as far as post front matter is concerned.

    Attributes:
        dir: the blog folder relative to docs_dir, ``/``-separated.
        authors_file: the authors file (absolute); it may not exist.
        authors: the ids it defines; ``None`` when the file does not exist.
        authors_checked: Material resolves authors (its ``authors`` setting),
            so an unknown id fails the build even without an authors file.
        categories_allowed: the blog plugin's ``categories_allowed``.
    """

    dir: str
    authors_file: Path
    authors: frozenset[str] | None
    authors_checked: bool
    categories_allowed: tuple[str, ...] = ()


def blogs_from_plugins(
    docs_dir: Path, plugins: Iterable[tuple[str, Mapping[str, Any]]]
) -> tuple[Blog, ...]:
    """The blogs of a site from its plugin entries (name, settings).

    Without a blog plugin entry, the plugin's defaults are assumed, and the
    authors file is only used when it exists.
    """
    blogs = []
    for name, settings in plugins:
        if name.split(" #")[0] not in _BLOG_PLUGINS or not settings.get("enabled", True):
            continue
        blog_dir = str(settings.get("blog_dir") or "blog")
        authors_file = str(settings.get("authors_file") or "{blog}/.authors.yml")
        allowed = settings.get("categories_allowed") or []
        blogs.append(
            _blog(
                docs_dir,
                blog_dir,
                authors_file.format(blog=blog_dir),
                bool(settings.get("authors", True)),
                tuple(str(c) for c in allowed) if isinstance(allowed, list) else (),
            )
        )
    if not blogs:
        blogs.append(_blog(docs_dir, "blog", "blog/.authors.yml", False, ()))
    return tuple(blogs)


def _blog(
    docs_dir: Path, blog_dir: str, authors_file: str, checked: bool, allowed: tuple[str, ...]
) -> Blog:
    path = docs_dir / os.path.normpath(authors_file)
    return Blog(
        dir=os.path.normpath(blog_dir).replace(os.sep, "/").strip("/"),
        authors_file=path,
        authors=_read_authors(path),
        authors_checked=checked,
        categories_allowed=allowed,
    )


def _read_authors(path: Path) -> frozenset[str] | None:
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise AuthorsFileError(f"cannot read authors file {path}: {error}") from None
    authors = (data or {}).get("authors", {}) if isinstance(data, dict) else None
    if not isinstance(authors, dict):
        raise AuthorsFileError(f"authors file {path} must have an 'authors' mapping of ids")
    return frozenset(str(key) for key in authors)


def _blog_of(blogs: tuple[Blog, ...], src_path: str) -> Blog | None:
    """The blog whose folder holds the page (the deepest one); the only blog otherwise."""
    holding = [b for b in blogs if b.dir in ("", ".") or src_path.startswith(b.dir + "/")]
    if holding:
        return max(holding, key=lambda b: len(b.dir))
    return blogs[0] if len(blogs) == 1 else None


def check(
    blogs: tuple[Blog, ...], meta: Mapping[Any, Any], src_path: str, shown: Any
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path in the front matter, message) for authors and categories Material rejects.

    ``shown`` turns the authors file's path into the one printed.
    """
    blog = _blog_of(blogs, src_path)
    if blog is None:
        return
    authors = meta.get("authors")
    if isinstance(authors, list) and (blog.authors is not None or blog.authors_checked):
        for index, author in enumerate(authors):
            if not isinstance(author, str):
                continue
            if blog.authors is None:
                yield (
                    ("authors", index),
                    f"author '{author}' cannot be found: there is no authors file "
                    f"{shown(blog.authors_file)} (Material fails the build)",
                )
            elif author not in blog.authors:
                known = ", ".join(sorted(blog.authors)) or "none"
                yield (
                    ("authors", index),
                    f"author '{author}' is not defined in {shown(blog.authors_file)} "
                    f"(defined: {known})",
                )
    categories = meta.get("categories")
    if isinstance(categories, list) and blog.categories_allowed:
        for index, category in enumerate(categories):
            if isinstance(category, str) and category not in blog.categories_allowed:
                allowed = ", ".join(blog.categories_allowed)
                yield (
                    ("categories", index),
                    f"category '{category}' is not in the blog's categories_allowed ({allowed})",
                )
