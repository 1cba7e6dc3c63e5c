"""The entry points with the real flows: run_app, --self-test, and every problem walked to a fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from gui.app import real_parts, run_app
from gui.pages.resolution import ResolutionPage
from gui.selftest import walk_to_resolution

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def parts():
    return real_parts()


def test_run_app_opens_the_real_window_and_closes(qtbot):
    seen = {}

    def on_shown(window):
        seen["visible"] = window.isVisible()
        seen["title"] = window.windowTitle()
        seen["flows"] = sorted(window.wizard.start_page.flow_buttons)
        seen["next"] = window.wizard.button(QWizard.WizardButton.NextButton).text()
        window.close()

    assert run_app(lang="en", on_shown=on_shown) == 0
    assert seen["visible"] and seen["title"] == "VM Backup Troubleshooter"
    assert seen["flows"] == ["agent-missing", "backup-failing", "restore-failing", "slow-job"]


def test_run_app_in_korean(qtbot):
    seen = {}

    def on_shown(window):
        seen["title"] = window.windowTitle()
        seen["next"] = window.wizard.button(QWizard.WizardButton.NextButton).text()
        window.close()

    assert run_app(lang="ko", on_shown=on_shown) == 0
    assert seen["title"] == "VM 백업 문제 해결 도우미"
    assert "다음" in seen["next"]


def test_self_test_passes_from_the_command_line(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "troubleshooter", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "self-test passed" in done.stdout
    assert "PDF report" in done.stdout


@pytest.mark.parametrize("flow_id", ["backup-failing", "restore-failing", "slow-job", "agent-missing"])
def test_each_problem_can_be_walked_to_a_fix(qtbot, open_window, parts, flow_id, fake_checks):
    window = open_window(parts.flows, fake_checks, search=parts.search)
    wizard = window.wizard
    clicks = walk_to_resolution(wizard, flow_id)
    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    assert page.title() and page.text.toPlainText().strip()
    assert wizard.session.flow_id == flow_id
    print(f"{flow_id}: first fix '{page.title()}' after {clicks} clicks")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CustomButton1), Qt.MouseButton.LeftButton)
    assert wizard.session.outcome == "resolved"
    assert page.title() in wizard.summary_page.view.toPlainText()


def test_a_portal_error_code_jumps_to_its_fix(qtbot, open_window, parts, fake_checks):
    window = open_window(parts.flows, fake_checks, search=parts.search)
    wizard = window.wizard
    start = wizard.start_page
    start.search_box.setText("UserErrorGuestAgentStatusUnavailable")
    qtbot.waitUntil(lambda: start.results.count() > 0, timeout=2000)
    expected = parts.search.search("UserErrorGuestAgentStatusUnavailable", lang="en", limit=1,
                                   platform=wizard.vm_platform())[0]
    qtbot.keyClick(start.search_box, Qt.Key.Key_Return)
    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    assert (wizard.session.current.flow, wizard.session.current.step) == (expected.flow, expected.step)
    assert wizard.session.current.via == "search"
    assert page.title() == expected.title
