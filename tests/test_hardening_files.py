"""Reading files: encodings, line endings, links, FIFOs, permissions, size, names, folder walks.

Every bad file is one problem with a plain message, or a note; the run goes on,
nothing blocks, and the output stays valid UTF-8.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from _guard import deadline

from mkdocs_postlint.cli import main
from mkdocs_postlint.config import ConfigError, load_config
from mkdocs_postlint.document import parse
from mkdocs_postlint.files import PageTooLarge, Skipped, collect, read_page, walk
from mkdocs_postlint.linter import lint_bytes, lint_file

CONFIG = load_config({}, Path.cwd())
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file types")


def _json_check(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["check", "--no-config", "--format", "json", *args])
    out = capsys.readouterr().out
    out.encode("utf-8")  # strict: no lone surrogates
    return code, json.loads(out)


# --- encodings and line endings --------------------------------------------


@pytest.mark.parametrize(
    ("data", "line", "needle"),
    [
        ("# Titre\n\nCafé au lait.\n".encode("latin-1"), 3, "0xe9"),
        ("# 見出し\n\n本文。\n".encode("shift_jis"), 1, "0x8c"),
        ("# Title\n\nText.\n".encode("utf-16"), 1, "0xff"),
        ("# Title\n\nText.\n".encode("utf-16-le"), 1, "NUL"),
        (b"# Title\n\nText\x00.\n", 3, "NUL"),
        (b"ok\r\nok\r\n\xff\r\n", 3, "0xff"),
        (b"ok\rok\r\xc3\r", 3, "0xc3"),
    ],
)
def test_not_utf8_names_the_first_bad_line(data: bytes, line: int, needle: str) -> None:
    (problem,) = lint_bytes(data, "p.md", CONFIG)
    assert (problem.rule, problem.line) == ("encoding", line)
    assert needle in problem.message
    assert f"line {line}" in problem.message


def test_bom_is_accepted_and_lines_are_kept() -> None:
    plain = b"---\ntitle: x\n---\n\n# A\n\nText.\n\n# A\n\nMore.\n"
    doc = parse(b"\xef\xbb\xbf" + plain, "p.md")
    assert doc.encoding_finding is None
    assert doc.meta == {"title": "x"}
    assert lint_bytes(b"\xef\xbb\xbf" + plain, "p.md", CONFIG) == lint_bytes(plain, "p.md", CONFIG)


@pytest.mark.parametrize("newline", [b"\r\n", b"\r", b"\n"])
def test_crlf_and_lone_cr_keep_line_numbers(newline: bytes) -> None:
    text = b"---\ntitle: x\ntitle: y\n---\n\n# A\n\nText.\n\n# A\n\nMore text.\n"
    problems = lint_bytes(text.replace(b"\n", newline), "p.md", CONFIG)
    assert [(p.rule, p.line) for p in problems] == [
        ("frontmatter-syntax", 3),
        ("duplicate-heading", 10),
    ]


def test_mixed_line_endings() -> None:
    doc = parse(b"# A\r\n\rText.\n\r\n# B\r", "p.md")
    assert [(b.kind, b.line) for b in doc.blocks] == [
        ("heading", 1),
        ("paragraph", 3),
        ("heading", 5),
    ]


def test_a_bad_file_does_not_stop_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_bytes("Café.\n".encode("latin-1"))
    (tmp_path / "b.md").write_text("# A\n\nText.\n\n# A\n\nMore.\n", encoding="utf-8")
    code, report = _json_check(["--fail-on", "warning", str(tmp_path)], capsys)
    assert code == 1
    assert [p["rule"] for p in report["problems"]] == ["encoding", "duplicate-heading"]


# --- links, FIFOs, sockets, devices, permissions ---------------------------


@POSIX
def test_dangling_link_is_reported(tmp_path: Path) -> None:
    link = tmp_path / "gone.md"
    link.symlink_to("nowhere.md")
    (problem,) = lint_file(link, "gone.md", CONFIG)
    assert problem.rule == "unreadable-file"
    assert problem.message == "dangling symbolic link: its target 'nowhere.md' does not exist"


@POSIX
def test_link_to_itself_is_reported(tmp_path: Path) -> None:
    link = tmp_path / "self.md"
    link.symlink_to("self.md")
    (problem,) = lint_file(link, "self.md", CONFIG)
    assert problem.rule == "unreadable-file"
    assert "symbolic link loop" in problem.message


@POSIX
def test_fifo_is_reported_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with deadline(10):
        (problem,) = lint_file(fifo, "pipe.md", CONFIG)
        assert main(["check", "--no-config", str(tmp_path)]) == 1
    assert problem.rule == "unreadable-file"
    assert problem.message == "not a regular file but a FIFO (named pipe): not read"


@POSIX
def test_socket_and_device_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "sock.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        (problem,) = lint_file(path, "sock.md", CONFIG)
    finally:
        server.close()
    assert problem.message == "not a regular file but a socket: not read"
    (problem,) = lint_file(Path(os.devnull), "null", CONFIG)
    assert problem.message == "not a regular file but a character device: not read"


def test_folder_named_like_a_page_is_walked(tmp_path: Path) -> None:
    (tmp_path / "x.md").mkdir()
    (tmp_path / "x.md" / "inner.md").write_text("Text.\n", encoding="utf-8")
    assert list(walk(tmp_path)) == [tmp_path / "x.md" / "inner.md"]


@contextlib.contextmanager
def _without_read_access(*paths: Path) -> Iterator[None]:
    """``paths`` unreadable for the running process, even as root.

    chmod 000 does not stop root, so as root the check runs with the
    effective user id of ``nobody`` for the duration of the block.
    """
    modes = [p.stat().st_mode for p in paths]
    for path in paths:
        path.chmod(0)
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    try:
        if as_root:
            os.seteuid(65534)
        yield
    finally:
        if as_root:
            os.seteuid(0)
        for path, mode in zip(paths, modes, strict=True):
            path.chmod(stat.S_IMODE(mode))


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder every user can enter (pytest's tmp_path is private to its owner)."""
    with tempfile.TemporaryDirectory() as name:
        os.chmod(name, 0o755)
        yield Path(name)


@POSIX
def test_permission_denied_file(open_dir: Path) -> None:
    page = open_dir / "secret.md"
    page.write_text("Text.\n", encoding="utf-8")
    with _without_read_access(page):
        problems = lint_file(page, "secret.md", CONFIG)
    (problem,) = problems
    assert (problem.rule, problem.message) == (
        "unreadable-file",
        "cannot read file: permission denied",
    )


@POSIX
def test_permission_denied_folder(open_dir: Path) -> None:
    (open_dir / "closed").mkdir()
    (open_dir / "closed" / "a.md").write_text("Text.\n", encoding="utf-8")
    (open_dir / "open.md").write_text("Text.\n", encoding="utf-8")
    with _without_read_access(open_dir / "closed"):
        files, unreadable = collect([open_dir], None, lambda src: False, print)
    assert [p for p, _ in files] == [open_dir / "open.md"]
    assert unreadable == [(open_dir / "closed", "cannot read folder: permission denied")]


# --- folder walks -----------------------------------------------------------


@POSIX
def test_link_loops_are_walked_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a" / "b").mkdir(parents=True)
    (docs / "a" / "b" / "page.md").write_text("Text.\n", encoding="utf-8")
    (docs / "a" / "b" / "up").symlink_to("../..")  # back to docs
    (docs / "a" / "self").symlink_to(".")
    (docs / "alias").symlink_to("a")  # a second path to a real folder
    notes: list[str] = []
    with deadline(10):
        items = list(walk(docs))
        files, unreadable = collect([docs], None, lambda src: False, notes.append)
    pages = [i for i in items if not isinstance(i, Skipped)]
    skipped = sorted(
        (i.path.relative_to(docs).as_posix(), i.reason) for i in items if i not in pages
    )
    assert pages == [docs / "a" / "b" / "page.md"]
    assert [why.split(" ")[1:4] for _, why in skipped] == [
        ["a", "symbolic", "link"],
        ["a", "symbolic", "link"],
        ["the", "same", "folder"],
    ]
    assert [p for p, _ in skipped] == ["a/b/up", "a/self", "alias"]
    assert not unreadable and len(notes) == 3 and len(files) == 1


@POSIX
def test_links_to_folders_are_followed(tmp_path: Path) -> None:
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "inc.md").write_text("Text.\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "shared").symlink_to(outside)
    files, _ = collect([docs], docs, lambda src: False, print)
    assert files == [(docs / "shared" / "inc.md", "shared/inc.md")]


# --- size limit -------------------------------------------------------------


def test_file_over_the_limit_is_one_problem_and_not_read(tmp_path: Path) -> None:
    page = tmp_path / "big.md"
    page.write_bytes(b"# A\n\n" + b"word " * 3000 + b"\n\n# A\n\n(\n")
    config = load_config({"max_file_size": "10 KiB"}, tmp_path)
    with pytest.raises(PageTooLarge):
        read_page(page, 10 * 1024)
    (problem,) = lint_file(page, "big.md", config)
    assert (problem.rule, problem.severity.value, problem.line) == ("file-too-large", "warning", 1)
    assert problem.message == (
        "file is 14.7 KiB, over the 10 KiB limit (max_file_size): not checked"
    )
    assert lint_bytes(page.read_bytes(), "big.md", config) == [problem]
    bigger = load_config({"max_file_size": 20_000}, tmp_path)
    rules = {p.rule for p in lint_file(page, "big.md", bigger)}
    assert "duplicate-heading" in rules and "file-too-large" not in rules


def test_file_too_large_can_be_an_error_or_off(tmp_path: Path) -> None:
    data = b"x" * 2000
    as_error = load_config({"max_file_size": 1000, "rules": {"file-too-large": "error"}})
    assert [p.severity.value for p in lint_bytes(data, "p.md", as_error)] == ["error"]
    off = load_config({"max_file_size": 1000, "rules": {"file-too-large": "off"}})
    assert lint_bytes(data, "p.md", off) == []


def test_default_limit_is_10_mib() -> None:
    assert CONFIG.max_file_size == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("value", "size"),
    [(5000, 5000), ("5000", 5000), ("2 KB", 2000), ("2KiB", 2048), ("1.5 MiB", 1572864)],
)
def test_max_file_size_values(value: object, size: int) -> None:
    assert load_config({"max_file_size": value}).max_file_size == size


@pytest.mark.parametrize("value", [0, -1, True, "big", "10 parsecs", [1]])
def test_max_file_size_invalid(value: object) -> None:
    with pytest.raises(ConfigError, match=r"^invalid config: max_file_size: "):
        load_config({"max_file_size": value})


# --- file names in the output -----------------------------------------------


@pytest.mark.skipif(os.name != "posix" or os.uname().sysname == "Darwin", reason="byte names")
def test_undecodable_file_name_gives_valid_utf8_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    name = os.fsdecode(b"caf\xff.md")
    (tmp_path / name).write_text("# A\n\nText.\n\n# A\n\nMore.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, report = _json_check(["--fail-on", "warning", "."], capsys)
    assert code == 1
    assert [p["path"] for p in report["problems"]] == ["caf\\xff.md"]
    assert main(["check", "--no-config", "."]) == 0
    out = capsys.readouterr().out
    assert out.encode("utf-8").startswith(b"caf\\xff.md:5:1: warning duplicate-heading")


def test_the_file_rules_are_listed_and_explained(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listed = capsys.readouterr().out
    assert "unreadable-file" in listed and "file-too-large" in listed
    assert main(["explain", "file-too-large"]) == 0
    assert "max_file_size" in capsys.readouterr().out


@pytest.mark.parametrize("root", ["docs", "./docs", "site/../docs", ".", "ABSOLUTE", "docs/a.md"])
def test_src_paths_of_walked_files_are_those_of_any_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str
) -> None:
    # collect takes a shortcut for the paths walk yields (no normalising): same answers.
    from mkdocs_postlint.files import _SrcPaths

    for name in ("docs/a.md", "docs/sub/b.md", "docs/sub/deeper/c.markdown", "site/x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# T\n", encoding="utf-8")
    if os.name == "posix":
        (tmp_path / "docs" / "linked").symlink_to(tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    start = Path(tmp_path / "docs" if root == "ABSOLUTE" else root)
    for docs_dir in (None, Path("docs"), tmp_path / "docs"):
        paths = _SrcPaths(start, docs_dir)
        walked = [item.path if isinstance(item, Skipped) else item for item in walk(start)]
        assert len(walked) >= 1
        assert [paths.of_walked(path) for path in walked] == [paths(path) for path in walked]
