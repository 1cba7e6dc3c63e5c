"""The Linux library check that runs before Qt: when it runs, what it finds, what it says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from troubleshooter import gui_libraries
from troubleshooter.gui_libraries import (QTGUI_LIBRARIES, XCB_LIBRARIES, missing_libraries, offscreen_problem,
                                          will_use_xcb, window_problem)

NOT_FOUND = "{}: cannot open shared object file: No such file or directory"


def _probe_missing(*absent, because=None):
    """A loader that cannot find `absent`; `because` maps a library to the dependency it lacks."""
    because = because or {}

    def probe(soname):
        if soname in because:
            return NOT_FOUND.format(because[soname])
        return NOT_FOUND.format(soname) if soname in absent else None

    return probe


@pytest.mark.parametrize("environ, platform, expected", [
    ({}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb:no-grab"}, "linux", True),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_xcb_is_checked_only_when_qt_will_use_it(environ, platform, expected):
    assert will_use_xcb(environ, platform) is expected


def test_no_display_is_explained_before_any_library_is_probed():
    def probe(soname):
        raise AssertionError("no probing without a display")

    message = window_problem({}, "linux", probe)
    assert "DISPLAY" in message and "checks" in message


def test_missing_xcb_libraries_are_named_with_their_packages():
    message = window_problem({"DISPLAY": ":0"}, "linux", _probe_missing("libxcb-icccm.so.4", "libxcb-keysyms.so.1"))
    assert "libxcb-icccm.so.4" in message and "libxcb-keysyms.so.1" in message
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in message
    assert "xcb-util-wm" in message and "xcb-util-keysyms" in message


def test_a_missing_dependency_is_named_instead_of_the_library_that_needs_it():
    probe = _probe_missing(because={"libxcb-cursor.so.0": "libxcb-render-util.so.0"})
    [missing] = missing_libraries(XCB_LIBRARIES, probe)
    assert missing.missing == "libxcb-render-util.so.0"
    message = window_problem({"DISPLAY": ":0"}, "linux", probe)
    assert "libxcb-render-util0" in message


def test_an_unknown_load_error_is_shown_as_the_loader_said_it():
    def probe(soname):
        return "libX11.so.6: wrong ELF class: ELFCLASS32" if soname == "libX11.so.6" else None

    message = window_problem({"DISPLAY": ":0"}, "linux", probe)
    assert "wrong ELF class" in message


def test_nothing_is_said_when_everything_loads():
    assert window_problem({"DISPLAY": ":0"}, "linux", _probe_missing()) is None
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", _probe_missing("libGL.so.1")) is None
    assert window_problem({}, "win32", _probe_missing("libGL.so.1")) is None


def test_the_pdf_path_needs_only_qtgui_libraries():
    assert offscreen_problem("linux", _probe_missing("libxcb-cursor.so.0")) is None
    message = offscreen_problem("linux", _probe_missing("libGL.so.1"))
    assert "libGL.so.1" in message and "libgl1" in message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sonames")
def test_the_real_loader_is_asked_by_soname():
    assert gui_libraries.load_error("libc.so.6") is None
    error = gui_libraries.load_error("libvmbt-no-such-library.so.9")
    assert "libvmbt-no-such-library.so.9: cannot open shared object file" in error


def test_the_check_imports_no_qt():
    code = "import sys, troubleshooter.gui_libraries; print([m for m in sys.modules if m.startswith('PySide6')])"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


_GLIBC_AND_COMPILER = re.compile(r"^(libc|libm|libdl|librt|libpthread|ld-linux[\w-]*|libstdc\+\+|libgcc_s)\.so")


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("objdump") is None,
                    reason="reads the Linux wheel's ELF files with binutils")
def test_the_lists_cover_every_system_library_the_qt_files_link_to():
    """A PySide6 update that links a new X11 library must show up here, not on a VM owner's screen."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "build"))
    from bundle_filter import elf_needed_names

    pyside6 = pytest.importorskip("PySide6")
    qt = Path(pyside6.__file__).parent / "Qt"
    files = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6",
             qt / "lib" / "libQt6Gui.so.6", qt / "lib" / "libQt6Core.so.6", qt / "lib" / "libQt6DBus.so.6"]
    linked = {name for path in files for name in elf_needed_names(str(path))
              if not name.startswith(("libQt6", "libicu")) and not _GLIBC_AND_COMPILER.match(name)}
    listed = {library.soname for library in QTGUI_LIBRARIES + XCB_LIBRARIES}
    assert linked <= listed, f"not in gui_libraries: {sorted(linked - listed)}"
