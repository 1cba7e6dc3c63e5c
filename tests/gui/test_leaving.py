"""A walk is never lost: every way out of the window leaves the saved walk exactly as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWizard

from gui.wizard import SUMMARY_ID
from tests.gui.conftest import FakeChecks, answer_modal, to_the_check_page
from troubleshooter.checks.result import Status
from troubleshooter.flows.compiled import load_checked_flows
from troubleshooter.flows.session import Session
from troubleshooter.flows.store import SessionStore

ROOT = Path(__file__).resolve().parents[2]
NEXT = QWizard.WizardButton.NextButton
CANCEL = QWizard.WizardButton.CancelButton
FIXED = QWizard.WizardButton.CustomButton1


def saved_walk(path: Path) -> dict:
    """The saved walk without the time of its last write."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.pop("updated_at", None)
    return data


def walk_to_the_fix(qtbot, wizard):
    """Example flow: answer "vss", run the check (problem), Next to the fix: three answers saved."""
    page = to_the_check_page(qtbot, wizard)
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.keyClick(page.run_button, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert wizard.currentPage().kind == "resolution"
    return Path(wizard.session_file())


def test_cancel_asks_and_keeps_the_walk_by_default(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    path = walk_to_the_fix(qtbot, window.wizard)
    before = saved_walk(path)
    seen = []
    answer_modal(qtbot, Qt.Key.Key_Return, seen)  # Enter takes the default: keep it
    qtbot.mouseClick(window.wizard.button(CANCEL), Qt.MouseButton.LeftButton)
    assert seen and seen[0][0] == "leave_question"
    assert not window.isVisible()
    assert saved_walk(path) == before
    assert [v["answer"] for v in before["history"]] == ["vss", "problem", None]


def test_the_leave_question_offers_keep_as_its_default_and_gives_it_the_focus(qtbot, open_window, example_flows,
                                                                             fake_checks):
    """What Enter does, and what the dialog shows as its default (the ring), is Keep: never
    Discard, whichever button a style or a later change would focus first."""
    window = open_window(example_flows, fake_checks)
    walk_to_the_fix(qtbot, window.wizard)
    shown = {}

    def look_then_stay():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look_then_stay)
            return
        shown["default"] = dialog.defaultButton().text()
        shown["focus"] = dialog.focusWidget().text() if isinstance(dialog.focusWidget(), QAbstractButton) else None
        shown["buttons"] = [b.text() for b in dialog.buttons()]
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, look_then_stay)
    qtbot.mouseClick(window.wizard.button(CANCEL), Qt.MouseButton.LeftButton)

    assert "&Discard it" in shown["buttons"]
    assert shown["default"] == "&Keep it for later"
    assert shown["focus"] == "&Keep it for later"
    assert window.isVisible()  # Escape is Stay


def test_escape_asks_and_keeps_the_walk(qtbot, open_window, example_flows, fake_checks, store):
    window = open_window(example_flows, fake_checks)
    path = walk_to_the_fix(qtbot, window.wizard)
    before = saved_walk(path)
    answer_modal(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not window.isVisible()
    assert saved_walk(path) == before
    again = open_window(example_flows, fake_checks)
    assert again.wizard.start_page.resume_button.isVisible()
    qtbot.mouseClick(again.wizard.start_page.resume_button, Qt.MouseButton.LeftButton)
    assert again.wizard.currentPage().kind == "resolution"
    assert [v.answer for v in again.wizard.session.history] == ["vss", "problem", None]


def test_closing_can_stay_or_discard(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    path = walk_to_the_fix(qtbot, window.wizard)
    before = saved_walk(path)
    answer_modal(qtbot, Qt.Key.Key_Escape)  # Esc in the question: stay
    window.close()
    assert window.isVisible()
    assert window.wizard.currentPage().kind == "resolution"
    assert saved_walk(path) == before

    answer_modal(qtbot, Qt.Key.Key_D)  # a message box takes its buttons' mnemonics without Alt
    window.close()
    assert not window.isVisible()
    assert not path.exists()


def test_a_finished_walk_stays_finished(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    path = walk_to_the_fix(qtbot, wizard)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY_ID, timeout=2000)  # a mnemonic clicks after 100 ms
    before = saved_walk(path)
    assert before["finished"]
    qtbot.mouseClick(wizard.button(CANCEL), Qt.MouseButton.LeftButton)  # no question for a finished walk
    assert not window.isVisible()
    assert saved_walk(path) == before


def test_escape_during_a_check_cancels_it_and_asks_nothing(qtbot, open_window, example_flows):
    checks = FakeChecks(Status.OK, delay=5.0)
    window = open_window(example_flows, checks)
    page = to_the_check_page(qtbot, window.wizard)
    qtbot.keyClick(page.run_button, Qt.Key.Key_Return)
    assert page.job.running
    assert QApplication.focusWidget() is page.busy.cancel_button
    qtbot.waitUntil(lambda: bool(checks.cancel_events), timeout=2000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not page.job.running and checks.cancel_events[-1].is_set()
    assert window.isVisible() and QApplication.activeModalWidget() is None


def test_closing_during_a_check_is_clean(qtbot, open_window, example_flows, capfd):
    def deaf_check(check_id, cancel_event=None):  # finishes after the window is gone, cancel or not
        time.sleep(0.5)
        return FakeChecks(Status.OK)(check_id)

    window = open_window(example_flows, deaf_check)
    page = to_the_check_page(qtbot, window.wizard)
    qtbot.keyClick(page.run_button, Qt.Key.Key_Return)
    answer_modal(qtbot)
    window.close()
    page.deleteLater()  # as at the program's exit: the page and its job go before the check ends
    qtbot.wait(900)
    assert "Signal source has been deleted" not in capfd.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_closes_cleanly_and_keeps_the_walk(tmp_path):
    data = tmp_path / "data"
    store = SessionStore(data / "sessions")
    flows = load_checked_flows()
    session = Session(flows, "backup-failing", lang="en")
    store.autosave(session)
    session.choose(session.options()[0].id)
    path = store.path_for(session.id)
    before = saved_walk(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VMBT_DATA_DIR": str(data)}
    script = ("import sys\nfrom gui.app import run_app\n"
              "sys.exit(run_app(lang='en', resume=sys.argv[1], on_shown=lambda w: print('SHOWN', flush=True)))")
    process = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "SHOWN", process.stderr.read()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    after = saved_walk(path)
    assert [(v["step"], v["answer"]) for v in after["history"]] == [(v["step"], v["answer"]) for v in before["history"]]
    log = (data / "logs" / "vmbt.log").read_text(encoding="utf-8")
    assert "SIGTERM" in log

