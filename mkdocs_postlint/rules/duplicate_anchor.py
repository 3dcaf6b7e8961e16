"""Report a heading whose generated id collides with another one or lost all its text.

MkDocs gives every heading an id (the `#anchor` of its link and of the
table of contents) with the `slugify` function of the `toc` extension.
The default one keeps ASCII letters and digits only, so a heading written only
in Japanese (`## 人材不足`) gets no id at all and MkDocs names it `_1`,
`_2`, … in page order: adding a section renumbers every later one and links
to them break silently. Two headings with different text can also get the
same id (`## C++` and `## C` both become `c`); the second one is
renamed `c_1`.

The ids are computed as MkDocs does: in the plugin with the site's own
`toc` settings (`slugify`, `separator`); on the command line with those of
`./mkdocs.yml` (or `--config-file`). Explicit ids are honoured in every
`attr_list` form (`{#talent}`, `{ #talent }`, `{: #talent }`,
`{ id="talent" }`), and two
equal explicit ids are reported too. A heading whose text is only a comment
or markup (`#### <!-- md:setting config.enabled -->`, filled in by a hook
that also gives it its id) is not judged. Headings with the same text
(`Commits` and `Commits:` under each release of a changelog) are
`duplicate-heading`'s business and are not reported here.

**One cause, one finding.** A slugify that drops non-ASCII text (MkDocs'
default on Japanese, Chinese, Korean, Russian or Hindi headings) empties or
merges the ids of many headings on many pages, and one setting fixes them
all: it is reported once, on the first such heading of the first page, with
how many more headings and pages it affects and the line to add to
mkdocs.yml. Each page says it once (`mkdocs-postlint check` and the plugin
then keep the first page's finding and count the others). Without a
mkdocs.yml (linting loose files, `--no-config`) the site's slugify is not
known and this is not reported; collisions that every slugify makes
(`C++` and `C`) still are, one finding each.

**Fix:** give the site a slugify that keeps non-ASCII text, in mkdocs.yml:

```yaml
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
```

or give the heading an explicit id: `## 人材不足 {#talent-shortage}`.

Options (filled from the site's `toc` settings; set them only to override):

* `slugify` (`null`: the site's, else unknown): a callable
  `slugify(text, separator)`, or its dotted import path, such as
  `pymdownx.slugs.slugify`. With `null` ids are computed with
  Python-Markdown's default and a slugify that drops text is not reported.
* `separator` (`"-"`): the word separator passed to `slugify`.

Failing (with MkDocs' default `toc`):

```markdown
## 人材不足という最大の壁
## C++
## C
```

Passing:

```markdown
## 人材不足という最大の壁 {#talent-shortage}
## C++ {#cpp}
## C
```
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs_postlint import lazy
from mkdocs_postlint.document import Block, Document
from mkdocs_postlint.problem import Finding, Severity
from mkdocs_postlint.text import normalize, shorten

ID = "duplicate-anchor"
SEVERITY = Severity.WARNING
SUMMARY = "a heading whose generated id collides with another or lost all its text"
OPTIONS: Mapping[str, Any] = {"slugify": None, "separator": "-"}

_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")  # as the toc extension's IDCOUNT_RE
_ATTR_ID = re.compile(r"""\s*\{:?[^{}]*?\bid=(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))[^{}]*\}\Z""")
_DECORATION = lazy.regex_pattern(r"^[\s\p{So}\p{Sk}]+|[\s\p{So}\p{Sk}:：.。?？!！…]+$")
_NOT_TOC_SLUG = re.compile(r"[^\w\s-]")
_TOC_SLUGIFY = "markdown.extensions.toc.slugify"

Slugify = Callable[[str, str], str]

FIX = (
    "fix: in mkdocs.yml, under markdown_extensions, set "
    "'- toc: {slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}}'"
)
EXPLICIT = "fix: give the heading an explicit {#id}"
SLUGIFY_GROUP = "toc-slugify"
"""The `Finding.group` of the slugify finding: one cause for the whole site."""


def resolve_slugify(value: Any) -> Slugify | None:
    """A slugify callable from an option: a callable, a dotted path, or None for the default.

    Raises `ValueError` with a readable message when the path cannot be imported.
    """
    if value is None or callable(value):
        return value  # type: ignore[no-any-return]
    if value == _TOC_SLUGIFY:
        return toc_slugify
    if not isinstance(value, str) or "." not in value:
        raise ValueError(f"expected a callable or a dotted import path, got {value!r}")
    module_name, _, name = value.rpartition(".")
    try:
        function = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"cannot import {value}: {error}") from None
    if not callable(function):
        raise ValueError(f"{value} is not callable")
    return function  # type: ignore[no-any-return]


def toc_options(toc: Mapping[str, Any] | None) -> dict[str, Any]:
    """This rule's options from a ``toc`` extension config (``mdx_configs['toc']``).

    A known config without a ``slugify`` names Python-Markdown's default, so
    that the rule knows the site's slugify; ``None`` (no site) leaves it unset.
    """
    options: dict[str, Any] = {}
    if isinstance(toc, Mapping):
        options["slugify"] = toc.get("slugify") or _TOC_SLUGIFY
        if isinstance(toc.get("separator"), str):
            options["separator"] = toc["separator"]
    return options


def toc_from_mkdocs_yml(mkdocs_config: Mapping[str, Any]) -> dict[str, Any]:
    """The ``toc`` settings of a mkdocs.yml as loaded (list or mapping form of extensions).

    MkDocs always enables ``toc``: a mkdocs.yml that does not list it has its defaults, ``{}``.
    """
    extensions = mkdocs_config.get("markdown_extensions") or []
    entries = extensions.items() if isinstance(extensions, Mapping) else extensions
    for entry in entries:
        if isinstance(entry, tuple) and len(entry) == 2:
            name, settings = entry
        elif isinstance(entry, Mapping) and len(entry) == 1:
            ((name, settings),) = entry.items()
        else:
            name, settings = entry, None
        if name in ("toc", "markdown.extensions.toc"):
            return dict(settings) if isinstance(settings, Mapping) else {}
    return {}


def toc_slugify(value: str, separator: str) -> str:
    """Python-Markdown's default ``toc`` slugify, without importing Python-Markdown.

    Accented letters lose their accents and other non-ASCII text is dropped;
    then what is not a word character, a space or a hyphen; the rest is
    stripped and lower-cased, and each run of spaces, hyphens or separators
    becomes one separator. A test compares it with ``markdown.extensions.toc.slugify``.
    """
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    text = _NOT_TOC_SLUG.sub("", text).strip().lower()
    return re.sub(f"[{separator}\\s]+", separator, text)


@dataclass(frozen=True)
class HeadingId:
    """The id a heading gets, as the toc extension assigns it."""

    heading: Block
    id: str
    slug: str  # what slugify made of the text; the explicit id for {#id}
    taken_by: Block | None  # the heading that had the id first, when this one lost it
    text: str = ""  # the heading's text, without an attr_list that sets its id
    anchor: str | None = None  # its explicit id: {#id}, { #id }, {: #id }, { id="id" }


def assign_ids(
    headings: Sequence[tuple[str, str | None]], slugify: Slugify, separator: str
) -> list[tuple[str, str, int | None]]:
    """The ids the toc extension gives headings, from their (text, explicit id).

    Like the toc extension, explicit ids are taken first, and generated ones
    avoid them; an empty or taken slug gets ``_1``, ``_2``, … appended. Returns,
    per heading, (its id, its slug, the index of the heading that had the id
    first when this one lost it).
    """
    used: dict[str, int] = {}
    explicit: dict[int, int | None] = {}
    for index, (_, anchor) in enumerate(headings):
        if anchor:
            first = used.setdefault(anchor, index)
            explicit[index] = None if first == index else first
    counters: dict[str, int] = {}
    assigned: list[tuple[str, str, int | None]] = []
    for index, (text, anchor) in enumerate(headings):
        if anchor:
            assigned.append((anchor, anchor, explicit[index]))
            continue
        # The toc extension collapses whitespace (an ideographic space too) first.
        slug = slugify(" ".join(text.split()), separator)
        other = used.get(slug) if slug else None
        assigned.append((_unique(slug, used, counters, index), slug, other))
    return assigned


def heading_ids(doc: Document, slugify: Slugify, separator: str) -> list[HeadingId]:
    """Every heading's id in page order, as MkDocs assigns them."""
    headings = list(doc.headings)
    explicit = [_explicit(doc, h) for h in headings]
    assigned = assign_ids(explicit, slugify, separator)
    return [
        HeadingId(heading, id_, slug, None if other is None else headings[other], text, anchor)
        for heading, (text, anchor), (id_, slug, other) in zip(
            headings, explicit, assigned, strict=True
        )
    ]


def _explicit(doc: Document, heading: Block) -> tuple[str, str | None]:
    """A heading's text and explicit id, with attr_list's `{ id="..." }` form too.

    The parser reads `{#id}`, `{ #id }` and `{: #id }` as the id, but drops an
    `id=` key (`{ id="9.5.30" }` on Material's changelog headings): it is read
    from the heading's source line.
    """
    if heading.anchor or not 0 < heading.line <= len(doc.lines):
        return heading.text, heading.anchor
    line = doc.lines[heading.line - 1].rstrip()
    found = _ATTR_ID.search(line) if line.endswith("}") else None
    if found is None:
        return heading.text, heading.anchor
    anchor = next(group for group in found.groups() if group is not None)
    text, attrs = heading.text, line[found.start() :].strip()
    if text.endswith(attrs):  # the parser left the attr_list in the text
        text = text[: -len(attrs)].rstrip()
    return text, anchor


def check(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    known = options["slugify"] is not None  # the site's own toc settings are known
    slugify = resolve_slugify(options["slugify"]) or toc_slugify
    try:
        assigned = heading_ids(doc, slugify, str(options["separator"]))
    except Exception as error:  # a user's slugify: report, never crash
        yield Finding(1, f"the toc slugify function failed: {error}")
        return
    degraded: list[HeadingId] = []
    taken: dict[int, tuple[Block, list[HeadingId]]] = {}  # by explicit id's line
    explicit = {item.heading.line: item.anchor for item in assigned}
    by_line = {item.heading.line: item for item in assigned}
    for item in assigned:
        heading, other = item.heading, item.taken_by
        if item.anchor:
            if other is not None:
                yield Finding(
                    heading.line,
                    f"id '{item.anchor}' is also given to the heading on line {other.line}: "
                    "ids must be unique on a page",
                    _column(doc, heading),
                )
        elif item.text:  # else only a comment or markup, which a hook fills in and names
            emptied = not item.slug
            merged = other is not None and _words(other.text) != _words(item.text)
            if not (emptied or merged):
                continue
            if merged and other is not None and explicit[other.line]:
                # The explicit id's doing, not the slugify's: said once, on that heading.
                taken.setdefault(other.line, (other, []))[1].append(item)
            elif _slugify_drops_letters(item.text, item.slug) or (
                merged and other is not None and _dropped(by_line[other.line])
            ):
                # Either heading lost its letters ("JSON ファイル" and "JSON" both "json"):
                # the slugify's doing, which a Unicode slugify would not do.
                degraded.append(item)
            elif emptied:
                yield Finding(
                    heading.line,
                    f"heading id '{item.id}' keeps none of the text of "
                    f'"{shorten(item.text, 24)}" and changes when a heading is added '
                    f"before it; {EXPLICIT}",
                    _column(doc, heading),
                )
            elif other is not None:
                yield Finding(
                    heading.line,
                    f"heading id '{item.slug}' is taken by the heading on line {other.line}, "
                    f"so this one becomes '{item.id}'; {EXPLICIT}",
                    _column(doc, heading),
                )
    for owner, losers in taken.values():
        first = losers[0]
        more = len(losers) - 1
        others = f" (and {more} more heading{'s' if more != 1 else ''})" if more else ""
        yield Finding(
            owner.line,
            f"id '{explicit[owner.line]}' is the id the heading on line {first.heading.line} "
            f'("{shorten(first.text, 24)}") gets from its text, so that one becomes '
            f"'{first.id}'{others} and its links lead here; fix: choose another {{#id}}",
            _column(doc, owner),
        )
    if degraded and known:
        yield _slugify_finding(doc, degraded)


def _slugify_finding(doc: Document, degraded: list[HeadingId]) -> Finding:
    """One finding for every heading of the page whose id the slugify emptied or merged."""
    first = degraded[0]
    heading = first.heading
    if first.slug:
        what = f"'{first.id}' ('{first.slug}' is taken by the heading on line "
        what += f"{first.taken_by.line if first.taken_by else '?'})"
    else:
        what = f"'{first.id}'"
    more = len(degraded) - 1
    others = f" (and {more} more heading{'s' if more != 1 else ''} on this page)" if more else ""
    return Finding(
        heading.line,
        f'the toc slugify drops non-ASCII text from heading ids: "{shorten(first.text, 24)}" '
        f"gets {what}{others}, and links to such ids break when a heading is added before "
        f"them; {FIX}",
        _column(doc, heading),
        group=SLUGIFY_GROUP,
    )


def _dropped(item: HeadingId) -> bool:
    return _slugify_drops_letters(item.text, item.slug)


def _slugify_drops_letters(text: str, slug: str) -> bool:
    """Whether the slug lost letters of the text that a Unicode slugify keeps."""
    folded = slug.casefold()
    return not text.isascii() and any(
        not char.isascii() and char.isalnum() and char.casefold() not in folded for char in text
    )


def _words(text: str) -> str:
    """What makes two headings different ("Commits" and "Commits:" are one; "C++" and "C" two).

    Sentence punctuation at the end and emoji around the text do not count:
    "FAQ?" and "✨ FAQ" are "FAQ" again, `duplicate-heading`'s business.
    """
    return _DECORATION.sub("", normalize(text))


def _unique(slug: str, used: dict[str, int], counters: dict[str, int], index: int) -> str:
    """The id the toc extension gives: ``slug``, else ``slug_1``, ``slug_2``, …"""
    name = slug
    if not name or name in used:
        match = _NUMBERED.match(name)
        base, count = (match.group(1), int(match.group(2))) if match else (name, 0)
        count = max(count, counters.get(base, 0)) + 1
        while f"{base}_{count}" in used:
            count += 1
        counters[base] = count  # remembered, so that 10,000 headings stay linear
        name = f"{base}_{count}"
    used[name] = index
    return name


def _column(doc: Document, heading: Block) -> int:
    line = doc.lines[heading.line - 1] if 0 < heading.line <= len(doc.lines) else ""
    return doc.column_of(heading.line, "#") if line.lstrip().startswith("#") else 1
