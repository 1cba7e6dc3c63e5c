"""Reading files the program does not trust: only regular files, size checked before a bounded read.

A flow, session or endpoints file may be a FIFO (opening it blocks forever), a symlink to a
device (/dev/zero never ends), a folder with a file's name or a symlink loop. Each of these is
refused with one sentence, before more than `limit` bytes are read.

Writing is all or nothing: `write_atomically` puts the new file in place by a rename.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableFileError(Exception):
    """The file cannot or must not be read; `reason` says why in a few words (without the path)."""

    def __init__(self, path: Path | str, reason: str, *, too_large_size: int | None = None):
        self.path = str(path)
        self.reason = reason
        self.too_large_size = too_large_size  # the size, when that is what is wrong
        super().__init__(f"{path}: {reason}")


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def explain_os_error(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link that loops back on itself (too many levels of links)"
    if exc.errno == errno.ENOENT:
        return "it does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "this account may not read it"
    if exc.errno == errno.EISDIR:
        return "it is a folder, not a file"
    return f"cannot read it: {exc.strerror or exc}"


def read_regular_file(path: Path | str, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    The type and size are checked before the file is opened (a FIFO is never opened, a device
    never read), and again on the open file, in case it was swapped in between.
    """
    try:
        info = os.stat(path) if follow_symlinks else os.lstat(path)
    except OSError as exc:
        raise UnreadableFileError(path, explain_os_error(exc)) from None
    _check(path, info, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFileError(path, explain_os_error(exc)) from None
    try:
        _check(path, os.fstat(fd), limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise UnreadableFileError(path, explain_os_error(exc)) from None
    finally:
        os.close(fd)
    if size > limit:  # it grew while being read
        raise UnreadableFileError(path, too_large(size, limit), too_large_size=size)
    return b"".join(chunks)


def too_large(size: int, limit: int) -> str:
    return f"it is larger than {_size(limit)} ({_size(size)}), far larger than such a file ever is"


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):.1f} MiB"
    return f"{count // 1024} KiB" if count >= 1024 else f"{count} bytes"


def _check(path: Path | str, info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError(path, f"it is {kind_of(info.st_mode)}, not a regular file; "
                                        "only regular files are read")
    if info.st_size > limit:
        raise UnreadableFileError(path, too_large(info.st_size, limit), too_large_size=info.st_size)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    A reader (or a crash) sees either the old file or the new one, never half of one.
    """
    import tempfile  # here, not at the top: with shutil it costs the terminal's first screen 6 ms

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
