"""Walking the example flows: routing, platforms, goto, back, search jumps, endings, saving."""

from __future__ import annotations

import json

import pytest

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.loader import parse_flow
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.session import Session, SessionError


def _result(status: Status) -> CheckResult:
    return CheckResult("example.always_ok", status, {"en": status.value, "ko": status.value})


def _addresses(session: Session) -> list[str]:
    return [f"{v.flow}/{v.step}" for v in session.history]


@pytest.fixture
def session(example_flows):
    return Session(example_flows, "example", platform="windows")


@pytest.mark.parametrize("status, next_step, answer", [
    (Status.OK, "all-good", "ok"),
    (Status.PROBLEM, "fix-vss", "problem"),
    (Status.WARNING, "ask-vss", "warning"),  # no warning route in the example: it goes the unknown way
    (Status.SKIPPED, "ask-vss", "unknown"),
    (Status.ERROR, "ask-vss", "unknown"),
])
def test_check_status_picks_the_branch(session, status, next_step, answer):
    session.choose("vss")

    session.record_check(_result(status))

    assert session.step.id == next_step
    assert session.history[1].answer == answer
    assert session.check_results() == [session.history[1].check]
    assert session.check_results()[0].status is status


def test_warning_takes_its_own_route_when_the_step_has_one():
    flow = parse_flow("""
id: warn
title: {en: W, ko: W}
start: look
steps:
  look:
    kind: check
    check: example.always_ok
    prompt: {en: Looks., ko: 봅니다.}
    on: {ok: done, problem: done, unknown: done, warning: careful}
  careful: {kind: end, title: {en: Careful, ko: 주의}, body: {en: x, ko: x}}
  done: {kind: end, title: {en: Done, ko: 끝}, body: {en: x, ko: x}}
""", "warn.yaml")
    walk = Session(FlowSet([flow]), "warn")

    walk.record_check(_result(Status.WARNING))

    assert walk.step.id == "careful"


def test_skip_check_goes_the_unknown_way_and_says_it_was_skipped(session):
    session.choose("vss")

    session.skip_check()

    assert session.step.id == "ask-vss"
    assert session.check_results()[0].status is Status.SKIPPED
    assert "Skipped" in session.check_results()[0].summary["en"]


def test_options_follow_the_platform(example_flows):
    on_windows = Session(example_flows, "example", platform="windows")
    on_linux = Session(example_flows, "example", platform="linux")

    assert [o.id for o in on_windows.options()] == ["vss", "info", "shared"]
    assert [o.id for o in on_linux.options()] == ["vss", "info", "shared", "linux-only"]
    with pytest.raises(SessionError, match="no option 'linux-only' on windows .*valid options: vss, info, shared"):
        on_windows.choose("linux-only")
    assert on_windows.current.answer is None
    assert on_linux.choose("linux-only").id == "fix-linux"


def test_unknown_option_names_the_valid_ones(session):
    with pytest.raises(SessionError, match="no option 'vsss'.*valid options: vss, info, shared"):
        session.choose("vsss")


def test_goto_enters_the_other_flow_and_is_never_current(session):
    step = session.choose("shared")

    assert (session.current.flow, step.id) == ("example-network", "fix-network")
    assert session.current.via == "goto"
    assert _addresses(session) == ["example/what-do-you-see", "example-network/fix-network"]


def test_info_goes_on_and_a_choice_cannot(session):
    with pytest.raises(SessionError, match="choice step; it cannot simply go on"):
        session.proceed()
    session.choose("info")

    assert session.proceed().id == "what-do-you-see-again"
    assert session.history[1].answer == "continue"


def test_back_forgets_every_later_answer(session):
    session.choose("vss")
    session.record_check(_result(Status.ERROR))
    session.choose("yes")
    assert session.step.id == "fix-vss"

    assert session.back() is True
    assert session.step.id == "ask-vss" and session.current.answer is None
    assert session.back() is True
    assert session.step.id == "run-vss-check"
    assert session.current.answer is None and session.current.check is None
    assert session.check_results() == []
    assert session.back() is True
    assert _addresses(session) == ["example/what-do-you-see"] and session.current.answer is None
    assert session.back() is False


def test_back_across_a_goto_returns_to_the_question_before_it(session):
    session.choose("shared")

    assert session.back() is True

    assert _addresses(session) == ["example/what-do-you-see"]
    assert session.current.answer is None
    assert session.choose("vss").id == "run-vss-check"


def test_search_jump_is_recorded_and_back_undoes_it(session):
    session.choose("info")

    session.jump_to("example", "fix-vss")

    assert session.current.via == "search"
    assert session.history[1].answer == "jump:example/fix-vss"
    assert session.back() is True
    assert session.step.id == "some-info" and session.current.answer is None


def test_jump_to_a_missing_step_is_refused(session):
    with pytest.raises(SessionError, match="there is no step 'example/nowhere'"):
        session.jump_to("example", "nowhere")


def test_that_fixed_it_ends_the_walk_resolved(session):
    session.choose("vss")
    session.record_check(_result(Status.PROBLEM))
    session.record_verify(_result(Status.OK))

    session.resolve()

    assert session.finished and session.outcome == "resolved"
    assert [r.status for r in session.check_results()] == [Status.PROBLEM, Status.OK]
    with pytest.raises(SessionError, match="the walk has ended"):
        session.proceed()


def test_back_after_that_fixed_it_returns_to_the_same_resolution(session):
    session.choose("vss")
    session.record_check(_result(Status.PROBLEM))
    session.resolve()

    assert session.back() is True

    assert session.step.id == "fix-vss" and not session.finished and session.outcome is None
    assert session.proceed().id == "support"


def test_still_failing_leads_on_to_support(session):
    session.choose("vss")
    session.record_check(_result(Status.PROBLEM))

    session.proceed()

    assert session.step.id == "support"
    assert session.finished and session.outcome == "support"
    assert session.history[-2].answer == "still-failing"


def test_an_end_without_a_fix_has_outcome_none(session):
    session.choose("vss")
    session.record_check(_result(Status.OK))

    assert session.finished and session.outcome == "none"
    with pytest.raises(SessionError, match="the walk has ended"):
        session.choose("vss")


def test_actions_for_another_step_kind_are_refused(session):
    with pytest.raises(SessionError, match="'what-do-you-see' is a choice step; cannot record a check result"):
        session.record_check(_result(Status.OK))
    with pytest.raises(SessionError, match="cannot mark the problem fixed"):
        session.resolve()


def test_every_change_is_announced(example_flows):
    seen = []
    walk = Session(example_flows, "example", platform="windows", on_change=lambda s: seen.append(s.step.id))

    walk.choose("vss")
    walk.record_check(_result(Status.ERROR))
    walk.set_language("ko")
    walk.back()

    assert seen == ["what-do-you-see", "run-vss-check", "ask-vss", "ask-vss", "run-vss-check"]


def test_unknown_flow_is_refused_with_the_known_ones(example_flows):
    with pytest.raises(SessionError, match="unknown flow 'nope'; known flows: example, example-network"):
        Session(example_flows, "nope")


def test_round_trip_through_json_keeps_the_whole_walk(session, example_flows):
    session.set_language("ko")
    session.choose("vss")
    session.record_check(CheckResult("example.always_ok", Status.ERROR, {"en": "Timed out", "ko": "시간 초과"},
                                     facts={"seconds": 10}, evidence="no answer\n", duration=10.0))
    session.jump_to("example-network", "fix-network")

    restored = Session.from_dict(json.loads(json.dumps(session.to_dict())), example_flows)

    assert restored.to_dict() == session.to_dict()
    assert (restored.id, restored.lang, restored.platform) == (session.id, "ko", "windows")
    assert restored.check_results()[0].summary == {"en": "Timed out", "ko": "시간 초과"}
    assert restored.back() is True and restored.step.id == "ask-vss"
    assert restored.choose("yes").id == "fix-vss"


def test_a_check_for_the_other_os_is_passed_by_and_back_goes_past_it():
    from troubleshooter.flows.lint import load_checked_flows

    flows = load_checked_flows()
    session = Session(flows, "agent-missing", platform="linux")
    session.choose("not-present")
    # On Linux the Windows service check is never offered: the walk is at the Linux one.
    assert session.current.step == "check-linux-service"
    passed = session.history[-2]
    assert passed.step == "check-windows-services" and passed.check.status is Status.SKIPPED
    assert passed.check.facts["reason"] == "other_platform" and "Not applicable" in passed.check.summary["en"]
    assert session.back() and session.current.step == "what-do-you-see" and session.current.answer is None
    on_windows = Session(flows, "agent-missing", platform="windows")
    on_windows.choose("not-present")
    assert on_windows.current.step == "check-windows-services"
