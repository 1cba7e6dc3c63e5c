"""The walk follows the VM's platform: this machine's on an Azure VM, the one named elsewhere with checks off."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.app import Parts, create_window
from gui.pages.check import CheckPage
from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import HttpReply
from troubleshooter.platform import ThisMachine, this_machine
from troubleshooter.search import SearchIndex


def test_the_agent_or_the_metadata_service_make_this_an_azure_vm(monkeypatch):
    assert this_machine(FakeHost(platform="linux", files={"/etc/waagent.conf": "x"})) == \
        ThisMachine("linux", True, "agent")
    metadata = "http://127.0.0.1:9/metadata/instance?api-version=2021-02-01"  # the tests' endpoints file
    answering = FakeHost(platform="windows", http={metadata: HttpReply(200, {}, "{}")})
    assert this_machine(answering) == ThisMachine("windows", True, "metadata")
    assert this_machine(answering, use_network=False) == ThisMachine("windows", False, "none")
    assert this_machine(FakeHost(platform="linux")) == ThisMachine("linux", False, "none")


@pytest.fixture
def workstation_window(machine_window, store, example_flows, fake_checks):
    """A Linux workstation that is not an Azure VM."""

    def opener(lang="en"):
        return machine_window(Parts(example_flows, fake_checks, SearchIndex(example_flows), store,
                                    machine=ThisMachine("linux", False, "none")), lang)

    return opener


def test_a_workstation_asks_which_vm_and_turns_the_checks_off(qtbot, workstation_window, fake_checks):
    window = workstation_window()
    wizard = window.wizard
    start = wizard.start_page
    assert start.platform_box.isVisibleTo(window)
    assert "Linux" in start.platform_note.text() and "off" in start.platform_note.text()
    assert start.platform_buttons["linux"].isChecked()  # this computer's OS until told otherwise
    assert QApplication.focusWidget() is start.search_box
    for _ in range(12):  # Shift+Tab back from the search box to the VM's platform
        if QApplication.focusWidget() is start.platform_buttons["linux"]:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)  # arrows move between the two
    assert start.platform_buttons["windows"].isChecked()
    qtbot.keyClick(start.flow_buttons["example"], Qt.Key.Key_Space)
    assert wizard.session.platform == "windows"
    page = wizard.currentPage()
    page.select_option("vss")
    qtbot.keyClick(page.focus_widget(), Qt.Key.Key_Return)
    page = wizard.currentPage()
    assert isinstance(page, CheckPage)
    assert not page.run_button.isEnabled()
    assert page.off_label.isVisibleTo(window) and "this computer" in page.off_label.text()
    assert QApplication.focusWidget() is page.skip_button
    qtbot.keyClick(page.skip_button, Qt.Key.Key_Return)
    assert fake_checks.calls == []
    assert wizard.session.history[1].check.status.value == "skipped"
    assert "this computer" in wizard.session.history[1].check.summary["en"]


def test_the_korean_workstation_question(qtbot, workstation_window):
    window = workstation_window("ko")
    start = window.wizard.start_page
    assert "Windows VM" in start.platform_buttons["windows"].text()
    assert "Linux" in start.platform_note.text() and "검사" in start.platform_note.text()


def test_on_an_azure_vm_the_walk_follows_this_machine(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    start = window.wizard.start_page
    assert not start.platform_box.isVisibleTo(window)
    qtbot.keyClick(start.flow_buttons["example"], Qt.Key.Key_Space)
    from troubleshooter.platform import current_platform

    assert window.wizard.session.platform == current_platform()


@pytest.fixture
def windows_only_check():
    from troubleshooter.checks.registry import check, unregister
    from troubleshooter.checks.result import CheckResult, Status

    @check("example.windows_only", title={"en": "Windows-only example", "ko": "Windows 전용 예제"},
           description={"en": "Looks at a service.", "ko": "서비스를 확인합니다."}, platforms=("windows",))
    def _windows_only(host):
        return CheckResult("example.windows_only", Status.OK, {"en": "Fine.", "ko": "정상."})

    yield
    unregister("example.windows_only")


def test_a_check_for_the_other_os_is_never_offered(qtbot, store, fake_checks, windows_only_check):
    from pathlib import Path

    from troubleshooter.flows.lint import load_checked_flows

    flows = load_checked_flows([Path(__file__).parent / "data" / "other_platform.yaml"])
    parts = Parts(flows, fake_checks, None, store, machine=ThisMachine("linux", True, "agent"))
    window = create_window(parts, lang="en")
    try:
        window.show()
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window)
        window.wizard.restart()
        wizard = window.wizard
        qtbot.keyClick(wizard.start_page.flow_buttons["other-platform-example"], Qt.Key.Key_Space)
        # The Windows-only check is passed by: the walk goes on its "unknown" way at once.
        assert not isinstance(wizard.currentPage(), CheckPage)
        assert fake_checks.calls == []
        passed = wizard.session.history[0].check
        assert passed.facts["reason"] == "other_platform" and "Not applicable" in passed.summary["en"]
    finally:
        window.close_keeping_walk()
        shiboken6.delete(window)
