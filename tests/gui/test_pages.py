"""The resolution and summary pages: Copy, Check again, saving and copying the report; keyboard use."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QStyle, QStyleOptionComboBox, QWizard

from gui.pages.choice import ChoicePage
from gui.pages.resolution import ResolutionPage
from gui.wizard import SUMMARY_ID
from tests.gui.conftest import EXAMPLE_FLOWS
from troubleshooter.checks.result import Status
from troubleshooter.flows.lint import load_checked_flows

NEXT = QWizard.WizardButton.NextButton
DATA = Path(__file__).parent / "data"


@pytest.fixture
def verify_flows(example_check_outcome):
    return load_checked_flows([DATA / "verify.yaml"])


def to_fix(qtbot, wizard, fake_checks) -> ResolutionPage:
    qtbot.mouseClick(wizard.start_page.flow_buttons["verify-example"], Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    return page


def test_check_again_shows_before_and_after(qtbot, open_window, verify_flows, fake_checks):
    wizard = open_window(verify_flows, fake_checks).wizard
    page = to_fix(qtbot, wizard, fake_checks)
    assert page.before_view.isVisible() and page.before_view.status_label.text() == "Problem"
    assert not page.after_view.isVisible()
    fake_checks.status = Status.OK
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.after_view.isVisible() and page.after_view.status_label.text() == "OK"
    assert wizard.session.current.verify.status is Status.OK
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CustomButton1), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == SUMMARY_ID


def test_copy_puts_the_command_on_the_clipboard(qtbot, open_window, verify_flows, fake_checks):
    wizard = open_window(verify_flows, fake_checks).wizard
    page = to_fix(qtbot, wizard, fake_checks)
    block = page.commands_layout.itemAt(0).widget()
    assert block.heading.text() == "Bash on the VM"
    assert block.note.text() == "Prints a word."
    assert QFontInfo(block.text.font()).fixedPitch()
    qtbot.mouseClick(block.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "echo fixed"
    assert block.copy_button.text() == "Copied"


def test_still_failing_goes_on(qtbot, open_window, verify_flows, fake_checks):
    wizard = open_window(verify_flows, fake_checks).wizard
    to_fix(qtbot, wizard, fake_checks)
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == SUMMARY_ID
    assert [v.answer for v in wizard.session.history[:-1]] == ["problem", "still-failing"]
    assert "Done" in wizard.summary_page.view.toPlainText()


def summary_of_a_walk(qtbot, open_window, verify_flows, fake_checks):
    wizard = open_window(verify_flows, fake_checks).wizard
    to_fix(qtbot, wizard, fake_checks)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CustomButton1), Qt.MouseButton.LeftButton)
    return wizard.summary_page


def test_save_pdf_asks_again_after_a_failure(qtbot, open_window, verify_flows, fake_checks, tmp_path, monkeypatch):
    summary = summary_of_a_walk(qtbot, open_window, verify_flows, fake_checks)
    answers = [str(tmp_path), str(tmp_path / "report.pdf")]  # a folder first: cannot be saved there
    warnings = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (answers.pop(0), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    qtbot.mouseClick(summary.save_pdf_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1 and "could not be saved" in warnings[0]
    data = (tmp_path / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert str(tmp_path / "report.pdf") in summary.status_label.text()


def test_save_json_and_copy_as_text(qtbot, open_window, verify_flows, fake_checks, tmp_path, monkeypatch):
    summary = summary_of_a_walk(qtbot, open_window, verify_flows, fake_checks)
    target = tmp_path / "report.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(summary.save_json_button, Qt.MouseButton.LeftButton)
    assert b'"Fix the example"' in target.read_bytes() or "Fix the example" in target.read_text("utf-8")
    qtbot.mouseClick(summary.copy_button, Qt.MouseButton.LeftButton)
    assert "Fix the example" in QGuiApplication.clipboard().text()


def test_a_cancelled_file_dialog_saves_nothing(qtbot, open_window, verify_flows, fake_checks, monkeypatch):
    summary = summary_of_a_walk(qtbot, open_window, verify_flows, fake_checks)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    qtbot.mouseClick(summary.save_pdf_button, Qt.MouseButton.LeftButton)
    assert summary.status_label.text() == ""


def test_the_keyboard_alone_walks_a_flow(qtbot, open_window, example_check_outcome, fake_checks):
    window = open_window(load_checked_flows([EXAMPLE_FLOWS]), fake_checks)
    wizard = window.wizard
    button = wizard.start_page.flow_buttons["example"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage)
    radio = page.group.buttons()[0]
    assert window.focusWidget() is radio
    qtbot.keyClick(radio, Qt.Key.Key_Space)
    qtbot.keyClick(radio, Qt.Key.Key_Return)  # Enter presses the default button, Next
    assert wizard.currentPage().title() == "Example check"
    for widget in (wizard.start_page.search_box, page.group.buttons()[0], window.language_box):
        assert widget.accessibleName()


def test_collect_logs_for_support_from_the_summary_by_keyboard(qtbot, open_window, verify_flows, fake_checks,
                                                                tmp_path, monkeypatch):
    import json
    import zipfile

    from PySide6.QtTest import QTest

    from gui.collect_dialog import CollectDialog

    summary = summary_of_a_walk(qtbot, open_window, verify_flows, fake_checks)
    target = tmp_path / "support.zip"
    proposed = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, *rest: proposed.append(start) or (str(target), ""))
    opened = []

    def exec_until_done(dialog):
        opened.append(dialog)
        qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
        return 0

    monkeypatch.setattr(CollectDialog, "exec", exec_until_done)
    assert "&g" in summary.collect_button.text().lower()
    window = summary.window()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(QApplication.focusWidget() or summary, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(opened), timeout=60_000)  # a mnemonic clicks after a short animation
    assert proposed and Path(proposed[0]).name.startswith("vmbackup-logs-")
    with zipfile.ZipFile(target) as archive:
        report = json.loads(archive.read("report/report.json"))
        names = set(archive.namelist())
    assert report["session"]["id"] == summary._wizard.session.id
    assert {"checks.json", "system.json", "manifest.json", "report/report.pdf"} <= names
    assert str(target) in opened[0].current.text()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_language_box_shows_each_language_name_whole(open_window, example_flows, fake_checks, lang):
    """The box is sized by a count of characters (measuring "한국어" would load the Hangul font at
    every start): each name must still fit, in either language's window."""
    box = open_window(example_flows, fake_checks, lang=lang).language_box
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    text_area = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, box)
    for index in range(box.count()):
        name = box.itemText(index)
        assert box.fontMetrics().horizontalAdvance(name) <= text_area.width(), name
