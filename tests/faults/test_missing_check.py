"""A flow naming a check the program does not have: the linter points at it, a walk goes the unknown way."""

from __future__ import annotations

import pytest

from tests.faults.conftest import one_check_flow
from tests.helpers.windows import close_at_the_end
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check
from troubleshooter.cli import main
from troubleshooter.flows.errors import FlowError
from troubleshooter.flows.lint import lint_paths, load_checked_flows
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_text
from troubleshooter.walk import walk

MISSING = "faults.not_registered"
CHECK_LINE = 8  # `    check: faults.not_registered` in one_check_flow's text


@pytest.fixture
def flow_file(tmp_path):
    return one_check_flow(tmp_path, MISSING)


def test_the_linter_names_the_file_and_line(flow_file):
    report = lint_paths([flow_file])
    found = [problem for problem in report.problems if MISSING in problem.message]
    assert len(found) == 1
    assert (found[0].file, found[0].line, found[0].column) == (str(flow_file), CHECK_LINE, 5)
    assert "not a registered check" in found[0].message
    with pytest.raises(FlowError):
        load_checked_flows([flow_file])


def test_the_lint_command_prints_file_line_and_fails(flow_file, capsys):
    assert main(["lint", str(flow_file)]) == 1
    assert f"{flow_file}:{CHECK_LINE}:5: check '{MISSING}' is not a registered check" in capsys.readouterr().out


def test_a_session_routes_unknown_with_a_clear_result(flow_file):
    session = Session(load_flows([flow_file]), "faults", platform="linux")
    found = run_check(MISSING)
    session.record_check(found)
    assert session.current.step == "went-unknown"
    assert found.status is Status.ERROR and found.facts["reason"] == "unknown_check"
    assert f"There is no check called '{MISSING}'" in found.summary["en"]
    assert MISSING in found.summary["ko"]


def test_a_headless_walk_ends_and_its_report_says_why(flow_file):
    session = Session(load_flows([flow_file]), "faults", platform="linux")
    result = walk(session, {}, run_check)
    assert result.complete and session.current.step == "went-unknown"
    assert session.history[0].check.status is Status.ERROR
    text = render_text(build_report(session), "en")
    assert f"[ERROR] {MISSING}" in text and f"There is no check called '{MISSING}'." in text


def _answer(found):
    return found.status, found.summary, found.facts.get("reason")


def test_the_window_and_the_headless_walk_give_the_same_answer(flow_file, qtbot, qapp, tmp_path):
    """One decision in the core: the walk does not call the runner for a check it does not have, and
    still records what the window's runner records."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QWizard

    from gui.app import Parts, application, create_window
    from gui.pages.check import CheckPage
    from troubleshooter.flows.store import SessionStore

    flows = load_flows([flow_file])
    headless = Session(flows, "faults", platform="linux")
    walk(headless, {}, lambda check_id: pytest.fail(f"the walk ran the missing check {check_id}"))

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    application()
    window = create_window(Parts(flows, run_check, None, SessionStore(tmp_path / "sessions")), lang="en")
    close_at_the_end(qtbot, window)
    window.show()
    window.wizard.restart()
    qtbot.mouseClick(window.wizard.start_page.flow_buttons["faults"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = window.wizard.currentPage()
    assert isinstance(page, CheckPage)
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    in_the_window = _answer(page.result)
    # On to the summary: a finished walk closes without asking whether to leave it.
    qtbot.mouseClick(window.wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)

    assert in_the_window == _answer(headless.history[0].check) == (
        Status.ERROR, {"en": f"There is no check called '{MISSING}'.", "ko": f"'{MISSING}'(이)라는 검사가 없습니다."},
        "unknown_check")


def test_the_run_command_refuses_the_flows_with_the_place_not_a_traceback(flow_file, monkeypatch, capsys):
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(flow_file.parent))
    code = main(["run", "--flow", "faults", "--no-network"])
    error = capsys.readouterr().err
    assert code not in (0, 1)  # a usage error, not a crash or a finished walk
    assert f"{flow_file}:{CHECK_LINE}:5" in error and MISSING in error
    assert "Traceback" not in error
