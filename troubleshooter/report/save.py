"""Saving a rendered report: all or nothing, only to a regular file or a new name, never over an
existing file unless asked, and never through a link or into a device, FIFO or socket.

Run as root, `--out /tmp/x/passwd` must not reach /etc/passwd when another account made /tmp/x a
link to /etc: a link on the folder's path is followed only when root or this program's own
account owns it. The folder is then held open, and the file is made, checked and renamed relative
to it, so a link swapped in after the check is never written through.

Overwriting (`run --force`, or yes in the window's "replace it?") replaces a regular file even
when it is read-only, as `cp -f` would: what the folder allows decides. The new file keeps the
permission bits of the one it replaces (0444 stays 0444) and, where the program may, its owner.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import tempfile
from pathlib import Path, PurePosixPath

from troubleshooter.fileio import kind_of


class ReportSaveError(Exception):
    """The report could not be saved; the message says why in words a person can act on."""


class ReportExistsError(ReportSaveError):
    """The target is an existing file and overwriting was not asked for."""


# os.replace takes the same folder descriptors as os.rename, though supports_dir_fd lists only rename.
_WITH_FOLDER_DESCRIPTORS = (os.name == "posix" and os.open in os.supports_dir_fd and os.link in os.supports_dir_fd
                            and os.rename in os.supports_dir_fd)
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_MAX_LINKS = 40  # as the kernel's own limit on links in one path


def _trusted_link_owners() -> set[int]:
    return {0, os.geteuid()}


def open_output_folder(folder: Path) -> int:
    """A descriptor of `folder`, reached one part at a time: a link on the way is followed only
    when root or this account owns it (another account could have placed any other)."""
    pending = list(PurePosixPath(folder.absolute()).parts[1:])
    fd = os.open("/", _FOLDER_FLAGS)
    shown = PurePosixPath("/")
    links = 0
    try:
        while pending:
            part = pending.pop(0)
            if part in ("", "."):
                continue
            info = os.stat(part, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                if info.st_uid not in _trusted_link_owners():
                    raise ReportSaveError(
                        f"{shown / part} is a symbolic link owned by user id {info.st_uid}, another account, which "
                        "could have placed it to send the file elsewhere; a file is never written through such a "
                        "link: name a folder without it")
                links += 1
                if links > _MAX_LINKS:
                    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))
                target = PurePosixPath(os.readlink(part, dir_fd=fd))
                if target.is_absolute():
                    os.close(fd)
                    fd = os.open("/", _FOLDER_FLAGS)
                    shown = PurePosixPath("/")
                pending = list(target.parts[1:] if target.is_absolute() else target.parts) + pending
                continue
            next_fd = os.open(part, _FOLDER_FLAGS, dir_fd=fd)  # a link swapped in now fails here
            os.close(fd)
            fd = next_fd
            shown = shown / part
        result, fd = fd, -1
        return result
    finally:
        if fd != -1:
            os.close(fd)


def check_report_target(path: Path | str, *, overwrite: bool) -> os.stat_result | None:
    """Refuse a target no report may be written to; return the regular file it replaces, or None
    for a new name in a folder that exists. Nothing is created: a missing folder is refused."""
    path = Path(path)
    if _WITH_FOLDER_DESCRIPTORS:
        try:
            folder_fd = open_output_folder(path.absolute().parent)
        except FileNotFoundError:
            folder_fd = None
        except NotADirectoryError:
            folder_fd = None
        except OSError as exc:
            raise ReportSaveError(_explain(path, exc)) from None
        if folder_fd is not None:
            try:
                return _check_target(path, overwrite, folder_fd)
            finally:
                os.close(folder_fd)
    return _check_target(path, overwrite, None)


def _check_target(path: Path, overwrite: bool, folder_fd: int | None) -> os.stat_result | None:
    try:
        info = os.lstat(path) if folder_fd is None else os.stat(path.name, dir_fd=folder_fd, follow_symlinks=False)
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
    if _WITH_FOLDER_DESCRIPTORS:
        return _save_in_held_folder(path, data, overwrite=overwrite)
    replaced = check_report_target(path, overwrite=overwrite)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.absolute().parent)
        _fill(fd, data, tmp_name, replaced)
        if replaced is None:
            _put_new(tmp_name, path)
        else:
            _put_over(tmp_name, path, replaced)
        tmp_name = None
    except OSError as exc:
        raise ReportSaveError(_explain(path, exc)) from exc
    finally:
        if tmp_name is not None:
            _remove_leftover(tmp_name)
    return path


def _save_in_held_folder(path: Path, data: bytes, *, overwrite: bool) -> Path:
    try:
        folder_fd = open_output_folder(path.absolute().parent)
    except (FileNotFoundError, NotADirectoryError):
        check_report_target(path, overwrite=overwrite)  # names what is missing
        raise
    except OSError as exc:
        raise ReportSaveError(_explain(path, exc)) from None
    tmp_name = None
    try:
        replaced = _check_target(path, overwrite, folder_fd)
        tmp_name = f".{path.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                     dir_fd=folder_fd)
        _fill(fd, data, tmp_name, replaced)
        if replaced is None:
            try:
                os.link(tmp_name, path.name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd, follow_symlinks=False)
            except FileExistsError:
                raise _appeared(path) from None
            except OSError as exc:
                if exc.errno not in _NO_HARD_LINKS:
                    raise
                _replace_if_still(tmp_name, path, folder_fd, None)  # a file system without hard links
                tmp_name = None
        else:
            _replace_if_still(tmp_name, path, folder_fd, replaced)
            tmp_name = None
    except OSError as exc:
        raise ReportSaveError(_explain(path, exc)) from exc
    finally:
        if tmp_name is not None:
            _remove_leftover(tmp_name, dir_fd=folder_fd)
        os.close(folder_fd)
    return path


def _remove_leftover(tmp_name: str, *, dir_fd: int | None = None) -> None:
    """The temporary file of a save that failed; one already gone, or not ours to remove, stays so."""
    try:
        os.unlink(tmp_name, dir_fd=dir_fd)
    except OSError:
        pass


def _replace_if_still(tmp_name: str, path: Path, folder_fd: int, replaced: os.stat_result | None) -> None:
    """Rename over the name only if it still holds what was checked (nothing, or that regular file)."""
    try:
        now = os.stat(path.name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        now = None
    if replaced is None and now is not None:
        raise _appeared(path)
    if now is not None and replaced is not None and (not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) !=
                                                     (replaced.st_dev, replaced.st_ino)):
        raise ReportSaveError(f"{path} was replaced by something else while the report was being written; "
                              "nothing was saved: save again")
    os.replace(tmp_name, path.name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)


# What os.link says on a file system without hard links (FAT, some network shares).
_NO_HARD_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS, errno.EACCES)


def _appeared(path: Path) -> ReportExistsError:
    return ReportExistsError(f"{path} appeared while the report was being written; choose another name or "
                             "allow overwriting it")


def _fill(fd: int, data: bytes, tmp_name: str, replaced: os.stat_result | None) -> None:
    """The temporary file's content, on disk, with the permissions the finished file gets."""
    with os.fdopen(fd, "wb") as tmp:
        tmp.write(data)
        tmp.flush()
        os.fsync(tmp.fileno())
        _take_over_permissions(tmp.fileno(), tmp_name, replaced)


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
        raise _appeared(path) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS and os.name == "posix":
            raise
        # A file system without hard links (FAT, some network shares): check and rename instead.
        if os.path.lexists(path):
            raise _appeared(path) from None
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
