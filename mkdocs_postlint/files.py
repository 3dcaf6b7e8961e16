"""Finding the pages to check and reading them, whatever is on the disk.

A linter runs unattended on whatever a repository holds, so nothing here may
hang, crash or write:

* `read_page` opens without blocking (a FIFO named ``page.md`` would otherwise
  wait forever for a writer), refuses anything that is not a regular file, and
  stops at the size limit instead of reading gigabytes;
* `unreadable_reason` turns an `OSError` into one plain sentence (a dangling
  link, a link loop, a permission, a FIFO, a socket, a device);
* `walk` lists the Markdown files of a folder in a stable order. It follows
  links to folders, as MkDocs does, and visits each real folder once (by
  device and inode), so a link loop or a link to a folder already walked is
  skipped with a note instead of recursing until the path is too long.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MARKDOWN_SUFFIXES",
    "PageTooLarge",
    "Skipped",
    "collect",
    "display_path",
    "read_page",
    "src_path",
    "unreadable_reason",
    "walk",
]

MARKDOWN_SUFFIXES = (".md", ".markdown")

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOCTTY", 0)  # a terminal device never becomes our controlling tty
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class PageTooLarge(Exception):
    """A file over the size limit; ``size`` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


class NotRegularFile(OSError):
    """A FIFO, socket, device or folder where a page was expected."""


def read_page(path: str | Path, max_size: int | None = None) -> bytes:
    """The bytes of a regular file.

    Raises `OSError` for anything that cannot be read or is not a regular
    file (never blocks on a FIFO), and `PageTooLarge` for a file of more than
    ``max_size`` bytes, which is then not read.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EINVAL, _kind(info.st_mode), str(path))
        if max_size is not None and info.st_size > max_size:
            raise PageTooLarge(info.st_size)
        limit = max_size + 1 if max_size is not None else None
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20 if limit is None else min(1 << 20, limit - total)):
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total >= limit:  # the file grew while being read
                raise PageTooLarge(max(total, os.fstat(fd).st_size))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def unreadable_reason(path: Path, error: OSError) -> str:
    """Why a page could not be read, as one sentence without a path."""
    if isinstance(error, NotRegularFile):
        return f"not a regular file but {error.strerror}: not read"
    if error.errno == errno.ELOOP:
        return "symbolic link loop: following the link never reaches a file"
    if os.path.islink(path) and not os.path.exists(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"dangling symbolic link: its target '{_printable(target)}' does not exist"
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):  # a socket cannot even be opened (ENXIO)
        return f"not a regular file but {_kind(mode)}: not read"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot read file: permission denied"
    return f"cannot read file: {error.strerror or error}"


@dataclass(frozen=True)
class Skipped:
    """Something `walk` did not descend into, and why.

    ``error`` is true when files may have been missed (a folder that cannot
    be listed), false for a note (a link to a folder already walked).
    """

    path: Path
    reason: str
    error: bool = False


def walk(root: Path) -> Iterator[Path | Skipped]:
    """The Markdown files under ``root`` in a stable order, and what was skipped.

    ``root`` itself is yielded when it is not a folder. Names starting with a
    dot are skipped. Links to folders are followed, each real folder once.
    """
    if not root.is_dir():
        yield root
        return
    seen: dict[tuple[int, int], Path] = {}
    stack = [root]  # real folders first, so a folder is reported at its own path
    linked: list[Path] = []  # then links to folders, in the order found
    while stack or linked:
        folder = stack.pop() if stack else linked.pop(0)
        try:
            info = folder.stat()
        except OSError as error:
            yield Skipped(folder, f"cannot read folder: {error.strerror or error}", error=True)
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            first = seen[key]
            loop = _is_within(first, folder)
            why = "a symbolic link loop back to" if loop else "the same folder as"
            yield Skipped(folder, f"skipped: {why} {display_path(first)}, already checked")
            continue
        seen[key] = folder
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    (e.name, _is_dir(e), e.is_symlink())
                    for e in entries
                    if not e.name.startswith(".")
                )
        except OSError as error:
            reason = "permission denied" if error.errno == errno.EACCES else error.strerror
            yield Skipped(folder, f"cannot read folder: {reason or error}", error=True)
            continue
        folders = []
        for name, is_dir, is_link in names:
            if is_dir and is_link:
                linked.append(folder / name)
            elif is_dir:
                folders.append(folder / name)
            elif name.endswith(MARKDOWN_SUFFIXES):
                yield folder / name
        stack.extend(reversed(folders))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link loop: read as a file, and reported as unreadable
        return False


def _is_within(ancestor: Path, path: Path) -> bool:
    return os.path.commonpath([os.path.abspath(ancestor), os.path.abspath(path)]) == (
        os.path.abspath(ancestor)
    )


def src_path(path: Path, root: Path, docs_dir: Path | None) -> str:
    """The path globs are matched against: relative to docs_dir, else to the root given.

    Computed on the path as walked (links not resolved), so a page reached
    through a link to a folder keeps the path MkDocs gives it.
    """
    return _SrcPaths(root, docs_dir)(path)


class _SrcPaths:
    """`src_path` for many files of one root: the bases are looked at once, not per file."""

    def __init__(self, root: Path, docs_dir: Path | None) -> None:
        bases = (docs_dir, root if root.is_dir() else root.parent)
        self.bases = [
            (base.absolute(), str(base.absolute()) + os.sep, base)
            for base in bases
            if base is not None
        ]
        self.real: dict[Path, Path] = {}
        # What `walk` yields under the root is the root's text, a separator and
        # plain names: its absolute path is the root's with the same rest.
        self.walked = (os.fspath(root) + os.sep, os.path.join(os.path.abspath(root), ""))

    def of_walked(self, path: Path) -> str:
        """`__call__` for a path that `walk` yielded for this root, without normalising it."""
        walked, absolute = self.walked
        text = os.fspath(path)
        if text.startswith(walked):
            return self._relative(absolute + text[len(walked) :], path)
        return self(path)

    def __call__(self, path: Path) -> str:
        return self._relative(os.path.abspath(path), path)

    def _relative(self, text: str, path: Path) -> str:
        for plain, prefix, base in self.bases:
            if text.startswith(prefix):  # what relative_to gives, without pathlib's cost
                return _printable(text[len(prefix) :].replace(os.sep, "/"))
            try:
                return _printable(Path(text).relative_to(plain).as_posix())
            except ValueError:
                pass
            real = self.real.get(base)
            if real is None:
                real = self.real[base] = _real(base)
            try:  # resolving links costs a system call per folder: only when needed
                return _printable(_real(path).relative_to(real).as_posix())
            except ValueError:
                continue
        return _printable(path.name)


def _real(path: Path) -> Path:
    """``path`` with links resolved; never raises, even on a link loop."""
    return Path(os.path.realpath(path))


def display_path(path: Path) -> str:
    """The path as shown in reports: relative to the current folder, always printable.

    Bytes of a file name that are not UTF-8 (Linux keeps them as lone
    surrogates) are shown as ``\\xff``, so text and JSON output stay valid UTF-8.
    """
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        return _printable(_relpath(os.fspath(path), os.getcwd()))
    shown = _relpath(folder or os.curdir, os.getcwd())  # once per folder, not per file
    return _printable(name if shown == os.curdir else os.path.join(shown, name))


@functools.lru_cache(maxsize=256)
def _relpath(path: str, cwd: str) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return path


def _printable(name: str) -> str:
    """``name`` with undecodable bytes (lone surrogates) written as ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate that did not come from a byte
            raw = name.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace")
    return name


def collect(
    roots: list[Path],
    docs_dir: Path | None,
    excluded: Callable[[str], bool],
    notice: Callable[[str], None],
) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """Walk ``roots``: the files to lint with their src paths, and the folders
    that could not be listed with the reason.

    Excluded paths are left out; notes (links to folders already walked) go to
    ``notice``.
    """
    files: list[tuple[Path, str]] = []
    unreadable: list[tuple[Path, str]] = []
    for root in roots:
        src_path_of = _SrcPaths(root, docs_dir)
        for item in walk(root):
            path = item.path if isinstance(item, Skipped) else item
            src = src_path_of.of_walked(path)
            if excluded(src):
                continue
            if not isinstance(item, Skipped):
                files.append((item, src))
            elif item.error:
                unreadable.append((item.path, item.reason))
            else:
                notice(f"{display_path(item.path)}: {item.reason}")
    return files, unreadable
