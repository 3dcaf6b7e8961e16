"""Where the CLI finds its settings, and per-glob overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_postlint.cli import main
from mkdocs_postlint.config import ConfigError, discover, load_config
from mkdocs_postlint.linter import lint_bytes

DUPLICATE = "# A\n\nText.\n\n# A\n\nMore text.\n"
CHANGELOG = "# Changelog\n\n## 1.1\n\n### Fixed\n\nA.\n\n## 1.0\n\n### Fixed\n\nB.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(DUPLICATE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


ERROR_IN_BLOCK = "rules:\n  duplicate-heading: error\n"
TOML_ERROR = '[tool.mkdocs-postlint]\nrules = { duplicate-heading = "error" }\n'


def test_defaults_without_any_config(project: Path) -> None:
    assert main(["check"]) == 0  # ./docs is the default folder; a warning does not fail


def test_pyproject_table(project: Path) -> None:
    write(project / "pyproject.toml", "[project]\nname = 'x'\n\n" + TOML_ERROR)
    assert main(["check"]) == 1
    found = discover(None, False, project)
    assert found.source == project / "pyproject.toml"
    assert found.raw == {"rules": {"duplicate-heading": "error"}}


@pytest.mark.parametrize("text", ["[project]\nname = 'x'\n", "tool = 3\n"])
def test_pyproject_without_table_is_ignored(project: Path, text: str) -> None:
    write(project / "pyproject.toml", text)
    assert discover(None, False, project).source is None
    assert main(["check"]) == 0


def test_mkdocs_yml_block_comes_before_pyproject(project: Path) -> None:
    write(project / "pyproject.toml", TOML_ERROR)
    write(project / "mkdocs.yml", "site_name: t\nplugins:\n  - postlint:\n      fail_on: never\n")
    found = discover(None, False, project)
    assert found.source == project / "mkdocs.yml"
    assert main(["check"]) == 0


def test_mkdocs_yml_without_block_falls_back_to_pyproject(project: Path) -> None:
    (project / "pages").mkdir()
    write(project / "pages" / "p.md", DUPLICATE)
    write(project / "mkdocs.yml", "site_name: t\ndocs_dir: pages\nplugins:\n  - search\n")
    write(project / "pyproject.toml", TOML_ERROR)
    found = discover(None, False, project)
    assert found.source == project / "pyproject.toml"
    assert found.docs_dir == project.resolve() / "pages"
    assert main(["check"]) == 1


def test_config_file_comes_first(project: Path) -> None:
    write(project / "mkdocs.yml", "site_name: t\nplugins:\n  - postlint:\n      fail_on: never\n")
    write(project / "strict.yml", ERROR_IN_BLOCK)
    assert main(["check"]) == 0
    assert main(["check", "--config-file", "strict.yml"]) == 1  # a YAML file of just the block
    write(project / "strict.toml", TOML_ERROR)
    assert main(["check", "--config-file", "strict.toml", "docs"]) == 1


def test_config_file_that_is_an_mkdocs_yml_elsewhere(project: Path) -> None:
    site = project / "site"
    (site / "content").mkdir(parents=True)
    write(site / "content" / "p.md", DUPLICATE)
    write(
        site / "mkdocs.yml",
        "site_name: t\ndocs_dir: content\nplugins:\n  - postlint:\n"
        "      rules:\n        duplicate-heading: error\n",
    )
    assert main(["check", "-f", "site/mkdocs.yml"]) == 1


def test_no_config_ignores_every_file(project: Path) -> None:
    write(project / "pyproject.toml", TOML_ERROR)
    assert main(["check", "--no-config", "docs"]) == 0


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("pyproject.toml", "[tool.mkdocs-postlint]\nbogus = 1\n", "unknown option 'bogus'"),
        ("pyproject.toml", "[tool.mkdocs-postlint\n", "cannot be parsed"),
        ("pyproject.toml", "[tool]\nmkdocs-postlint = 3\n", "must be a table"),
        ("pyproject.toml", "[tool.mkdocs-postlint]\nrules = 3\n", "rules: expected a mapping"),
        ("pyproject.toml", b"[tool.mkdocs-postlint]\n# \xff\n", "cannot be parsed"),
        ("mkdocs.yml", "site_name: t\nplugins:\n  - postlint: 3\n", "must be a mapping"),
        ("mkdocs.yml", "site_name: [\n", "cannot be parsed"),
    ],
)
def test_config_errors_name_the_problem(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, text: str | bytes, message: str
) -> None:
    if isinstance(text, bytes):
        (project / name).write_bytes(text)
    else:
        write(project / name, text)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_missing_config_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--config-file", "nope.yml"]) == 2
    assert "config file nope.yml does not exist" in capsys.readouterr().err


def test_schema_path_is_relative_to_the_current_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = project / "site"
    site.mkdir()
    write(site / "mkdocs.yml", "site_name: t\nplugins:\n  - postlint\n")
    write(project / "schema.json", '{"type": "object", "required": ["title"]}')
    write(project / "docs" / "post.md", "---\ndate: 2025-01-01\n---\n\nText.\n")
    code = main(["check", "-f", "site/mkdocs.yml", "--schema", "schema.json", "docs/post.md"])
    assert code == 1
    assert "missing required key 'title'" in capsys.readouterr().out


def lint(text: str, raw: dict[str, object], src_path: str) -> list[tuple[str, int, str]]:
    problems = lint_bytes(text.encode(), src_path, load_config(raw), src_path)
    return [(p.rule, p.line, p.severity.value) for p in problems]


def test_override_options_for_matching_files() -> None:
    raw: dict[str, object] = {
        "overrides": [
            {"files": ["changelog.md"], "rules": {"duplicate-heading": {"siblings_only": False}}}
        ]
    }
    assert lint(CHANGELOG, raw, "changelog.md") == [("duplicate-heading", 11, "warning")]
    assert lint(CHANGELOG, raw, "other.md") == []


def test_override_builds_on_the_rule_setting() -> None:
    raw: dict[str, object] = {
        "rules": {"duplicate-heading": {"severity": "error", "siblings_only": False}},
        "overrides": [{"files": ["blog/**"], "rules": {"duplicate-heading": {"levels": [1]}}}],
    }
    assert lint(DUPLICATE, raw, "blog/2025/post.md") == [("duplicate-heading", 5, "error")]
    assert lint(CHANGELOG, raw, "blog/post.md") == []
    assert lint(CHANGELOG, raw, "index.md") == [("duplicate-heading", 11, "error")]


def test_overrides_apply_in_order() -> None:
    raw: dict[str, object] = {
        "overrides": [
            {"files": ["**/*.md"], "rules": {"duplicate-heading": "off"}},
            {"files": ["keep/*.md"], "rules": {"duplicate-heading": "error"}},
        ]
    }
    assert lint(DUPLICATE, raw, "a/page.md") == []
    assert lint(DUPLICATE, raw, "keep/page.md") == [("duplicate-heading", 5, "error")]


def test_override_from_mkdocs_yml(project: Path) -> None:
    write(project / "docs" / "changelog.md", CHANGELOG)
    write(
        project / "mkdocs.yml",
        "site_name: t\nplugins:\n  - postlint:\n      fail_on: warning\n      overrides:\n"
        "        - files: [changelog.md, page.md]\n"
        "          rules: {duplicate-heading: {siblings_only: true}}\n",
    )
    assert main(["check", "docs/changelog.md"]) == 0
    assert main(["check", "docs/page.md"]) == 1  # same parent: still a duplicate


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ("nope", "overrides: expected a list"),
        (["x"], "overrides[0]: expected a mapping"),
        ([{"rules": {}}], "overrides[0]: 'files' (a list of globs) is required"),
        ([{"files": "a.md"}], "overrides[0].files: expected a list of glob patterns"),
        ([{"files": ["a"], "only": 1}], "overrides[0]: unknown option 'only'"),
        ([{"files": ["a"], "rules": {"nope": "off"}}], "overrides[0].rules: unknown rule 'nope'"),
        (
            [{"files": ["a"], "rules": {"duplicate-heading": {"sibling": True}}}],
            "overrides[0].rules.duplicate-heading: unknown option 'sibling'",
        ),
        (
            [{"files": ["a"], "rules": {"duplicate-heading": "loud"}}],
            "overrides[0].rules.duplicate-heading: expected 'error' or 'warning'",
        ),
    ],
)
def test_bad_overrides(overrides: object, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config({"overrides": overrides})
    assert message in str(error.value)
    assert str(error.value).startswith("invalid config: ")


def test_report_format_from_the_file_name(tmp_path: Path) -> None:
    assert load_config({"report_file": "out.sarif"}, tmp_path).report_format == "sarif"
    assert load_config({"report_file": "out.sarif.json"}, tmp_path).report_format == "sarif"
    assert load_config({"report_file": "out.json"}, tmp_path).report_format == "json"
    config = load_config({"report_file": "out.txt", "report_format": "concise"}, tmp_path)
    assert (config.report_file, config.report_format) == (tmp_path / "out.txt", "concise")
    with pytest.raises(ConfigError, match="report_format: cannot tell the format"):
        load_config({"report_file": "out.txt"}, tmp_path)
    with pytest.raises(ConfigError, match="report_format: expected one of"):
        load_config({"report_file": "out.txt", "report_format": "xml"}, tmp_path)


def test_unused_suppression_is_configurable() -> None:
    config = load_config({"rules": {"unused-suppression": "error"}})
    assert config.rules["unused-suppression"].severity.value == "error"


def test_properdocs_yml_is_found(project: Path) -> None:
    write(
        project / "properdocs.yml",
        "site_name: t\nplugins:\n  - postlint:\n      rules:\n        duplicate-heading: error\n",
    )
    assert discover(None, False, project).source == project / "properdocs.yml"
    assert main(["check"]) == 1


MKDOCS_YML_CASES = {
    "plain": "site_name: t\nplugins:\n  - postlint\n",
    "env": "site_name: !ENV [SITE_NAME_FOR_TEST, fallback]\nextra:\n  n: !ENV NUMBER_FOR_TEST\n",
    "env-unset": "site_name: !ENV [UNSET_NAME_FOR_TEST, fallback]\n",
    "tags": "a: !!python/name:os.system\nb: !relative $config_dir/x\n",
    "inherit": "INHERIT: base/parent.yml\ntheme:\n  features: [b]\nextra:\n  y: 2\n",
    "inherit-missing": "INHERIT: nowhere.yml\nsite_name: t\n",
    "broken": "site_name: [t\nplugins: x\n",
    "empty": "",
    "scalar": "INHERIT\n",
}


@pytest.mark.parametrize("case", sorted(MKDOCS_YML_CASES))
def test_mkdocs_yml_is_read_as_mkdocs_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    # The linter reads mkdocs.yml without importing MkDocs (start-up): the same data,
    # and the same message for a file MkDocs cannot read.
    from mkdocs.utils.yaml import yaml_load

    from mkdocs_postlint.config.mkdocs_yml import _safe_mkdocs_loader, _yaml_load

    monkeypatch.setenv("SITE_NAME_FOR_TEST", "From env")
    monkeypatch.setenv("NUMBER_FOR_TEST", "42")
    monkeypatch.delenv("UNSET_NAME_FOR_TEST", raising=False)
    (tmp_path / "base").mkdir()
    write(
        tmp_path / "base" / "parent.yml", "site_name: p\ntheme:\n  name: material\nextra:\n  x: 1\n"
    )
    config = write(tmp_path / "mkdocs.yml", MKDOCS_YML_CASES[case])

    def outcome(load: object) -> object:
        try:
            with config.open("rb") as stream:
                return load(stream, _safe_mkdocs_loader())  # type: ignore[operator]
        except Exception as error:
            return (str(error), type(error.__context__).__name__, str(error.__context__))

    assert outcome(_yaml_load) == outcome(yaml_load)
