"""Saving a rendered report: all or nothing, and never over an existing file unless asked."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from troubleshooter.flows.store import write_atomically


class ReportSaveError(Exception):
    """The report could not be saved; the message says why in words a person can act on."""


def save_report_file(path: Path | str, data: bytes, *, overwrite: bool) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename it into place."""
    path = Path(path)
    if path.is_dir():
        raise ReportSaveError(f"{path} is a folder; choose a file name for the report")
    if path.exists() and not overwrite:
        raise ReportSaveError(f"{path} already exists; choose another name or allow overwriting it")
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise ReportSaveError(_explain(path, exc)) from exc
    _give_ordinary_permissions(path)
    return path


def _give_ordinary_permissions(path: Path) -> None:
    """The temporary file was private (0600); a report is an ordinary file the person will share."""
    if os.name != "posix":
        return
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        os.chmod(path, 0o666 & ~umask)
    except OSError:
        pass  # the report is saved; only its permissions stay stricter than usual


def _explain(path: Path, exc: OSError) -> str:
    folder = path.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk holding {folder} is full; free some space or save the report elsewhere"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"this account may not write to {folder}; save the report in another folder"
    if exc.errno == errno.ENOENT:
        return f"the folder {folder} does not exist and could not be created"
    return f"the report could not be saved to {path}: {exc.strerror or exc}"
