"""Which system libraries Qt needs on Linux, which are missing, and a message that names them.

Without this, a missing X11 library makes Qt print "could not load the Qt platform plugin xcb"
and abort, which does not tell a VM owner what to install. The check runs before any Qt module
is imported, so it imports no Qt itself.

Libraries are probed by loading them (dlopen through ctypes) rather than by looking them up
with `ctypes.util.find_library` or `ldconfig -p`: loading answers the question the dynamic
loader will ask moments later, with the same search path, which in the frozen executable
includes the libraries bundled next to it; `ldconfig -p` knows only the system cache, and
`find_library` starts a process per name.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# The first lines of window_problem's answers; cli.no_window says them in the walk's language.
NO_DISPLAY = "The wizard window needs a graphical desktop, and DISPLAY is not set."
NEEDS_LIBRARIES = "needs system libraries that this machine does not have:"


@dataclass(frozen=True)
class SystemLibrary:
    """A shared library the window needs, and the packages that install it."""

    soname: str
    debian_package: str  # Debian and Ubuntu
    rpm_package: str     # RHEL, Rocky, Alma, Oracle Linux, Fedora, SUSE names differ little


# Loaded with QtGui itself, also for the offscreen platform that `run --pdf` uses.
# (`readelf -d` of libQt6Core.so.6, libQt6Gui.so.6 and libQt6DBus.so.6 from the PySide6 wheel.)
QTGUI_LIBRARIES: tuple[SystemLibrary, ...] = (
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLibrary("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SystemLibrary("libX11.so.6", "libx11-6", "libX11"),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SystemLibrary("libfreetype.so.6", "libfreetype6", "freetype"),
    SystemLibrary("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    SystemLibrary("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
    SystemLibrary("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
    SystemLibrary("libz.so.1", "zlib1g", "zlib"),
    SystemLibrary("libzstd.so.1", "libzstd1", "libzstd"),
)

# What the xcb platform plugin (plugins/platforms/libqxcb.so and libQt6XcbQpa.so.6) links to,
# beyond QtGui's own: the window on an X11 display.
XCB_LIBRARIES: tuple[SystemLibrary, ...] = (
    SystemLibrary("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
)

_KNOWN = {library.soname: library for library in QTGUI_LIBRARIES + XCB_LIBRARIES}

# dlopen names the file it could not find first; that may be a dependency of the one asked for.
_NOT_FOUND = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")


def load_error(soname: str) -> str | None:
    """None when the dynamic loader can load `soname`, else its error text."""
    import ctypes  # only where the window will load these libraries (X11), not offscreen or on Wayland

    try:
        ctypes.CDLL(soname)
    except OSError as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class MissingLibrary:
    """A library the loader could not load, and why."""

    soname: str          # the library that cannot be loaded
    missing: str         # the file the loader could not find: the library itself or one it needs
    error: str
    not_found: bool = True  # False: the file is there but cannot be loaded

    @property
    def packages(self) -> SystemLibrary | None:
        return _KNOWN.get(self.missing) or _KNOWN.get(self.soname)


def missing_libraries(libraries: tuple[SystemLibrary, ...],
                      probe: Callable[[str], str | None] = load_error) -> list[MissingLibrary]:
    missing = []
    for library in libraries:
        error = probe(library.soname)
        if error is None:
            continue
        named = _NOT_FOUND.search(error)
        missing.append(MissingLibrary(library.soname, named.group(1) if named else library.soname, error,
                                      not_found=named is not None))
    return missing


def missing_libraries_message(missing: list[MissingLibrary], purpose: str) -> str:
    """Names every missing file and the packages that carry them on Debian/Ubuntu and RHEL-like systems."""
    files = sorted({item.missing for item in missing})
    known = [item.packages for item in missing if item.packages is not None]
    debian = sorted({library.debian_package for library in known})
    rpm = sorted({library.rpm_package for library in known})
    lines = [f"{purpose} {NEEDS_LIBRARIES}"]
    lines += [f"  {name}" for name in files]
    # Found but unloadable (wrong architecture, a damaged file): the loader's own words say more.
    lines += [f"  ({item.error})" for item in missing if item.packages is None or not item.not_found]
    if debian:
        lines.append("Install them, then start the program again:")
        lines.append(f"  Debian/Ubuntu:      sudo apt-get install {' '.join(debian)}")
        lines.append(f"  RHEL/Rocky/Alma:    sudo dnf install {' '.join(rpm)}")
    lines.append("The headless commands work without them: checks, search, run (without --pdf), lint.")
    return "\n".join(lines)


def will_use_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will open its window through X11: Linux, and no other platform asked for."""
    if not platform.startswith("linux"):
        return False
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    return requested == "" or requested.split(";")[0].split(":")[0] == "xcb"


def window_problem(environ: Mapping[str, str] = os.environ, platform: str = sys.platform,
                   probe: Callable[[str], str | None] = load_error) -> str | None:
    """Why the wizard window cannot open here, or None when nothing stands in its way."""
    if not will_use_xcb(environ, platform):
        return None
    if not environ.get("DISPLAY"):
        return (f"{NO_DISPLAY}\n"
                "Start it from a desktop session (for example over xrdp), or connect with `ssh -X`.\n"
                "Without a desktop, use the headless commands: checks, search, run --pdf FILE, lint "
                "(see --help).")
    missing = missing_libraries(QTGUI_LIBRARIES + XCB_LIBRARIES, probe)
    if not missing:
        return None
    return missing_libraries_message(missing, "The wizard window")


def offscreen_problem(platform: str = sys.platform,
                      probe: Callable[[str], str | None] = load_error) -> str | None:
    """Why QtGui cannot load here for the PDF report, or None."""
    if not platform.startswith("linux"):
        return None
    missing = missing_libraries(QTGUI_LIBRARIES, probe)
    if not missing:
        return None
    return missing_libraries_message(missing, "Writing the PDF report")
