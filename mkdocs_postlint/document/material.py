"""Material for MkDocs syntax made readable by a CommonMark tokenizer, lines kept.

The bodies of admonitions, collapsible blocks and content tabs (``!!! note``,
``??? tip``, ``=== "Tab"``) are de-indented so that they are parsed as Markdown
instead of code (inside a list item they stay in the item); the opening and
closing lines of ``<div markdown>`` elements are blanked so that their bodies are
Markdown, not an HTML block; snippet includes (``--8<--``), mkdocstrings
(``::: module``), pymdownx ``///`` block lines, abbreviation definitions and
Jinja lines are blanked so that no rule mistakes them for prose. The columns
removed are returned so that reported columns are those of the real file.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Material / pymdown-extensions block syntax whose body is indented four spaces.
_CONTAINER = re.compile(
    r"""(?P<indent>[ ]*)(?:
        (?:!!!|\?\?\?\+?)[ \t]+[\w-]+.*   # admonition or collapsible block
      | ===(?P<tab>[+!]*)[ \t]+".*"[ \t]*   # content tab
    )\Z""",
    re.VERBOSE,
)
# Lines that belong to a build tool, not to the reader.
_NON_PROSE = re.compile(
    r"""[ ]*(?:
        -{1,3}8<-{1,3}.*             # pymdownx.snippets include
      | :::[ \t]+\S.*                # mkdocstrings autodoc
      | /{3,}(?:[ \t].*)?            # pymdownx.blocks: /// note | Title ... ///
      | \{%.*%\}[ \t]*               # Jinja / mkdocs-macros statement
      | \{\{.*\}\}[ \t]*             # Jinja expression alone on a line
      | \{\#.*\#\}[ \t]*             # Jinja comment
      | \*\[[^\]]+\]:.*               # abbreviation definition: *[HTML]: Hyper Text ...
    )\Z""",
    re.VERBOSE,
)
# An HTML element whose body Python-Markdown's md_in_html parses as Markdown.
_MD_IN_HTML_OPEN = re.compile(
    r"[ ]{0,3}<(?P<tag>[a-zA-Z][\w-]*)\b[^>]*\smarkdown(?:=[\"']?(?:1|block)[\"']?)?[^>]*>[ \t]*\Z"
)
_MD_IN_HTML_CLOSE = re.compile(r"[ ]{0,3}</(?P<tag>[a-zA-Z][\w-]*)>[ \t]*\Z")
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
# A line that may start any of the above (a superset): pages without one are left as they are.
# (Searched for in "\n" + text: a literal first character makes the search fast.)
_SPECIAL = re.compile(
    r"\n[ ]*(?:!!!|\?\?\?|===|-{1,3}8<|:::|/{3}|\{[%{#]|\*\[|<[a-zA-Z][^\n]*markdown)"
)
# A line that may open or close a fence, or match any of the above: a superset.
_CANDIDATE = re.compile(
    r"\n(?:[^\S\n]*(?:```|~~~)"
    r"|[ ]*(?:!!!|\?\?\?|===|-{1,3}8<|:::|/{3}|\{[%{#]|\*\[|</|<[a-zA-Z][^\n]*markdown))"
)


def prepare_body(
    lines: list[str], body_from: int
) -> tuple[str, dict[int, int], dict[int, tuple[tuple[int, int], ...]]]:
    """The text handed to the tokenizer: same lines as the file, front matter blanked.

    Returns the text, per 0-based line index how many leading columns were
    removed (admonition bodies), and per 0-based line index inside content
    tabs the tabs it is in (see `Block.tabs`).
    """
    out = [""] * body_from + lines[body_from:]
    shifts: dict[int, int] = {}
    tabs: dict[int, tuple[tuple[int, int], ...]] = {}
    body = "\n" + "\n".join(lines[body_from:])
    if _SPECIAL.search(body) is None:
        return "\n".join(out), shifts, tabs  # nothing below applies: most pages
    # Outside admonitions only the lines that may open or close something matter:
    # visit those, and every line while an admonition or a tab is open.
    candidates = []
    index, at = body_from, 0
    for found in _CANDIDATE.finditer(body):  # found.start() is the "\n" before the line
        index += body.count("\n", at, found.start())
        at = found.start()
        candidates.append(index)
    total = len(lines)
    # Open admonitions / tabs: (indent their body needs, columns removed from it,
    # the tab's (set, index) or None for an admonition).
    containers: list[tuple[int, int, tuple[int, int] | None]] = []
    # Tab sets that a next `=== "Tab"` at their indent continues: (indent, first line, index).
    sets: list[tuple[int, int, int]] = []
    path: tuple[tuple[int, int], ...] = ()  # the tabs the current line is in
    html_tags: list[str] = []  # open md_in_html elements, innermost last
    fence: str | None = None
    index = candidates[0] if candidates else total
    while index < total:
        line = lines[index]
        stripped = line.lstrip(" ")
        if stripped:
            indent = len(line) - len(stripped)
            while containers and indent < containers[-1][0]:
                containers.pop()
                path = tuple(c[2] for c in containers if c[2] is not None)
            while sets and indent < sets[-1][0]:
                sets.pop()
            shift = containers[-1][1] if containers else 0
            if shift:
                line = line[shift:]
                shifts[index] = shift
            if fence is not None:
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = None
            elif match := _FENCE.match(line):
                fence = match.group(1)
            elif match := _CONTAINER.match(line):
                # The body is indented four more than the opener; removing those four
                # columns keeps it inside whatever holds the opener (a list item).
                tab = None
                if match.group("tab") is not None:
                    # Consecutive tabs at one indent are one set; `===!` starts a new one.
                    if sets and sets[-1][0] == indent and "!" not in match.group("tab"):
                        sets[-1] = (indent, sets[-1][1], sets[-1][2] + 1)
                    else:
                        if sets and sets[-1][0] == indent:
                            sets.pop()
                        sets.append((indent, index + 1, 0))
                    tab = (sets[-1][1], sets[-1][2])
                    path += (tab,)
                containers.append((indent + 4, shift + 4, tab))
                line = ""
            elif _NON_PROSE.match(line):
                line = ""
            elif match := _MD_IN_HTML_OPEN.match(line):
                html_tags.append(match.group("tag").lower())
                line = ""  # so that the body is not swallowed by an HTML block
            elif (
                html_tags
                and (match := _MD_IN_HTML_CLOSE.match(line))
                and match.group("tag").lower() == html_tags[-1]
            ):
                html_tags.pop()
                line = ""
        if stripped and sets and sets[-1][0] == indent and line:
            sets.pop()  # anything else at the tabs' own indent ends their set
        out[index] = line
        if path:
            tabs[index] = path
        if containers:
            index += 1
        else:
            following = bisect_right(candidates, index)
            index = candidates[following] if following < len(candidates) else total
    return "\n".join(out), shifts, tabs
