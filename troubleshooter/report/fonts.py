"""Registers the bundled Hangul font with Qt, so Korean renders on machines that have no Korean font."""

from __future__ import annotations

import os
import sys
import threading

from PySide6.QtGui import QFontDatabase, QGuiApplication

from troubleshooter.resources import resource_path

FONT_FILES = ("NanumBarunGothic.ttf", "NanumBarunGothicBold.ttf")
# NanumBarunGothic rather than NanumGothic: NanumGothic's space glyph reads back as U+0001 in PDFs.
FALLBACK_FAMILY = "NanumBarunGothic"

_lock = threading.Lock()
_registered_family: str | None = None


class FontError(RuntimeError):
    """The bundled font is missing or Qt refused it; Korean would be dropped from the report."""


def register_fonts() -> str:
    """Add the bundled fonts to Qt's font database once and return their family name.

    The GUI calls it after creating its QApplication; without one, a QGuiApplication is made.
    """
    global _registered_family
    with _lock:
        if _registered_family is not None:
            return _registered_family
        ensure_gui_application()
        family = None
        for name in FONT_FILES:
            path = resource_path("fonts", name)
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                raise FontError(f"Qt could not load the bundled font {path}")
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = family or (families[0] if families else FALLBACK_FAMILY)
        _registered_family = family or FALLBACK_FAMILY
        return _registered_family


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new one; with no display it uses the offscreen platform."""
    app = QGuiApplication.instance()
    if app is not None:
        return app
    if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY")
                                                      or os.environ.get("WAYLAND_DISPLAY")):
        if sys.platform.startswith("linux"):  # Windows and macOS always have their own display
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication(["vm-backup-troubleshooter"])
