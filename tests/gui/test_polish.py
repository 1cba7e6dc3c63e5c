"""Small defects of the window a new user met: Esc while searching, where Save PDF opens, a link
without a browser, a disabled Check again without a reason, a scroll bar at 800x500, a sentence
said twice, "Skipped Skipped", and Qt's own dialogs in English."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QWizard

from gui.app import Parts, create_window
from gui.pages.resolution import ResolutionPage
from tests.gui.conftest import answer_modal
from tests.helpers.language import back_to_the_start_language
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.platform import ThisMachine
from troubleshooter.search import SearchIndex

NEXT = QWizard.WizardButton.NextButton
FIXED = QWizard.WizardButton.CustomButton1


def test_esc_while_typing_a_search_clears_it_and_keeps_the_program(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    start = window.wizard.start_page
    qtbot.keyClicks(start.search_box, "vss writer")
    qtbot.keyClick(start.search_box, Qt.Key.Key_Escape)
    assert window.isVisible() and start.search_box.text() == ""
    assert window.wizard.currentPage() is start


def _to_the_fix_by_search(qtbot, wizard, code: str = "ExtensionFailedVssWriterInBadState") -> ResolutionPage:
    start = wizard.start_page
    qtbot.keyClicks(start.search_box, code)
    qtbot.waitUntil(lambda: start.results.count() > 0, timeout=5000)
    qtbot.keyClick(start.search_box, Qt.Key.Key_Return)
    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    return page


def test_save_pdf_opens_in_the_home_folder_without_documents(qtbot, open_window, example_flows, fake_checks,
                                                             tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    real = QStandardPaths.writableLocation

    def location(kind):
        if kind == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(home / "Documents")  # named, but not there
        if kind == QStandardPaths.StandardLocation.HomeLocation:
            return str(home)
        return real(kind)

    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(location))
    wizard = open_window(example_flows, fake_checks).wizard
    _to_the_fix_by_search(qtbot, wizard)
    qtbot.mouseClick(wizard.button(FIXED), Qt.MouseButton.LeftButton)
    assert Path(wizard.currentPage().default_file_name("pdf")).parent == home


def test_a_link_without_a_browser_says_so_with_the_address(qtbot, open_window, example_flows, fake_checks,
                                                           monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    wizard = open_window(example_flows, fake_checks).wizard
    page = _to_the_fix_by_search(qtbot, wizard)
    seen = []
    answer_modal(qtbot, seen=seen)
    page.links_label.linkActivated.emit("https://learn.microsoft.com/azure/backup/")
    assert seen and seen[0][0] == "no-browser"
    assert "https://learn.microsoft.com/azure/backup/" in seen[0][1] and "browser" in seen[0][1]


def test_a_disabled_check_again_says_why(qtbot, store, fake_checks):
    flows = load_checked_flows()
    parts = Parts(flows, fake_checks, SearchIndex(flows), store,
                  machine=ThisMachine("linux", False, "none"))  # a workstation: checks are off
    window = create_window(parts, lang="en")
    qtbot.addWidget(window, before_close_func=lambda w: w.close_keeping_walk() if shiboken6.isValid(w) else None)
    window.show()
    window.wizard.restart()
    page = _to_the_fix_by_search(qtbot, window.wizard, "UserErrorGuestAgentStatusUnavailable")
    assert page.step.verify
    assert not page.verify_button.isEnabled()
    assert page.verify_off_label.isVisibleTo(window) and "not the VM" in page.verify_off_label.text()
    assert page.verify_button.toolTip() == page.verify_off_label.text()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_at_800_by_500_the_choice_pages_need_no_horizontal_scroll_bar(qtbot, open_window, fake_checks, lang):
    window = open_window(load_checked_flows(), fake_checks, search=None, lang=lang)
    window.resize(800, 500)
    wizard = window.wizard
    qtbot.mouseClick(wizard.start_page.flow_buttons["backup-failing"], Qt.MouseButton.LeftButton)
    def bars():
        return [area for area in window.findChildren(QAbstractScrollArea)
                if area.isVisible() and area.horizontalScrollBar().isVisible()]

    for answer in ("agent", None):
        # Once the layout has settled (a label wraps after its first resize); a bar that stays fails.
        qtbot.waitUntil(lambda: not bars(), timeout=3000)
        if answer:
            wizard.currentPage().select_option(answer)
            wizard.next()
    back_to_the_start_language()


def test_a_skipped_check_says_skipped_once(qtbot, open_window, example_flows, fake_checks):
    from gui.widgets import CheckResultView

    view = CheckResultView()
    qtbot.addWidget(view)
    view.show_result(CheckResult("example.always_ok", Status.SKIPPED,
                                 {"en": "Skipped: this check needs root.", "ko": "건너뜀: root 권한이 필요합니다."}), "ko")
    assert view.status_label.text() == "건너뜀"
    assert "건너뜀" not in view.summary_label.text() and "root" in view.summary_label.text()


def test_the_check_page_says_each_sentence_once():
    from gui.pages.check import _new_sentences

    assert _new_sentences("Reads the version. It needs no rights.", "We look at it. Reads the version.") == \
        "It needs no rights."


def test_qts_own_dialogs_speak_korean_in_the_korean_window(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks, lang="ko")
    try:
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "다음에서 찾기:"
        assert QCoreApplication.translate("QFileDialog", "Files of type:") == "파일 형식:"
    finally:
        back_to_the_start_language()
