"""The plugin on bad files during a real build: nothing blocks, limits apply.

Run under each host like the other plugin tests (``POSTLINT_HOST``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_reporters_plugin import build, make_site

pytestmark = pytest.mark.plugin


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_page_fails_the_build_instead_of_hanging(tmp_path: Path) -> None:
    site = make_site(tmp_path, page="# Post\n\nText.\n")
    os.mkfifo(site / "docs" / "pipe.md")  # MkDocs would wait forever to read it
    run = build(site, "--site-dir", str(tmp_path / "out"))  # times out (fails) if it blocks
    assert run.returncode != 0
    assert (
        "docs/pipe.md:1:1 unreadable-file not a regular file but a FIFO (named pipe): not read"
        in run.stderr
    )


def test_max_file_size_in_the_plugin(tmp_path: Path) -> None:
    page = "# Post\n\n" + "A sentence that ends. " * 100 + "\n"
    site = make_site(tmp_path, "max_file_size: 1 KiB\nfail_on: never", page=page)
    run = build(site, "--site-dir", str(tmp_path / "out"))
    assert (
        "docs/post.md:1:1 file-too-large file is 2.16 KiB, over the 1 KiB limit "
        "(max_file_size): not checked" in run.stderr
    )
    assert run.returncode != 0  # a warning fails --strict


def test_a_bad_max_file_size_is_a_config_error(tmp_path: Path) -> None:
    run = build(make_site(tmp_path, "max_file_size: lots"), "--site-dir", str(tmp_path / "out"))
    assert run.returncode != 0
    assert "invalid config: max_file_size" in run.stderr
    assert "Traceback" not in run.stderr
