"""The plugin during a real build: report files, suppressions, baselines, overrides.

These run the host named by ``POSTLINT_HOST`` (``mkdocs``, the default, or
``properdocs``) as ``python -m HOST build --strict`` with mkdocs-material, so
CI runs them under both hosts: ``POSTLINT_HOST=properdocs pytest -m plugin``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from mkdocs_postlint.cli import main

pytestmark = pytest.mark.plugin

HOST = os.environ.get("POSTLINT_HOST", "mkdocs")
SARIF_SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"
PAGE = "# Title\n\nSome text.\n\n---END---\n\n## Part\n\nMore.\n\n## Part\n\nEnd.\n"


def build(site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", HOST, "build", "--strict", "-f", str(site / "mkdocs.yml"), *extra],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=site.parent,
    )


def make_site(tmp_path: Path, options: str = "", page: str = PAGE) -> Path:
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (site / "docs" / "post.md").write_text(page, encoding="utf-8")
    block = "".join(f"      {line}\n" for line in options.splitlines())
    (site / "mkdocs.yml").write_text(
        "site_name: test\ntheme:\n  name: material\nplugins:\n  - search\n"
        f"  - postlint{':' if block else ''}\n{block}",
        encoding="utf-8",
    )
    return site


def test_the_host_is_the_one_asked_for() -> None:
    run = subprocess.run(
        [sys.executable, "-m", HOST, "--version"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert HOST in (run.stdout + run.stderr).lower()


def test_findings_fail_the_strict_build(tmp_path: Path) -> None:
    run = build(make_site(tmp_path))
    assert run.returncode != 0
    assert "docs/post.md:5:1 truncation-marker leftover truncation marker" in run.stderr
    assert "docs/post.md:11:1 duplicate-heading" in run.stderr


def test_sarif_report_file(tmp_path: Path) -> None:
    site = make_site(tmp_path, "fail_on: never\nreport_file: reports/postlint.sarif")
    (site / "reports").mkdir()
    run = build(site, "--site-dir", str(tmp_path / "out"))
    assert run.returncode != 0  # --strict still fails on the logged findings
    log = json.loads((site / "reports" / "postlint.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in results] == [("truncation-marker", 5), ("duplicate-heading", 11)]  # fmt: skip
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "docs/post.md"  # relative to the project (no repository here)
    assert results[0]["locations"][0]["physicalLocation"]["region"]["endColumn"] == 10


def test_json_report_file_and_a_clean_build(tmp_path: Path) -> None:
    page = "# Title\n\nText.\n\n<!-- postlint-disable-next-line truncation-marker -->\n---END---\n"
    site = make_site(tmp_path, "report_file: postlint.json", page=page)
    run = build(site)
    assert run.returncode == 0, run.stderr
    report = json.loads((site / "postlint.json").read_text(encoding="utf-8"))
    assert report == {"files": 2, "problems": [], "baseline": {"matched": 0, "removable": []}}


def test_unwritable_report_file_is_a_clear_error(tmp_path: Path) -> None:
    run = build(make_site(tmp_path, "report_file: no/such/dir/r.sarif"))
    assert run.returncode != 0
    assert "cannot write report file" in run.stderr
    assert "Traceback" not in run.stderr


def test_baseline_in_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path, "baseline: postlint-baseline.json")
    monkeypatch.chdir(site)
    assert main(["check", "--write-baseline", "postlint-baseline.json"]) == 0
    run = build(site)
    assert run.returncode == 0, run.stderr
    (site / "docs" / "post.md").write_text("New first line.\n\n" + PAGE, encoding="utf-8")
    assert build(site).returncode == 0
    (site / "docs" / "post.md").write_text(PAGE + "\n## Part\n", encoding="utf-8")
    run = build(site)
    assert run.returncode != 0
    assert "docs/post.md:15:1 duplicate-heading" in run.stderr
    assert "docs/post.md:11:1" not in run.stderr


def test_missing_baseline_is_a_clear_error(tmp_path: Path) -> None:
    run = build(make_site(tmp_path, "baseline: nope.json"))
    assert run.returncode != 0
    assert "baseline" in run.stderr and "nope.json does not exist" in run.stderr
    assert "Traceback" not in run.stderr


def test_overrides_in_the_build(tmp_path: Path) -> None:
    options = (
        "overrides:\n"
        "  - files: [post.md]\n"
        "    rules: {truncation-marker: off, duplicate-heading: off}\n"
    )
    run = build(make_site(tmp_path, options))
    assert run.returncode == 0, run.stderr
