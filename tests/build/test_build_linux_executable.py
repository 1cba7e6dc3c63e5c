"""The Linux executable's floor: what builds it (the glibc 2.28 CPython and its venv) and what CI holds it to."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import debian11_root
import linux_build_venv
import python_glibc228

ROOT = Path(__file__).resolve().parents[2]


def ci_commands() -> list[str]:
    return [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_ci_holds_the_built_file_to_rhel_8_and_starts_it_on_debian_11():
    commands = ci_commands()
    build = commands.index("make exe")
    floor = next(i for i, c in enumerate(commands) if "build/glibc_floor.py dist/VMBackupTroubleshooter" in c)
    debian11 = next(i for i, c in enumerate(commands) if "build/debian11_test.py dist/VMBackupTroubleshooter" in c)
    assert build < floor and build < debian11
    assert "--max 2.28 --max-glibcxx 3.4.25" in commands[floor]


def test_the_linux_build_takes_the_last_qt_built_for_glibc_2_28():
    pins = [r for r in linux_build_venv.requirements() if r.startswith("PySide6-Essentials")]
    linux = [r for r in pins if "sys_platform == 'linux'" in r]
    assert len(linux) == 1 and "<6.10" in linux[0], "PySide6 6.10 and later need glibc 2.34 (libQt6Core)"
    assert any(r.startswith("pyinstaller") for r in linux_build_venv.requirements())


def test_the_interpreter_is_keyed_by_its_sources_and_flags(tmp_path, monkeypatch):
    dsc = tmp_path / "zlib_1.2.13.dfsg-1.dsc"
    dsc.write_text("Checksums-Sha256:\n aaa 1 zlib_1.2.13.dfsg.orig.tar.gz\n", encoding="utf-8")
    first = python_glibc228.key([dsc])
    assert python_glibc228.key([dsc]) == first
    dsc.write_text("Checksums-Sha256:\n bbb 1 zlib_1.2.13.dfsg.orig.tar.gz\n", encoding="utf-8")
    second = python_glibc228.key([dsc])
    assert second != first, "a new source package must build a new interpreter"
    monkeypatch.setattr(python_glibc228, "UNAVAILABLE_MODULES", ("_tkinter",))
    assert python_glibc228.key([dsc]) != second, "other configure flags must build a new interpreter"


def test_the_upstream_tarball_is_found_beside_its_dsc(tmp_path):
    dsc = tmp_path / "python3.11_3.11.2-6+deb12u8.dsc"
    dsc.write_text("", encoding="utf-8")
    (tmp_path / "python3.11_3.11.2.orig.tar.xz.asc").write_text("", encoding="utf-8")
    (tmp_path / "python3.11_3.11.2.orig.tar.xz").write_text("", encoding="utf-8")
    assert python_glibc228._upstream_tarball(dsc).name == "python3.11_3.11.2.orig.tar.xz"


def test_the_debian11_root_has_no_network_and_its_own_mounts_and_processes(tmp_path):
    command = debian11_root.command_in_root(tmp_path, ["/opt/vmbt/VMBackupTroubleshooter", "--version"])
    assert command[0] == "unshare"
    assert {"--net", "--mount", "--pid", "--fork", "--mount-proc", f"--root={tmp_path}"} <= set(command)
    assert command[-2:] == ["/opt/vmbt/VMBackupTroubleshooter", "--version"]


@pytest.mark.skipif(not python_glibc228.CACHE.is_dir(), reason="the glibc 2.28 CPython was never built here")
def test_a_built_interpreter_asks_for_nothing_above_glibc_2_28():
    import glibc_floor

    built = sorted(path for path in python_glibc228.CACHE.iterdir()
                   if (path / python_glibc228.MARKER).is_file() and re.fullmatch(r"[0-9a-f]{16}", path.name))
    if not built:
        pytest.skip("no complete glibc 2.28 CPython in the cache")
    needs = glibc_floor.file_needs(built[-1] / "lib")
    assert any(name.startswith("libpython3.11") for name in needs)
    assert glibc_floor.above(needs, {"GLIBC": (2, 28)}) == []
    probe = subprocess.run([str(built[-1] / "bin" / "python3.11"), "-c", "import ssl, lzma, bz2, ctypes; print('ok')"],
                           capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "ok", probe.stderr
