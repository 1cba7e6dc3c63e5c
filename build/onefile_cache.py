"""Where the one-file build keeps its unpacked program between starts, and when it does not trust it.

    <cache root>/bundle-<first 16 hex digits of the payload's SHA-256>/
        complete                                  "sha256 <all 64 digits>", written last
        VMBackupTroubleshooter/VMBackupTroubleshooter[.exe]

The cache root is `$XDG_CACHE_HOME/VMBackupTroubleshooter` (or `~/.cache/...`) on Linux and
`%LOCALAPPDATA%\\VMBackupTroubleshooter` on Windows, created owner-only. The launcher runs programs
from it, so on POSIX it is used only when the root and every folder above it belong to the
effective user or root and no one else may write to them: under `sudo` with the invoking user's
HOME, root never runs a file that user could have planted or swapped. A shared sticky folder
(`/tmp`) is refused too. Refused, unwritable or full: the program is unpacked into a private
temporary folder for this start only (slow but safe), and that folder is removed afterwards.

A bundle counts only with its marker naming the full hash, in a folder owned by the effective user
that no one else may write to. Its files are not hashed at each start (84 MB): a file truncated
behind a present marker goes unnoticed, by design; a missing or wrong marker makes the bundle be
unpacked again and replaced. A start removes other versions' bundles, but not one a running
program holds (POSIX: a shared lock on its marker that the program keeps; Windows: files in use).
Standard library only (the launcher imports it).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from onefile_payload import Payload, PayloadError, unpack

APP_FOLDER = "VMBackupTroubleshooter"
PROGRAM_FOLDER = "VMBackupTroubleshooter"
MARKER = "complete"
BUNDLE_PREFIX = "bundle-"
_UNPACKING_PREFIX = ".unpacking-"
_DISCARDED_PREFIX = ".discarded-"
_TEMPORARY_PREFIX = "vmbt-run-"
# An unpacking folder this old belongs to a start that died (a whole unpack takes about a second).
_ABANDONED_AFTER_S = 15 * 60
EXECUTABLE_NAME = "VMBackupTroubleshooter" + (".exe" if sys.platform == "win32" else "")


class CannotStart(Exception):
    """Neither the cache nor a temporary folder could hold the program: message for a person."""


class Prepared:
    """The program folder to start. `temporary`: a folder for this start only (run the program as a child,
    remove the folder after); `unpacked`: this start unpacked the payload (the first start on this
    machine, or a rebuilt bundle); `notice`: why the cache was not used; `lock`: on POSIX, the
    inheritable descriptor holding the bundle in use (see hold_in_use), for the program to keep."""

    __slots__ = ("program_folder", "temporary", "unpacked", "notice", "lock")

    def __init__(self, program_folder: Path, temporary: bool, unpacked: bool, notice: str | None = None,
                 lock: int | None = None):
        self.program_folder, self.temporary, self.unpacked, self.notice = program_folder, temporary, unpacked, notice
        self.lock = lock

    @property
    def executable(self) -> Path:
        return self.program_folder / EXECUTABLE_NAME

    @property
    def temporary_root(self) -> Path:
        return self.program_folder.parent


def cache_root(environ: dict[str, str] | os._Environ = os.environ, platform: str = sys.platform) -> Path | None:
    if platform == "win32":
        base = environ.get("LOCALAPPDATA")
        return Path(base) / APP_FOLDER if base and os.path.isabs(base) else None
    configured = environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):  # the XDG specification ignores a relative value
        return Path(configured) / APP_FOLDER
    home = environ.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".cache" / APP_FOLDER if os.path.isabs(home) else None


def bundle_name(sha256: str) -> str:
    return f"{BUNDLE_PREFIX}{sha256[:16]}"


def _folders_up_to_the_top(path: Path) -> list[Path]:
    absolute = Path(os.path.abspath(path))
    return [absolute, *absolute.parents]


def unsafe_reason(root: Path) -> str | None:
    """Why `root` may not hold programs this user runs, or None when it may (POSIX; always None on Windows,
    where %LOCALAPPDATA% is the user's own: its permissions are not inspected).

    Every folder from `root` up to `/` is checked, along the path as written and along the path with
    its symbolic links resolved: each must be a folder owned by the effective user or root that
    neither its group nor others may write to.
    """
    if os.name != "posix":
        return None
    user = os.geteuid()
    written = _folders_up_to_the_top(root)
    resolved = _folders_up_to_the_top(Path(os.path.realpath(root)))
    for folder in dict.fromkeys([*written, *resolved]):
        try:
            info = os.stat(folder)
        except OSError as exc:
            return f"{folder}: {exc.strerror}"
        if not stat.S_ISDIR(info.st_mode):
            return f"{folder} is not a folder"
        if info.st_uid not in (user, 0):
            return f"{folder} belongs to user {info.st_uid}, not to this user ({user}) or root"
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return f"{folder} may be written by others (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def _make_private_folders(root: Path) -> None:
    """Create `root` and whatever is missing above it owner-only (os.makedirs gives the folders above
    the umask's mode, 0775 for many users, which the check would then refuse forever)."""
    missing = []
    folder = Path(os.path.abspath(root))
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass


def is_complete(bundle: Path, sha256: str) -> bool:
    """The bundle's marker names this payload, and on POSIX the bundle is this user's own and closed
    to others. Cheap: two small reads and three stats, no hashing."""
    try:
        info = os.lstat(bundle)
        if not stat.S_ISDIR(info.st_mode):
            return False
        if os.name == "posix" and (info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return False
        marker = bundle / MARKER
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with open(marker, "rb") as handle:
            if handle.read(200) != f"sha256 {sha256}\n".encode("ascii"):
                return False
        return stat.S_ISREG(os.stat(bundle / PROGRAM_FOLDER / EXECUTABLE_NAME).st_mode)
    except OSError:
        return False


def hold_in_use(bundle: Path) -> int | None:
    """POSIX: a shared lock on the bundle's marker, on a descriptor the program inherits through execve
    and keeps until it ends, so that a start of another version leaves a bundle in use alone (a
    running window still loads fonts, Qt plugins and translations from it). None when the marker is
    gone or being removed this instant; on Windows, which keeps a running program's files itself.
    """
    if os.name != "posix":
        return None
    import fcntl

    marker = bundle / MARKER
    try:
        descriptor = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        # The marker locked must still be the one in place: a remover may have unlinked it between.
        if os.fstat(descriptor).st_ino != os.lstat(marker).st_ino:
            raise OSError("the marker was replaced")
    except OSError:
        os.close(descriptor)
        return None
    os.set_inheritable(descriptor, True)
    return descriptor


def _claim_for_removal(bundle: str) -> int | None:
    """An exclusive lock on an old bundle's marker, held while the marker is removed; None when a
    running program holds the bundle (POSIX). A bundle without a marker is claimed at once."""
    if os.name != "posix":
        return -1
    import fcntl

    try:
        descriptor = os.open(os.path.join(bundle, MARKER), os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return -1
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


def _fill(root: Path, bundle: Path, payload: Payload) -> None:
    """Unpack into a private folder inside the root, write the marker last, rename into place. When
    another start got there first with a good bundle, ours is dropped; a damaged one is replaced."""
    import shutil
    import tempfile
    import time

    unpacking = Path(tempfile.mkdtemp(prefix=_UNPACKING_PREFIX, dir=root))
    try:
        unpack(payload, unpacking)
        # newline="\n": Windows' text mode would write "\r\n", and is_complete (which reads bytes)
        # would never find the bundle complete, so every start unpacked again.
        with open(unpacking / MARKER, "x", encoding="ascii", newline="\n") as marker:
            marker.write(f"sha256 {payload.sha256}\n")
        for _attempt in range(5):
            try:
                os.rename(unpacking, bundle)
                return
            except OSError:
                if is_complete(bundle, payload.sha256):
                    shutil.rmtree(unpacking, ignore_errors=True)  # another start won the race
                    return
            # Damaged (no marker, another hash, not ours): move it out of the way, then try again.
            discarded = root / f"{_DISCARDED_PREFIX}{os.urandom(8).hex()}"
            try:
                os.rename(bundle, discarded)
            except FileNotFoundError:
                # Another start moved it already, or (Windows) a virus scanner still holds a file we wrote.
                time.sleep(0.1 * (_attempt + 1))
                continue
            shutil.rmtree(discarded, ignore_errors=True)
        raise OSError(f"could not move the unpacked program into {bundle}")
    except BaseException:
        shutil.rmtree(unpacking, ignore_errors=True)
        raise


def remove_other_bundles(root: Path, keep: str) -> None:
    """Older versions' bundles, and what dead starts left; errors are ignored (another instance may be
    running an old version; Windows locks the files it runs)."""
    import shutil
    import time

    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        name = entry.name
        if name == keep:
            continue
        stale = name.startswith((BUNDLE_PREFIX, _DISCARDED_PREFIX))
        if name.startswith(_UNPACKING_PREFIX):
            try:
                stale = now - entry.stat(follow_symlinks=False).st_mtime > _ABANDONED_AFTER_S
            except OSError:
                stale = False
        if stale:
            if entry.is_dir(follow_symlinks=False):
                claim = _claim_for_removal(entry.path)
                if claim is None:
                    continue  # an older (or newer) version still running from it
                # The marker first: a bundle that could only be removed in part (files in use) is never trusted again.
                try:
                    os.unlink(os.path.join(entry.path, MARKER))
                except OSError:
                    pass
                finally:
                    if claim >= 0:
                        os.close(claim)
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def prepare(payload: Payload, root: Path | None = None, temporary_parent: str | None = None) -> Prepared:
    """The program folder to start: the cached bundle, unpacked first when needed, or a temporary copy.

    `root` defaults to cache_root(); `temporary_parent` to the system's temporary folder. Raises
    PayloadError when the file itself is damaged, CannotStart when nothing could be written.
    """
    root = root if root is not None else cache_root()
    if root is None:
        reason = "no cache folder: neither HOME nor XDG_CACHE_HOME (LOCALAPPDATA on Windows) is set"
    else:
        existing = next(folder for folder in _folders_up_to_the_top(root) if os.path.lexists(folder))
        # Nothing is created under a folder that is not safe (as root under sudo, a root-owned folder
        # in the user's home would lock the user out of their own cache).
        reason = unsafe_reason(existing)
        if reason is None:
            try:
                _make_private_folders(root)
                reason = unsafe_reason(root)
            except OSError as exc:
                reason = f"cannot create {root}: {exc.strerror or exc}"
    if reason is None:
        name = bundle_name(payload.sha256)
        bundle = root / name
        unpacked = False
        lock = None
        try:
            # Twice at most: a start of another version may remove this bundle between our look and our lock.
            for _attempt in range(2):
                if not is_complete(bundle, payload.sha256):
                    _fill(root, bundle, payload)
                    unpacked = True
                lock = hold_in_use(bundle)
                if lock is not None or os.name != "posix":
                    break
            else:
                raise OSError(f"{bundle} was removed while this start was using it")
        except OSError as exc:
            reason = f"could not unpack into {root}: {exc.strerror or exc}"
        else:
            remove_other_bundles(root, keep=name)
            return Prepared(bundle / PROGRAM_FOLDER, temporary=False, unpacked=unpacked, lock=lock)
    return _prepare_temporary(payload, temporary_parent, reason)


def _prepare_temporary(payload: Payload, parent: str | None, reason: str) -> Prepared:
    import shutil
    import tempfile

    folder = None
    try:
        folder = Path(tempfile.mkdtemp(prefix=_TEMPORARY_PREFIX, dir=parent))  # 0700, a new name
        unpack(payload, folder)
    except PayloadError:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    except OSError as exc:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        where = parent or tempfile.gettempdir()
        raise CannotStart(f"cannot unpack the program: {reason}; and in {where}: {exc.strerror or exc}") from exc
    return Prepared(folder / PROGRAM_FOLDER, temporary=True, unpacked=True, notice=reason)


def accepted_folder(prefix: str = ".vmbt-scratch-"):
    """A context manager: a new folder in which the cache accepts a root, removed afterwards; None when there is none.

    For the smoke test and the start-up measurements, which give the launcher a cache of their own
    (XDG_CACHE_HOME, LOCALAPPDATA): the system's temporary folder is shared, so on POSIX the home
    folder is tried, then the effective user's home from the password database (sudo or a container
    may set another HOME). Windows' temporary folder is the user's own.
    """
    import contextlib

    return contextlib.contextmanager(_accepted_folder)(prefix)


def _accepted_folder(prefix: str):
    import shutil
    import tempfile

    if os.name == "posix":
        import pwd

        candidates = [Path(os.path.expanduser("~")), Path(pwd.getpwuid(os.geteuid()).pw_dir)]
    else:
        candidates = [Path(tempfile.gettempdir())]
    for candidate in candidates:
        if candidate.is_dir() and unsafe_reason(candidate) is None:
            folder = Path(tempfile.mkdtemp(prefix=prefix, dir=candidate))
            try:
                yield folder
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            return
    yield None


__all__ = ["CannotStart", "PayloadError", "Prepared", "accepted_folder", "cache_root", "is_complete", "prepare",
           "remove_other_bundles", "unsafe_reason"]
