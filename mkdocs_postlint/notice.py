"""The findings notice shown at the top of a page during ``mkdocs serve``.

An author who keeps the site open in a browser sees what is wrong on the page
itself, with the line of each finding and the text of that line, and the
live-reloaded page shows the new findings after every edit. It is a
collapsible admonition (``<details open>``): with Material for MkDocs of type
``failure`` (or ``warning`` when there are only warnings); with other themes of
the types MkDocs' own themes style (``danger``, ``warning``), with an inline
style so that it is visible in any theme. Source lines are cut at 100
characters.
Everything taken from the page is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from mkdocs_postlint.findings import PageFindings, Slugify, heading_ids
from mkdocs_postlint.problem import Problem, Severity

__all__ = ["admonition_class", "anchor_of", "plural", "render_notice", "short_line"]

# Admonition types by theme: Material's names, and those MkDocs' themes style.
_MATERIAL = {"error": "failure", "warning": "warning", "ok": "success"}
_OTHER = {"error": "danger", "warning": "warning", "ok": "note"}
_COLOURS = {"error": "#c62828", "warning": "#ef6c00", "ok": "#2e7d32"}
_MAX_LINE = 240
_NOTICE_LINE = 100


def admonition_class(theme: str | None, kind: str) -> str:
    """The admonition type for ``kind`` (error, warning or ok) in a theme."""
    return (_MATERIAL if theme == "material" else _OTHER)[kind]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def short_line(text: str, limit: int = _MAX_LINE) -> str:
    """A source line for display: trailing spaces dropped, long lines cut to ``limit``."""
    text = text.rstrip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def anchor_of(page: PageFindings, ids: list[str], line: int) -> str | None:
    """The id of the last heading at or before ``line``, if there is one."""
    found = None
    for heading, anchor in zip(page.headings, ids, strict=True):
        if heading.line > line:
            break
        found = anchor
    return found


def render_notice(
    page: PageFindings, theme: str | None, slugify: Slugify | None = None, separator: str = "-"
) -> str:
    """The notice for a page with findings, as HTML to put before the page's content."""
    errors = page.count(Severity.ERROR)
    kind = "error" if errors else "warning"
    cls = admonition_class(theme, kind)
    style = (
        ""
        if theme == "material"
        else f' style="border:2px solid {_COLOURS[kind]};border-radius:4px;'
        'padding:.4em 1em;margin:0 0 1.5em"'
    )
    counts = plural(len(page.problems), "finding")
    if errors and errors != len(page.problems):
        counts += f" ({plural(errors, 'error')}, {plural(len(page.problems) - errors, 'warning')})"
    ids = heading_ids(page.headings, slugify, separator)
    items = "\n".join(_item(page, problem, ids) for problem in page.problems)
    return (
        f'<details class="{cls} postlint-notice" open{style}>\n'
        f"<summary>postlint: {escape(counts)} in <code>{escape(page.path)}</code></summary>\n"
        f'<ul class="postlint-findings">\n{items}\n</ul>\n'
        "<p><small><code>serve_notice: false</code> in the postlint settings "
        "turns this notice off.</small></p>\n"
        "</details>\n"
    )


def _item(page: PageFindings, problem: Problem, ids: list[str]) -> str:
    anchor = anchor_of(page, ids, problem.line)
    where = f"line {problem.line}"
    label = f'<a href="#{escape(anchor)}">{where}</a>' if anchor else where
    source = short_line(page.source_line(problem.line), _NOTICE_LINE)
    code = f"<br><code>{escape(source)}</code>" if source.strip() else ""
    return (
        f'<li data-line="{problem.line}" data-rule="{escape(problem.rule)}">'
        f"<strong>{label}</strong> {escape(problem.severity.value)} "
        f"<code>{escape(problem.rule)}</code>: {escape(problem.message)}{code}</li>"
    )
