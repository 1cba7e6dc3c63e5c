"""Saving a rendered report: all or nothing, only to a regular file or a new name, never over an
existing file unless asked, and never through a link or into a device, FIFO or socket.

Overwriting (`run --force`, or yes in the window's "replace it?") replaces a regular file even
when it is read-only, as `cp -f` would: what the folder allows decides. The new file keeps the
permission bits of the one it replaces (0444 stays 0444) and, where the program may, its owner.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from troubleshooter.fileio import kind_of


class ReportSaveError(Exception):
    """The report could not be saved; the message says why in words a person can act on."""


class ReportExistsError(ReportSaveError):
    """The target is an existing file and overwriting was not asked for."""


def check_report_target(path: Path | str, *, overwrite: bool) -> os.stat_result | None:
    """Refuse a target no report may be written to; return the regular file it replaces, or None
    for a new name in a folder that exists. Nothing is created: a missing folder is refused."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        folder = path.absolute().parent
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist; create it first"
            raise ReportSaveError(f"the folder {folder} {what}, or save the report elsewhere") from None
        return None
    except OSError as exc:
        raise ReportSaveError(_explain(path, exc)) from None
    if stat.S_ISLNK(info.st_mode):
        raise ReportSaveError(f"{path} is a symbolic link; a report is never written through a link: name the "
                              "file it points to, or a new file")
    if stat.S_ISDIR(info.st_mode):
        raise ReportSaveError(f"{path} is a folder; name a file in it for the report")
    if not stat.S_ISREG(info.st_mode):
        raise ReportSaveError(f"{path} is {kind_of(info.st_mode)}, not a regular file; a report is written only "
                              "to a regular file or a new name")
    if not overwrite:
        raise ReportExistsError(f"{path} already exists; choose another name or allow overwriting it")
    return info


def save_report_file(path: Path | str, data: bytes, *, overwrite: bool) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename it into place."""
    path = Path(path)
    replaced = check_report_target(path, overwrite=overwrite)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.absolute().parent)
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
            _take_over_permissions(tmp.fileno(), tmp_name, replaced)
        if replaced is None:
            _put_new(tmp_name, path)
        else:
            _put_over(tmp_name, path, replaced)
        tmp_name = None
    except OSError as exc:
        raise ReportSaveError(_explain(path, exc)) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return path


def _take_over_permissions(fd: int, tmp_name: str, replaced: os.stat_result | None) -> None:
    """The temporary file is private (0600). A new report is an ordinary file the person will share
    (0666 less the umask); a replaced one keeps its mode, and its owner when we are allowed."""
    if replaced is not None:
        mode = stat.S_IMODE(replaced.st_mode)
    else:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    if os.name != "posix":
        return  # Windows has only the read-only attribute; os.replace refuses a read-only target
    if replaced is not None and (replaced.st_uid, replaced.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, replaced.st_uid, replaced.st_gid)
        except OSError:
            pass  # not root: the report becomes ours, as any new file would
    os.fchmod(fd, mode)


def _put_new(tmp_name: str, path: Path) -> None:
    """Give the finished file its name only if the name is still free (a hard link fails when it
    is taken), so a file or link made there meanwhile is never replaced."""
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        raise ReportExistsError(f"{path} appeared while the report was being written; choose another name "
                                "or allow overwriting it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS,
                             errno.EACCES) and os.name == "posix":
            raise
        # A file system without hard links (FAT, some network shares): check and rename instead.
        if os.path.lexists(path):
            raise ReportExistsError(f"{path} appeared while the report was being written; choose another "
                                    "name or allow overwriting it") from None
        os.replace(tmp_name, path)
        return
    os.unlink(tmp_name)


def _put_over(tmp_name: str, path: Path, replaced: os.stat_result) -> None:
    """Rename over the file that was checked, only if that is still what the name holds."""
    try:
        now = os.lstat(path)
    except FileNotFoundError:
        now = None
    if now is not None and (not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) !=
                            (replaced.st_dev, replaced.st_ino)):
        raise ReportSaveError(f"{path} was replaced by something else while the report was being written; "
                              "nothing was saved: save again")
    os.replace(tmp_name, path)


def _explain(path: Path, exc: OSError) -> str:
    folder = path.absolute().parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk holding {folder} is full; free some space or save the report elsewhere"
    if exc.errno == errno.EROFS:
        return f"{folder} is on a read-only file system; save the report on another disk"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"this account may not write to {folder}; save the report in another folder"
    if exc.errno == errno.ENOENT:
        return f"the folder {folder} does not exist; create it first, or save the report elsewhere"
    if exc.errno == errno.ENAMETOOLONG:
        return f"the name {path.name[:60]}... is too long for the file system; choose a shorter one"
    return f"the report could not be saved to {path}: {exc.strerror or exc}"
