"""Real Debian packages for the check tests: fetched with `apt-get download`, kept in a cache
folder, unpacked with `dpkg -x` into a fake root. Nothing is installed and nothing is started."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

FETCH_SECONDS = 180


def cache_dir() -> Path:
    """Where fetched packages stay between runs ($VMBT_DEB_CACHE, else the user's cache folder)."""
    configured = os.environ.get("VMBT_DEB_CACHE")
    base = Path(configured) if configured else (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vm-backup-troubleshooter" / "debs")
    base.mkdir(parents=True, exist_ok=True)
    return base


def fetch(names: list[str]) -> dict[str, Path]:
    """package name -> its .deb, from the cache or from the archive apt is configured for.

    Skips the test, saying why, only when apt is missing or cannot reach the archive.
    """
    folder = cache_dir()
    with _one_fetch_at_a_time(folder):
        return _fetch(folder, names)


@contextmanager
def _one_fetch_at_a_time(folder: Path) -> Iterator[None]:
    """Test processes running side by side share the cache: one downloads, the others wait and then
    find the packages there, never a half-written .deb."""
    try:
        import fcntl
    except ImportError:  # Windows, where there is no apt to fetch with
        yield
        return
    with open(folder / ".fetching.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _fetch(folder: Path, names: list[str]) -> dict[str, Path]:
    found = {name: _cached(folder, name) for name in names}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        if shutil.which("apt-get") is None or shutil.which("dpkg") is None:
            pytest.skip("apt-get and dpkg are needed to fetch Debian's packages; this is not a Debian system")
        try:
            done = subprocess.run(["apt-get", "download", "-q", *missing], cwd=folder, capture_output=True,
                                  text=True, timeout=FETCH_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.skip(f"apt-get download {' '.join(missing)} did not finish in {FETCH_SECONDS} s: "
                        "the Debian archive is out of reach")
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
            pytest.skip(f"apt could not fetch {' '.join(missing)} from the Debian archive: {reason}")
        found.update({name: _cached(folder, name) for name in missing})
    lost = [name for name, path in found.items() if path is None]
    assert not lost, f"apt-get download succeeded but left no .deb for {lost} in {folder}"
    return found  # type: ignore[return-value]


def _cached(folder: Path, name: str) -> Path | None:
    candidates = sorted(folder.glob(f"{name}_*.deb"), key=lambda path: path.stat().st_mtime)
    return candidates[-1] if candidates else None


def field(deb: Path, name: str) -> str:
    """One field of the package's control file (Version, Depends ...)."""
    return subprocess.run(["dpkg", "-f", str(deb), name], capture_output=True, text=True, check=True,
                          timeout=30).stdout.strip()


def unpack(deb: Path, root: Path) -> None:
    """The package's files under `root`, as dpkg would lay them out (no maintainer scripts run)."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True, capture_output=True, timeout=60)
