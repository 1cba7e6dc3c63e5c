"""The window's fonts: a Latin font first and the bundled Hangul font behind it, monospace for code."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from troubleshooter.report.fonts import code_families, register_fonts, text_families


def install_application_font(app: QApplication) -> str:
    """Put the desktop's (Latin) font first and the bundled Hangul font last; returns the Hangul family.

    The desktop font often comes as an alias ("Sans Serif") that a family list does not resolve,
    so the list would start at the Hangul font: QFontInfo names the real family behind it.
    """
    hangul_family = register_fonts()
    font = app.font()
    desktop = QFontInfo(font).family()
    font.setFamilies(text_families(desktop if desktop != hangul_family else None))
    app.setFont(font)
    return hangul_family


def monospace_font() -> QFont:
    """A fixed-width font for paths, commands and evidence, with the Hangul font behind it."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    families = code_families()
    system = QFontInfo(font).family()
    if QFontInfo(font).fixedPitch() and system not in families:
        families.insert(0, system)
    font.setFamilies(families)
    return font
