"""build/glibc_floor.py: the highest GLIBC symbol version a bundle needs, read from real ELF files."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

import glibc_floor

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("objdump") is None,
                                reason="needs Linux and binutils")

OBJDUMP_T = """\
/usr/lib/libfoo.so:     file format elf64-x86-64

DYNAMIC SYMBOL TABLE:
0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.2.5) malloc
0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.34) __libc_start_main
0000000000000000      DF *UND*\t0000000000000000 (GLIBCXX_3.4.30) _ZNSt6chrono3_V212system_clock3nowEv
0000000000000000  w   DF *UND*\t0000000000000000 (GLIBC_2.17) clock_gettime
0000000000012340 g    DF .text\t0000000000000042  GLIBC_2.38  a_symbol_this_library_defines
"""


def system_glibc() -> tuple[int, ...]:
    return glibc_floor.parse_version(os.confstr("CS_GNU_LIBC_VERSION").split()[1])


def test_only_imported_glibc_versions_count():
    assert glibc_floor.required_versions(OBJDUMP_T) == {(2, 2, 5), (2, 34), (2, 17)}
    assert max(glibc_floor.required_versions(OBJDUMP_T)) == (2, 34)


def test_the_machines_cxx_runtime_counts_too():
    assert glibc_floor.required_versions(OBJDUMP_T, "GLIBCXX") == {(3, 4, 30)}


def test_every_file_above_a_limit_is_named_with_what_it_needs():
    needs = {"payload:_internal/libQt6Core.so.6": {"GLIBC": (2, 34), "GLIBCXX": (3, 4, 29)},
             "payload:_internal/libpython3.11.so.1.0": {"GLIBC": (2, 28), "GLIBCXX": ()},
             "payload:_internal/libzstd.so.1": {"GLIBC": (2, 36), "GLIBCXX": ()}}
    failures = glibc_floor.above(needs, glibc_floor.RELEASE_LIMITS)
    assert failures == [
        "payload:_internal/libQt6Core.so.6 needs GLIBC_2.34, above the 2.28 the release holds to",
        "payload:_internal/libQt6Core.so.6 needs GLIBCXX_3.4.29, above the 3.4.25 the release holds to",
        "payload:_internal/libzstd.so.1 needs GLIBC_2.36, above the 2.28 the release holds to",
    ]
    assert glibc_floor.floor_of(needs).binary == "payload:_internal/libzstd.so.1"


def test_the_release_holds_to_rhel_8():
    """RHEL/Rocky/Alma 8 is the oldest Linux of the list in README: glibc 2.28 and GCC 8's libstdc++."""
    assert glibc_floor.RELEASE_LIMITS == {"GLIBC": (2, 28), "GLIBCXX": (3, 4, 25)}


def real_programs() -> list[Path]:
    return [Path(found) for found in (shutil.which("ls"), shutil.which("objdump"), sys.executable) if found]


def test_a_folder_names_the_file_that_sets_the_floor(tmp_path):
    for program in real_programs():
        shutil.copy(program, tmp_path / program.name)
    (tmp_path / "notes.txt").write_text("not an ELF file")
    floor = glibc_floor.glibc_floor(tmp_path)
    each = {path.name: max(glibc_floor.elf_requirements(path, shutil.which("objdump")), default=())
            for path in tmp_path.iterdir() if path.suffix != ".txt"}
    assert floor.version == max(each.values()) and each[floor.binary] == floor.version
    assert floor.examined == len(each)
    assert (2, 2) <= floor.version <= system_glibc()


def test_a_one_file_archive_is_opened_and_its_libraries_examined(tmp_path):
    from PyInstaller.archive.readers import PKG_ITEM_BINARY, PKG_ITEM_DATA
    from PyInstaller.archive.writers import CArchiveWriter

    programs = real_programs()
    archive = tmp_path / "bundle"
    CArchiveWriter(str(archive), [(f"lib/{p.name}", str(p), True, PKG_ITEM_BINARY) for p in programs]
                   + [("data/readme.txt", __file__, True, PKG_ITEM_DATA)], "libpython3.so")
    floor = glibc_floor.glibc_floor(archive)
    assert floor.examined == 1 + len(programs)  # the file itself, then each ELF inside
    assert floor.binary.startswith("lib/")
    assert floor.version == glibc_floor.glibc_floor(_folder_of(tmp_path, programs)).version


def _folder_of(tmp_path: Path, programs: list[Path]) -> Path:
    folder = tmp_path / "plain"
    folder.mkdir()
    for program in programs:
        shutil.copy(program, folder / program.name)
    return folder


def test_the_release_limit_fails_above_it(tmp_path, capsys):
    shutil.copy(sys.executable, tmp_path / "python")
    floor = glibc_floor.glibc_floor(tmp_path)
    below = ".".join(map(str, (floor.version[0], floor.version[1] - 1)))
    assert glibc_floor.main([str(tmp_path), "--max", below]) == 1
    assert f"FAIL: python needs GLIBC_{floor.text}, above the {below}" in capsys.readouterr().err
    assert glibc_floor.main([str(tmp_path), "--max", floor.text]) == 0
    assert f"glibc floor: {floor.text}" in capsys.readouterr().out


def test_a_two_stage_one_file_build_is_examined_with_the_program_it_carries(tmp_path):
    """The launcher's archive holds only its own few libraries; the program's are in the payload."""
    from PyInstaller.archive.readers import PKG_ITEM_DATA
    from PyInstaller.archive.writers import CArchiveWriter

    import onefile_payload

    programs = real_programs()
    program_folder = tmp_path / "onedir" / "VMBackupTroubleshooter"
    (program_folder / "_internal").mkdir(parents=True)
    for program in programs:
        shutil.copy(program, program_folder / "_internal" / program.name)
    os.symlink(programs[0].name, program_folder / "_internal" / "a-link")
    payload = tmp_path / "payload.zip"
    sha256 = onefile_payload.pack_folder(program_folder, payload)
    archive = tmp_path / "archive.pkg"
    CArchiveWriter(str(archive), [("data/readme.txt", __file__, True, PKG_ITEM_DATA)], "libpython3.so")
    launcher = tmp_path / "launcher"
    launcher.write_bytes(b"bootloader" * 100 + archive.read_bytes())
    onefile_payload.embed_by_splice(launcher, payload, sha256)

    floor = glibc_floor.glibc_floor(launcher)

    assert floor.examined == 1 + len(programs)  # the file itself, then each ELF in the payload (not the link)
    assert floor.binary.startswith("payload:VMBackupTroubleshooter/_internal/")
    assert floor.version == glibc_floor.glibc_floor(_folder_of(tmp_path, programs)).version
