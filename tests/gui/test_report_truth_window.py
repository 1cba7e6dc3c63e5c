"""The window's side of the truthful report: the pasted error heads the summary, and emphasis
before a Hangul particle shows no asterisks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from gui.pages.choice import ChoicePage
from gui.pages.resolution import ResolutionPage
from troubleshooter.flows.lint import load_checked_flows

NEXT = QWizard.WizardButton.NextButton
FIXED = QWizard.WizardButton.CustomButton1
PASTED = "ExtensionFailedVssWriterInBadState"


def test_the_pasted_error_is_kept_and_heads_the_summary(qtbot, open_window, example_flows, fake_checks):
    wizard = open_window(example_flows, fake_checks).wizard
    start = wizard.start_page
    qtbot.keyClicks(start.search_box, PASTED)
    qtbot.waitUntil(lambda: start.results.count() > 0, timeout=2000)
    qtbot.keyClick(start.search_box, Qt.Key.Key_Return)
    assert isinstance(wizard.currentPage(), ResolutionPage)
    assert wizard.session.error_text == PASTED
    qtbot.mouseClick(wizard.button(FIXED), Qt.MouseButton.LeftButton)
    shown = wizard.currentPage().view.toPlainText()
    assert PASTED in shown and shown.index(PASTED) < shown.index("Summary")


def test_emphasis_before_a_hangul_particle_shows_no_marks(qtbot, open_window, fake_checks):
    window = open_window(load_checked_flows(), fake_checks, search=None, lang="ko")
    wizard = window.wizard
    qtbot.mouseClick(wizard.start_page.flow_buttons["backup-failing"], Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage)
    page.select_option("agent")
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    shown = page.help_text.toPlainText()
    assert "백업 센터 > 백업 작업 > (실패한 작업)에" in shown and "**" not in shown
