"""`make exe`: builds dist/VMBackupTroubleshooter (.exe on Windows), one file in two stages.

1. the one-folder build (build/VMBackupTroubleshooter.spec) into dist/onedir/;
2. that folder packed into a zip, the payload (build/onefile_payload.py);
3. the launcher (build/launcher.spec, standard library only), with the payload put inside it.
At its first start on a machine the file unpacks the payload once into the user's cache and then
starts the program from there (build/onefile_cache.py). Work files go to .pyinstaller-work/ and
output to dist/, so build/ holds only sources.
Usage: build_exe.py [--onedir]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "VMBackupTroubleshooter.spec"
LAUNCHER_SPEC = ROOT / "build" / "launcher.spec"
# The Windows build (under Wine: build/wine_python.py) keeps its work apart from the Linux one's.
WORK = ROOT / ".pyinstaller-work" / ("windows" if sys.platform == "win32" else "")
DIST = ROOT / "dist"


def onedir_dist() -> Path:
    return DIST / ("onedir-windows" if sys.platform == "win32" else "onedir")


def build(bundle: str) -> Path:
    started = time.monotonic()
    environment = dict(os.environ, VMBT_BUNDLE=bundle)
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean",
               "--log-level", "WARN",
               "--workpath", str(WORK / bundle), "--distpath", str(DIST if bundle == "onefile" else onedir_dist())]
    subprocess.run(command, check=True, cwd=ROOT, env=environment)
    suffix = ".exe" if sys.platform == "win32" else ""
    if bundle == "onefile":
        product = DIST / f"VMBackupTroubleshooter{suffix}"
        size = product.stat().st_size
    else:
        product = onedir_dist() / "VMBackupTroubleshooter"
        size = sum(path.stat().st_size for path in product.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"{bundle}: {product} {size / 1e6:.1f} MB in {time.monotonic() - started:.0f} s")
    return product


def build_two_stage() -> Path:
    """The one file: the launcher with the one-folder build inside it."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from onefile_payload import embed, pack_folder

    folder = build("onedir")
    started = time.monotonic()
    payload = WORK / "payload" / "payload.zip"
    payload.parent.mkdir(parents=True, exist_ok=True)
    sha256 = pack_folder(folder, payload)
    print(f"payload: {payload.stat().st_size / 1e6:.1f} MB (zip, deflate 9), sha256 {sha256[:16]}..., "
          f"in {time.monotonic() - started:.0f} s")
    launcher_dist = WORK / "launcher-dist"
    subprocess.run([sys.executable, "-m", "PyInstaller", str(LAUNCHER_SPEC), "--noconfirm", "--clean",
                    "--log-level", "WARN", "--workpath", str(WORK / "launcher"), "--distpath", str(launcher_dist)],
                   check=True, cwd=ROOT)
    suffix = ".exe" if sys.platform == "win32" else ""
    launcher = launcher_dist / f"VMBackupTroubleshooter{suffix}"
    print(f"launcher: {launcher.stat().st_size / 1e6:.1f} MB")
    product = DIST / launcher.name
    DIST.mkdir(exist_ok=True)
    shutil.copy2(launcher, product)
    embed(product, payload, sha256)
    print(f"onefile: {product} {product.stat().st_size / 1e6:.1f} MB")
    return product


def write_checksum(path: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    checksum_file = path.with_name(path.name + ".sha256")
    # The `sha256sum -c` format: "<hex>  <file name>".
    checksum_file.write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    return checksum_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onedir", action="store_true", help="build the folder form only")
    # The one file always builds the folder form first: --both is kept for the scripts that pass it.
    parser.add_argument("--both", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from linux_build_venv import rebuild_inside

    rebuild_inside(Path(__file__).resolve(), sys.argv[1:] if argv is None else argv)
    if args.onedir:
        product = build("onedir")
    else:
        product = build_two_stage()
        print(f"checksum: {write_checksum(product)}")
    if sys.platform.startswith("linux"):
        return check_glibc_floor(product)
    return 0


def check_glibc_floor(product: Path) -> int:
    """The oldest glibc this build runs on; built with the glibc 2.28 interpreter, a file above the release's
    limits (build/glibc_floor.py) fails the build, named."""
    from glibc_floor import RELEASE_LIMITS, above, file_needs, floor_of
    from linux_build_venv import inside

    try:
        needs = file_needs(product)
    except RuntimeError as exc:  # no objdump: the build is fine, only the figure is missing
        print(f"glibc floor: not measured ({exc})")
        return 0
    for library in RELEASE_LIMITS:
        floor = floor_of(needs, library)
        print(f"{library.lower()} floor: {floor.text} (set by {floor.binary}; {floor.examined} ELF files examined)")
    if not inside():
        return 0  # the host's Python (VMBT_BUILD_PYTHON=host): its floor is this machine's glibc
    failures = above(needs, RELEASE_LIMITS)
    for line in failures:
        print(f"FAIL: {line}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
