"""Readable in a light, a dark and a high-contrast theme: every text colour at least 4.5:1 on its background."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.app import application
from gui.theme import MINIMUM_CONTRAST, contrast, status_colour
from tests.gui.conftest import to_the_check_page
from troubleshooter.checks.result import Status
from troubleshooter.resources import resource_path

Role = QPalette.ColorRole
# (text role, background role): every pair the window draws text with.
TEXT_ROLES = [(Role.WindowText, Role.Window), (Role.Text, Role.Base), (Role.Text, Role.AlternateBase),
              (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight),
              (Role.PlaceholderText, Role.Base), (Role.PlaceholderText, Role.Window),
              (Role.Link, Role.Base), (Role.Link, Role.Window), (Role.ToolTipText, Role.ToolTipBase)]


def palette_of(colours: dict) -> QPalette:
    palette = QPalette(QColor(colours[Role.Button]), QColor(colours[Role.Window]))
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


DARK = {Role.Window: "#2b2b2b", Role.WindowText: "#e8e8e8", Role.Base: "#1e1e1e", Role.AlternateBase: "#262626",
        Role.Text: "#e8e8e8", Role.Button: "#353535", Role.ButtonText: "#e8e8e8", Role.Highlight: "#2f65ca",
        Role.HighlightedText: "#ffffff", Role.Link: "#2a6bd1", Role.PlaceholderText: "#707070",
        Role.ToolTipBase: "#3c3c3c", Role.ToolTipText: "#e8e8e8"}
HIGH_CONTRAST = {Role.Window: "#000000", Role.WindowText: "#ffffff", Role.Base: "#000000",
                 Role.AlternateBase: "#000000", Role.Text: "#ffffff", Role.Button: "#000000",
                 Role.ButtonText: "#ffffff", Role.Highlight: "#1aebff", Role.HighlightedText: "#000000",
                 Role.Link: "#ffff00", Role.PlaceholderText: "#808080", Role.ToolTipBase: "#000000",
                 Role.ToolTipText: "#ffffff"}


@pytest.fixture(params=["light", "dark", "high-contrast"])
def theme(request, qapp):
    app = QApplication.instance()
    before = QPalette(app.palette())
    if request.param == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(palette_of(DARK if request.param == "dark" else HIGH_CONTRAST))
    application()  # the start-up path: it takes the platform's palette as it finds it
    yield request.param
    app.setPalette(before)


def failures(pairs):
    return [(name, round(contrast(QColor(a), QColor(b)), 2)) for name, a, b in pairs
            if contrast(QColor(a), QColor(b)) < MINIMUM_CONTRAST]


def test_every_text_role_of_the_window_is_readable(theme):
    palette = QApplication.instance().palette()
    pairs = [(f"{text.name}/{back.name}", palette.color(text), palette.color(back)) for text, back in TEXT_ROLES]
    pairs += [(f"status {status.value}", status_colour(status, palette), palette.color(Role.Window))
              for status in Status]
    assert failures(pairs) == []


def test_the_window_reads_correctly_in_the_theme(theme, qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    page = to_the_check_page(qtbot, wizard)
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.keyClick(page.run_button, Qt.Key.Key_Return)
    status = page.result_view.status_label
    shown = QColor(re.search(r"color:\s*(#[0-9a-fA-F]{6})", status.styleSheet()).group(1))
    description = page.description_label
    pairs = [("status word", shown, status.palette().color(Role.Window)),
             ("check description", description.palette().color(description.foregroundRole()),
              description.palette().color(Role.Window))]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.session.finished, timeout=3000)
    view = wizard.summary_page.view
    pairs.append(("report text", view.palette().color(Role.Text), view.palette().color(Role.Base)))
    assert failures(pairs) == []


def test_the_report_stylesheet_is_readable_on_its_backgrounds():
    css = resource_path("report", "report.css").read_text(encoding="utf-8")
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        colour = re.search(r"(?<!-)color:\s*(#[0-9a-fA-F]{6})", body)
        if not colour:
            continue
        background = re.search(r"background-color:\s*(#[0-9a-fA-F]{6})", body)
        # Text without its own background sits on the palest and the darkest cell backgrounds used.
        for back in ([background.group(1)] if background else ["#ffffff", "#dbe7f4", "#f3f3f3"]):
            pairs.append((selector.strip(), colour.group(1), back))
    assert pairs and failures(pairs) == []


def test_the_copy_button_draws_its_icon_in_the_theme_colours(theme, qtbot):
    """A copy icon drawn in fixed dark lines on white turns into a white square on a dark button."""
    from troubleshooter.flows.model import Command

    from gui.widgets import CommandBlock

    card = CommandBlock(Command(platform="linux", shell="bash", text="uptime", effect="read-only"), "Bash", "")
    qtbot.addWidget(card)
    palette = card.copy_button.palette()
    image = card.copy_button.icon().pixmap(16, 16).toImage()
    outline, inside = image.pixelColor(2, 9), image.pixelColor(6, 9)  # the front page's left edge, its middle
    assert contrast(outline, palette.color(Role.Button)) >= 3.0, (theme, outline.name())
    assert contrast(inside, palette.color(Role.Button)) < 1.5, (theme, inside.name())


def test_in_the_dark_palette_a_disabled_button_looks_disabled(qapp):
    """The screenshots' and tests' dark theme: a Next that cannot be pressed yet must not be drawn
    like one that can (it was: every colour was set for the disabled group too)."""
    from PySide6.QtGui import QPalette

    from gui.theme import contrast, dark_palette, readable_palette

    palette = readable_palette(dark_palette())
    button = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Button)
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        enabled = palette.color(QPalette.ColorGroup.Active, role)
        disabled = palette.color(QPalette.ColorGroup.Disabled, role)
        assert contrast(disabled, button) < contrast(enabled, button) / 2, role
