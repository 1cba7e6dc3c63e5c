"""Opening the VM's files for `collect` so that no link anywhere on the path is followed.

Every folder from the top down, and then the file, is opened relative to the folder opened before
it with O_NOFOLLOW, and what was opened is judged by `fstat` on the open descriptor: no name is
checked first and used after, so a link swapped in meanwhile is never followed. A folder on the
path that is a link (`/var/log/azure` made a link to `/etc` by an account that can write
`/var/log`), a hard link (a second name of `/etc/shadow`, which `lstat` takes for a regular
file) and a file owned by another account than root, the agent's or the log writer's are refused.

Windows has neither O_NOFOLLOW nor folder descriptors: there each part of the path is checked
for a link or junction just before the file is opened, which leaves a short race that only an
administrator (who may write these folders) could use.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_COMMON = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_FOLDER_FLAGS = _COMMON | getattr(os, "O_DIRECTORY", 0)
# O_NONBLOCK: a FIFO swapped in for a log must not hang the open.
_FILE_FLAGS = _COMMON | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NOATIME = getattr(os, "O_NOATIME", 0)
_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)
LINK_REFUSAL = "a symbolic link: not followed, so that nothing outside the log folders is read"
WITH_DESCRIPTORS = os.name == "posix" and os.open in os.supports_dir_fd and os.scandir in os.supports_fd


class Refused(Exception):
    """The file must not be read; the message says why, for the manifest."""


def _linked_folder(path: str) -> Refused:
    return Refused(f"{path} is a linked folder on the path: not followed, so that nothing outside the "
                   "log folders is read")


def _open_part(name: str, folder_fd: int, shown: str, *, folder: bool, keep_access_time: bool = False) -> int:
    flags = _FOLDER_FLAGS if folder else _FILE_FLAGS
    try:
        if keep_access_time and _NOATIME:
            try:
                return os.open(name, flags | _NOATIME, dir_fd=folder_fd)
            except PermissionError:
                pass  # O_NOATIME needs the file's owner (or root)
        return os.open(name, flags, dir_fd=folder_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            try:
                is_link = stat.S_ISLNK(os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode)
            except OSError:
                is_link = False
            if is_link:
                raise (_linked_folder(shown) if folder else Refused(LINK_REFUSAL)) from None
        raise


def open_without_links(local: Path, anchor: Path | None, *, folder: bool = False,
                       keep_access_time: bool = False) -> int:
    """A read-only descriptor of `local`, which lies under `anchor` (the folder a test stands in for
    the machine's root; None: the root of `local`'s own drive): no part of the path below `anchor`
    may be a link. `keep_access_time` leaves the file's access time alone where the OS lets us."""
    anchor = anchor if anchor is not None else Path(local.anchor)
    parts = local.relative_to(anchor).parts
    if not WITH_DESCRIPTORS:
        return _open_checked_by_name(local, anchor, folder=folder)
    fd = os.open(anchor, _FOLDER_FLAGS & ~_NOFOLLOW)  # the anchor itself is trusted
    try:
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            shown = str(anchor.joinpath(*parts[:index + 1]))
            next_fd = _open_part(part, fd, shown, folder=folder or not last,
                                 keep_access_time=keep_access_time and last and not folder)
            os.close(fd)
            fd = next_fd
        result, fd = fd, -1
        return result
    finally:
        if fd != -1:
            os.close(fd)


def _refuse_links_by_name(local: Path, anchor: Path, *, folder: bool) -> None:
    current = anchor
    for part in local.relative_to(anchor).parts:
        current = current / part
        info = os.lstat(current)
        if stat.S_ISLNK(info.st_mode) or getattr(info, "st_file_attributes", 0) & _REPARSE_POINT:
            raise _linked_folder(str(current)) if current != local or folder else Refused(LINK_REFUSAL)


def _open_checked_by_name(local: Path, anchor: Path, *, folder: bool) -> int:
    _refuse_links_by_name(local, anchor, folder=folder)
    return os.open(local, _FOLDER_FLAGS if folder else _FILE_FLAGS)


def refuse_unless_collectable(info: os.stat_result, owners: frozenset[int]) -> None:
    """Only a regular file with one name, owned by an account that writes logs, is read."""
    if stat.S_ISLNK(info.st_mode):
        raise Refused(LINK_REFUSAL)
    if not stat.S_ISREG(info.st_mode):
        raise Refused("not a regular file")
    if info.st_nlink > 1:
        raise Refused(f"a hard link ({info.st_nlink} names for one file): it may be another name of a file "
                      "outside the log folders, so it is not read")
    if os.name == "posix" and info.st_uid not in owners:
        raise Refused(f"owned by user id {info.st_uid}, not by root or the account that writes these logs, "
                      "so it is not read")


def list_tree(top: Path, anchor: Path | None) -> list[tuple[str, ...]]:
    """Every name under the folder `top` (not inside linked folders), as parts relative to `top`,
    sorted. Raises Refused when `top` or a folder above it is a link."""
    anchor = anchor if anchor is not None else Path(top.anchor)
    if not WITH_DESCRIPTORS:
        _refuse_links_by_name(top, anchor, folder=True)
        return sorted(tuple(Path(folder, name).relative_to(top).parts)
                      for folder, _, names in os.walk(top, followlinks=False) for name in names)
    found: list[tuple[str, ...]] = []
    _walk(open_without_links(top, anchor, folder=True), (), found)
    return found


def _walk(fd: int, prefix: tuple[str, ...], found: list[tuple[str, ...]]) -> None:
    try:
        with os.scandir(fd) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                try:
                    child = os.open(entry.name, _FOLDER_FLAGS, dir_fd=fd)
                except OSError:
                    continue  # swapped for a link, or gone: nothing under it is read
                _walk(child, prefix + (entry.name,), found)
            else:
                found.append(prefix + (entry.name,))
    finally:
        os.close(fd)


def log_owners(accounts: tuple[str, ...] = ()) -> frozenset[int]:
    """Root, this program's own account and the named accounts (say the system logger's)."""
    owners = {0}
    if hasattr(os, "geteuid"):
        owners.add(os.geteuid())
        try:
            import pwd

            for account in accounts:
                try:
                    owners.add(pwd.getpwnam(account).pw_uid)
                except KeyError:
                    pass
        except ImportError:
            pass
    return frozenset(owners)
