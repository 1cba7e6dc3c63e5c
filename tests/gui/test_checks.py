"""Checks run off the GUI thread: the window stays responsive, Cancel stops them, results show."""

from __future__ import annotations

import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from gui.pages.check import CheckPage
from gui.settings import KEY_AUTO_RUN_CHECKS, open_settings
from tests.gui.conftest import FakeChecks, to_the_check_page
from tests.helpers.stall_probe import StallProbe
from troubleshooter.checks import registry
from troubleshooter.checks.registry import check, unregister
from troubleshooter.checks.result import CheckResult, Status

NEXT = QWizard.WizardButton.NextButton
PROBE_INTERVAL_MS = 10
MAX_STALL_MS = 100


def test_a_slow_check_leaves_the_window_responsive(qtbot, open_window, example_flows):
    checks = FakeChecks(Status.OK, delay=3.0)
    wizard = open_window(example_flows, checks).wizard
    page = to_the_check_page(qtbot, wizard)
    started = time.monotonic()
    with StallProbe(PROBE_INTERVAL_MS) as probe, qtbot.waitSignal(page.job.finished, timeout=8000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
        assert page.busy.isVisible() and page.busy.cancel_button.isEnabled()
        assert not wizard.button(NEXT).isEnabled()
        qtbot.waitUntil(lambda: "1." in page.busy.elapsed.text() or "2." in page.busy.elapsed.text(),
                        timeout=4000)
    assert time.monotonic() - started >= 2.9
    print(f"longest event-loop stall while a 3 s check ran: {probe.longest_ms} ms")
    assert probe.longest_ms < MAX_STALL_MS
    assert not page.busy.isVisible()
    assert page.result_view.status_label.text() == "OK"
    assert wizard.button(NEXT).isEnabled()


def test_cancel_stops_a_running_check(qtbot, open_window, example_flows):
    checks = FakeChecks(Status.OK, delay=3.0)
    wizard = open_window(example_flows, checks).wizard
    page = to_the_check_page(qtbot, wizard)
    with qtbot.waitSignal(page.job.running_changed, timeout=2000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    with qtbot.assertNotEmitted(page.job.finished, wait=300):
        qtbot.mouseClick(page.busy.cancel_button, Qt.MouseButton.LeftButton)
    assert checks.cancel_events[-1].is_set()
    assert not page.job.running
    assert page.cancelled_label.isVisible()
    assert page.run_button.isEnabled() and page.skip_button.isEnabled()
    assert not wizard.button(NEXT).isEnabled()
    assert wizard.session.current.check is None
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    assert wizard.session.history[-2].check.status is Status.SKIPPED
    assert wizard.currentPage().title() == "Is any writer not stable?"


def test_escape_during_a_check_cancels_it_and_keeps_the_window(qtbot, open_window, example_flows):
    checks = FakeChecks(Status.OK, delay=3.0)
    window = open_window(example_flows, checks)
    page = to_the_check_page(qtbot, window.wizard)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    window.wizard.reject()
    assert window.isVisible() and not page.job.running


def test_evidence_is_folded_and_selectable(qtbot, open_window, example_flows, fake_checks):
    wizard = open_window(example_flows, fake_checks).wizard
    page = to_the_check_page(qtbot, wizard)
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    view = page.result_view
    assert not view.evidence.isVisible()
    qtbot.mouseClick(view.evidence_toggle, Qt.MouseButton.LeftButton)
    assert view.evidence.isVisible()
    assert view.evidence.toPlainText() == "line one\nline two"
    assert view.evidence.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_checks_run_automatically_when_chosen(qtbot, open_window, example_flows, fake_checks):
    wizard = open_window(example_flows, fake_checks).wizard
    page = to_the_check_page(qtbot, wizard)
    assert fake_checks.calls == []
    page.auto_run.setChecked(True)
    assert open_settings().value(KEY_AUTO_RUN_CHECKS, type=bool) is True
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    wizard.currentPage().select_option("vss")
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    assert page.auto_run.isChecked()
    qtbot.waitUntil(lambda: page.result is not None, timeout=5000)
    assert fake_checks.calls == ["example.always_ok"]


@pytest.fixture
def admin_check():
    @check("example.needs_admin", title={"en": "Admin check", "ko": "관리자 검사"},
           description={"en": "Needs rights.", "ko": "권한이 필요합니다."}, needs_admin=True)
    def _needs_admin(host):
        raise AssertionError("the fake runner answers for it")

    yield "example.needs_admin"
    unregister("example.needs_admin")


def test_a_check_that_needs_rights_explains_how_to_get_them(qtbot, open_window, example_flows, admin_check,
                                                            monkeypatch):
    def runner(check_id, cancel_event=None):
        return CheckResult(check_id, Status.SKIPPED, {"en": "Skipped: needs root.", "ko": "건너뜀: root 필요."},
                           facts={"reason": "needs_admin"})

    wizard = open_window(example_flows, runner).wizard
    page = to_the_check_page(qtbot, wizard)
    # The example flow's check step stands in for a check registered as needing rights.
    monkeypatch.setattr(CheckPage, "spec", property(lambda self: registry.get(admin_check)))
    page.show_step()
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.admin_label.isVisible()
    if sys.platform == "win32":
        assert page.elevate_button.isVisible()
    else:
        assert not page.elevate_button.isVisible()
        assert "sudo -E" in page.admin_label.text() and "--resume" in page.admin_label.text()
        assert wizard.session_file() in page.admin_label.text()


def _skipped(reason):
    def runner(check_id, cancel_event=None):
        return CheckResult(check_id, Status.SKIPPED, {"en": f"Skipped: {reason}.", "ko": f"건너뜀: {reason}."},
                           facts={"reason": reason})

    return runner


def test_admin_help_shows_only_when_the_result_says_rights_were_missing(qtbot, open_window, example_flows,
                                                                        admin_check, monkeypatch):
    # A check that needs rights, skipped for another reason: no advice about rights.
    wizard = open_window(example_flows, _skipped("no_network")).wizard
    page = to_the_check_page(qtbot, wizard)
    monkeypatch.setattr(CheckPage, "spec", property(lambda self: registry.get(admin_check)))
    page.show_step()
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.result.status is Status.SKIPPED
    assert not page.admin_label.isVisible()


def test_admin_help_shows_for_any_check_that_found_it_lacked_rights(qtbot, open_window, example_flows):
    # The example check is not registered as needing rights; it found out while looking.
    wizard = open_window(example_flows, _skipped("needs_admin")).wizard
    page = to_the_check_page(qtbot, wizard)
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.admin_label.isVisible()


@pytest.fixture
def stuck_checks():
    """A check stuck in Python and one stuck in a command, each with half a second."""
    import threading

    ran_in = []

    @check("example.stuck_in_python", title={"en": "s", "ko": "s"}, description={"en": "s", "ko": "s"}, timeout=0.5)
    def _stuck_in_python(host):
        ran_in.append(threading.current_thread())
        time.sleep(5)
        return CheckResult("example.stuck_in_python", Status.OK, {"en": "late", "ko": "늦음"})

    @check("example.stuck_in_command", title={"en": "c", "ko": "c"}, description={"en": "c", "ko": "c"},
           timeout=0.5)
    def _stuck_in_command(host):
        host.run([sys.executable, "-c", "import time; time.sleep(30)"], timeout=30)
        return CheckResult("example.stuck_in_command", Status.OK, {"en": "late", "ko": "늦음"})

    yield ran_in
    unregister("example.stuck_in_python")
    unregister("example.stuck_in_command")


@pytest.mark.parametrize("check_id", ["example.stuck_in_python", "example.stuck_in_command"])
def test_the_window_reports_a_stuck_check_at_its_deadline(qtbot, stuck_checks, check_id):
    import psutil

    from gui.app import run_check
    from gui.checkjob import CheckJob

    before = {child.pid for child in psutil.Process().children(recursive=True)}
    job = CheckJob(run_check)
    late = []
    started = time.monotonic()
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        job.start(check_id)
    elapsed = time.monotonic() - started
    result = finished.args[0]
    assert result.status is Status.ERROR and result.facts["reason"] == "timeout", result.summary
    assert elapsed < 0.5 + 1.0, f"the timeout came after {elapsed:.2f} s"
    assert not job.running
    job.finished.connect(late.append)
    qtbot.wait(300)
    assert late == [], "the abandoned check's own result is not reported"
    qtbot.waitUntil(lambda: {child.pid for child in psutil.Process().children(recursive=True)} <= before,
                    timeout=2000)
    if check_id == "example.stuck_in_python":
        # One thread layer: the check ran in the job's one worker, not in a thread the runner added.
        assert stuck_checks[0].name == f"check-{check_id}"


def test_checks_stuck_past_their_deadline_do_not_hold_up_the_next_one(qtbot, stuck_checks, example_check_outcome):
    from gui.app import run_check
    from gui.checkjob import RUNNING_AT_ONCE, CheckJob

    stuck = [CheckJob(run_check) for _ in range(RUNNING_AT_ONCE)]  # as many as may run at once
    for job in stuck:
        with qtbot.waitSignal(job.finished, timeout=5000):
            job.start("example.stuck_in_python")
    quick = CheckJob(run_check)
    started = time.monotonic()
    with qtbot.waitSignal(quick.finished, timeout=3000) as finished:
        quick.start("example.always_ok")
    assert finished.args[0].status is Status.OK
    assert time.monotonic() - started < 1.0, "the next check waited for the abandoned ones"


# A check that never returns, in a program that then quits: the process must end, not wait for it.
STUCK_FOREVER_THEN_QUIT = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from troubleshooter.checks.registry import check
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.checks.runner import run_check
from gui.checkjob import CheckJob

@check("example.never_returns", title={"en": "Never returns", "ko": "끝나지 않음"},
       description={"en": "Sleeps for ever.", "ko": "계속 잠듭니다."}, platforms=("linux", "windows"), timeout=0.5)
def never_returns(host):
    while True:
        time.sleep(0.05)

app = QApplication(sys.argv[:1])
job = CheckJob(run_check)
job.finished.connect(lambda result: (print(result.facts.get("reason"), flush=True), QTimer.singleShot(50, app.quit)))
job.start("example.never_returns")
app.exec()
"""


def test_the_program_ends_although_a_check_is_stuck_for_ever(tmp_path):
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VMBT_DATA_DIR": str(tmp_path),
                   "PYTHONPATH": str(root)}
    try:
        done = subprocess.run([sys.executable, "-c", STUCK_FOREVER_THEN_QUIT], capture_output=True, text=True,
                              env=environment, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the program did not end: it waited for the check stuck in Python")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["timeout"]
