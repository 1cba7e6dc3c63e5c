"""Where a command's program is found: in fixed system folders only, never through PATH.

The checks run as root or Administrator. A PATH entry another account can write (or an empty
entry, which means the current folder) would let a planted `systemctl` or `python3` run with those
rights, so a program named without a folder is looked up in the system's own folders, and the
command starts with a PATH of those folders alone (a script's `#!/usr/bin/env python3` too).
"""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

SYSTEM_PROGRAM_FOLDERS = ("/usr/sbin", "/usr/bin", "/sbin", "/bin")


def _windows_system_folder() -> str:
    """System32 as Windows itself reports it (the SystemRoot variable could be anything)."""
    try:
        import ctypes

        buffer = ctypes.create_unicode_buffer(260)
        if ctypes.windll.kernel32.GetSystemDirectoryW(buffer, len(buffer)):  # type: ignore[attr-defined]
            return buffer.value
    except (AttributeError, OSError):
        pass
    return r"C:\Windows\System32"


def program_folders() -> tuple[str, ...]:
    if os.name == "nt":
        system = _windows_system_folder()
        return (system, str(PureWindowsPath(system, "WindowsPowerShell", "v1.0")), str(PureWindowsPath(system, "wbem")))
    return SYSTEM_PROGRAM_FOLDERS


def program_search_path() -> str:
    """The PATH a started command gets."""
    return os.pathsep.join(program_folders())


def system_program(name: str, root: Path | None = None) -> str | None:
    """The absolute path of the program `name` in a system folder (under `root` when a test stands
    a folder in for the machine), or None. A name with a folder in it is not looked up."""
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        return None
    names = [name]
    if os.name == "nt" and not PureWindowsPath(name).suffix:
        names = [name + ".exe", name + ".com"]
    for folder in program_folders():
        for candidate_name in names:
            candidate = Path(folder, candidate_name) if root is None else root.joinpath(
                *Path(folder).parts[1:], candidate_name)
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return None
