"""Autosaved sessions in the user data folder, written so a kill at any moment loses nothing."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from troubleshooter.config import Config, current
from troubleshooter.fileio import UnreadableFileError, read_regular_file, write_atomically  # noqa: F401 - its home was here
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.session import (Session, SessionFileError, check_schema_version, is_session_id,
                                          new_session_id)


def data_dir(config: Config | None = None) -> Path:
    """The program's own folder (sessions, logs, cache), as the configuration names it."""
    return (config or current()).data_dir


@dataclass(frozen=True)
class SavedSession:
    """A walk saved on disk, as the start page lists it."""

    id: str
    path: Path
    flow: str
    step: str
    updated_at: str
    finished: bool


# A saved walk of ~30 checks with capped evidence is a few MB at most; anything far larger is not
# one of ours and is skipped without being read (a 300 MB file must not cost a start 1 GB).
MAX_SESSION_BYTES = 16 * 1024 * 1024
# write_atomically's temporary files: ".<id>.json.<8 random characters>.tmp". One left behind
# was a save interrupted by a kill or a crash; after this long no save is still writing it.
_TEMPORARY_NAME = re.compile(r"\.[0-9a-f]{32}\.json\.[a-z0-9_]{8}\.tmp")
STALE_TEMPORARY_AGE_S = 60


class SessionStore:
    """The saved walks: one `<id>.json` per walk in `directory`, and nothing written elsewhere.

    `autosave_problem` is None while autosave works, else the sentence (en, ko) the window shows;
    `skipped` lists the files the last `list()` passed over, as "name: why".
    """

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else current().sessions_dir
        self.autosave_problem: dict[str, str] | None = None
        self.skipped: list[str] = []

    def path_for(self, session_id: str) -> Path:
        """The file of `session_id`, always directly inside the folder; anything else is refused."""
        if not is_session_id(session_id):
            raise SessionFileError(f"{str(session_id)[:80]!r} is not a session id (32 hexadecimal digits)")
        return self.directory / f"{session_id}.json"

    def save(self, session: Session) -> Path:
        path = self.path_for(session.id)
        payload = session.to_dict()
        payload["finished"] = session.finished
        write_atomically(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
        return path

    def autosave(self, session: Session) -> None:
        """Make `session` save itself after every change, starting now.

        A folder that cannot be written (full, read-only, not ours) does not stop the walk: the
        save is tried again at every change and `autosave_problem` says why it fails meanwhile.
        """
        session.on_change = self._save_quietly
        self._save_quietly(session)

    def _save_quietly(self, session: Session) -> None:
        try:
            self.save(session)
        except OSError as exc:
            self.autosave_problem = autosave_problem(self.directory, exc)
        else:
            self.autosave_problem = None

    def load(self, session_id_or_path: str | Path, flows: FlowSet) -> Session:
        """A saved walk, by id or by file. A file from outside the folder (or not named by an id)
        is copied in under a fresh id at its first save; the file itself is never written."""
        text = str(session_id_or_path)
        path = self.path_for(text) if is_session_id(text) else Path(session_id_or_path)
        data = read_session_file(path)
        own_id = path.stem if is_session_id(path.stem) and self._holds(path) else new_session_id()
        return Session.from_dict(data, flows, session_id=own_id)

    def _holds(self, path: Path) -> bool:
        """Is `path` a file directly in this folder (not a link to one elsewhere)?"""
        try:
            return not path.is_symlink() and os.path.samefile(path.parent, self.directory)
        except OSError:
            return False

    def list(self) -> list[SavedSession]:
        """Readable saved sessions, newest first. Anything else is skipped with a note in `skipped`
        and left alone: not a regular file (a FIFO is never opened), too large, damaged."""
        self.skipped = []
        self.remove_stale_temporary_files()
        found = []
        for entry in self._entries():
            if not entry.name.endswith(".json") or entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if not is_session_id(path.stem):
                self._skip(path, "its name is not a session id")
                continue
            try:
                data = read_session_file(path, follow_symlinks=False)
                last = data["history"][-1]
                found.append(SavedSession(path.stem, path, str(data["flow"]), f"{last['flow']}/{last['step']}",
                                          str(data.get("updated_at", "")), bool(data.get("finished"))))
            except SessionFileError as exc:
                self._skip(path, str(exc))
            except (KeyError, IndexError, TypeError):
                self._skip(path, "it is not a complete session file")
        return sorted(found, key=lambda s: s.updated_at, reverse=True)

    def resumable(self, flows: FlowSet | None = None) -> list[SavedSession]:
        """Unfinished walks, newest first; with `flows`, only those that load against them, so
        Resume never offers a walk that would fail to open."""
        saved = [s for s in self.list() if not s.finished]
        if flows is None:
            return saved
        valid = []
        for candidate in saved:
            try:
                self.load(candidate.path, flows)
            except SessionFileError as exc:
                self._skip(candidate.path, str(exc))
                continue
            valid.append(candidate)
        return valid

    def delete(self, session_id: str) -> None:
        """Delete the saved walk `session_id`; a name that is not a session id deletes nothing."""
        if not is_session_id(session_id):
            return
        try:
            self.path_for(session_id).unlink()
        except OSError:
            pass  # never saved (a read-only or full folder), or already gone: nothing to resume either way

    def remove_stale_temporary_files(self) -> int:
        """Remove what interrupted saves left: only our own temporary files (by name), only
        regular files, only ones no save can still be writing. Returns how many were removed."""
        removed = 0
        now = time.time()
        for entry in self._entries():
            if not _TEMPORARY_NAME.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_TEMPORARY_AGE_S:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue  # a read-only folder keeps its leftovers; they cost nothing
        return removed

    def _entries(self) -> list[os.DirEntry]:
        try:
            with os.scandir(self.directory) as entries:
                return list(entries)
        except OSError:
            return []

    def _skip(self, path: Path, why: str) -> None:
        note = f"{path.name}: {why.replace(f'cannot read {path}: ', '').replace(str(path), 'the file')}"
        self.skipped.append(note)
        import logging  # here, not at the top: logging costs the terminal's first screen some 4 ms

        logging.getLogger(__name__).warning("skipped the saved session %s", note)


def autosave_problem(folder: Path, exc: OSError) -> dict[str, str]:
    """Why `folder` cannot take the walk, as the banner says it, in English and Korean."""
    if exc.errno == errno.EROFS:
        en, ko = f"the disk holding {folder} is read-only", f"{folder} 폴더가 있는 디스크가 읽기 전용입니다"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        en, ko = f"the disk holding {folder} is full", f"{folder} 폴더가 있는 디스크가 가득 찼습니다"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        en, ko = f"this account may not write to {folder}", f"이 계정에는 {folder} 폴더에 쓸 권한이 없습니다"
    else:
        reason = exc.strerror or str(exc)
        en, ko = f"{folder} cannot be written ({reason})", f"{folder} 폴더에 쓸 수 없습니다({reason})"
    return {"en": f"This walk cannot be saved: {en}; the report can still be saved elsewhere.",
            "ko": f"이 진단 과정은 저장할 수 없습니다: {ko}. 보고서는 다른 곳에 저장할 수 있습니다."}


def read_session_file(path: Path, *, follow_symlinks: bool = True) -> dict:
    try:
        raw = read_regular_file(path, MAX_SESSION_BYTES, follow_symlinks=follow_symlinks)
    except UnreadableFileError as exc:
        raise SessionFileError(f"cannot read {path}: {exc.reason}") from None
    if not raw.strip():
        raise SessionFileError(f"{path} is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SessionFileError(f"{path} is not a complete session file (it may have been cut off): {exc}") from None
    except RecursionError:
        raise SessionFileError(f"{path} is nested far deeper than a session file ever is") from None
    except ValueError:  # a number of thousands of digits
        raise SessionFileError(f"{path} is not a session file: it holds a number too long to read") from None
    if not isinstance(data, dict):
        raise SessionFileError(f"{path} is not a session file")
    check_schema_version(data, str(path))
    return data
