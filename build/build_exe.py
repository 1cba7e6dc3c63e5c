"""`make exe`: builds dist/VMBackupTroubleshooter (.exe on Windows) from build/VMBackupTroubleshooter.spec.

Work files go to .pyinstaller-work/ and output to dist/, so build/ holds only sources.
Usage: build_exe.py [--onedir] [--both]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "VMBackupTroubleshooter.spec"
WORK = ROOT / ".pyinstaller-work"
DIST = ROOT / "dist"


def build(bundle: str) -> Path:
    started = time.monotonic()
    environment = dict(os.environ, VMBT_BUNDLE=bundle)
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean",
               "--log-level", "WARN",
               "--workpath", str(WORK / bundle), "--distpath", str(DIST if bundle == "onefile" else DIST / "onedir")]
    subprocess.run(command, check=True, cwd=ROOT, env=environment)
    suffix = ".exe" if sys.platform == "win32" else ""
    if bundle == "onefile":
        product = DIST / f"VMBackupTroubleshooter{suffix}"
        size = product.stat().st_size
    else:
        product = DIST / "onedir" / "VMBackupTroubleshooter"
        size = sum(path.stat().st_size for path in product.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"{bundle}: {product} {size / 1e6:.1f} MB in {time.monotonic() - started:.0f} s")
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
    parser.add_argument("--both", action="store_true", help="build the one-file and the folder form")
    args = parser.parse_args(argv)
    bundles = ["onefile", "onedir"] if args.both else ["onedir"] if args.onedir else ["onefile"]
    for bundle in bundles:
        product = build(bundle)
        if bundle == "onefile":
            print(f"checksum: {write_checksum(product)}")
        if sys.platform.startswith("linux"):
            print_glibc_floor(product)
    return 0


def print_glibc_floor(product: Path) -> None:
    """The oldest glibc this build runs on (the release fails above 2.28: build/glibc_floor.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from glibc_floor import glibc_floor

    try:
        floor = glibc_floor(product)
    except RuntimeError as exc:  # no objdump: the build is fine, only the figure is missing
        print(f"glibc floor: not measured ({exc})")
        return
    print(f"glibc floor: {floor.text} (set by {floor.binary}; {floor.examined} ELF files examined)")


if __name__ == "__main__":
    sys.exit(main())
