"""What a new user meets first: messages that name what was meant, exit codes that
cannot pass CI on a wrong path, and a mkdocs.yml read without the site's packages."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sitekit import MATERIAL_EXTENSIONS

from mkdocs_postlint.cli import main
from mkdocs_postlint.config import ConfigError, glob_matcher, load_config
from mkdocs_postlint.config.slugs import pymdownx_slugify

MATERIAL_YML = (
    """\
site_name: My blog
theme:
  name: material
"""
    + MATERIAL_EXTENSIONS
    + """\
plugins:
  - search
  - blog
  - postlint:
      schema: material-blog
"""
)


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def material_blog(root: Path, yml: str = MATERIAL_YML) -> Path:
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (posts / "hello.md").write_text(
        "---\ndate: 2024-01-31\n---\n\n# Hello\n\nText.\n\n## 人材\n\nA.\n\n## 人材\n\nB.\n",
        encoding="utf-8",
    )
    return root


# --- paths and options ------------------------------------------------------


def test_a_folder_without_markdown_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-config", "empty"]) == 2
    assert "empty: no Markdown files" in _error(capsys)


def test_a_folder_whose_pages_are_all_excluded_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs" / "drafts").mkdir(parents=True)
    (tmp_path / "docs" / "drafts" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - postlint:\n      exclude: [drafts/]\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0


def test_config_file_and_no_config_contradict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "-f", "mkdocs.yml", "--no-config"]) == 2
    assert "--config-file and --no-config" in _error(capsys)


@pytest.mark.parametrize(
    ("argv", "meant"),
    [
        (["check", "--fromat", "json"], "--format"),
        (["check", "--format", "concis"], "concise"),
        (["chek"], "check"),
        (["explain", "truncated_ending"], "truncated-ending"),
    ],
)
def test_options_commands_and_choices_suggest_what_was_meant(
    argv: list[str], meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        code = main(argv)
        raise SystemExit(code)
    assert exit_info.value.code == 2
    assert f"did you mean '{meant}'?" in _error(capsys)


def test_a_preset_name_with_an_underscore_suggests_the_preset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-config", "--schema", "material_blog", "a.md"]) == 2
    assert "did you mean the preset 'material-blog'?" in _error(capsys)


def test_every_unknown_key_and_rule_is_named_at_once() -> None:
    with pytest.raises(ConfigError) as error:
        load_config({"fial_on": "error", "rule": {}, "fail_on": "error"})
    message = str(error.value)
    assert "unknown options 'fial_on' (did you mean 'fail_on'?)" in message
    assert "'rule' (did you mean 'rules'?)" in message
    with pytest.raises(ConfigError) as error:
        load_config({"rules": {"duplicate_heading": "off", "truncated-endng": "off"}})
    message = str(error.value)
    assert "'duplicate_heading' (did you mean 'duplicate-heading'?)" in message
    assert "'truncated-endng' (did you mean 'truncated-ending'?)" in message
    with pytest.raises(ConfigError, match=r"'sibling_only' \(did you mean 'siblings_only'\?\)"):
        load_config({"rules": {"duplicate-heading": {"sibling_only": True}}})


# --- mkdocs.yml without the site's packages ---------------------------------


def test_material_site_is_linted_without_material_or_pymdownx(tmp_path: Path) -> None:
    """pre-commit's isolated environment: neither package can be imported."""
    site = material_blog(tmp_path / "site")
    program = textwrap.dedent(
        """
        import sys
        for name in ("pymdownx", "pymdownx.slugs", "material", "material.extensions"):
            sys.modules[name] = None  # import fails, as where they are not installed
        from mkdocs_postlint.cli import main
        sys.exit(main(["check", "--format", "concise"]))
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", program], cwd=site, capture_output=True, text=True, timeout=120
    )
    assert run.returncode in (0, 1), run.stderr
    assert "docs/blog/posts/hello.md:13:1: warning duplicate-heading" in run.stdout
    assert "cannot be parsed" not in run.stderr
    assert "duplicate-anchor is off" not in run.stderr  # the slugify was reproduced


def test_an_unknown_slugify_turns_the_anchor_rule_off_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    yml = MATERIAL_YML.replace("pymdownx.slugs.slugify", "my_theme.slugs.make")
    site = material_blog(tmp_path / "site", yml)
    monkeypatch.chdir(site)
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert err.count("duplicate-anchor is off") == 1
    assert "my_theme.slugs.make" in err
    assert "No module named" not in err


@given(st.text(max_size=40), st.sampled_from(["none", "lower", "lower-ascii", "fold"]))
def test_the_reproduced_pymdownx_slugify_matches_pymdownx(text: str, case: str) -> None:
    from pymdownx.slugs import slugify

    for normalize in ("NFC", "NFKD"):
        for percent in (False, True):
            ours = pymdownx_slugify(case=case, percent_encode=percent, normalize=normalize)
            theirs = slugify(case=case, percent_encode=percent, normalize=normalize)
            assert ours(text, "-") == theirs(text, "-")


# --- presets, globs, output -------------------------------------------------


def test_material_blog_preset_checks_the_posts_folder_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    yml = MATERIAL_YML.replace("  - blog\n", "  - blog:\n      post_dir: '{blog}/articles'\n")
    site = material_blog(tmp_path / "site", yml)
    (site / "docs" / "blog" / "posts").rename(site / "docs" / "blog" / "articles")
    (site / "docs" / "blog" / "articles" / "bad.md").write_text(
        "---\ntitle: no date\n---\n\n# Bad\n\nText.\n", encoding="utf-8"
    )
    monkeypatch.chdir(site)
    assert main(["check", "--format", "concise"]) == 1
    out = capsys.readouterr().out
    assert "docs/blog/articles/bad.md" in out
    assert "docs/index.md" not in out and "docs/blog/index.md" not in out


def test_the_preset_checks_every_page_where_there_is_no_blog_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "post.md").write_text("# No date\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-config", "--schema", "material-blog", "post.md"]) == 1
    assert "frontmatter-schema" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("pattern", "path", "matched"),
    [
        ("drafts/**", "drafts/a/b.md", True),
        ("drafts/", "drafts/a.md", True),
        ("*.md", "blog/post.md", True),  # no slash: any depth, as in .gitignore
        ("/index.md", "blog/index.md", False),
        ("blog/*.md", "blog/posts/a.md", False),
        ("**/generated/*.md", "api/generated/x.md", True),
    ],
)
def test_globs_match_as_mkdocs_exclude_docs(pattern: str, path: str, matched: bool) -> None:
    from mkdocs.config.config_options import PathSpec

    mkdocs_spec = PathSpec().run_validation(pattern)
    assert glob_matcher([pattern])(path) is matched
    assert mkdocs_spec.match_file(path) is matched


def test_json_output_is_readable_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("# 見出し\n\nA.\n\n# 見出し\n\nB.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "--no-config", "--format", "json", "a.md"])
    out = capsys.readouterr().out
    assert '"duplicate heading \\"見出し\\" (first on line 1)"' in out
    assert "duplicate-heading" in {p["rule"] for p in json.loads(out)["problems"]}


def test_excerpts_keep_code_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Cut after "and": a sentence that breaks off (a description without its full stop
    # is not reported at all).
    page = "# T\n\nThe function takes a name and returns an optional list of `Path`s and\n\n## N\n"
    (tmp_path / "a.md").write_text(page, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-config", "--format", "concise", "a.md"]) == 1
    assert "list of Paths and')" in capsys.readouterr().out


# --- the plugin ---------------------------------------------------------------


@pytest.mark.plugin
def test_plugin_errors_say_postlint_and_never_logs_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs
    from mkdocs.exceptions import Abort, PluginError

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# A\n\nx\n\n---END---\n", encoding="utf-8")
    yml = tmp_path / "mkdocs.yml"
    yml.write_text("site_name: t\nplugins:\n  - postlint:\n      fail_on: never\n")
    config = load_mkdocs(str(yml), site_dir=str(tmp_path / "site"))
    with caplog.at_level(logging.INFO):
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    records = [r for r in caplog.records if "truncation-marker" in r.getMessage()]
    assert records and all(r.levelno == logging.WARNING for r in records)

    yml.write_text("site_name: t\nplugins:\n  - postlint:\n      rules: {truncated_ending: off}\n")
    config = load_mkdocs(str(yml), site_dir=str(tmp_path / "site"))
    caplog.clear()
    with pytest.raises((PluginError, Abort)):
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    assert (
        "postlint: invalid config: rules: unknown rule 'truncated_ending' "
        "(did you mean 'truncated-ending'?)"
    ) in caplog.text
