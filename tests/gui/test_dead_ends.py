"""The window never dead-ends: resume then Back past a hidden check, an exception in a page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from gui.pages.check import CheckPage
from gui.pages.choice import ChoicePage
from tests.gui.conftest import answer_modal

NEXT = QWizard.WizardButton.NextButton
BACK = QWizard.WizardButton.BackButton


def _choose(qtbot, wizard, option_id):
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage), type(page)
    page.select_option(option_id)
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)


def test_resume_then_back_past_a_hidden_windows_check_reaches_the_question(qtbot, vm_window):
    """Korean, Backup failing -> VM agent -> Not sure -> the check page (a Windows check passed by
    unseen in between) -> Cancel -> Keep -> resume -> Back: the question, not an AttributeError."""
    wizard = vm_window("linux", "ko").wizard
    qtbot.mouseClick(wizard.start_page.flow_buttons["backup-failing"], Qt.MouseButton.LeftButton)
    _choose(qtbot, wizard, "agent")
    _choose(qtbot, wizard, "not-sure")
    assert isinstance(wizard.currentPage(), CheckPage)
    assert any(v.check is not None and v.check.facts.get("reason") == "other_platform"
               for v in wizard.session.history)
    seen = []
    answer_modal(qtbot, seen=seen)  # Enter: "Keep it for later", the default
    wizard.window().close()
    assert seen and seen[0][0] == "leave_question"

    again = vm_window("linux", "ko")
    wizard = again.wizard
    qtbot.mouseClick(wizard.start_page.resume_button, Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    assert isinstance(page, CheckPage) and page.step.address == wizard.session.step.address
    step_line = page.subTitle()

    qtbot.mouseClick(wizard.button(BACK), Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage)
    assert wizard.session.current.step == "which-agent-error" and page.step.address == wizard.session.step.address
    assert page.selected_option() == "not-sure"  # Back keeps the answer given before
    qtbot.mouseClick(wizard.button(BACK), Qt.MouseButton.LeftButton)
    assert wizard.session.current.step == "which-error" and wizard.currentPage().selected_option() == "agent"
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    assert isinstance(wizard.currentPage(), CheckPage)
    assert wizard.currentPage().step.address == wizard.session.step.address
    assert step_line.startswith("3단계")  # the hidden check is not counted as a step


def test_an_exception_in_a_page_keeps_the_walk_and_reloads_the_page(qtbot, vm_window, monkeypatch):
    wizard = vm_window().wizard
    qtbot.mouseClick(wizard.start_page.flow_buttons["backup-failing"], Qt.MouseButton.LeftButton)
    _choose(qtbot, wizard, "agent")
    history = [(v.step, v.answer) for v in wizard.session.history]
    original = ChoicePage.show_step
    failures = []

    def fails_once(page):
        if not failures:
            failures.append(page)
            raise RuntimeError("a page fault")
        original(page)

    monkeypatch.setattr(ChoicePage, "show_step", fails_once)
    seen = []
    answer_modal(qtbot, seen=seen)
    qtbot.mouseClick(wizard.button(BACK), Qt.MouseButton.LeftButton)
    assert seen and seen[0][0] == "error_dialog" and "a page fault" in seen[0][1]
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage) and page.step.address == wizard.session.step.address
    assert page.title() and page.selected_option() == "agent"  # drawn again, answer offered
    assert [(v.step, v.answer) for v in wizard.session.history] == [(history[0][0], None)]
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    assert wizard.session.current.step == "which-agent-error"
    assert QApplication.activeModalWidget() is None
