"""A command run in a private mount namespace whose real system folders hold planted files.

As root, `unshare --mount --propagation private` gives the command its own view of the mounts:
fresh tmpfs over /var/log and /var/lib (say), with the attack planted at the real paths the
program reads, while the machine's own folders stay untouched. The plan is JSON:

    {"tmpfs": ["/var/log", "/var/lib"], "copy_bind": [["/etc", "/tmp/.../etc-copy"]],
     "plant": [{"path": "/var/log/azure", "link": "/etc"},
               {"path_hex": "2f7661...", "text": "...", "uid": 1234, "mode": 384},
               {"path": "/var/log/azure/x.log", "hardlink": "/var/log/private/shadow"},
               {"path": "/var/log/azure/p.log", "fifo": true},
               {"path": "/var/log/x.gz", "gzip_zeros": 262144000}]}
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NEEDS_PRIVATE_MOUNTS = pytest.mark.skipif(
    not (IS_ROOT and sys.platform.startswith("linux") and shutil.which("unshare")),
    reason="planting files in the real system folders needs root, Linux and unshare (a private mount namespace)")
ROOT = Path(__file__).resolve().parents[2]


def run_planted(plan: dict, command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `command` (argv) with the plan's tmpfs mounted and its files planted; only it sees them."""
    environment = dict(env or os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable, "-m",
                           "tests.helpers.private_mounts", json.dumps(plan), *command],
                          env=environment, cwd=cwd, capture_output=True, timeout=timeout)


def _path(item: dict) -> bytes:
    return bytes.fromhex(item["path_hex"]) if "path_hex" in item else os.fsencode(item["path"])


def _plant(item: dict) -> None:
    path = _path(item)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if "link" in item:
        os.symlink(item["link"], path)
    elif "hardlink" in item:
        os.link(item["hardlink"], path)
    elif item.get("fifo"):
        os.mkfifo(path)
    elif item.get("folder"):
        os.makedirs(path, exist_ok=True)
    elif "gzip_zeros" in item:
        with gzip.open(path, "wb", compresslevel=9) as stream:
            block = b"0" * (1 << 20)
            for _ in range(item["gzip_zeros"] // len(block)):
                stream.write(block)
    else:
        with open(path, "wb") as stream:
            stream.write(item.get("text", "").encode("utf-8"))
    if "mode" in item:
        os.chmod(path, item["mode"], follow_symlinks=False)
    if "uid" in item:
        os.chown(path, item["uid"], item.get("gid", item["uid"]), follow_symlinks=False)


def _kept_beneath(folder: Path) -> list[Path]:
    """The folders under `folder` that the planted command itself runs from (the checkout and the
    Python environment: CI may clone into /tmp), outermost only."""
    needed = sorted({ROOT.resolve(), Path(sys.prefix).resolve()}, key=lambda path: len(path.parts))
    kept: list[Path] = []
    for path in needed:
        if (path == folder or folder in path.parents) and not any(k == path or k in path.parents for k in kept):
            kept.append(path)
    return kept


def _mount_tmpfs(folder: str) -> None:
    """A fresh tmpfs over `folder`, with the program's own folders beneath it bound back in."""
    kept = _kept_beneath(Path(folder).resolve())
    # opened before they are covered, and bound back through the open descriptors
    descriptors = [os.open(path, os.O_RDONLY | os.O_DIRECTORY) for path in kept]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=1777" if folder == "/tmp" else "mode=0755", "tmpfs",
                    folder], check=True)
    for path, descriptor in zip(kept, descriptors):
        os.makedirs(path, exist_ok=True)
        # --no-canonicalize: mount would read the link back to its path, which the tmpfs now covers
        subprocess.run(["mount", "--no-canonicalize", "--bind", f"/proc/self/fd/{descriptor}", str(path)], check=True,
                       pass_fds=(descriptor,))
        os.close(descriptor)


def main(plan_text: str, command: list[str]) -> None:
    plan = json.loads(plan_text)
    for folder in plan.get("tmpfs", []):
        _mount_tmpfs(folder)
    for real, copy in plan.get("copy_bind", []):  # a copy stands in for a real folder the attack aims at
        shutil.copytree(real, copy, symlinks=True)
        subprocess.run(["mount", "--bind", copy, real], check=True)
    for item in plan.get("plant", []):
        _plant(item)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
