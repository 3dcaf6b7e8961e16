"""The findings report page: one generated page of the site listing every finding.

With ``report_page: true`` the plugin adds a page (``postlint.md``, so
``/postlint/``) after linting: a summary admonition, the count of findings per
rule and severity, and then one section per page with a table of its findings.
Each finding links to its page, at the nearest heading before the finding's
line (the id the ``toc`` extension gives that heading, computed with the site's
own ``slugify``), and shows the source line. The page is Markdown with
standard tables and admonition HTML, so it looks native in Material for MkDocs
and reads well in MkDocs' own themes. A finding's table has two columns (the
line, then the rule, severity, message and source line in one cell), so it
fits a phone's 390 px screen without sideways scrolling. It is never linted itself.

Text taken from the pages (paths, messages, source lines) is written with
HTML character references for every character Markdown or an extension could
read as markup, so it is shown exactly as it is.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Container, Iterable

from mkdocs_postlint.findings import PageFindings, Slugify, heading_ids
from mkdocs_postlint.notice import admonition_class, anchor_of, plural, short_line
from mkdocs_postlint.problem import Severity

__all__ = ["DEFAULT_PATH", "TITLE", "md_text", "render_report"]

DEFAULT_PATH = "postlint.md"
TITLE = "Lint report"

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# Characters that Markdown or a common extension (pymdownx, smarty, emoji,
# magiclink, arithmatex, critic, keys) may read as markup.
_MARKUP = set("\\`*_{}[]()#+-.!|~^=:$%'@")


def md_text(text: str) -> str:
    """Text that Markdown shows as it is, inline or in a table cell."""
    return "".join(_ENTITIES.get(ch) or (f"&#{ord(ch)};" if ch in _MARKUP else ch) for ch in text)


def _code(text: str, nowrap: bool = False) -> str:
    if not text.strip():
        return ""
    style = ' style="white-space: nowrap"' if nowrap else ""
    return f"<code{style}>{md_text(text)}</code>"


def _target(path: str) -> str:
    """A link destination that survives Markdown: only the characters it would break on."""
    for ch, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        path = path.replace(ch, code)
    return path


def render_report(
    pages: Iterable[PageFindings],
    *,
    src_uri: str,
    checked: int,
    theme: str | None,
    search: bool = True,
    slugify: Slugify | None = None,
    separator: str = "-",
    linkable: Container[str] | None = None,
) -> str:
    """The Markdown source of the report page at ``src_uri``.

    ``pages`` are the pages with findings; ``checked`` counts every page
    linted. Links are relative to the report page, to the pages' ``.md``
    files, so MkDocs turns them into the pages' URLs whatever the site's URL
    style. With ``linkable``, pages whose ``src_uri`` is not in it are listed
    without links (a page of another language in a mkdocs-static-i18n build).
    """
    pages = sorted((p for p in pages if p.problems), key=lambda p: p.src_uri)
    problems = [problem for page in pages for problem in page.problems]
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    out = ["---", f"title: {TITLE}"]
    if not search:
        out += ["search:", "  exclude: true"]
    out += ["---", "", f"# {TITLE}", ""]
    checked_text = f"postlint checked {plural(checked, 'page')}"
    if not problems:
        cls = admonition_class(theme, "ok")
        out += [
            f'<div class="admonition {cls} postlint-summary">',
            '<p class="admonition-title">No findings</p>',
            f"<p>{checked_text} and found nothing to report.</p>",
            "</div>",
            "",
        ]
        return "\n".join(out)
    cls = admonition_class(theme, "error" if errors else "warning")
    out += [
        f'<div class="admonition {cls} postlint-summary">',
        f'<p class="admonition-title">{plural(len(problems), "finding")} '
        f"on {plural(len(pages), 'page')}</p>",
        f"<p>{plural(errors, 'error')}, {plural(warnings, 'warning')}; {checked_text}.</p>",
        "</div>",
        "",
        "## Findings by rule",
        "",
        "| Rule | Severity | Findings |",
        "| --- | --- | ---: |",
    ]
    by_rule = Counter((p.rule, p.severity.value) for p in problems)
    for (rule, severity), count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"| {_code(rule, nowrap=True)} | {severity} | {count} |")
    out.append("")
    base = posixpath.dirname(src_uri)
    for page in pages:
        link = _target(posixpath.relpath(page.src_uri, base or "."))
        if linkable is not None and page.src_uri not in linkable:
            link = ""
        ids = heading_ids(page.headings, slugify, separator)
        out += [
            f"## [{md_text(page.path)}]({link})" if link else f"## {md_text(page.path)}",
            "",
            f"{plural(page.count(Severity.ERROR), 'error')}, "
            f"{plural(page.count(Severity.WARNING), 'warning')}.",
            "",
            "| Line | Finding and source line |",
            "| ---: | --- |",
        ]
        for problem in page.problems:
            anchor = anchor_of(page, ids, problem.line)
            href = f"{link}#{_target(anchor)}" if anchor else link
            source = _code(short_line(page.source_line(problem.line)))
            out.append(
                f"| {f'[{problem.line}]({href})' if link else problem.line} "
                f"| {_code(problem.rule)} {problem.severity.value}<br>"
                f'<span style="overflow-wrap: anywhere">{md_text(problem.message)}</span>'
                f"{'<br>' + source if source else ''} |"
            )
        out.append("")
    return "\n".join(out)
