"""truncated-ending: evidence, severities and messages, the Japanese analyser, sentence punctuation.

Which lines are reported is also covered by the fixture pages under
`tests/fixtures/rules/truncated-ending/`; these tests check what the fixtures
cannot say: the severity of each finding, the reason in its message, that the
analyser is loaded only when needed, and what happens without it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED

from mkdocs_postlint import japanese
from mkdocs_postlint.config import load_config
from mkdocs_postlint.linter import lint_bytes
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.text import ends_sentence, last_sentence

CONFIG = load_config({})


def truncated(page: str) -> list[Problem]:
    problems = lint_bytes(page.encode(), "page.md", CONFIG)
    return [p for p in problems if p.rule == "truncated-ending"]


def test_seed_endings_are_errors_with_their_reasons() -> None:
    problems = lint_bytes(SEED.read_bytes(), str(SEED), CONFIG)
    found = {p.line: p for p in problems if p.rule == "truncated-ending"}
    assert sorted(found) == [51, 61, 126]
    assert all(p.severity is Severity.ERROR for p in found.values())
    assert "right before the marker on line 53" in found[51].message
    assert "the text restarts on line 55" in found[51].message
    assert "ends on the adverb '例えば'" in found[61].message


def test_a_particle_is_strong_evidence() -> None:
    cut = "設定はすべて一つのファイルにまとめます。最初に設定ファイルを"
    (problem,) = truncated(f"# 設定\n\n{cut}\n\n## 次\n\n本文です。\n")
    assert problem.line == 3
    assert problem.severity is Severity.ERROR
    assert "ends on the particle 'を'" in problem.message
    assert "right before the heading on line 5" in problem.message


def test_a_casual_conjunctive_ending_is_a_warning() -> None:
    page = "# 手順\n\n最初にリポジトリを取得します。次にコマンドを実行して\n\n## 次\n\n本文です。\n"
    (problem,) = truncated(page)
    assert problem.severity is Severity.WARNING
    assert "'て'" in problem.message


def test_a_preposition_is_weak_and_an_article_strong() -> None:
    page = (
        "# Setup\n\nInstall the package first. Then point the plugin at the folder you keep the"
        " notes in and run it with\n\n## Next\n\nInstall the package first. Then point the plugin"
        " at the folder with the\n\n## End\n\nDone.\n"
    )
    weak, strong = truncated(page)
    assert weak.severity is Severity.WARNING and "ends on 'with'" in weak.message
    assert strong.severity is Severity.ERROR and "ends on 'the'" in strong.message


def test_a_marker_makes_any_unpunctuated_ending_an_error() -> None:
    (problem,) = truncated(
        "# T\n\nFirst sentence here.\n\nThe report covers revenue\n\n---END---\n"
    )
    assert problem.severity is Severity.ERROR
    assert problem.message.endswith("right before the marker on line 7")


# Thai writes no full stop: a space ends a sentence (hexojs/site, source/th/docs/setup.md).
_THAI = (
    "# ตั้งค่า\n\nคุณสามารถแก้ไขการตั้งค่าของไซต์ได้ใน _config.yml. "
    "ไฟล์นี้อยู่ในโฟลเดอร์หลัก ไฟล์อื่นๆจะถูก copy เท่านั้น\n\n"
    "## ธีม\n\nธีมใช้สำหรับการผสมเนื้อหาของไซต์กับธีม และเปิดเซิร์ฟเวอร์ใหม่อีกครั้งเพื่อดูผล\n"
)


def test_thai_sentences_end_without_a_full_stop() -> None:
    assert truncated(_THAI) == []


def test_a_thai_paragraph_is_still_cut_before_a_marker_or_on_a_comma() -> None:
    (marker,) = truncated(_THAI + "\n---END---\n")
    assert marker.severity is Severity.ERROR and marker.message.endswith("marker on line 9")
    (comma,) = truncated(_THAI.replace("เท่านั้น\n", "เท่านั้น,\n"))
    assert comma.severity is Severity.ERROR and "ends on ','" in comma.message


@pytest.mark.parametrize(
    "quotation",
    [
        "他说：“如果你学会了这些，你就会知道重要内容。“",  # the opening mark typed at both ends
        "他说：”如果你学会了这些，你就会知道重要内容。“",  # the two marks swapped
    ],
)
def test_a_quotation_closed_with_the_opening_mark_after_a_full_stop_is_finished(
    quotation: str,
) -> None:
    assert truncated(f"# 周刊\n\n第一段。\n\n{quotation}\n\n## 下一节\n\n完。\n") == []


@pytest.mark.parametrize("ending", ["他说：“", "第一句话说完了。“"])
def test_an_opening_mark_that_opens_nothing_before_it_is_still_cut(ending: str) -> None:
    (problem,) = truncated(f"# 周刊\n\n第一段。\n\n{ending}\n\n## 下一节\n\n完。\n")
    assert problem.severity is Severity.ERROR and "ends on the opening '“'" in problem.message


@pytest.mark.parametrize(
    "ending",
    [
        "피벗 선택에 주의해야 함",
        "정렬이 완료됨",
        "비교하지 않는 방식임",
        "추가 메모리가 필요 없음",
        "예를 들어보자",
    ],
)
def test_korean_note_endings_are_finished(ending: str) -> None:
    # Korean notes end on nominal forms (…함, …됨, …임, …음) or "let us" (…보자).
    page = f"# 정렬\n\n퀵 정렬은 평균적으로 빠르다. 최악의 경우에는 {ending}\n\n## 다음\n\n끝.\n"
    assert truncated(page) == []


def test_a_restart_must_repeat_the_cut_sentence_from_its_start() -> None:
    # Boilerplate that ends two paragraphs is no restart.
    page = (
        "# API\n\nThe fetch method starts a request. See the documentation on MDN\n\n## Body\n\n"
        "The body mixin reads the response. See the documentation on MDN\n\n## End\n\nDone.\n"
    )
    assert all("restarts" not in p.message for p in truncated(page))


@pytest.fixture
def no_analyser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """MeCab cannot be imported, as on a machine where fugashi failed to install."""
    japanese._tagger.cache_clear()
    monkeypatch.setitem(sys.modules, "fugashi", None)  # import fugashi raises ImportError
    yield
    japanese._tagger.cache_clear()


@pytest.mark.usefixtures("no_analyser")
def test_without_the_analyser_japanese_grammar_gives_nothing_and_markers_still_count() -> None:
    cut = "# 設定\n\n設定はすべて一つのファイルにまとめます。最初に設定ファイルを\n\n"
    assert not japanese.available()
    assert japanese.read_ending("設定ファイルを") is None
    assert truncated(cut + "## 次\n\n本文です。\n") == []
    (problem,) = truncated(cut + "---END---\n")
    assert problem.severity is Severity.ERROR


def _imports_fugashi(page: Path) -> bool:
    code = (
        "import sys\nfrom mkdocs_postlint.cli import main\n"
        f"main(['check', '--no-config', {str(page)!r}])\n"
        "print('fugashi' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    return run.stdout.strip().endswith("True")


def test_the_analyser_is_loaded_only_for_a_japanese_candidate(tmp_path: Path) -> None:
    english = tmp_path / "english.md"
    english.write_text("# Title\n\nA paragraph that ends without a full stop\n\n## Next\n\nText.\n")
    japanese_page = tmp_path / "japanese.md"
    japanese_page.write_text(
        "# 題\n\n設定はすべて一つにまとめます。最初に設定ファイルを\n\n## 次\n\n本文。\n"
    )
    assert not _imports_fugashi(english)
    assert _imports_fugashi(japanese_page)


@pytest.mark.parametrize(
    ("clause", "finished", "strong"),
    [
        ("生成されたトークンをコピーして保存", True, False),  # a noun: 体言止め
        ("ユーザーが理解しやすい構成と表現で書かれている", True, False),  # plain form
        ("正直びびったｗ", True, False),
        ("まあいいか笑", True, False),
        ("設定ファイルを", False, True),
        ("これで準備が", False, True),
        ("例えば", False, True),
        ("とても静かな", False, True),  # an attributive form
        # One form for both: the analyser's first guess, attributive, is not evidence.
        ("この本:「悪いコード → 改善」の流れで学べる", True, False),
        ("重要な", False, True),  # attributive, and stays so once closed with 。
        ("翻訳するのもあり", True, False),  # a noun once closed: "is an option"
        ("最初に設定ファイルを読み込み", False, True),  # a verb's conjunctive form, even closed
        ("品質管理のさらなる", False, True),  # a pre-noun adjectival
        ("コマンドを実行して", False, False),
        ("作成したモデ", False, False),  # an unknown word: cut in half
    ],
)
def test_read_ending(clause: str, finished: bool, strong: bool) -> None:
    ending = japanese.read_ending(clause)
    assert ending is not None
    assert (ending.finished, ending.strong) == (finished, strong)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("यह तब उपयोगी है।", True),  # Devanagari danda
        ("آپ فائلیں وصول کر سکتے ہیں۔", True),  # Urdu full stop
        ("准备好了。", True),
        ("準備はこれで完了です。✔️", True),  # emoji with a variation selector
        ("Step one 1️⃣", True),  # keycap
        ("「まずは動くものを作ればいい」", False),  # a closing quote is no full stop
        ("**Done.**", True),
        ("Node.js", False),
        ("a list of", False),
    ],
)
def test_ends_sentence(text: str, expected: bool) -> None:
    assert ends_sentence(text) is expected


def test_last_sentence_splits_after_any_full_stop() -> None:
    assert last_sentence("First one. Second is here") == ("Second is here", 1)
    assert last_sentence("です。そして例えば") == ("そして例えば", 1)
    assert last_sentence("वाक्य। दूसरा") == ("दूसरा", 1)
    assert last_sentence("Use Node.js and e.g. this") == ("Use Node.js and e.g. this", 0)
