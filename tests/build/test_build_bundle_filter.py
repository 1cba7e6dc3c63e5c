"""What the spec leaves out of the bundle, and the library pruning that follows the plugin filter."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from bundle_filter import elf_needed_names, keep_entry, prune_unreachable

QT = "PySide6/Qt"


@pytest.mark.parametrize("dest_name", [
    f"{QT}/plugins/platforms/libqxcb.so",
    f"{QT}/plugins/platforms/libqoffscreen.so",
    f"{QT}/plugins/imageformats/libqsvg.so",
    f"{QT}/plugins/imageformats/libqico.so",
    f"{QT}/plugins/iconengines/libqsvgicon.so",
    f"{QT}/plugins/printsupport/libcupsprintersupport.so",
    f"{QT}/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    f"{QT}/translations/qtbase_ko.qm",
    f"{QT}/translations/qtbase_en.qm",
    f"{QT}/lib/libQt6Core.so.6",
    f"{QT}/lib/libQt6Svg.so.6",
    f"{QT}/lib/libQt6DBus.so.6",
    f"{QT}/lib/libQt6XcbQpa.so.6",
    f"{QT}/lib/libQt6PrintSupport.so.6",
    r"PySide6\plugins\platforms\qwindows.dll",
    r"PySide6\plugins\styles\qmodernwindowsstyle.dll",
    r"PySide6\Qt6Widgets.dll",
    "resources/fonts/NanumBarunGothic.ttf",
    "wizard_flows/backup_failing.yaml",
    # The window's own Korean words: without it the executable's Korean window had English labels.
    "resources/translations/vmbt_ko.qm",
    r"resources\translations\vmbt_ko.qm",
])
def test_keeps_what_the_window_and_the_report_use(dest_name):
    assert keep_entry(dest_name)


@pytest.mark.parametrize("dest_name", [
    f"{QT}/plugins/platforms/libqwayland.so",
    f"{QT}/plugins/platforms/libqeglfs.so",
    f"{QT}/plugins/platforms/libqvnc.so",
    f"{QT}/plugins/imageformats/libqjpeg.so",
    f"{QT}/plugins/imageformats/libqpdf.so",
    f"{QT}/plugins/tls/libqopensslbackend.so",
    f"{QT}/plugins/networkinformation/libqnetworkmanager.so",
    f"{QT}/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
    f"{QT}/plugins/generic/libqevdevmouseplugin.so",
    f"{QT}/plugins/platformthemes/libqgtk3.so",
    f"{QT}/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    f"{QT}/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    f"{QT}/plugins/wayland-shell-integration/libxdg-shell.so",
    f"{QT}/translations/qtbase_de.qm",
    f"{QT}/translations/qt_ko.qm",
    f"{QT}/translations/qtdeclarative_ko.qm",
    f"{QT}/lib/libQt6Network.so.6",
    f"{QT}/lib/libQt6Qml.so.6",
    f"{QT}/lib/libQt6QuickControls2Basic.so.6",
    f"{QT}/lib/libQt6Pdf.so.6",
    f"{QT}/lib/libQt6WaylandClient.so.6",
    r"PySide6\opengl32sw.dll",
    r"PySide6\plugins\imageformats\qjpeg.dll",
    r"PySide6\Qt6Network.dll",
])
def test_drops_what_a_widgets_wizard_does_not_load(dest_name):
    assert not keep_entry(dest_name)


def test_kept_platform_plugins_exist_in_the_installed_pyside6():
    """A rename in a PySide6 update would silently drop the window's platform plugin."""
    pyside6 = pytest.importorskip("PySide6")
    platforms = Path(pyside6.__file__).parent / "Qt" / "plugins" / "platforms"
    if not sys.platform.startswith("linux"):
        pytest.skip("the wheel layout checked here is Linux's")
    installed = {path.name for path in platforms.iterdir()}
    kept = {name for name in installed if keep_entry(f"{QT}/plugins/platforms/{name}")}
    assert kept >= {"libqxcb.so", "libqoffscreen.so"}


def _entry(name, typecode="BINARY"):
    return (name, f"/src/{name}", typecode)


def test_prune_keeps_what_roots_link_to_and_drops_orphans():
    needed = {
        "/src/PySide6/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": ["libQt6Core.so.6", "libxcb-cursor.so.0"],
        "/src/PySide6/Qt/plugins/printsupport/libcupsprintersupport.so": ["libcups.so.2", "libQt6Gui.so.6"],
        "/src/libcups.so.2": ["libgnutls.so.30"],
        "/src/libgtk-3.so.0": ["libcairo.so.2"],
    }
    binaries = [
        _entry("PySide6/QtGui.abi3.so", "EXTENSION"),
        _entry("libQt6Gui.so.6"), _entry("libQt6Core.so.6"), _entry("libxcb-cursor.so.0"),
        _entry("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so"),
        _entry("libcups.so.2"), _entry("libgnutls.so.30"),
        _entry("libgtk-3.so.0"), _entry("libcairo.so.2"),  # left behind by a dropped GTK theme plugin
        _entry("libpython3.11.so.1.0"),
    ]
    kept = {entry[0] for entry in prune_unreachable(binaries, lambda path: needed.get(path, []))}
    assert kept == {"PySide6/QtGui.abi3.so", "libQt6Gui.so.6", "libQt6Core.so.6", "libxcb-cursor.so.0",
                    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "libpython3.11.so.1.0"}


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("objdump") is None,
                    reason="reads ELF files with binutils")
def test_elf_needed_names_reads_the_xcb_plugins_link_table():
    pyside6 = pytest.importorskip("PySide6")
    plugin = Path(pyside6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    names = elf_needed_names(str(plugin))
    assert "libxcb-cursor.so.0" in names
    assert "libQt6Gui.so.6" in names


def test_system_dbus_and_glib_are_not_bundled_nor_what_only_they_need():
    """libdbus-1 would drag libsystemd, libgcrypt and lz4 into every start's unpacking; Debian 12's libzstd
    needs glibc 2.34."""
    needed = {
        "/src/PySide6/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": ["libQt6DBus.so.6", "libQt6Core.so.6", "libglib-2.0.so.0"],
        "/src/libQt6DBus.so.6": ["libdbus-1.so.3"],
        "/src/libQt6Core.so.6": ["libglib-2.0.so.0", "libgthread-2.0.so.0", "libzstd.so.1"],
        "/src/libdbus-1.so.3": ["libsystemd.so.0"],
        "/src/libsystemd.so.0": ["libgcrypt.so.20", "liblz4.so.1", "libzstd.so.1"],
        "/src/libglib-2.0.so.0": ["libpcre2-8.so.0"],
    }
    names = ["libQt6Gui.so.6", "libQt6DBus.so.6", "libQt6Core.so.6", "libdbus-1.so.3", "libsystemd.so.0",
             "libgcrypt.so.20", "liblz4.so.1", "libzstd.so.1", "libglib-2.0.so.0", "libgthread-2.0.so.0",
             "libpcre2-8.so.0"]
    binaries = [_entry("PySide6/QtGui.abi3.so", "EXTENSION"), *(_entry(name) for name in names)]
    kept = {entry[0] for entry in prune_unreachable(binaries, lambda path: needed.get(path, []))}
    assert kept == {"PySide6/QtGui.abi3.so", "libQt6Gui.so.6", "libQt6DBus.so.6", "libQt6Core.so.6"}


def test_tls_and_unused_compression_modules_are_left_out():
    from bundle_filter import EXCLUDED_MODULES

    assert {"ssl", "_ssl", "_hashlib", "_lzma", "_bz2"} <= set(EXCLUDED_MODULES)


def test_the_program_runs_without_the_left_out_modules(tmp_path):
    """As in the bundle, where they are absent: every module of the program and the window imports,
    the flows load through their SHA-256 cache key, a check fetches over HTTP and a PDF is written."""
    import os
    import subprocess

    from bundle_filter import EXCLUDED_MODULES

    blocked = sorted(name for name in EXCLUDED_MODULES
                     if name in ("ssl", "_ssl", "_hashlib", "lzma", "_lzma", "bz2", "_bz2"))
    code = f"""
import sys
BLOCKED = {blocked!r}
class LeftOut:  # a plain finder: importlib.abc itself would import shutil, and bz2 with it
    def find_spec(self, name, path=None, target=None):
        if name in BLOCKED:
            raise ImportError(f"{{name}} is not in the bundle")
sys.meta_path.insert(0, LeftOut())
import importlib, pkgutil
import gui, troubleshooter
for package in (troubleshooter, gui):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if info.name not in ("gui.screenshots", "troubleshooter.__main__"):
            importlib.import_module(info.name)
from troubleshooter.flows.compiled import load_checked_flows
assert len(load_checked_flows()) > 5
import threading, http.server
server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
threading.Thread(target=server.serve_forever, daemon=True).start()
from troubleshooter.checks.host import LocalHost
assert LocalHost().http_get(f"http://127.0.0.1:{{server.server_port}}/", timeout=5).status == 200
assert not set(BLOCKED) & set(sys.modules), set(BLOCKED) & set(sys.modules)
print("ran without", ", ".join(BLOCKED))
"""
    import site

    # -S: no site start-up, which imports shutil (and with it bz2 and lzma) before the finder is in place.
    paths = [str(Path(__file__).resolve().parents[2]), *site.getsitepackages()]
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", VMBT_DATA_DIR=str(tmp_path),
                       PYTHONPATH=os.pathsep.join(paths))
    result = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env=environment, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ran without" in result.stdout


def test_what_the_bundle_leaves_to_the_machine_is_named_when_missing():
    """A library left out of the bundle must be one the start-up check names, with its package,
    when the machine lacks it (the C++ runtime and CUPS excepted: apt and dnf need the first,
    printing is optional)."""
    from bundle_filter import SYSTEM_PROVIDED

    from troubleshooter.gui_libraries import QTGUI_LIBRARIES

    named = {library.soname for library in QTGUI_LIBRARIES}
    assert SYSTEM_PROVIDED - {"libcups.so.2", "libstdc++.so.6", "libgcc_s.so.1"} <= named
