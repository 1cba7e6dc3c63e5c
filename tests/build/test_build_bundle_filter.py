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
        "/src/libQt6Gui.so.6": ["libQt6Core.so.6", "libfreetype.so.6"],
        "/src/PySide6/Qt/plugins/printsupport/libcupsprintersupport.so": ["libcups.so.2", "libQt6Gui.so.6"],
        "/src/libcups.so.2": ["libgnutls.so.30"],
        "/src/libgtk-3.so.0": ["libcairo.so.2"],
    }
    binaries = [
        _entry("PySide6/QtGui.abi3.so", "EXTENSION"),
        _entry("libQt6Gui.so.6"), _entry("libQt6Core.so.6"), _entry("libfreetype.so.6"),
        _entry("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so"),
        _entry("libcups.so.2"), _entry("libgnutls.so.30"),
        _entry("libgtk-3.so.0"), _entry("libcairo.so.2"),  # left behind by a dropped GTK theme plugin
        _entry("libpython3.11.so.1.0"),
    ]
    kept = {entry[0] for entry in prune_unreachable(binaries, lambda path: needed.get(path, []))}
    assert kept == {"PySide6/QtGui.abi3.so", "libQt6Gui.so.6", "libQt6Core.so.6", "libfreetype.so.6",
                    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "libpython3.11.so.1.0"}


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("objdump") is None,
                    reason="reads ELF files with binutils")
def test_elf_needed_names_reads_the_xcb_plugins_link_table():
    pyside6 = pytest.importorskip("PySide6")
    plugin = Path(pyside6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    names = elf_needed_names(str(plugin))
    assert "libxcb-cursor.so.0" in names
    assert "libQt6Gui.so.6" in names
