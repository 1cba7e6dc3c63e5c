"""What the frozen executable leaves out of PyInstaller's collection, and why.

PyInstaller's PySide6 hooks collect every plugin type and translation that the Qt modules we
import *could* use. A QWizard that prints and saves PDFs needs far less; each left-out file is
named here with the reason, so the spec stays a thin caller and the rules are unit-tested.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Python modules nothing in the program imports at run time but that analysis drags in through
# optional imports (test tools, the build tool itself, PDF reading used only by tests, Tk).
EXCLUDED_MODULES = (
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "test", "unittest", "doctest", "pydoc",
    "pydoc_data", "lib2to3", "ensurepip", "venv", "distutils", "setuptools", "pkg_resources", "pip",
    "pytest", "_pytest", "pytestqt", "hypothesis", "pypdf", "PyInstaller", "IPython", "numpy",
    "matplotlib", "PIL",
    # TLS and OpenSSL's hashes (libssl + libcrypto, 5.6 MB to unpack at every start): every check
    # talks plain HTTP or TCP, and hashlib falls back to Python's own SHA-256 without _hashlib.
    "ssl", "_ssl", "_hashlib",
    # Compression formats nothing opens (liblzma, libbz2).
    "lzma", "_lzma", "bz2", "_bz2",
    # Qt modules the window never uses; a stray import would pull in tens of megabytes.
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDBus",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtXml",
    "PySide6.QtConcurrent", "PySide6.QtStateMachine",
    # pywin32's MFC user interface (win32ui needs mfc140u.dll, part of no Windows): the checks use
    # only COM and the version API (build/pe_floor.py found it).
    "win32ui", "win32uiole", "dde", "pywin",
)

# Qt plugin folders a widgets wizard on X11, Windows or macOS does not load. The window is X11
# only on Linux: Wayland desktops run it through XWayland, and Azure VMs are reached over xrdp or
# SSH X forwarding, both X11.
DROPPED_PLUGIN_TYPES = frozenset({
    "egldeviceintegrations",   # eglfs on bare framebuffers, not a desktop
    "generic",                 # evdev/tuio input for kiosk devices
    "networkinformation",      # QtNetwork only
    "tls",                     # QtNetwork only
    "qmltooling", "designer", "sqldrivers", "vectorimageformats", "multimedia",
    "wayland-decoration-client", "wayland-graphics-integration-client",
    "wayland-graphics-integration-server", "wayland-shell-integration",
    "platformthemes",          # GTK/portal themes would pull GTK into the bundle; Qt's own dialogs suffice
    # OpenGL on X11: widgets draw with the raster engine. Without it Qt never opens the machine's
    # GL driver, whose libLLVM may want a newer libstdc++ than the one bundled here.
    "xcbglintegrations",
})

# Platform plugins kept: the real screen on each OS, and offscreen for --self-test and the PDF path.
KEPT_PLATFORMS = frozenset({"qxcb", "qoffscreen", "qwindows", "qcocoa", "qminimal"})

# Image formats: PNG is built into QtGui; ICO is the Windows icon, SVG the window icon.
KEPT_IMAGE_FORMATS = frozenset({"qico", "qsvg"})

# Input methods: compose for dead keys, ibus because Korean text on Linux is typed through it;
# the virtual keyboard would pull in QtQuick.
KEPT_INPUT_CONTEXTS = frozenset({"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"})

# Qt libraries that nothing kept links to once the plugins above are gone.
_DROPPED_QT_LIBRARY = re.compile(
    r"Qt6(Network|Qml\w*|Quick\w*|Pdf\w*|Wayland\w*|OpenGL\w*|VirtualKeyboard\w*|Designer\w*|"
    r"LabsStyleKit|Multimedia\w*|Sql|Test|WebEngine\w*|WebChannel|Positioning|EglFS\w*|ShaderTools|"
    r"Svgwidgets|SvgWidgets|Xml|Concurrent|StateMachine|UiTools|Help)\b"
)

# Windows' software OpenGL fallback (about 20 MB): a widgets window draws with the raster engine.
_DROPPED_WINDOWS_FILES = frozenset({"opengl32sw.dll", "d3dcompiler_47.dll"})

# Qt translations kept: the two languages of the program; qtbase carries QWizard's buttons.
KEPT_TRANSLATIONS = frozenset({"qtbase_ko.qm", "qtbase_en.qm"})


def _library_stem(name: str) -> str:
    """`libqxcb.so` / `qxcb.dll` / `libqxcb.dylib` -> `qxcb`."""
    stem = name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_entry(dest_name: str) -> bool:
    """Whether a file PyInstaller collected belongs in the bundle (dest_name: its path in the bundle)."""
    path = PurePosixPath(dest_name.replace("\\", "/"))
    name = path.name
    if name.lower() in _DROPPED_WINDOWS_FILES:
        return False
    if _DROPPED_QT_LIBRARY.search(name):
        return False
    parts = path.parts
    # Qt's own catalogs only: the program's (resources/translations/vmbt_ko.qm) is always kept.
    if "translations" in parts and name.endswith(".qm") and "resources" not in parts:
        return name in KEPT_TRANSLATIONS
    if "plugins" in parts:
        index = parts.index("plugins")
        if len(parts) < index + 3:
            return True
        plugin_type, stem = parts[index + 1], _library_stem(name)
        if plugin_type in DROPPED_PLUGIN_TYPES:
            return False
        if plugin_type == "platforms":
            return stem in KEPT_PLATFORMS
        if plugin_type == "imageformats":
            return stem in KEPT_IMAGE_FORMATS
        if plugin_type == "platforminputcontexts":
            return stem in KEPT_INPUT_CONTEXTS
    return True


def filter_toc(entries):
    """Drop the entries `keep_entry` rejects from a PyInstaller TOC of (dest, source, typecode)."""
    return [entry for entry in entries if keep_entry(entry[0])]


# Left to the machine: the print plugin loads the system's CUPS when there is one (a desktop
# with printers has it) and is skipped silently when there is none; bundling CUPS would add its
# Kerberos, GnuTLS and Avahi dependencies, about 8 MB, for VMs that have no printer.
#
# D-Bus and GLib: every Linux that runs a desktop or systemd has them (README names them as the
# machine's part: libdbus-1-3, libglib2.0-0; RHEL's dbus-libs and glib2 are in every install).
# Bundling libdbus-1 drags in libsystemd with libgcrypt, lz4 and libcap, about 5 MB with GLib's
# PCRE, unpacked again at every start of the one-file build.
# Fontconfig and FreeType (with libpng, brotli and expat): also the machine's part in README and
# in troubleshooter/gui_libraries.py; the system's copy reads the system's own font configuration.
# The C++ runtime: apt and dnf are C++ programs, so every Debian, Ubuntu and RHEL has libstdc++;
# the Qt wheels are built to need no newer one than their manylinux baseline ships.
# libX11, libxkbcommon and libzstd: the build machine's copies need glibc 2.33-2.34, above the 2.28
# the executable holds to (build/glibc_floor.py). QtGui links the first two, so wherever the
# machine has libGL (whose GLX part needs libX11) it draws with its own; apt, dnf and zypper link
# libzstd. A machine without one gets the package named (troubleshooter/gui_libraries.py).
SYSTEM_PROVIDED = frozenset({
    "libcups.so.2",
    "libdbus-1.so.3", "libglib-2.0.so.0", "libgthread-2.0.so.0",
    "libfontconfig.so.1", "libfreetype.so.6",
    "libstdc++.so.6", "libgcc_s.so.1",
    "libX11.so.6", "libxkbcommon.so.0", "libzstd.so.1",
})


def _is_root(dest_name: str, typecode: str) -> bool:
    """Files loaded by name at run time rather than through another file's link table."""
    parts = PurePosixPath(dest_name.replace("\\", "/")).parts
    return typecode == "EXTENSION" or "plugins" in parts or parts[-1].startswith("libpython")


def prune_unreachable(binaries, needed_names):
    """Keep the binaries that the extension modules, Qt plugins and libpython link to, directly or not.

    PyInstaller resolves libraries before the spec filters plugins out, so a dropped plugin's
    libraries (GTK for the gtk3 theme, OpenSSL for tls) would stay in the bundle without this.
    `needed_names(source_path)` gives the sonames a file links to directly (DT_NEEDED).
    """
    by_name: dict[str, tuple] = {}
    for entry in binaries:
        by_name.setdefault(PurePosixPath(entry[0]).name, entry)
    reached = {entry[0] for entry in binaries if _is_root(entry[0], entry[2])}
    pending = [entry for entry in binaries if entry[0] in reached]
    while pending:
        entry = pending.pop()
        for name in needed_names(entry[1]):
            if name in SYSTEM_PROVIDED:
                continue
            target = by_name.get(name)
            if target is not None and target[0] not in reached:
                reached.add(target[0])
                pending.append(target)
    return [entry for entry in binaries
            if entry[0] in reached and PurePosixPath(entry[0]).name not in SYSTEM_PROVIDED]


_NEEDED_LINE = re.compile(r"^\s*NEEDED\s+(\S+)\s*$", re.MULTILINE)


def elf_needed_names(path: str) -> list[str]:
    """DT_NEEDED entries of an ELF file, read with objdump (binutils, which PyInstaller needs anyway)."""
    import subprocess

    output = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False).stdout
    return _NEEDED_LINE.findall(output)
