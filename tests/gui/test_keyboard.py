"""Keyboard first: every flow walked from the start page to the summary with key presses only.

No .click(), no slot called by hand: QTest key presses go to the widget that has the focus, as a
person's keys do, and after each step the test says which control holds the focus.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCommandLinkButton, QRadioButton, QWidget,
                               QWizard)

from gui.app import real_parts
from gui.pages.check import CheckPage
from gui.pages.choice import ChoicePage
from gui.pages.info import InfoPage
from gui.pages.resolution import ResolutionPage
from gui.wizard import START_ID, SUMMARY_ID

NEXT = QWizard.WizardButton.NextButton
FLOWS = ["backup-failing", "restore-failing", "slow-job", "agent-missing"]
MAX_PAGES = 60
MNEMONIC = re.compile(r"&(?!&)(\w)")


_windows: list[QWidget] = []


@pytest.fixture(scope="module")
def parts():
    return real_parts()


@pytest.fixture
def open_window(open_window):
    def opener(*args, **kwargs):
        window = open_window(*args, **kwargs)
        _windows.append(window)
        return window

    yield opener
    _windows.clear()


def focus() -> QWidget:
    window = QApplication.activeWindow()
    if window is None and _windows:
        # The offscreen platform drops the activation when a page changes the window's size hints
        # (under X the window stays active); activating it again restores its focus widget.
        _windows[-1].activateWindow()
        QTest.qWaitForWindowActive(_windows[-1])
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focus(), key, modifier)


def wait_for_page_change(qtbot, wizard, before: int):
    qtbot.waitUntil(lambda: wizard.currentId() != before, timeout=3000)


def tab_to(qtbot, target: QWidget, backwards: bool = True, limit: int = 20):
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    for _ in range(limit):
        if focus() is target:
            return
        press(qtbot, key)
    assert focus() is target, f"Tab never reached {target}"


def mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every visible push button and tool button of the window."""
    found = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible() or isinstance(button, (QRadioButton, QCommandLinkButton)):
            continue
        if button.text() in ("Copy", "복사"):  # one per command: Tab reaches them, a letter could not
            continue
        match = MNEMONIC.search(button.text())
        assert match, f"no mnemonic on '{button.text()}'"
        found.append((match.group(1).lower(), button.text()))
    return found


def assert_mnemonics_unique(window: QWidget):
    letters = mnemonics(window)
    seen = {}
    for letter, text in letters:
        assert letter not in seen, f"'{text}' and '{seen[letter]}' share Alt+{letter}"
        seen[letter] = text


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("flow_id", FLOWS)
def test_each_flow_by_keyboard_alone(qtbot, open_window, parts, fake_checks, flow_id, lang):
    window = open_window(parts.flows, fake_checks, search=parts.search, lang=lang)
    wizard = window.wizard
    start = wizard.start_page
    assert focus() is start.search_box  # the window opens ready for a pasted error
    assert_mnemonics_unique(window)
    tab_to(qtbot, start.flow_buttons[flow_id])
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() != START_ID

    for _ in range(MAX_PAGES):
        page = wizard.currentPage()
        assert_mnemonics_unique(window)
        before = wizard.currentId()
        if isinstance(page, ResolutionPage):
            break
        if isinstance(page, ChoicePage):
            assert isinstance(focus(), QRadioButton) and focus() is page.group.buttons()[0]
            press(qtbot, Qt.Key.Key_Space)
            assert page.selected_option() is not None
            press(qtbot, Qt.Key.Key_Return)
        elif isinstance(page, CheckPage) and page.why_off():
            # A check for the other OS than the VM's: it says so, and Enter skips it.
            assert focus() is page.skip_button and not page.run_button.isEnabled()
            press(qtbot, Qt.Key.Key_Return)
        elif isinstance(page, CheckPage):
            assert focus() is page.run_button
            with qtbot.waitSignal(page.job.finished, timeout=5000):
                press(qtbot, Qt.Key.Key_Return)  # Enter runs the check
            assert focus() is wizard.button(NEXT)
            press(qtbot, Qt.Key.Key_Return)
        elif isinstance(page, InfoPage):
            assert focus() is wizard.button(NEXT)
            press(qtbot, Qt.Key.Key_Return)
        else:
            pytest.fail(f"unexpected page {type(page).__name__}")
        assert wizard.currentId() != before, f"Enter did not go on from '{page.title()}'"
    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    assert focus() is wizard.button(NEXT)  # Enter would say "still failing"
    assert "&" in wizard.button(QWizard.WizardButton.CustomButton1).text()
    before = wizard.currentId()
    letter = MNEMONIC.search(wizard.button(QWizard.WizardButton.CustomButton1).text()).group(1)
    press(qtbot, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
    wait_for_page_change(qtbot, wizard, before)
    assert wizard.currentId() == SUMMARY_ID
    assert wizard.session.outcome == "resolved"
    assert focus() is wizard.summary_page.save_pdf_button
    assert_mnemonics_unique(window)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_typed_error_code_and_enter_open_its_fix(qtbot, open_window, parts, fake_checks, lang):
    window = open_window(parts.flows, fake_checks, search=parts.search, lang=lang)
    wizard = window.wizard
    start = wizard.start_page
    assert focus() is start.search_box
    QTest.keyClicks(focus(), "UserErrorGuestAgentStatusUnavailable")
    qtbot.waitUntil(lambda: start.results.count() > 0, timeout=3000)
    qtbot.wait(50)
    assert focus() is start.search_box  # still typing here, after the search ran
    QTest.keyClicks(focus(), " ")
    qtbot.waitUntil(lambda: start.results.count() > 0 and start._search_timer.isActive() is False, timeout=3000)
    assert focus() is start.search_box
    expected = start.results.item(0).data(Qt.ItemDataRole.UserRole)
    press(qtbot, Qt.Key.Key_Return)
    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    assert (wizard.session.current.flow, wizard.session.current.step) == (expected.flow, expected.step)
    assert focus() is wizard.button(NEXT)


def test_tab_from_the_search_box_goes_to_its_matches_and_back(qtbot, open_window, parts, fake_checks):
    """The list of matches is made by the first search, after every other control: Tab must still
    reach it straight from the search box, and Shift+Tab come back."""
    window = open_window(parts.flows, fake_checks, search=parts.search)
    start = window.wizard.start_page
    assert focus() is start.search_box
    QTest.keyClicks(focus(), "UserErrorGuestAgentStatusUnavailable")
    qtbot.waitUntil(lambda: start.results.isVisible() and start.results.count() > 0, timeout=3000)
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is start.results
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focus() is start.search_box


@pytest.mark.parametrize("row", [0, 1])
def test_enter_on_a_match_in_the_list_opens_that_fix_and_goes_no_further(qtbot, open_window, parts, fake_checks,
                                                                         row):
    """Enter on the list of matches opens the chosen fix once: the key must not also press the
    default button of the page it opened ("Still failing" on a fix)."""
    window = open_window(parts.flows, fake_checks, search=parts.search)
    wizard = window.wizard
    start = wizard.start_page
    QTest.keyClicks(focus(), "UserErrorGuestAgentStatusUnavailable")
    qtbot.waitUntil(lambda: start.results.isVisible() and start.results.count() > 1, timeout=3000)
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is start.results
    for _ in range(row):
        press(qtbot, Qt.Key.Key_Down)
    expected = start.results.item(row).data(Qt.ItemDataRole.UserRole)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is not start, timeout=3000)
    qtbot.wait(50)
    assert isinstance(wizard.currentPage(), ResolutionPage)
    assert (wizard.session.current.flow, wizard.session.current.step) == (expected.flow, expected.step)


def test_choosing_an_option_keeps_the_focus_on_the_options(qtbot, open_window, parts, fake_checks):
    window = open_window(parts.flows, fake_checks, search=parts.search)
    wizard = window.wizard
    tab_to(qtbot, wizard.start_page.flow_buttons["backup-failing"])
    press(qtbot, Qt.Key.Key_Space)
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage)
    buttons = page.group.buttons()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.wait(200)
    assert focus() is buttons[0]
    press(qtbot, Qt.Key.Key_Down)
    qtbot.wait(200)
    assert focus() is buttons[1] and buttons[1].isChecked()
    assert wizard.lang == "en"  # the arrow moved between options, not the language box


def test_every_control_shows_its_focus(qtbot, open_window, parts, fake_checks):
    """Each control that Tab reaches looks different with the focus than without it."""
    window = open_window(parts.flows, fake_checks, search=parts.search)
    wizard = window.wizard
    tab_to(qtbot, wizard.start_page.flow_buttons["backup-failing"])
    controls = [w for w in window.findChildren(QWidget)
                if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert any(isinstance(w, QCommandLinkButton) for w in controls) and window.language_box in controls
    for control in controls:
        other = window.language_box if control is not window.language_box else wizard.start_page.search_box
        control.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.wait(5)
        focused = control.grab().toImage()
        other.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.wait(5)
        assert control.grab().toImage() != focused, f"{type(control).__name__} '{getattr(control, 'text', str)()}' shows no focus"


def assert_focus_visible(qtbot, window, anchor):
    """Each visible control that Tab reaches looks different with the focus than without it."""
    focus()  # the window active again (see focus()): only an active window draws focus
    anchor.setFocus(Qt.FocusReason.TabFocusReason)  # each control then gains the focus, as by Tab
    controls = [w for w in window.findChildren(QWidget)
                if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and w is not anchor]
    shown_none = []
    for control in controls:
        control.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.wait(5)
        focused = control.grab().toImage()
        anchor.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.wait(5)
        if control.grab().toImage() == focused:
            shown_none.append(f"{type(control).__name__} '{getattr(control, 'text', str)()}'")
    assert shown_none == []
    return controls


def test_every_control_on_every_page_kind_shows_its_focus(qtbot, open_window, example_flows, fake_checks):
    from gui.pages.check import CheckPage

    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    qtbot.keyClick(wizard.start_page.flow_buttons["example"], Qt.Key.Key_Space)
    assert_focus_visible(qtbot, window, window.language_box)  # a question: its options
    wizard.currentPage().select_option("vss")
    qtbot.keyClick(wizard.currentPage().focus_widget(), Qt.Key.Key_Return)
    page = wizard.currentPage()
    assert isinstance(page, CheckPage)
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.keyClick(page.run_button, Qt.Key.Key_Return)
    checked = assert_focus_visible(qtbot, window, window.language_box)  # a check with its result
    assert page.result_view.evidence_toggle in checked
    qtbot.keyClick(wizard.button(NEXT), Qt.Key.Key_Return)
    assert isinstance(wizard.currentPage(), ResolutionPage)
    assert_focus_visible(qtbot, window, window.language_box)  # a fix with its Copy buttons
    qtbot.keyClick(focus(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY_ID, timeout=3000)
    assert_focus_visible(qtbot, window, window.language_box)  # the summary
