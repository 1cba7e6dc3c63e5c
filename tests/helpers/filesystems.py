"""Real file systems for the tests that need a full or read-only disk: a small tmpfs, mounted as
root and unmounted afterwards. Tests that need one skip, saying why, when not run as root."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NEEDS_ROOT = pytest.mark.skipif(not IS_ROOT, reason="mounting a tmpfs (a real full or read-only disk) needs root")


@contextlib.contextmanager
def tmpfs(mount_point: Path, *, size: str = "64k", read_only: bool = False):
    """A fresh tmpfs at `mount_point`; `read_only` mounts it writable first so that a folder can be
    made in it, then remounts it read-only."""
    mount_point.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(mount_point)], check=True)
    try:
        (mount_point / "sessions").mkdir()
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> None:
    """Write into `folder` until its disk is full."""
    try:
        with (folder / "filler").open("wb") as stream:
            while True:
                stream.write(b"\0" * 4096)
                stream.flush()
                os.fsync(stream.fileno())
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
    # A tmpfs may still take a few bytes in the last page; a second file takes the rest.
    with contextlib.suppress(OSError), (folder / "filler2").open("wb") as stream:
        while True:
            stream.write(b"\0")
            stream.flush()
