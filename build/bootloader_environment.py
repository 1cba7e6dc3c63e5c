"""The caller's environment as it was before a PyInstaller bootloader changed it, for a program the
frozen build starts (the one-folder program the launcher runs, the desktop's dialog tool).

On Linux the bootloader points LD_LIBRARY_PATH at its own folder, keeping the caller's value in
LD_LIBRARY_PATH_ORIG, and both stages set `_PYI_*` and `_MEIPASS2` for themselves. Standard library
only: the launcher imports it at every start.
"""

from __future__ import annotations

import sys

_BOOTLOADER_VARIABLES = ("_MEIPASS2", "_PYI_", "LD_LIBRARY_PATH_ORIG")


def callers_environment(environ, platform: str = sys.platform) -> dict[str, str]:
    environment = {key: value for key, value in environ.items() if not key.startswith(_BOOTLOADER_VARIABLES)}
    if platform.startswith("linux") or "LD_LIBRARY_PATH_ORIG" in environ:
        original = environ.get("LD_LIBRARY_PATH_ORIG")
        if original is None:
            environment.pop("LD_LIBRARY_PATH", None)
        else:
            environment["LD_LIBRARY_PATH"] = original
    return environment
