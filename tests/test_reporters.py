"""Every output format, snapshot-tested against one shared set of problems.

The snapshots live in tests/snapshots/. After an intended change of a format,
regenerate them with ``POSTLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_reporters.py``
and review the diff.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_postlint.config import ALL_RULES
from mkdocs_postlint.problem import Problem, Severity
from mkdocs_postlint.reporters import REPORTERS, resolve
from mkdocs_postlint.reporters.github import escape_data, escape_property
from mkdocs_postlint.reporters.text import snippet, use_color
from mkdocs_postlint.result import Result

SNAPSHOTS = Path(__file__).parent / "snapshots"
SARIF_SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"
HOSTILE_PATH = "docs/50%, off: sale\r\n::error::x.md"
ROOT = Path("/nonexistent/project")  # no .git above it: URIs are relative to it


def shared_result() -> Result:
    """The one set of problems every format renders."""
    post = "docs/blog/post.md"
    problems = [
        Problem(post, 3, 1, 3, "truncation-marker", Severity.ERROR,
                "leftover truncation marker '---END---': the text around it was cut", "a1"),
        Problem(post, 5, 1, 5, "duplicate-heading", Severity.WARNING,
                'duplicate heading "国際競争の激化" (first on line 1)', "b2"),
        Problem(post, 7, 9, 7, "truncated-ending", Severity.ERROR,
                "text breaks off mid-sentence ('例えば日本の') before the end of the page", "c3"),
        Problem(post, 9, 1, 11, "duplicate-block", Severity.ERROR,
                "paragraph repeats the one on line 7", "d4"),
        Problem(HOSTILE_PATH, 2, 3, 2, "unused-suppression", Severity.WARNING,
                "100% bad:\r\nnext line, with ::warning:: inside", "e5"),
    ]  # fmt: skip
    sources: dict[str, list[str] | None] = {
        post: [
            "# 国際競争の激化",
            "",
            "---END---",
            "",
            "## 国際競争の激化",
            "",
            "\tTabbed 例えば日本の",
            "",
            "A paragraph that",
            "spans three",
            "lines.",
        ],
        HOSTILE_PATH: ["", "  <!-- postlint-disable-next-line duplicate-block -->"],
    }
    return Result(files=2, problems=problems, sources=sources, root=ROOT)


def render(name: str) -> str:
    out = io.StringIO()
    REPORTERS[name].render(shared_result(), out)
    return out.getvalue()


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("POSTLINT_UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no snapshot {name}: run with POSTLINT_UPDATE_SNAPSHOTS=1"
    with path.open(encoding="utf-8", newline="") as stream:
        assert text == stream.read()


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TERM"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("name", ["text", "concise", "json", "github"])
def test_snapshot(name: str) -> None:
    check_snapshot(f"report.{name}", render(name))


def test_sarif_snapshot() -> None:
    """The rules' texts come from their docstrings (test_sarif_content checks them)."""
    log = json.loads(render("sarif"))
    driver = log["runs"][0]["tool"]["driver"]
    driver["version"] = driver["semanticVersion"] = "VERSION"
    for rule in driver["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            rule[key] = {name: "(from the rule)" for name in rule[key]}
    check_snapshot("report.sarif", json.dumps(log, ensure_ascii=False, indent=2) + "\n")


def test_text_snapshot_in_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    check_snapshot("report.text-color", render("text"))


def test_every_format_reports_every_problem() -> None:
    result = shared_result()
    for name in REPORTERS:
        out = render(name)
        for problem in result.problems:
            assert problem.rule in out, (name, problem.rule)


def test_text_shows_source_line_with_caret() -> None:
    out = render("text").splitlines()
    index = out.index(
        "docs/blog/post.md:3:1: error truncation-marker "
        "leftover truncation marker '---END---': the text around it was cut"
    )
    assert out[index + 1] == "  3 | ---END---"
    assert out[index + 2] == "    | ^^^^^^^^^"


def test_caret_counts_wide_characters_as_two_cells() -> None:
    shown, caret, width = snippet("日本語のtext", 4)
    assert shown == "日本語のtext"
    assert caret == 6  # three wide characters before the column
    assert width == 2 + 4


def test_long_lines_are_cut_around_the_column() -> None:
    line = "x" * 300 + "END"
    shown, caret, _ = snippet(line, 301)
    assert shown.startswith("…") and "END" in shown
    assert shown[caret] == "E"
    assert len(shown) <= 101


def test_column_past_the_end_points_after_the_line() -> None:
    assert snippet("abc", 9) == ("abc", 3, 1)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environ", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # empty means unset, as no-color.org says
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_colour_only_on_a_terminal(environ: dict[str, str], tty: bool, expected: bool) -> None:
    stream = _Terminal() if tty else io.StringIO()
    assert use_color(stream, environ) is expected


def test_plain_text_has_no_escape_codes() -> None:
    assert "\033" not in render("text")


def test_auto_is_github_in_actions_else_text() -> None:
    assert resolve("auto", {"GITHUB_ACTIONS": "true"}) == "github"
    assert resolve("auto", {"GITHUB_ACTIONS": "false"}) == "text"
    assert resolve("auto", {}) == "text"
    assert resolve("json", {"GITHUB_ACTIONS": "true"}) == "json"


def test_json_shape() -> None:
    payload = json.loads(render("json"))
    assert payload["files"] == 2
    assert set(payload["problems"][0]) == {
        "path", "line", "column", "end_line", "rule", "severity", "message",
    }  # fmt: skip
    assert payload["baseline"] == {"matched": 0, "removable": []}


def test_sarif_validates_against_the_official_schema() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(render("sarif"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, [e.message for e in errors]


def test_sarif_content() -> None:
    run = json.loads(render("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(ALL_RULES)
    for rule in rules:
        assert rule["shortDescription"]["text"] == ALL_RULES[rule["id"]].SUMMARY
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"] == (ALL_RULES[rule["id"]].__doc__ or "").strip()
        assert rule["helpUri"].endswith(f"/rules/{rule['id']}/")
    first, _, _, block, hostile = run["results"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "truncation-marker"
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/blog/post.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 10}
    region = block["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 9, "startColumn": 1, "endLine": 11, "endColumn": 7}
    assert first["partialFingerprints"] == {"mkdocsPostlint/v1": "a1"}
    uri = hostile["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "docs/50%25%2C%20off%3A%20sale%0D%0A%3A%3Aerror%3A%3Ax.md"


def test_sarif_uri_is_relative_to_the_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "site").mkdir()
    result = Result(
        files=1,
        problems=[Problem("docs/a.md", 1, 1, 1, "encoding", Severity.ERROR, "m", "f")],
        root=tmp_path / "site",
    )
    out = io.StringIO()
    REPORTERS["sarif"].render(result, out)
    location = json.loads(out.getvalue())["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "site/docs/a.md"
    assert "endColumn" not in location["physicalLocation"]["region"]  # file not readable


def test_github_escaping() -> None:
    assert escape_data("100%\r\n::x") == "100%25%0D%0A::x"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_hostile_path_and_message_stay_one_command() -> None:
    lines = render("github").splitlines()
    assert len(lines) == len(shared_result().problems)
    hostile = lines[-1]
    assert hostile == (
        "::warning file=docs/50%25%2C off%3A sale%0D%0A%3A%3Aerror%3A%3Ax.md,line=2,col=3,"
        "endLine=2,title=unused-suppression::100%25 bad:%0D%0Anext line, with ::warning:: inside"
    )
    for line in lines:
        assert line.startswith(("::error file=", "::warning file="))
        properties = line.split("::")[1]
        assert properties.count(",") == 4  # file, line, col, endLine, title


def _unescape(value: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(code, char)
    return value


@given(path=st.text(min_size=1), message=st.text())
def test_github_commands_round_trip_any_path_and_message(path: str, message: str) -> None:
    problem = Problem(path, 3, 2, 4, "duplicate-block", Severity.ERROR, message, "f")
    out = io.StringIO()
    REPORTERS["github"].render(Result(files=1, problems=[problem]), out)
    line = out.getvalue()
    assert line.endswith("\n") and "\n" not in line[:-1] and "\r" not in line
    head, data = line[:-1].split("::", 2)[1:]
    command, properties = head.split(" ", 1)
    assert command == "error"
    fields = dict(item.split("=", 1) for item in properties.split(","))
    assert list(fields) == ["file", "line", "col", "endLine", "title"]
    assert _unescape(fields["file"]) == path
    assert _unescape(data) == message
