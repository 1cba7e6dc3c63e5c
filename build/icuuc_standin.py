"""Builds the bundle's icuuc.dll stand-in (build/icuuc_standin.c) with MinGW, cached by its source.

Used by the Windows build (VMBackupTroubleshooter.spec) and by the Wine set-up (build/wine_python.py).
Why the bundle carries it: docs/architecture.md, "icuuc.dll".
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "icuuc_standin.c"
# Debian's cross compiler, then a native MinGW gcc (GitHub's Windows runners have one on PATH).
COMPILERS = ("x86_64-w64-mingw32-gcc", "gcc")


def cache_parent() -> Path:
    from troubleshooter.config import build_settings

    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "vmbt" / "build-cache"
    return build_settings().windows_cache


def build_standin() -> Path:
    from troubleshooter.config import build_settings

    # The Windows build under Wine gets the one built on Linux (build/wine_python.py sets this).
    prebuilt = build_settings().icuuc_standin
    if prebuilt:
        return prebuilt
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    target = cache_parent() / f"icuuc-standin-{digest}" / "icuuc.dll"
    if target.is_file():
        return target
    compiler = next((found for name in COMPILERS if (found := shutil.which(name))), None)
    if compiler is None:
        raise SystemExit("icuuc.dll stand-in: no MinGW compiler (apt-get install gcc-mingw-w64-x86-64-win32)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name("icuuc.dll.partial")
    subprocess.run([compiler, "-O2", "-shared", "-s", "-o", str(partial), str(SOURCE)], check=True)
    partial.replace(target)
    return target


if __name__ == "__main__":
    print(build_standin())
