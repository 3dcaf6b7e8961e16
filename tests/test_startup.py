"""Start-up stays light: checking one small page imports only what it needs.

A test cannot time start-up reliably (``bench/run.py`` measures it); what made
it slow was importing modules that a run never uses, and that is what these
tests watch, in a fresh interpreter: the network stack (``urllib.request``
brings ``http.client``, ``email`` and ``ssl``), Python-Markdown (the default
heading ids are computed without it), the ``regex`` module (only the rarer
checks need it), TOML (only a fix needs it), jsonschema (only schemas), and
MkDocs itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NOT_NEEDED = (
    "urllib.request",
    "http.client",
    "email",
    "ssl",
    "markdown",
    "regex",
    "tomllib",
    "jsonschema",
    "mkdocs",
)

# A plain post: front matter, headings, prose that ends its sentences, a list,
# a table and a code block.
PAGE = """---
title: How the configuration file works
date: 2024-05-01
tags:
  - mkdocs
---

# How the configuration file works

The configuration file sets the site name and the theme. It is read once.

## Options

- `site_name` names the site.
- `theme` picks the look.

| option | default |
|---|---|
| `site_name` | none |

```yaml
site_name: Example
```

That is all there is to it.
"""

MKDOCS_YML = """site_name: Example
theme:
  name: material
plugins:
  - blog
  - postlint
markdown_extensions:
  - toc:
      permalink: true
  - admonition
"""

_RUN = """
import json, sys
from mkdocs_postlint.cli import main
code = main(sys.argv[1:])
sys.stdout.write("\\n" + json.dumps([code, sorted(sys.modules)]))
"""


def _modules_after(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(PAGE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "check", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    code, modules = json.loads(done.stdout.rsplit("\n", 1)[-1])
    return code, set(modules)


def _loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(module.startswith(name + ".") for module in modules)


@pytest.mark.parametrize(
    "args",
    [
        ("--no-config", "--no-cache", "docs/page.md"),
        ("--no-config", "--cache-dir", "cache", "docs/page.md"),
        ("--no-config", "--format", "json", "--no-cache", "docs/page.md"),
        ("--cache-dir", "cache"),  # the site's mkdocs.yml, its docs folder
    ],
)
def test_checking_a_small_page_imports_only_what_it_needs(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    code, modules = _modules_after(tmp_path, *args)
    assert code == 0
    assert "mkdocs_postlint.rules.truncated_ending" in modules  # the page was linted
    assert [name for name in NOT_NEEDED if _loaded(modules, name)] == []


def test_a_lazy_pattern_is_the_compiled_pattern() -> None:
    import re

    from mkdocs_postlint import lazy

    pattern = lazy.re_pattern(r"(\w+)-(\d+)", re.ASCII)
    assert "_Lazy" in type(pattern).__name__  # nothing compiled yet
    assert pattern.sub(r"\2", "a-1 b-2") == "1 2"
    assert pattern.pattern == r"(\w+)-(\d+)"
    assert pattern.flags == re.compile(r"(\w+)-(\d+)", re.ASCII).flags
    assert [m.group(1) for m in pattern.finditer("x-1 y-2")] == ["x", "y"]
    assert type(pattern).__name__ == "_Compiled"  # compiled once, methods kept

    reverse = lazy.regex_pattern(r"(?r)\p{L}+\Z")
    assert reverse.search("12 abc").group() == "abc"  # type: ignore[union-attr]
