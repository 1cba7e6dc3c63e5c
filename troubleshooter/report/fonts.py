"""Registers the bundled Hangul font with Qt, so Korean renders on machines that have no Korean font."""

from __future__ import annotations

import threading

from PySide6.QtGui import QFontDatabase, QGuiApplication

from troubleshooter.resources import resource_path

FONT_FILES = ("NanumBarunGothic.ttf", "NanumBarunGothicBold.ttf")
# NanumBarunGothic rather than NanumGothic: NanumGothic's space glyph reads back as U+0001 in PDFs.
FALLBACK_FAMILY = "NanumBarunGothic"

# Latin text comes first in a Latin font: the Hangul font draws a backslash as ₩ and ">" as a
# wide angle bracket, and would put a Hangul font into an English PDF. Roboto is bundled because
# Qt writes a PDF's text map from the lowest code point of each glyph, and most Latin fonts
# (DejaVu, Liberation, Arial) give the tab the space's glyph: their PDFs copy every space as a tab.
LATIN_FONT_FILES = ("Roboto-Regular.ttf", "Roboto-Bold.ttf")
LATIN_FAMILY = "Roboto"
MONOSPACE_FAMILIES = ("Consolas", "DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono", "Cascadia Mono",
                      "Courier New")

_lock = threading.Lock()
_registered_family: str | None = None
_latin_family: str | None = None


class FontError(RuntimeError):
    """The bundled font is missing or Qt refused it; Korean would be dropped from the report."""


class NoApplicationError(RuntimeError):
    """The report was asked for fonts before anyone made the Qt application that holds them."""


def _add_fonts(files: tuple[str, ...], fallback: str) -> str:
    family = None
    for name in files:
        path = resource_path("fonts", name)
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise FontError(f"Qt could not load the bundled font {path}")
        families = QFontDatabase.applicationFontFamilies(font_id)
        family = family or (families[0] if families else fallback)
    return family or fallback


def register_fonts() -> str:
    """Add the bundled fonts to Qt's font database once and return the Hangul family's name.

    The caller must have made its Q(Gui)Application first: the window makes its own, a headless
    command that writes a PDF makes one with troubleshooter.qt_application.report_application().
    """
    global _registered_family, _latin_family
    with _lock:
        if _registered_family is not None:
            return _registered_family
        require_gui_application()
        _latin_family = _add_fonts(LATIN_FONT_FILES, LATIN_FAMILY)
        _registered_family = _add_fonts(FONT_FILES, FALLBACK_FAMILY)
        return _registered_family


def latin_family() -> str:
    """The bundled Latin family (registered with the Hangul one)."""
    register_fonts()
    return _latin_family or LATIN_FAMILY


def require_gui_application() -> QGuiApplication:
    """The running QGuiApplication; raises NoApplicationError when there is none (a font
    database without one crashes Qt, and making one here would hide who owns it)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        raise NoApplicationError("the report's fonts need a Qt application: make one first "
                                 "(troubleshooter.qt_application.report_application())")
    return app


def installed_families(candidates: tuple[str, ...] | list[str]) -> list[str]:
    """The families of `candidates` that this machine has, in the order given."""
    require_gui_application()
    known = {family.casefold() for family in QFontDatabase.families()}
    return [family for family in candidates if family.casefold() in known]


def text_families(preferred: str | None = None) -> list[str]:
    """Families for text: `preferred` (the desktop's font), the bundled Latin font, the Hangul font last."""
    hangul = register_fonts()
    families = installed_families(([preferred] if preferred else []) + [latin_family()])
    families = [family for family in dict.fromkeys(families) if family != hangul]
    return [*families, hangul]


def code_families() -> list[str]:
    """Families for paths, commands and evidence: fixed-width Latin fonts, the Hangul font last."""
    hangul = register_fonts()
    return [*installed_families(MONOSPACE_FAMILIES), hangul]


def css_font_list(families: list[str]) -> str:
    return ", ".join(f"'{family}'" for family in families)
