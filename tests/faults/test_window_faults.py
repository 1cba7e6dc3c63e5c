"""The window's check page with real checks that hang, crash, flood or do not exist: it keeps working."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWizard

from gui.app import Parts, application, create_window
from gui.pages.check import CheckPage
from gui.wizard import SUMMARY_ID
from tests.faults.conftest import one_check_flow
from tests.helpers.stall_probe import StallProbe
from tests.helpers.windows import close_at_the_end
from troubleshooter.checks.runner import run_check
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.store import SessionStore

NEXT = QWizard.WizardButton.NextButton
PROBE_INTERVAL_MS = 5
# A gap a person would notice as the window freezing; the probe is a plain QTimer on the GUI thread.
RESPONSIVE_GAP_MS = 200


@pytest.fixture
def window_on_check(qtbot, qapp, tmp_path):
    """window_on_check(check_id) -> the real window, on the check page of a one-step flow running `check_id`."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    application()

    def open_on(check_id: str):
        flows = load_flows([one_check_flow(tmp_path, check_id)])
        window = create_window(Parts(flows, run_check, None, SessionStore(tmp_path / "sessions")), lang="en")
        close_at_the_end(qtbot, window)
        window.show()
        qtbot.waitExposed(window)
        window.wizard.restart()
        qtbot.mouseClick(window.wizard.start_page.flow_buttons["faults"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.wizard.button(NEXT), Qt.MouseButton.LeftButton)
        page = window.wizard.currentPage()
        assert isinstance(page, CheckPage)
        return window, page

    return open_on


@pytest.mark.parametrize("check_id, status, end_step", [
    ("faults.hangs", "Error", "went-unknown"),
    ("faults.crashes", "Error", "went-unknown"),
    ("faults.floods", "OK", "went-ok"),
    ("faults.cp949", "OK", "went-ok"),
    ("faults.not_registered", "Error", "went-unknown"),
])
def test_the_window_stays_responsive_and_routes_on(qtbot, hostile_checks, window_on_check, check_id, status,
                                                    end_step):
    window, page = window_on_check(check_id)
    with StallProbe(PROBE_INTERVAL_MS) as probe:
        with qtbot.waitSignal(page.job.finished, timeout=15000):
            qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
            # While the check runs, the window answers: a language switch redraws every text.
            window.set_language("ko")
            window.set_language("en")
    print(f"{check_id}: longest event-loop stall {probe.longest_ms} ms over {probe.ticks} ticks")
    assert probe.longest_ms < RESPONSIVE_GAP_MS, f"the event loop stalled for {probe.longest_ms} ms"
    assert page.result_view.status_label.text() == status
    assert window.wizard.button(NEXT).isEnabled()
    qtbot.mouseClick(window.wizard.button(NEXT), Qt.MouseButton.LeftButton)
    wizard = window.wizard
    assert wizard.currentId() == SUMMARY_ID and wizard.session.current.step == end_step
    assert wizard.session.history[0].check.status.value == status.lower()
    assert window.isVisible()
