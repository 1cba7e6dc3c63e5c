"""Random walks through the real window: whatever a person presses, the window never dead-ends.

Hypothesis drives Next, Back, option choices, check results, Skip, "That fixed it", Cancel ->
keep -> resume, and the language over all four flows on both platforms. After every action:
no exception, the autosaved walk loads, and the page on screen shows the session's step.
"""

from __future__ import annotations

import shiboken6
from hypothesis import HealthCheck, example, given, settings, strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from gui.pages.check import CheckPage
from gui.pages.choice import ChoicePage
from gui.wizard import START_ID, SUMMARY_ID
from tests.gui.conftest import FakeChecks, answer_modal
from troubleshooter.checks.result import Status
from troubleshooter.walk_controller import SUMMARY

NEXT = QWizard.WizardButton.NextButton
BACK = QWizard.WizardButton.BackButton
FIXED = QWizard.WizardButton.CustomButton1
FLOWS = ("backup-failing", "restore-failing", "slow-job", "agent-missing")

ACTIONS = st.one_of(
    # An answer and Next, as a person mostly moves: it reaches the deeper steps within a short list.
    st.tuples(st.just("answer"), st.integers(0, 15)), st.tuples(st.just("answer"), st.integers(0, 15)),
    st.just(("next",)), st.just(("back",)), st.just(("back",)), st.just(("fixed",)), st.just(("skip",)),
    st.just(("leave",)), st.just(("leave",)),
    st.tuples(st.just("option"), st.integers(0, 15)),
    st.tuples(st.just("check"), st.sampled_from([Status.OK, Status.PROBLEM, Status.WARNING, Status.ERROR])),
    st.tuples(st.just("lang"), st.sampled_from(["en", "ko"])),
)


def _click(qtbot, button):
    if button.isVisible() and button.isEnabled():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _act(qtbot, window, checks, action, reopen):
    wizard = window.wizard
    page = wizard.currentPage()
    kind = action[0]
    if kind == "next":
        _click(qtbot, wizard.button(NEXT))
    elif kind == "back":
        _click(qtbot, wizard.button(BACK))
    elif kind == "fixed":
        _click(qtbot, wizard.button(FIXED))
    elif kind in ("option", "answer") and isinstance(page, ChoicePage):
        options = wizard.session.options()
        page.select_option(options[action[1] % len(options)].id)
        if kind == "answer":
            _click(qtbot, wizard.button(NEXT))
    elif kind == "check" and isinstance(page, CheckPage) and page.run_button.isEnabled():
        checks.status = action[1]
        with qtbot.waitSignal(page.job.finished, timeout=5000):
            _click(qtbot, page.run_button)
    elif kind == "skip" and isinstance(page, CheckPage):
        _click(qtbot, page.skip_button)
    elif kind == "lang":
        window.language_box.setCurrentIndex(window.language_box.findData(action[1]))
    elif kind == "leave":
        return reopen(window)
    return window


def _assert_in_step(wizard, store, flows):
    session = wizard.session
    if session is None:
        assert wizard.currentId() == START_ID
        return
    assert store.load(session.id, flows).to_dict()["history"] == session.to_dict()["history"]
    if wizard.controller.page() == SUMMARY:
        assert wizard.currentId() == SUMMARY_ID
        return
    page = wizard.currentPage()
    assert wizard.currentId() == len(session.history), (wizard.currentId(), [v.step for v in session.history])
    assert page.kind == session.step.kind
    assert page.step.address == session.step.address


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# The reported dead-end, and its shortest form: a resumed walk that passed a Windows check unseen, then Back.
@example(flow="backup-failing", platform="linux",
         actions=[("lang", "ko"), ("answer", 1), ("answer", 8), ("leave",), ("back",), ("back",), ("next",)])
@example(flow="agent-missing", platform="linux", actions=[("answer", 0), ("leave",), ("back",)])
@given(flow=st.sampled_from(FLOWS), platform=st.sampled_from(["linux", "windows"]),
       actions=st.lists(ACTIONS, min_size=1, max_size=25))
def test_random_walks_never_dead_end(qtbot, vm_window, store, real_flows, monkeypatch, flow, platform, actions):
    checks = FakeChecks()
    lang = "en"
    shown_errors = []  # what the wizard would show in its error dialog (a modal box would stop the test)
    monkeypatch.setattr("gui.errors.show_exception", lambda *error: shown_errors.append(error[1]))

    def reopen(window):
        """Cancel -> "Keep it for later" -> a new window -> Resume."""
        wizard = window.wizard
        if wizard.session is not None and not wizard.session.finished:
            answer_modal(qtbot)
            window.close()
        else:
            window.close_keeping_walk()
        again = vm_window(platform, window.wizard.lang, checks)
        shiboken6.delete(window)
        _click(qtbot, again.wizard.start_page.resume_button)
        return again

    window = vm_window(platform, lang, checks)
    with qtbot.capture_exceptions() as raised:
        _click(qtbot, window.wizard.start_page.flow_buttons[flow])
        for action in actions:
            window = _act(qtbot, window, checks, action, reopen)
            assert raised == [] and shown_errors == [], (action, raised, shown_errors)
            _assert_in_step(window.wizard, store, real_flows)
    for saved in store.list():  # each example starts with no walk to resume
        store.delete(saved.id)
