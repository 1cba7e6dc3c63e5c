"""What a check found decides the fix: an agent that is not installed leads to the install fix, one
that is installed but stopped to the restart, an old one to the update; every route of every
finding of every check step ends at a fix for that finding."""

from __future__ import annotations

import pytest

from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import ProcessInfo, ServiceInfo
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.checks.runner import run_check
from troubleshooter.flows.findings import FINDINGS, finding_of
from troubleshooter.flows.model import CheckStep, GotoStep, ResolutionStep
from troubleshooter.flows.session import Session
from troubleshooter.walk import parse_answers, walk


def _walk_on(flows, host: FakeHost, answers: list[str]):
    session = Session(flows, "backup-failing", platform=host.platform)
    result = walk(session, parse_answers(flows, answers, "backup-failing"),
                  lambda check_id: run_check(check_id, host, no_network=True))
    assert result.complete, result.stopped_at_question
    return session


ITEM_1 = ["backup-failing/which-error=agent", "agent-comms/which-agent-error=not-sure"]


def test_linux_without_the_agent_ends_at_the_linux_install_fix(flows):
    # Issue 22 item 1: the check says "not installed" and the walk showed the restart fix.
    session = _walk_on(flows, FakeHost(platform="linux"), ITEM_1)
    step = session.step
    assert isinstance(step, ResolutionStep)
    assert "A02" in step.refs, f"{session.current.flow}/{step.id}"
    assert step.platforms == frozenset({"linux"})


def test_linux_agent_installed_but_stopped_ends_at_the_restart(flows):
    host = FakeHost(platform="linux", executables=("waagent",),
                    services={"walinuxagent": ServiceInfo("walinuxagent", False, "inactive", "enabled"),
                              "waagent": ServiceInfo("waagent", False, "inactive", "enabled")})
    session = _walk_on(flows, host, ITEM_1)
    assert {"B02", "B05"} & set(session.step.refs), f"{session.current.flow}/{session.step.id}"


def test_windows_without_the_agent_ends_at_the_windows_install_fix(flows):
    session = _walk_on(flows, FakeHost(platform="windows"), ["which-error=agent", "which-agent-error=not-sure"])
    assert "A01" in session.step.refs, f"{session.current.flow}/{session.step.id}"


def _landing(flows, flow_id: str, step_id: str):
    step = flows.resolve(flow_id, step_id)
    while isinstance(step, GotoStep):
        flow_id, step = step.flow, flows.resolve(step.flow, step.step)
    return flow_id, step


def _finding_cases(flows):
    for flow in flows:
        for step in flow.steps.values():
            if isinstance(step, CheckStep):
                for finding in FINDINGS.get(step.check, ()):
                    if finding.route in ("problem", "warning"):
                        yield flow.id, step, finding


def test_every_finding_of_every_check_leads_to_its_own_fix(flows):
    wrong = []
    cases = list(_finding_cases(flows))
    assert len(cases) >= 18  # the agent's checks are on many paths; each path is held
    for flow_id, step, finding in cases:
        target = step.route(finding.route, finding.name)
        landed_flow, landed = _landing(flows, flow_id, target)
        if not isinstance(landed, ResolutionStep) or not set(landed.refs) & finding.refs:
            wrong.append(f"{flow_id}/{step.id} finding {finding.name} ({sorted(finding.refs)}) -> "
                         f"{landed_flow}/{landed.id} {getattr(landed, 'refs', '')}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("host, check_id, expected", [
    (FakeHost(platform="linux"), "linux.agent_service", "not-installed"),
    (FakeHost(platform="linux", executables=("waagent",)), "linux.agent_service", "not-running"),
    (FakeHost(platform="linux", process_list=[ProcessInfo(7, "python3", ("python3", "-u", "/usr/sbin/waagent"))]),
     "linux.agent_service", None),
    (FakeHost(platform="windows"), "windows.agent_services", "not-installed"),
], ids=["linux-none", "linux-program-only", "linux-running", "windows-none"])
def test_findings_come_from_the_facts_the_check_returns(host, check_id, expected):
    found = finding_of(run_check(check_id, host, no_network=True))
    assert (found.name if found else None) == expected


def test_a_result_without_facts_has_no_finding():
    assert finding_of(CheckResult("linux.agent_service", Status.PROBLEM, {"en": "-", "ko": "-"})) is None
