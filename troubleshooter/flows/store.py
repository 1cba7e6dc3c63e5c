"""Autosaved sessions in the user data folder, written so a kill at any moment loses nothing."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.session import SESSION_SCHEMA_VERSION, Session, SessionFileError

APP_DIR_NAME = "VMBackupTroubleshooter"
DATA_DIR_ENV = "VMBT_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    A reader (or a crash) sees either the old file or the new one, never half of one.
    """
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


@dataclass(frozen=True)
class SavedSession:
    id: str
    path: Path
    flow: str
    step: str
    updated_at: str
    finished: bool


class SessionStore:
    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else data_dir() / "sessions"

    def path_for(self, session_id: str) -> Path:
        return self.directory / f"{session_id}.json"

    def save(self, session: Session) -> Path:
        path = self.path_for(session.id)
        payload = session.to_dict()
        payload["finished"] = session.finished
        write_atomically(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
        return path

    def autosave(self, session: Session) -> None:
        """Make `session` save itself after every change, starting now."""
        session.on_change = self.save
        self.save(session)

    def load(self, session_id_or_path: str | Path, flows: FlowSet) -> Session:
        path = Path(session_id_or_path)
        if not path.suffix:
            path = self.path_for(str(session_id_or_path))
        session = Session.from_dict(read_session_file(path), flows)
        return session

    def list(self) -> list[SavedSession]:
        """Readable saved sessions, newest first; damaged files are left alone and not listed."""
        found = []
        for path in self.directory.glob("*.json"):
            try:
                data = read_session_file(path)
                last = data["history"][-1]
                found.append(SavedSession(str(data["id"]), path, str(data["flow"]),
                                          f"{last['flow']}/{last['step']}", str(data.get("updated_at", "")),
                                          bool(data.get("finished"))))
            except (SessionFileError, KeyError, IndexError, TypeError):
                continue
        return sorted(found, key=lambda s: s.updated_at, reverse=True)

    def resumable(self) -> list[SavedSession]:
        return [s for s in self.list() if not s.finished]

    def delete(self, session_id: str) -> None:
        try:
            self.path_for(session_id).unlink()
        except FileNotFoundError:
            pass


def read_session_file(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SessionFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SessionFileError(f"{path} is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SessionFileError(f"{path} is not a complete session file (it may have been cut off): {exc}") from None
    if not isinstance(data, dict):
        raise SessionFileError(f"{path} is not a session file")
    version = data.get("schema_version")
    if isinstance(version, int) and version > SESSION_SCHEMA_VERSION:
        raise SessionFileError(f"{path} was written by a newer version of the program (format {version}); "
                               "update the program to resume it")
    return data
