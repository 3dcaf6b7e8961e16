"""The Markdown part of the document model: MkDocs syntax read as MkDocs reads it."""

from __future__ import annotations

from mkdocs_postlint.document import parse


def blocks(source: str) -> list[tuple[str, int, str, str]]:
    doc = parse(source.encode(), "p.md")
    return [(b.kind, b.line, b.container, b.text) for b in doc.blocks]


def test_admonition_in_a_list_item_stays_in_the_item() -> None:
    source = "1. Step one.\n\n    !!! tip\n\n        Inside the tip.\n\nAfter.\n"
    assert blocks(source) == [
        ("paragraph", 1, "item", "Step one."),
        ("paragraph", 5, "item", "Inside the tip."),
        ("paragraph", 7, "", "After."),
    ]


def test_nested_admonitions_and_a_fence_inside() -> None:
    source = (
        '!!! note "Outer"\n\n    Outer text.\n\n    ??? warning\n\n        Inner text.\n\n'
        "        ```python\n        x = 1\n        ```\n\nTop.\n"
    )
    assert blocks(source) == [
        ("paragraph", 3, "", "Outer text."),
        ("paragraph", 7, "", "Inner text."),
        ("code", 9, "", ""),
        ("paragraph", 13, "", "Top."),
    ]


def test_div_markdown_body_is_markdown_and_plain_html_is_not() -> None:
    source = (
        '<div class="result" markdown>\nInside **div**.\n\n## Heading\n</div>\n\n'
        '<div class="plain">\n## Not a heading\n</div>\n'
    )
    kinds = blocks(source)
    assert kinds[:2] == [("paragraph", 2, "", "Inside div."), ("heading", 4, "", "Heading")]
    assert [k for k, *_ in kinds[2:]] == ["html"]


def test_build_tool_lines_are_not_prose() -> None:
    source = (
        '::: package.module\n\n--8<-- "snippet.md"\n\n{% include "x.html" %}\n\n'
        "/// note | Title\nBody.\n///\n\n*[HTML]: Hyper Text Markup Language\n"
    )
    assert blocks(source) == [("paragraph", 8, "", "Body.")]


def test_attr_list_on_a_paragraph_and_an_id_on_a_heading() -> None:
    doc = parse(b"## Title {#custom}\n\nA lead paragraph.\n{: .lead }\n", "p.md")
    heading, paragraph = doc.blocks
    assert (heading.text, heading.anchor) == ("Title", "custom")
    assert paragraph.text == "A lead paragraph." and paragraph.prose == "A lead paragraph."


def test_definition_lists_are_items() -> None:
    assert blocks("`mkdocs.yml`\n:   The configuration file\n") == [
        ("paragraph", 1, "item", "mkdocs.yml"),
        ("paragraph", 2, "item", "The configuration file"),
    ]


def test_tail_says_how_a_paragraph_ends() -> None:
    doc = parse(
        b"Run `mkdocs serve`\n\nSee [the guide](g.md)\n\nPlain text\n\n"
        b"<Lesson>Watch it</Lesson>\n\nText <!-- a comment -->\n",
        "p.md",
    )
    assert [b.tail for b in doc.blocks if b.kind == "paragraph"] == [
        "code",
        "link",
        "text",
        "html",
        "text",
    ]
