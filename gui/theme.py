"""Readable in any theme: every text colour at least 4.5:1 against its background (WCAG AA).

The platform's palette (light, dark or high contrast) is kept; only the colours it leaves too
faint are adjusted: Fusion draws placeholder and "soft" text at half opacity (2.9:1 on its light
grey), and fixed status colours meant for a light window vanish on a dark one.
"""

from __future__ import annotations

import copy

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from troubleshooter.checks.result import Status

MINIMUM_CONTRAST = 4.5  # WCAG 2 AA for body text
GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
Role = QPalette.ColorRole

# Colour backs up the icon and the word; it never carries the status alone.
STATUS_COLOURS_ON_LIGHT = {
    Status.OK: "#1a7f37",
    Status.PROBLEM: "#c62828",
    Status.WARNING: "#8a5300",
    Status.SKIPPED: "#4f5a64",
    Status.ERROR: "#6a1b9a",
}
STATUS_COLOURS_ON_DARK = {
    Status.OK: "#7ee2a0",
    Status.PROBLEM: "#ff9c94",
    Status.WARNING: "#ffd27a",
    Status.SKIPPED: "#c3ccd5",
    Status.ERROR: "#dcb3ff",
}
# The report is a sheet of paper on screen too: its stylesheet's colours are chosen for white.
PAPER = {Role.Base: "#ffffff", Role.Text: "#1b1b1b", Role.Window: "#ffffff", Role.WindowText: "#1b1b1b",
         Role.Link: "#0b4f8a", Role.LinkVisited: "#5b2a86", Role.Highlight: "#0b4f8a",
         Role.HighlightedText: "#ffffff"}


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    return 0.2126 * _channel(colour.red()) + 0.7152 * _channel(colour.green()) + 0.0722 * _channel(colour.blue())


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(colour: QColor, toward: QColor, amount: float) -> QColor:
    return QColor(round(colour.red() + (toward.red() - colour.red()) * amount),
                  round(colour.green() + (toward.green() - colour.green()) * amount),
                  round(colour.blue() + (toward.blue() - colour.blue()) * amount))


def softened(text: QColor, backgrounds: list[QColor], minimum: float = MINIMUM_CONTRAST) -> QColor:
    """`text` moved toward the first background as far as it stays readable on all of them."""
    best = QColor(text.red(), text.green(), text.blue())
    for step in range(1, 20):
        candidate = blend(text, backgrounds[0], step * 0.05)
        if all(contrast(candidate, background) >= minimum for background in backgrounds):
            best = candidate
        else:
            break
    return best


def readable(colour: QColor, backgrounds: list[QColor], fallback: QColor) -> QColor:
    """`colour` when it is readable on every background, otherwise moved toward `fallback` until it is."""
    colour = QColor(colour.red(), colour.green(), colour.blue())
    for step in range(0, 21):
        candidate = blend(colour, fallback, step * 0.05)
        if all(contrast(candidate, background) >= MINIMUM_CONTRAST for background in backgrounds):
            return candidate
    return QColor(fallback)


def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightness() < 128


def readable_palette(palette: QPalette) -> QPalette:
    """A copy of `palette` whose soft text, links and status colours pass 4.5:1 where they are drawn."""
    # copy.copy, not QPalette(palette): choosing among QPalette's constructors makes Qt's whole
    # namespace of enums (about 12 ms) before the first window (see gui/app.py).
    palette = copy.copy(palette)
    for group in GROUPS:
        text = palette.color(group, Role.Text)
        window_text = palette.color(group, Role.WindowText)
        surfaces = [palette.color(group, role) for role in (Role.Window, Role.Base, Role.AlternateBase)]
        # Secondary text (hints, check descriptions) and placeholders sit on the window and on fields.
        palette.setColor(group, Role.PlaceholderText, softened(window_text, surfaces))
        for role in (Role.Link, Role.LinkVisited):
            palette.setColor(group, role, readable(palette.color(group, role), surfaces, text))
        palette.setColor(group, Role.Text, readable(text, surfaces[1:], window_text))
        palette.setColor(group, Role.ButtonText, readable(palette.color(group, Role.ButtonText),
                                                          [palette.color(group, Role.Button)], window_text))
        # Selected rows: darken (or lighten) the highlight under its text rather than change the text.
        highlighted_text = palette.color(group, Role.HighlightedText)
        away = QColor("#000000") if highlighted_text.lightness() >= 128 else QColor("#ffffff")
        palette.setColor(group, Role.Highlight, readable(palette.color(group, Role.Highlight), [highlighted_text], away))
    return palette


def status_colour(status: Status, palette: QPalette) -> str:
    """The status's colour for this palette, readable on its window."""
    table = STATUS_COLOURS_ON_DARK if is_dark(palette) else STATUS_COLOURS_ON_LIGHT
    background = palette.color(Role.Window)
    return readable(QColor(table[status]), [background], palette.color(Role.WindowText)).name()


def paper_palette(palette: QPalette) -> QPalette:
    """`palette` with the colours of paper, for the report view whatever the theme."""
    palette = QPalette(palette)
    for group in (*GROUPS, QPalette.ColorGroup.Disabled):
        for role, colour in PAPER.items():
            palette.setColor(group, role, QColor(colour))
    return palette


def install_readable_palette(app: QApplication) -> None:
    app.setPalette(readable_palette(app.palette()))


def dark_palette() -> QPalette:
    """A dark theme like the desktops' own, for the screenshots and the tests."""
    colours = {Role.Window: "#2b2b2b", Role.WindowText: "#e8e8e8", Role.Base: "#1e1e1e",
               Role.AlternateBase: "#262626", Role.Text: "#e8e8e8", Role.Button: "#353535",
               Role.ButtonText: "#e8e8e8", Role.Highlight: "#2f65ca", Role.HighlightedText: "#ffffff",
               Role.Link: "#2a6bd1", Role.PlaceholderText: "#707070", Role.ToolTipBase: "#3c3c3c",
               Role.ToolTipText: "#e8e8e8", Role.Light: "#505050", Role.Midlight: "#404040",
               Role.Mid: "#303030", Role.Dark: "#202020", Role.Shadow: "#101010"}
    palette = QPalette(QColor(colours[Role.Button]), QColor(colours[Role.Window]))
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    # Greyed, as a desktop's dark theme has it: a button that cannot be pressed must not look as if it could.
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    return palette
