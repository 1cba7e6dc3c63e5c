"""Qt's platform where there is no display, and the application a headless PDF needs.

Qt on Linux without DISPLAY or WAYLAND_DISPLAY aborts when its default platform (xcb) cannot
connect; the window (gui/app.py) and the headless commands that draw a PDF both go offscreen
then, decided here once. Windows and macOS always have their own display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication

PLATFORM_VARIABLE = "QT_QPA_PLATFORM"


def use_offscreen_without_display(environ: MutableMapping[str, str] = os.environ,
                                  platform: str = sys.platform) -> bool:
    """Choose Qt's offscreen platform on a Linux without a display, unless a platform was asked
    for. Call it before the Q(Gui)Application is made; returns whether it chose offscreen."""
    if environ.get(PLATFORM_VARIABLE) or not platform.startswith("linux") \
            or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return False
    environ[PLATFORM_VARIABLE] = "offscreen"
    return True


def report_application() -> QGuiApplication:
    """The running Qt application, or a new QGuiApplication for drawing the PDF report.

    The report's fonts and pages need one; a headless command that writes a PDF makes it here,
    in the open, rather than the report code making one behind its caller's back.
    """
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        use_offscreen_without_display()
        app = QGuiApplication(["vm-backup-troubleshooter"])
    return app
