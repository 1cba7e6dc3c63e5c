"""The oldest glibc the Linux executable runs on: the highest GLIBC_x.y symbol version that the
file itself or any library bundled inside it asks for (`objdump -T`, from binutils). The C++ runtime
is the machine's (build/bundle_filter.py), so the highest GLIBCXX_x.y.z counts too.

    python build/glibc_floor.py [EXECUTABLE_OR_FOLDER] [--max 2.28] [--max-glibcxx 3.4.25]

A one-file build is opened with PyInstaller's own archive reader (the launcher's files) and its
payload, the one-folder build it unpacks into the cache, is read too (build/onefile_payload.py):
every ELF inside either is examined; a one-folder build is walked. Prints the figure and the file that sets it; with --max
(or --max-glibcxx), names every file above it and exits 1. The release holds RHEL/Rocky/Alma 8's glibc 2.28 and
its C++ runtime (GCC 8: GLIBCXX_3.4.25): RELEASE_LIMITS.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EXECUTABLE = ROOT / "dist" / "VMBackupTroubleshooter"
ELF_MAGIC = b"\x7fELF"
# Only the dynamic symbols a file takes from glibc count ("GLIBC_2.28"); a library that exports
# versioned symbols of its own (GLIBC_PRIVATE, GLIBCXX_3.4) is no floor.
_VERSION = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")
_CXX_VERSION = re.compile(r"\bGLIBCXX_(\d+)\.(\d+)(?:\.(\d+))?\b")
# The oldest machines the release runs on: RHEL/Rocky/Alma 8 (glibc 2.28, libstdc++ of GCC 8).
RELEASE_LIMITS = {"GLIBC": (2, 28), "GLIBCXX": (3, 4, 25)}


@dataclass(frozen=True)
class Floor:
    version: tuple[int, ...]
    binary: str  # the file that needs it (its name inside the bundle)
    examined: int  # how many ELF files were read

    @property
    def text(self) -> str:
        return ".".join(str(part) for part in self.version) if self.version else "none"


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def required_versions(objdump_output: str, library: str = "GLIBC") -> set[tuple[int, ...]]:
    """GLIBC (or GLIBCXX) versions of the undefined (imported) dynamic symbols in `objdump -T` output."""
    pattern = _CXX_VERSION if library == "GLIBCXX" else _VERSION
    found = set()
    for line in objdump_output.splitlines():
        # Imported symbols sit in section *UND*; defined ones (a libc of its own) are no requirement.
        if "*UND*" not in line:
            continue
        for match in pattern.finditer(line):
            found.add(tuple(int(part) for part in match.groups() if part is not None))
    return found


def _objdump_t(path: Path, objdump: str) -> str:
    result = subprocess.run([objdump, "-T", str(path)], capture_output=True, text=True, errors="replace")
    return result.stdout if result.returncode == 0 else ""  # no dynamic symbol table: a static file


def elf_requirements(path: Path, objdump: str, library: str = "GLIBC") -> set[tuple[int, ...]]:
    return required_versions(_objdump_t(path, objdump), library)


def _is_elf(data_or_path) -> bool:
    if isinstance(data_or_path, (bytes, bytearray)):
        return bytes(data_or_path[:4]) == ELF_MAGIC
    try:
        with open(data_or_path, "rb") as handle:
            return handle.read(4) == ELF_MAGIC
    except OSError:
        return False


def _bundled_elves(executable: Path, scratch: Path) -> list[tuple[str, Path]]:
    """(name in the bundle, extracted path) of every ELF a one-file build carries, and the file itself."""
    from PyInstaller.archive.readers import CArchiveReader, NotAnArchiveError

    found = [(executable.name, executable)]
    try:
        archive = CArchiveReader(str(executable))
    except NotAnArchiveError:
        return found
    for index, name in enumerate(sorted(archive.toc)):
        data = archive.extract(name)
        if isinstance(data, (bytes, bytearray)) and _is_elf(data):
            target = scratch / f"{index:05d}-{Path(name).name}"
            target.write_bytes(data)
            found.append((name, target))
    return found + _payload_elves(executable, scratch)


def _payload_elves(executable: Path, scratch: Path) -> list[tuple[str, Path]]:
    """The ELF files of the one-folder build that a two-stage one-file build carries (none in others)."""
    import stat
    import zipfile

    from onefile_payload import PayloadError, locate

    try:
        payload = locate(executable)
    except PayloadError:
        return []
    found = []
    with payload.open() as source, zipfile.ZipFile(source) as archive:
        for index, member in enumerate(archive.infolist()):
            if member.is_dir() or stat.S_ISLNK(member.external_attr >> 16):
                continue  # a link's target is examined as itself
            with archive.open(member) as data:
                if not _is_elf(data.read(4)):
                    continue
            target = scratch / f"payload-{index:05d}-{Path(member.filename).name}"
            target.write_bytes(archive.read(member))
            found.append((f"payload:{member.filename}", target))
    return found


def _folder_elves(folder: Path) -> list[tuple[str, Path]]:
    return [(str(path.relative_to(folder)), path) for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.is_symlink() and _is_elf(path)]


def file_needs(target: Path, objdump: str | None = None) -> dict[str, dict[str, tuple[int, ...]]]:
    """Per ELF file of the build (its name inside the bundle): the highest GLIBC and GLIBCXX it asks for
    (`()` for none)."""
    objdump = objdump or shutil.which("objdump")
    if objdump is None:
        raise RuntimeError("objdump not found: install binutils")
    needs = {}
    with tempfile.TemporaryDirectory(prefix="vmbt-glibc-") as scratch:
        elves = _folder_elves(target) if target.is_dir() else _bundled_elves(target, Path(scratch))
        for name, path in elves:
            symbols = _objdump_t(path, objdump)
            needs[name] = {library: max(required_versions(symbols, library), default=())
                           for library in RELEASE_LIMITS}
    return needs


def floor_of(needs: dict[str, dict[str, tuple[int, ...]]], library: str = "GLIBC") -> Floor:
    best: tuple[tuple[int, ...], str] = ((), "")
    for name, needed in needs.items():
        if needed[library] > best[0]:
            best = (needed[library], name)
    return Floor(best[0], best[1], len(needs))


def glibc_floor(target: Path, objdump: str | None = None) -> Floor:
    return floor_of(file_needs(target, objdump))


def above(needs: dict[str, dict[str, tuple[int, ...]]], limits: dict[str, tuple[int, ...]]) -> list[str]:
    """One line per file that asks for more than `limits` allows, naming the file and what it needs."""
    lines = []
    for name, needed in sorted(needs.items()):
        for library, limit in limits.items():
            if needed[library] > limit:
                lines.append(f"{name} needs {library}_{'.'.join(map(str, needed[library]))}, "
                             f"above the {'.'.join(map(str, limit))} the release holds to")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", nargs="?", type=Path, default=DEFAULT_EXECUTABLE,
                        help="the one-file executable or the one-folder build's folder")
    parser.add_argument("--max", type=parse_version, help="fail when the floor is above this glibc (e.g. 2.28)")
    parser.add_argument("--max-glibcxx", type=parse_version,
                        help="fail when a file asks the machine's libstdc++ for more than this (e.g. 3.4.25)")
    args = parser.parse_args(argv)
    if not args.target.exists():
        print(f"{args.target}: not found", file=sys.stderr)
        return 2
    needs = file_needs(args.target)
    for library in RELEASE_LIMITS:
        floor = floor_of(needs, library)
        print(f"{library.lower()} floor: {floor.text} (set by {floor.binary or 'nothing'}; "
              f"{floor.examined} ELF files examined)")
    limits = {library: limit for library, limit in (("GLIBC", args.max), ("GLIBCXX", args.max_glibcxx)) if limit}
    failures = above(needs, limits)
    for line in failures:
        print(f"FAIL: {line}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
