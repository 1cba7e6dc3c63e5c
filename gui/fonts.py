"""Makes Korean readable on machines without a Korean font: the bundled font as the fallback family."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from troubleshooter.report.fonts import register_fonts

MONOSPACE_FAMILIES = ("DejaVu Sans Mono", "Consolas", "Courier New")


def install_application_font(app: QApplication) -> str:
    """Register the bundled Hangul font and put it behind the system font; returns its family."""
    hangul_family = register_fonts()
    font = app.font()
    families = [family for family in font.families() or [font.family()] if family != hangul_family]
    font.setFamilies([*families, hangul_family])
    app.setFont(font)
    return hangul_family


def monospace_font() -> QFont:
    """The system's fixed-width font, with the Hangul font behind it for localized command output."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    hangul_family = register_fonts()
    font.setFamilies([font.family(), *MONOSPACE_FAMILIES, hangul_family])
    return font
