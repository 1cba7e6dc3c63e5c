"""Starting the program again with administrator rights, so checks that need them can look."""

from __future__ import annotations

import shlex
import subprocess
import sys


def _command() -> list[str]:
    """How this program was started: the frozen executable, or Python running the package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "troubleshooter"]


def can_restart_elevated() -> bool:
    """Only Windows can ask for administrator rights from a running window (the UAC prompt)."""
    return sys.platform == "win32"


def restart_elevated(session_file: str) -> bool:
    """Start an elevated copy that resumes `session_file`; False when the person declined."""
    import ctypes

    program, *arguments = _command()
    parameters = subprocess.list2cmdline([*arguments, "--resume", session_file])
    # ShellExecuteW returns a value above 32 on success; "runas" shows the UAC prompt.
    code = ctypes.windll.shell32.ShellExecuteW(None, "runas", program, parameters, None, 1)
    return int(code) > 32


def sudo_hint(session_file: str) -> str:
    """The command a Linux user types to continue this walk as root."""
    return shlex.join(["sudo", "-E", *_command(), "--resume", session_file])
