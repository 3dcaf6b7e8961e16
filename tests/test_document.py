"""The document model: decoding, front matter with positions, blocks with real lines."""

from __future__ import annotations

from mkdocs_postlint.document import parse


def test_lines_count_front_matter_and_crlf() -> None:
    doc = parse(b"---\r\ntitle: x\r\ntags:\r\n  - a\r\n---\r\n\r\n# Head\r\n\r\nText.\r\n", "p.md")
    assert doc.meta == {"title": "x", "tags": ["a"]}
    assert doc.meta_span == (1, 5)
    assert doc.meta_keys[("title",)] == (2, 1)
    assert doc.meta_keys[("tags", 0)] == (4, 5)
    heading, paragraph = doc.blocks
    assert (heading.kind, heading.line, heading.text) == ("heading", 7, "Head")
    assert (paragraph.kind, paragraph.line) == ("paragraph", 9)


def test_bom_and_lone_cr() -> None:
    doc = parse(b"\xef\xbb\xbf---\rtitle: x\r---\r\rText.\r", "p.md")
    assert doc.meta == {"title": "x"}
    assert doc.blocks[0].line == 5


def test_invalid_utf8_names_the_line() -> None:
    doc = parse(b"# ok\n\ncaf\xe9\n", "p.md")
    assert doc.encoding_finding is not None
    assert doc.encoding_finding.line == 3
    assert "0xe9" in doc.encoding_finding.message


def test_nul_byte_is_an_encoding_problem() -> None:
    doc = parse("# ok\n".encode("utf-16"), "p.md")
    assert doc.encoding_finding is not None


def test_unterminated_front_matter() -> None:
    doc = parse(b"---\ntitle: x\n\nText.\n", "p.md")
    assert doc.meta is None
    assert [f.line for f in doc.meta_findings] == [1]
    assert "never closed" in doc.meta_findings[0].message


def test_yaml_error_line_is_a_file_line() -> None:
    doc = parse(b'---\ntitle: "x\ndate: 2025-01-01\n---\nText.\n', "p.md")
    assert doc.meta is None
    assert doc.meta_findings and doc.meta_findings[0].line >= 2


def test_front_matter_must_be_a_mapping() -> None:
    doc = parse(b"---\n- a\n- b\n---\nText.\n", "p.md")
    assert doc.meta is None
    assert "not a list" in doc.meta_findings[0].message


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    doc = parse(b"---\ntitle: a\ndate: 2025-01-01\ntitle: b\n---\n", "p.md")
    (finding,) = doc.meta_findings
    assert finding.line == 4
    assert "line 2" in finding.message


def test_tabs_get_a_hint() -> None:
    doc = parse(b"---\ntags:\n\t- a\n---\n", "p.md")
    assert "tabs" in doc.meta_findings[0].message


def test_code_and_comments_are_not_prose() -> None:
    doc = parse(b"```\n# not a heading\n---END---\n```\n\n<!-- # nor this -->\n", "p.md")
    assert [b.kind for b in doc.blocks] == ["code", "html"]
    assert doc.comments == [(6, "<!-- # nor this -->")]


def test_admonition_bodies_are_markdown_with_real_lines() -> None:
    source = '# T\n\n!!! note "Title"\n\n    Inside the note.\n\n    ## Sub\n\nAfter.\n'
    doc = parse(source.encode(), "p.md")
    kinds = [(b.kind, b.line, b.text) for b in doc.blocks]
    assert kinds == [
        ("heading", 1, "T"),
        ("paragraph", 5, "Inside the note."),
        ("heading", 7, "Sub"),
        ("paragraph", 9, "After."),
    ]
    assert doc.column_at(doc.blocks[1].start) == 5


def test_tight_list_items_are_blocks_in_items() -> None:
    doc = parse(b"- one\n- two\n\nPara.\n", "p.md")
    assert [(b.kind, b.container, b.line) for b in doc.blocks] == [
        ("paragraph", "item", 1),
        ("paragraph", "item", 2),
        ("paragraph", "", 4),
    ]


def test_inline_markup_is_stripped() -> None:
    doc = parse(b"## **Bold** `code` [link](http://x)\n", "p.md")
    (heading,) = doc.blocks
    assert heading.text == "Bold code link"
    assert heading.prose == "Bold  link"
