"""Fixtures for the window's tests: settings in a temporary folder, fake checks, an open window."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.app import Parts, application, create_window
from gui.pages.check import CheckPage
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.store import SessionStore
from troubleshooter.search import SearchIndex

EXAMPLE_FLOWS = Path(__file__).parent.parent / "flows" / "data"


class FakeChecks:
    """A check runner that answers `status` after `delay` seconds and honours the cancel event."""

    def __init__(self, status: Status = Status.PROBLEM, delay: float = 0.0):
        self.status = status
        self.delay = delay
        self.calls: list[str] = []
        self.cancel_events: list[threading.Event] = []

    def __call__(self, check_id: str, cancel_event: threading.Event | None = None) -> CheckResult:
        self.calls.append(check_id)
        event = cancel_event or threading.Event()
        self.cancel_events.append(event)
        if event.wait(self.delay):
            return CheckResult(check_id, Status.ERROR, {"en": "Cancelled.", "ko": "취소함."})
        return CheckResult(check_id, self.status, {"en": f"Found: {self.status.value}",
                                                   "ko": f"결과: {self.status.value}"},
                           evidence="line one\nline two")


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path, qapp):
    """The window's QSettings (an INI file in the user scope) go to this test's folder."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    application()
    yield


@pytest.fixture
def example_flows(example_check_outcome):
    return load_checked_flows([EXAMPLE_FLOWS])


@pytest.fixture
def fake_checks():
    return FakeChecks()


@pytest.fixture
def store(tmp_path):
    return SessionStore(tmp_path / "sessions")


@pytest.fixture
def open_window(qtbot, store):
    """open_window(flows, run_check, search=None, lang="en") -> a shown MainWindow on its start page."""

    opened = []  # qtbot keeps only weak references; the test may hold just the wizard

    def factory(flows, run_check, *, search="index", lang: str | None = "en"):
        if search == "index":
            search = SearchIndex(flows)
        window = create_window(Parts(flows, run_check, search, store), lang=lang)
        # The test's end closes what is left without the question about the walk.
        qtbot.addWidget(window, before_close_func=lambda w: w.close_keeping_walk() if shiboken6.isValid(w) else None)
        opened.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # keys go to the active window, as they do for a person
        assert QTest.qWaitForWindowActive(window)
        window.wizard.restart()
        return window

    return factory


@pytest.fixture(scope="session")
def real_flows(flows):
    """The product's own flows (the suite's `flows`, under the name the window's tests use)."""
    return flows


@pytest.fixture
def machine_window(qtbot, store):
    """machine_window(parts, lang="en") -> a shown MainWindow made from `parts` (their machine
    decides the platform), deleted at the end so that its Korean translators leave with it."""
    opened = []

    def opener(parts: Parts, lang: str = "en"):
        window = create_window(parts, lang=lang)
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


@pytest.fixture
def vm_window(machine_window, store, real_flows):
    """vm_window(platform="linux", lang="en", run_check=None) -> a shown MainWindow over the real
    flows on an Azure VM of that OS, with checks that never look at the machine (FakeChecks)."""
    from troubleshooter.platform import ThisMachine

    def opener(platform="linux", lang="en", run_check=None):
        return machine_window(Parts(real_flows, run_check or FakeChecks(), None, store,
                                    machine=ThisMachine(platform, True, "agent")), lang)

    return opener


def answer_modal(qtbot, key=Qt.Key.Key_Return, seen: list | None = None):
    """Press `key` in the next modal dialog that opens (the question about leaving a walk).

    `seen` collects the dialog's object name and text, so a test can say which dialog it was.
    """

    def press():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, press)
            return
        if seen is not None:
            texts = [getattr(dialog, name, lambda: "")() for name in ("text", "informativeText")]
            seen.append((dialog.objectName(), "\n".join(texts)))
        QTest.keyClick(dialog.focusWidget() or dialog, key)

    QTimer.singleShot(0, press)


def to_the_check_page(qtbot, wizard) -> CheckPage:
    """From the start page to the example flow's check (the answer "vss"), by keyboard as a person
    would: Space on the flow, the answer, Enter. The check has not been run yet."""
    flow_button = wizard.start_page.flow_buttons["example"]
    flow_button.setFocus()
    qtbot.keyClick(flow_button, Qt.Key.Key_Space)
    page = wizard.currentPage()
    page.select_option("vss")
    qtbot.keyClick(page.focus_widget(), Qt.Key.Key_Return)
    page = wizard.currentPage()
    assert isinstance(page, CheckPage)
    return page
