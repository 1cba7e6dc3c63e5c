"""The window never dead-ends: resume then Back past a hidden check, an exception in a page."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from gui.app import Parts, create_window
from gui.pages.check import CheckPage
from gui.pages.choice import ChoicePage
from tests.gui.conftest import FakeChecks, answer_modal
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.platform import ThisMachine

NEXT = QWizard.WizardButton.NextButton
BACK = QWizard.WizardButton.BackButton


@pytest.fixture(scope="module")
def real_flows():
    return load_checked_flows()


@pytest.fixture
def linux_vm_window(qtbot, store, real_flows):
    """The real flows on a Linux Azure VM, with checks that never look at the machine."""
    opened = []

    def opener(lang="en"):
        window = create_window(Parts(real_flows, FakeChecks(), None, store,
                                     machine=ThisMachine("linux", True, "agent")), lang=lang)
        opened.append(window)
        window.show()
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window)
        window.wizard.restart()
        return window

    yield opener
    for window in opened:
        if shiboken6.isValid(window):
            window.close_keeping_walk()
            shiboken6.delete(window)


def _choose(qtbot, wizard, option_id):
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage), type(page)
    page.select_option(option_id)
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)


def test_resume_then_back_past_a_hidden_windows_check_reaches_the_question(qtbot, linux_vm_window):
    """Korean, Backup failing -> VM agent -> Not sure -> the check page (a Windows check passed by
    unseen in between) -> Cancel -> Keep -> resume -> Back: the question, not an AttributeError."""
    wizard = linux_vm_window("ko").wizard
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

    again = linux_vm_window("ko")
    wizard = again.wizard
    qtbot.mouseClick(wizard.start_page.resume_button, Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    assert isinstance(page, CheckPage) and page.step is wizard.session.step
    step_line = page.subTitle()

    qtbot.mouseClick(wizard.button(BACK), Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage)
    assert wizard.session.current.step == "which-agent-error" and page.step is wizard.session.step
    assert page.selected_option() == "not-sure"  # Back keeps the answer given before
    qtbot.mouseClick(wizard.button(BACK), Qt.MouseButton.LeftButton)
    assert wizard.session.current.step == "which-error" and wizard.currentPage().selected_option() == "agent"
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    assert isinstance(wizard.currentPage(), CheckPage)
    assert wizard.currentPage().step is wizard.session.step
    assert step_line.startswith("3단계")  # the hidden check is not counted as a step


def test_an_exception_in_a_page_keeps_the_walk_and_reloads_the_page(qtbot, linux_vm_window, monkeypatch):
    wizard = linux_vm_window().wizard
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
    assert isinstance(page, ChoicePage) and page.step is wizard.session.step
    assert page.title() and page.selected_option() == "agent"  # drawn again, answer offered
    assert [(v.step, v.answer) for v in wizard.session.history] == [(history[0][0], None)]
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    assert wizard.session.current.step == "which-agent-error"
    assert QApplication.activeModalWidget() is None
