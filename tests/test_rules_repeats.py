"""duplicate-block and duplicate-heading: what is a repeat, and how sure the rule is.

The fixture pages (tests/fixtures/rules/duplicate-block/) check where problems
are; these tests check what the fixtures cannot: severities, messages, the
tab model under the rules, and that a translation is judged like its original.
"""

from __future__ import annotations

import pytest

from mkdocs_postlint.config import load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.linter import lint_document
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.sections import alternatives

CONFIG = load_config({})


def problems(text: str, rule: str = "duplicate-block") -> list[Problem]:
    doc = parse(text.encode("utf-8"), "page.md")
    return [p for p in lint_document(doc, CONFIG) if p.rule == rule]


# One sentence of fastapi/fastapi's docs/<lang>/docs/tutorial/debugging.md (MIT) in
# English and three translations. The page says it after the steps for each
# editor; the translation must be judged like the original (CJK characters carry
# more than Latin letters: the rule measures text in Latin-letter equivalents).
SENTENCES = {
    "en": "It will then start the server with your **FastAPI** code, "
    "stop at your breakpoints, etc.",
    "ja": "すると、**FastAPI** コードでサーバーが起動され、"
    "ブレークポイントで停止したりするでしょう。",
    "zh": "然后它会使用你的 **FastAPI** 代码开启服务器，停在断点处，等等。",
    "ko": "그런 다음 **FastAPI** 코드로 서버를 시작하고 중단점 등에서 중지합니다.",
}


def debugging_page(sentence: str) -> str:
    return (
        "# Debugging\n\n"
        "For example, in Visual Studio Code, you can:\n\n"
        '* Go to the "Debug" panel.\n* Select "Python".\n\n'
        f"{sentence}\n\n"
        '<img src="/img/tutorial/debugging/image01.png">\n\n'
        "---\n\n"
        "If you use PyCharm, you can:\n\n"
        '* Open the "Run" menu.\n* Select the option "Debug...".\n\n'
        f"{sentence}\n"
    )


@pytest.mark.parametrize("lang", list(SENTENCES))
def test_a_translation_is_judged_like_its_original(lang: str) -> None:
    sentence = SENTENCES[lang]
    # Said again after other steps: deliberate, in every language.
    assert problems(debugging_page(sentence)) == []
    # Said again right after itself: a loop, in every language.
    (found,) = problems(f"# Debugging\n\n{sentence}\n\n{sentence}\n")
    assert (found.line, found.severity) == (5, Severity.ERROR)
    assert found.message == "paragraph repeats the one on line 3, right after it"


def test_a_long_paragraph_repeated_under_another_heading() -> None:
    note = (
        "You can apply those changes for entire subtrees of your documentation, e.g., to "
        "generate different social cards for your blog and API reference, by using the "
        "built-in meta plugin, which sets front matter for every page of a folder at once, "
        "so that the pages of one part of the site share the same layout and the same "
        "background without a single line of front matter on each of them."
    )
    # Under two sibling headings: one template, two entries (squidfunk/mkdocs-material
    # repeats this note under two settings): nothing.
    page = (
        f"# Social cards\n\n## Layout\n\nPick one of the layouts.\n\n{note}\n\n"
        f"## Background\n\nPick a colour or an image.\n\n{note}\n"
    )
    assert problems(page) == []
    # Under a heading of its own inside the original's section: may be deliberate.
    (found,) = problems(page.replace("## Background", "### Background"))
    assert (found.line, found.severity) == (13, Severity.WARNING)
    assert found.message == (
        "paragraph repeats the one on line 7, under another heading, which may be deliberate"
    )
    # Under the same heading again, the same paragraph is a restarted section: an error.
    (found,) = problems(page.replace("## Background", "## Layout"))
    assert (found.line, found.severity) == (13, Severity.ERROR)


def test_a_note_shared_by_two_variants_under_one_heading_is_not_a_restart() -> None:
    # A page that shows a linear queue, then a circular one, each with its `enqueue`
    # entry: the headings repeat, the code differs, and the note is the same.
    note = (
        "When the queue is full, enqueue refuses the element instead of writing past "
        "the end of the array, which would overwrite the memory that comes after it."
    )
    page = (
        "# Queue\n\n## Linear\n\n### enqueue\n\n```java\nqueue[++rear] = o;\n```\n\n"
        f"{note}\n\n## Circular\n\nThe circular queue reuses its slots.\n\n"
        "### enqueue\n\n```java\nrear = (rear + 1) % size;\nqueue[rear] = o;\n```\n\n"
        f"{note}\n"
    )
    # Under sibling sections: nothing, as before.
    assert problems(page) == []
    # Without the "Circular" heading, the second `enqueue` is the same heading again,
    # but its code differs: a variant, not a restart.
    variant = page.replace("## Circular\n\n", "")
    assert problems(variant) == []
    # The same code again: the section restarted.
    restarted = variant.replace("rear = (rear + 1) % size;\nqueue[rear] = o;", "queue[++rear] = o;")
    (found,) = problems(restarted)
    assert found.severity is Severity.ERROR
    assert found.message.endswith("under the same heading again")


def test_a_command_line_that_extends_the_one_before_is_not_a_repeat() -> None:
    # A tldr page (tldr-pages/tldr, pages/common/aws-google-auth.md): each example is a
    # paragraph of code only, and each adds options to the one before it.
    login = (
        "`aws-google-auth --username {{example@example.com}} --idp-id {{$GOOGLE_IDP_ID}} "
        "--sp-id {{$GOOGLE_SP_ID}} --duration {{3600}}`"
    )
    page = (
        f"# aws-google-auth\n\n- Log in with Google SSO:\n\n{login}\n\n"
        f"- Log in asking which role to use:\n\n{login[:-1]} -a`\n\n"
        f"- Resolve aliases for AWS accounts:\n\n{login[:-1]} -a --resolve-aliases`\n"
    )
    assert problems(page) == []
    # The same line pasted right after itself is still a copy.
    (found,) = problems(f"# Log in\n\nRun this to log in:\n\n{login}\n\n{login}\n")
    assert found.line == 7 and found.message.startswith("paragraph repeats the one on line 5")


def test_an_image_whose_alt_text_is_the_prompt_is_not_a_copy() -> None:
    # simonw/til, midjourney/desktop-backgrounds.md: the picture's alt text is the start
    # of the prompt quoted above it.
    prompt = (
        "vector dark background, paper art, encouraging, technical, complex fractal "
        "patterns. abstract, small achievable goals --ar 16:10 --no letters"
    )
    page = (
        f"# Backgrounds\n\nHere is the prompt I used:\n\n{prompt}\n\n"
        "It sets the aspect ratio and a negative prompt on letters.\n\n"
        f"![{prompt[:97]}](https://example.org/background.png)\n"
    )
    assert problems(page) == []


def test_a_near_repeat_in_a_details_block_is_a_deliberate_contrast() -> None:
    # After vitejs/docs-ja, guide/migration.md (MIT): a "previous behaviour" block
    # restates the rule before it with one condition added.
    now = (
        "The `default` import is the `module.exports` value of the imported CJS module if one "
        "of the following conditions is met: the importer is `.mjs` or `.mts`, or the closest "
        "`package.json` of the importer has a `type` field set to `module`. Otherwise, the "
        "`default` import is the `module.exports.default` value of the imported CJS module."
    )
    before = "During dev, t" + now[1:]
    page = f"# Migration\n\n{now}\n\n::: details Previous behaviour\n\n{before}\n\n:::\n"
    assert problems(page) == []
    (found,) = problems(f"# Migration\n\n{now}\n\n{before}\n")
    assert "nearly repeats the one on line 3" in found.message


def test_a_repeated_section_names_the_section_and_the_change() -> None:
    page = (
        "# Deploy\n\n## Build\n\nRun the build in CI to catch broken links.\n\n"
        "The site is written to the `site` folder.\n\n"
        "## Build\n\nRun the build in CI to catch broken links.\n\n"
        "The whole site is written to the `site` folder.\n"
    )
    (found,) = problems(page)
    assert (found.line, found.end_line, found.severity) == (11, 13, Severity.ERROR)
    assert found.message == (
        "the section under the heading on line 9 repeats the one right before it (lines 3–7) "
        "with 1 word changed"
    )


TABS = """# Install

=== "pip"

    Install the package from the index.

    === "user"

        Deep.

    === "system"

        Deep.

=== "uv"

    Install the package from the index.

Between the sets.

=== "Linux"

    Install the package from the index.

===! "macOS"

    Install the package from the index.
"""


def test_blocks_know_their_content_tabs() -> None:
    doc = parse(TABS.encode("utf-8"), "page.md")
    tabs = {b.line: b.tabs for b in doc.blocks if b.kind == "paragraph"}
    assert tabs == {
        5: ((3, 0),),
        9: ((3, 0), (7, 0)),
        13: ((3, 0), (7, 1)),
        17: ((3, 1),),
        19: (),
        23: ((21, 0),),
        27: ((25, 0),),  # `===!` starts a new set
    }
    assert alternatives(tabs[5], tabs[17]) and alternatives(tabs[9], tabs[13])
    assert not alternatives(tabs[9], tabs[5])  # a tab inside the same tab
    assert not alternatives(tabs[23], tabs[27])  # two sets, one after the other
    assert not alternatives(tabs[5], tabs[19])


def test_headings_in_sibling_tabs_are_alternatives() -> None:
    page = TABS.replace("    Deep.", "    ## Options\n\n        Deep.")
    assert problems(page, "duplicate-heading") == []
    # In one tab, the same heading twice is a duplicate.
    page = '# Install\n\n=== "pip"\n\n    ## Options\n\n    Text.\n\n    ## Options\n'
    assert [p.line for p in problems(page, "duplicate-heading")] == [9]


def test_shortcode_headings_are_compared_as_written() -> None:
    # squidfunk/mkdocs-material writes a setting's heading as a shortcode in a comment.
    page = (
        "# Blog\n\n#### <!-- md:setting config.enabled -->\n\nEnable the plugin.\n\n"
        "#### <!-- md:setting config.post_date_format -->\n\nThe date format.\n\n"
        "#### <!-- md:setting config.enabled -->\n\nEnable it again.\n"
    )
    assert [(p.line, p.message) for p in problems(page, "duplicate-heading")] == [
        (11, 'duplicate heading "<!-- md:setting config.enabled -->" (first on line 3)')
    ]


def test_a_capital_first_letter_makes_another_heading() -> None:
    # From type-challenges/survival-typescript (CC BY-SA 4.0): `object` and `Object` types.
    page = "# Types\n\n## object型\n\nText.\n\n## Object型\n\nText.\n\n## OBJECT型\n\nText.\n"
    assert [p.line for p in problems(page, "duplicate-heading")] == [11]


def test_a_patch_release_at_the_level_of_its_sections() -> None:
    # From nodejs/node-gyp, CHANGELOG.md (MIT), written by release-please: a patch
    # release gets the level of the sections of the release before it.
    page = (
        "# Changelog\n\n## [10.0.0](https://example.org) (2023-10-28)\n\n"
        "### Bug Fixes\n\n* fix a bug\n\n### Miscellaneous\n\n* update\n\n"
        "### [10.0.1](https://example.org) (2023-11-02)\n\n"
        "### Bug Fixes\n\n* another fix\n\n### Miscellaneous\n\n* release\n\n"
        "### Bug Fixes\n\n* the same section twice in one release\n"
    )
    assert [p.line for p in problems(page, "duplicate-heading")] == [23]


def test_capitals_in_code_make_another_heading() -> None:
    # From nodejs/node, doc/api/modules.md and globals.md (MIT).
    page = "# API\n\n## The `module` object\n\nText.\n\n## The `Module` object\n\nText.\n"
    assert problems(page, "duplicate-heading") == []
    page = "# API\n\n## The `lang` option\n\nText.\n\n## **The lang option**\n\nText.\n"
    assert [p.line for p in problems(page, "duplicate-heading")] == [7]
