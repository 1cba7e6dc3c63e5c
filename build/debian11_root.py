"""A Debian 11 (bullseye, glibc 2.31) root to start the Linux executable in, and the way in.

    python build/debian11_root.py            # make (or reuse) the cached root tarball, print its path

The root is made once per machine with `debootstrap` from the mirror this machine's apt already
uses, packed as a tarball under `~/.cache/vmbt/debian11-root/<key>.tar.zst` (the key hashes the
suite, the packages and this file's recipe), and unpacked afresh for each test run, so nothing a run
does survives it. `command_in_root()` gives the argument list that runs a program inside it as root in
private mount, PID and network namespaces (no network at all: only a loopback that is down), with
its own /proc; nothing outside the root is visible.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from debian_apt import AptError, mirror

SUITE = "bullseye"
# What a Debian 11 server with a desktop library or two has: the libraries README names as the
# machine's part (GL/EGL, fontconfig, FreeType, GLib, D-Bus, xcb, xkbcommon) and nothing else of a
# desktop. The C++ runtime comes with apt itself.
PACKAGES = ("libgl1", "libegl1", "libfontconfig1", "libfreetype6", "libglib2.0-0", "libdbus-1-3",
            "libxcb1", "libxkbcommon0", "fonts-dejavu-core")
CACHE = Path.home() / ".cache" / "vmbt" / "debian11-root"
_RECIPE_VERSION = "1"  # raise when the way the root is made changes


class RootError(Exception):
    """The root could not be made (no debootstrap, no mirror, not root): a message for the log."""


def key() -> str:
    recipe = "\n".join([_RECIPE_VERSION, SUITE, *sorted(PACKAGES)])
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def tarball() -> Path:
    """The cached root, made now when missing."""
    target = CACHE / f"{SUITE}-{key()}.tar.zst"
    if target.is_file():
        return target
    debootstrap = shutil.which("debootstrap")
    if debootstrap is None or os.geteuid() != 0:
        raise RootError("making the Debian 11 root needs root and debootstrap (apt-get install debootstrap zstd)")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vmbt-debootstrap-", dir=CACHE) as scratch:
        root = Path(scratch) / "root"
        subprocess.run([debootstrap, "--variant=minbase", f"--include={','.join(PACKAGES)}", SUITE, str(root),
                        mirror()], check=True, stdout=subprocess.DEVNULL)
        # The package cache and lists are half the size and no test reads them.
        for cached in (root / "var/cache/apt/archives").glob("*.deb"):
            cached.unlink()
        shutil.rmtree(root / "var/lib/apt/lists", ignore_errors=True)
        partial = target.with_suffix(".partial")
        subprocess.run(["tar", "--numeric-owner", "--zstd", "-cf", str(partial), "-C", str(root), "."], check=True)
        partial.rename(target)
    for other in CACHE.glob(f"{SUITE}-*.tar.zst"):
        if other != target:
            other.unlink()
    return target


def unpack(into: Path) -> Path:
    """A fresh copy of the root in `into` (which must be empty or missing)."""
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "--numeric-owner", "--zstd", "-xf", str(tarball()), "-C", str(into)], check=True)
    return into


def command_in_root(root: Path, argv: list[str], workdir: str = "/root") -> list[str]:
    """`argv` run as root inside `root`: private mounts and PIDs, its own /proc, and no network."""
    return ["unshare", "--mount", "--pid", "--net", "--fork", "--propagation=private",
            f"--root={root}", f"--wd={workdir}", "--mount-proc", *argv]


def main() -> int:
    try:
        print(tarball())
    except (RootError, AptError, subprocess.CalledProcessError) as exc:
        print(f"debian11_root: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
