"""Walks through the real flows with the checks' results faked through the Session API: what a
check finds decides where the walk goes, and "still failing" never asks a question again."""

from __future__ import annotations

import pytest

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.model import ChoiceStep, CheckStep, EndStep, ResolutionStep
from troubleshooter.flows.session import Session

MAX_STEPS = 120


def _result(check_id: str, status: Status) -> CheckResult:
    return CheckResult(check_id, status, {"en": f"faked: {status.value}", "ko": f"가짜 결과: {status.value}"})


def _walk(session: Session, answers: dict[str, str], outcomes: dict[str, Status], *, stop_at_fix: bool = True):
    """Answers questions from `answers`, gives every check its outcome (skipped if none) and goes
    on past info pages; stops at the first fix (or, with stop_at_fix=False, says "still failing"
    there), at an end, or at a question it has no answer for. A question asked a second time
    fails the walk: that is the loop a person would be stuck in."""
    answered: set[tuple[str, str]] = set()
    for _ in range(MAX_STEPS):
        step = session.step
        where = (session.current.flow, step.id)
        if isinstance(step, EndStep):
            return session
        if isinstance(step, ChoiceStep):
            assert where not in answered, f"the question {where} is asked again:\n{_path(session)}"
            answered.add(where)
            if step.id not in answers:
                return session
            session.choose(answers[step.id])
        elif isinstance(step, CheckStep):
            session.record_check(_result(step.check, outcomes.get(step.check, Status.SKIPPED)))
        elif isinstance(step, ResolutionStep) and stop_at_fix:
            return session
        else:
            session.proceed()  # an info page goes on; a fix answers "still failing"
    raise AssertionError(f"no end after {MAX_STEPS} steps:\n{_path(session)}")


def _path(session: Session) -> str:
    return " -> ".join(f"{v.flow}/{v.step}[{v.answer}]" for v in session.history)


def _shown_fixes(session: Session) -> list[str]:
    return [f"{v.flow}/{v.step}" for v in session.history
            if isinstance(session.flows[v.flow].steps[v.step], ResolutionStep)]


# (name, platform, answers up to the check, the other checks' outcomes, check under test, its fix)
EVIDENCE_CASES = [
    ("every VSS writer stable", "windows",
     {"which-error": "snapshot", "which-snapshot-error": "vss-writers"},
     {"windows.vss_service": Status.OK, "common.resource_load": Status.OK},
     "windows.vss_writers", "snapshot-vss/fix-vss-writers"),
    ("Visual C++ installed", "windows",
     {"which-error": "snapshot", "which-snapshot-error": "vcredist"},
     {"windows.msiserver": Status.OK},
     "windows.vcredist", "snapshot-vss/fix-vcredist"),
    ("vmbackup.conf valid", "linux",
     {"which-error": "fs-freeze"},
     {"linux.filesystem_state": Status.OK},
     "linux.vmbackup_conf", "linux-freeze/fix-skip-mounts"),
    ("no CRP certificate left", "windows",
     {"which-error": "snapshot", "which-snapshot-error": "config-parse"},
     {"windows.machinekeys": Status.OK},
     "windows.crp_certificates", "snapshot-vss/fix-machinekeys"),
]
IDS = [case[0] for case in EVIDENCE_CASES]


@pytest.mark.parametrize("name, platform, answers, others, check_id, fix", EVIDENCE_CASES, ids=IDS)
def test_a_check_that_finds_its_cause_absent_never_shows_its_fix(flows, name, platform, answers, others, check_id,
                                                                  fix):
    session = _walk(Session(flows, "backup-failing", platform=platform), answers,
                    {**others, check_id: Status.OK}, stop_at_fix=False)

    assert check_id in [r.check_id for r in session.check_results() if r.status is Status.OK]
    assert fix not in _shown_fixes(session), _path(session)


@pytest.mark.parametrize("name, platform, answers, others, check_id, fix", EVIDENCE_CASES, ids=IDS)
def test_a_check_that_finds_its_cause_shows_its_fix(flows, name, platform, answers, others, check_id, fix):
    session = _walk(Session(flows, "backup-failing", platform=platform), answers, {**others, check_id: Status.PROBLEM})

    assert f"{session.current.flow}/{session.step.id}" == fix, _path(session)


def test_vss_writers_and_service_healthy_moves_on_to_the_vms_load(flows):
    session = _walk(Session(flows, "backup-failing", platform="windows"),
                    {"which-error": "snapshot", "which-snapshot-error": "vss-writers"},
                    {"windows.vss_writers": Status.OK, "windows.vss_service": Status.OK,
                     "common.resource_load": Status.PROBLEM})

    assert f"{session.current.flow}/{session.step.id}" == "snapshot-delays/fix-high-load", _path(session)


def test_com_plus_running_moves_on_to_msdtc(flows):
    session = _walk(Session(flows, "backup-failing", platform="windows"),
                    {"which-error": "snapshot", "which-snapshot-error": "complus-snapshot"},
                    {"windows.complus": Status.OK, "windows.msdtc": Status.PROBLEM})

    assert f"{session.current.flow}/{session.step.id}" == "complus-msdtc/fix-msdtc", _path(session)


@pytest.mark.parametrize("check_id, status, fix", [
    ("windows.crp_certificates", Status.WARNING, "snapshot-vss/fix-machinekeys"),
    ("linux.vmbackup_conf", Status.WARNING, "linux-freeze/fix-skip-mounts"),
])
def test_the_scan_acts_on_what_these_checks_report_as_a_warning(flows, check_id, status, fix):
    # The CRP check reports leftover certificates, and the vmbackup.conf check a switched-off or
    # unreadable freeze setting, as warnings: the "I don't know" scan must not pass them by.
    platform = check_id.split(".")[0]
    option = "dont-know" if platform == "windows" else "dont-know-linux"
    session = _walk(Session(flows, "backup-failing", platform=platform), {"which-error": option},
                    {check_id: status})

    assert f"{session.current.flow}/{session.step.id}" == fix, _path(session)


# -- "still failing" -------------------------------------------------------------------------------

# The questions that ask whether the VM agent is installed or running, in any flow.
AGENT_RUNNING_QUESTIONS = {"agent-comms/ask-agent-running", "agent-missing/ask-installed"}


def _questions(session: Session) -> list[str]:
    """Every question the walk put to the person, in order (the history ends with the one on screen)."""
    return [f"{v.flow}/{v.step}" for v in session.history
            if isinstance(session.flows[v.flow].steps[v.step], ChoiceStep)]


def test_installing_the_agent_and_still_failing_does_not_ask_again_whether_it_runs(flows):
    # Every check skipped: the person answers what the checks would have found.
    session = _walk(Session(flows, "backup-failing", platform="windows"),
                    {"which-error": "agent", "which-agent-error": "not-present", "ask-agent-running": "missing"},
                    {}, stop_at_fix=False)

    shown = [f"{v.flow}/{v.step}" for v in session.history]
    assert "agent-comms/fix-install-agent" in shown, _path(session)
    questions = _questions(session)
    after_fix = questions[questions.index("agent-comms/ask-agent-running") + 1:]
    assert [q for q in questions if q in AGENT_RUNNING_QUESTIONS] == ["agent-comms/ask-agent-running"], questions
    assert not AGENT_RUNNING_QUESTIONS & set(after_fix), _path(session)
    assert _shown_fixes(session).count("agent-comms/fix-install-agent") == 1, _path(session)


def test_custom_dns_and_still_failing_does_not_ask_the_network_question_again(flows):
    session = _walk(Session(flows, "backup-failing", platform="windows"),
                    {"which-error": "no-network", "ask-platform": "yes", "ask-dns": "yes",
                     "ask-network-setup": "custom-dns"}, {}, stop_at_fix=False)

    assert isinstance(session.step, EndStep), _path(session)


def test_fixing_dns_and_still_failing_goes_on_to_the_other_network_causes(flows):
    session = _walk(Session(flows, "backup-failing", platform="linux"),
                    {"which-error": "no-network", "ask-platform": "yes", "ask-network-setup": "custom-dns"},
                    {"common.dns": Status.PROBLEM}, stop_at_fix=False)

    assert _shown_fixes(session) == ["network/fix-dns"], _path(session)
    assert isinstance(session.step, EndStep), _path(session)


def _every_walk(flows, flow_id: str, platform: str) -> int:
    """Walks `flow_id` every way a person can answer, checks skipped and "still failing" pressed at
    every fix, and fails on the first question asked again after a "still failing". A question
    asked again only because the person chose to see a list again ends that walk: it is Back by
    another name. Returns the number of walks made."""
    walks = 0
    pending: list[list[str]] = [[]]
    while pending:
        choices = pending.pop()
        session = Session(flows, flow_id, platform=platform)
        queued = list(choices)
        failings = 0
        answered: dict[tuple[str, str], int] = {}  # question -> "still failing" count when answered
        for _ in range(MAX_STEPS):
            step = session.step
            where = (session.current.flow, step.id)
            if isinstance(step, EndStep):
                break
            if isinstance(step, ChoiceStep):
                if where in answered:
                    assert failings == answered[where], \
                        f"'still failing' leads back to the question {where}:\n{_path(session)}"
                    break
                answered[where] = failings
                if not queued:
                    options = [o.id for o in session.options()]
                    pending.extend([*choices, option] for option in options[1:])
                    choices = [*choices, options[0]]
                    queued = [options[0]]
                session.choose(queued.pop(0))
            elif isinstance(step, CheckStep):
                session.skip_check()
            else:
                failings += isinstance(step, ResolutionStep)
                session.proceed()
        else:
            raise AssertionError(f"no end after {MAX_STEPS} steps:\n{_path(session)}")
        walks += 1
    return walks


@pytest.mark.parametrize("platform", ["windows", "linux"])
def test_no_walk_with_the_checks_skipped_asks_a_question_twice(flows, platform):
    walks = sum(_every_walk(flows, flow.id, platform) for flow in flows.entry_flows())

    assert walks > 100  # every entry flow, every answer
