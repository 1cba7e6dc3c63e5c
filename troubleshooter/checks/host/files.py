"""File access for a host: the real file system, or a folder standing in for a machine's root."""

from __future__ import annotations

import glob as globbing
import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from troubleshooter.checks.host.base import OUTPUT_CAP
from troubleshooter.checks.host.encoding import decode_output
from troubleshooter.checks.host.programs import system_program


def _relative_parts(path: str) -> tuple[str, ...]:
    if "\\" in path or (len(path) > 1 and path[1] == ":"):
        pure = PureWindowsPath(path)
        drive = pure.drive.rstrip(":")
        return ((drive,) if drive else ()) + pure.parts[1:]
    pure = PurePosixPath(path)
    return pure.parts[1:] if pure.is_absolute() else pure.parts


class RootedFiles:
    """File access under an optional root folder (None: the real file system)."""

    root: Path | None = None

    def local_path(self, path: str) -> Path:
        if self.root is None:
            return Path(path)
        return self.root.joinpath(*_relative_parts(path))

    def _host_path(self, local: str) -> str:
        if self.root is None:
            return local
        relative = Path(local).relative_to(self.root)
        return "/" + relative.as_posix()

    def read_text(self, path: str, limit: int = OUTPUT_CAP) -> str:
        with open(self.local_path(path), "rb") as handle:
            return decode_output(handle.read(limit))

    def list_dir(self, path: str) -> list[str]:
        return sorted(os.listdir(self.local_path(path)))

    def glob(self, pattern: str) -> list[str]:
        local_pattern = str(self.local_path(pattern))
        return sorted(self._host_path(found) for found in globbing.glob(local_pattern))

    def exists(self, path: str) -> bool:
        return self.local_path(path).exists()

    def is_dir(self, path: str) -> bool:
        return self.local_path(path).is_dir()

    def which(self, name: str) -> str | None:
        """The program's absolute path in a system folder (never one found through PATH)."""
        return system_program(name, self.root)
