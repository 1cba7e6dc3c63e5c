"""Known answers are not asked again: a question that an earlier answer (or what a check found)
already settles is filled in, said to be known, and Back undoes it."""

from __future__ import annotations

import pytest

from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.checks.runner import run_check
from troubleshooter.flows.model import ChoiceStep, ResolutionStep
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_text
from troubleshooter.walk import parse_answers, walk


def _no_checks(session: Session) -> None:
    """Every check on the way comes back skipped (checks off, or a workstation)."""
    while not isinstance(session.step, (ChoiceStep, ResolutionStep)):
        session.record_check(CheckResult(session.step.check, Status.SKIPPED, {"en": "-", "ko": "-"}))


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_agent_missing_does_not_ask_again_whether_the_agent_is_installed(flows, platform):
    # Issue 22 item 3.
    session = Session(flows, "agent-missing", platform=platform)
    session.choose("not-present")
    _no_checks(session)
    asked = [v.step for v in session.history if v.known_from is None and isinstance(
        flows[v.flow].steps[v.step], ChoiceStep)]
    assert asked == ["what-do-you-see"], asked
    assert isinstance(session.step, ResolutionStep) and session.step.id == f"fix-install-{platform}"
    known = next(v for v in session.history if v.step == "ask-installed")
    assert known.known_from == "agent-missing/what-do-you-see"
    assert known.answer == f"missing-{platform}"


def test_agent_comms_not_present_is_not_asked_again(flows):
    session = Session(flows, "backup-failing", platform="linux")
    session.choose("agent")
    session.choose("not-present")
    _no_checks(session)
    assert session.step.id == "fix-install-agent", [v.step for v in session.history]


@pytest.mark.parametrize("lang, words", [("en", "Known from your earlier answer"), ("ko", "앞의 답변으로 이미 알고 있음")])
def test_the_report_says_the_answer_was_known(flows, lang, words):
    session = Session(flows, "agent-missing", platform="linux", lang=lang)
    session.choose("not-present")
    _no_checks(session)
    text = render_text(build_report(session), lang)
    assert words in text
    assert session.known_note()[lang].startswith(words)


def test_back_undoes_a_known_answer(flows):
    session = Session(flows, "agent-missing", platform="linux")
    session.choose("not-present")
    _no_checks(session)
    assert session.back() and session.back()  # the fix's page, then past the checks and the known answer
    assert session.current.step == "what-do-you-see" and session.current.answer is None
    session.choose("dont-know")
    _no_checks(session)
    assert session.step.id == "ask-installed"  # nothing is known now: the question is asked


def test_what_a_check_found_answers_the_question_too(flows):
    # The agent service check found no agent at all: "is it running?" is not asked.
    host = FakeHost(platform="linux")
    session = Session(flows, "agent-missing", platform="linux")
    result = walk(session, parse_answers(flows, ["agent-missing/what-do-you-see=dont-know"], "agent-missing"),
                  lambda check_id: run_check(check_id, host, no_network=True))
    assert result.complete and session.step.id == "fix-install-linux"


def test_a_known_answer_survives_saving_and_loading(flows):
    session = Session(flows, "agent-missing", platform="linux")
    session.choose("not-present")
    _no_checks(session)
    again = Session.from_dict(session.to_dict(), flows)
    assert [v.known_from for v in again.history] == [v.known_from for v in session.history]



def test_what_a_check_found_is_said_to_come_from_the_check(tmp_path):
    from tests.helpers.flow_files import write_flow
    from troubleshooter.flows.loader import load_flows

    path = write_flow(tmp_path, "found", "service", """\
  service:
    kind: check
    check: linux.agent_service
    prompt: {en: "Is the agent running?", ko: "에이전트가 실행 중인지 확인합니다."}
    on: {ok: done, problem: ask, unknown: ask}
  ask:
    kind: choice
    asks: agent
    prompt: {en: "Is the agent running?", ko: "에이전트가 실행 중인가요?"}
    options:
      - {id: running, label: {en: "Yes", ko: "예"}, next: done, means: running}
      - {id: stopped, label: {en: "Stopped", ko: "중지됨"}, next: done, means: stopped}
      - {id: missing, label: {en: "Not there", ko: "없음"}, next: done, means: missing}
""")
    session = Session(load_flows([path]), "found", platform="linux")
    session.record_check(run_check("linux.agent_service", FakeHost(platform="linux", executables=("waagent",)),
                                   no_network=True))
    known = session.history[1]
    assert known.step == "ask" and known.answer == "stopped" and known.known_from == "found/service"
    assert session.known_note()["en"] == "Known from what a check found: Stopped"
    assert session.known_note()["ko"] == "검사 결과로 이미 알고 있음: 중지됨"
