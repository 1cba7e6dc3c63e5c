"""The walk controller both front ends drive: pages, Back, resume, and why a check does not run."""

from __future__ import annotations

import pytest

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.store import SessionStore
from troubleshooter.platform import ThisMachine
from troubleshooter.walk_controller import (OFF_NOT_THE_VM, SUMMARY, SearchTarget, WalkController)

LINUX_VM = ThisMachine("linux", True, "agent")


@pytest.fixture(scope="module")
def real_flows():
    return load_checked_flows()


@pytest.fixture
def walk(real_flows, tmp_path):
    return WalkController(real_flows, store=SessionStore(tmp_path / "sessions"), machine=LINUX_VM, lang="ko")


def _steps(walk):
    return [v.step for v in walk.session.history]


def test_a_hidden_check_for_the_other_os_has_no_page_and_no_step_number(walk):
    walk.begin("backup-failing")
    walk.choose("agent")
    walk.choose("not-sure")
    assert _steps(walk) == ["which-error", "which-agent-error", "health-win-service", "health-linux-service"]
    assert walk.page() == "check"
    assert walk.shown_visits() == [0, 1, 3]
    assert walk.step_number() == 3
    assert walk.why_check_off() is None  # a Linux check on a Linux VM looks


def test_back_passes_the_hidden_check_and_offers_the_answers_again(walk):
    walk.begin("backup-failing")
    walk.choose("agent")
    walk.choose("not-sure")
    assert walk.back()
    assert _steps(walk) == ["which-error", "which-agent-error"] and walk.page() == "choice"
    assert walk.earlier_answer() == "not-sure"
    assert walk.back()
    assert walk.earlier_answer() == "agent"
    walk.choose("agent")
    assert walk.earlier_answer() == "not-sure"  # the way taken before is offered on the way forward too
    walk.choose("cannot-communicate")
    assert walk.earlier_answer() is None
    walk.back()
    walk.back()
    assert not walk.back()  # the first step: the front end goes to its start


def test_resume_continues_the_saved_walk_in_the_current_language(walk, real_flows, tmp_path):
    walk.begin("backup-failing")
    walk.choose("agent")
    saved = walk.session_file()
    other = WalkController(real_flows, store=SessionStore(tmp_path / "sessions"), machine=LINUX_VM, lang="en")
    assert [s.path for s in other.resumable()] == [saved]
    session = other.resume(saved)
    assert session.lang == "en" and session.current.step == "which-agent-error"
    assert other.page() == "choice" and other.step_number() == 2


def test_off_an_azure_vm_checks_are_skipped_saying_why(real_flows, tmp_path):
    walk = WalkController(real_flows, store=SessionStore(tmp_path / "s"), machine=ThisMachine("linux", False))
    walk.chosen_platform = "windows"
    walk.begin("backup-failing")
    assert walk.vm_platform() == "windows" and not walk.checks_apply()
    assert walk.why_check_off() == OFF_NOT_THE_VM
    walk.choose("agent")
    walk.choose("not-sure")
    assert walk.page() == "check"
    index = len(walk.session.history) - 1
    walk.skip_check()
    skipped = walk.session.history[index].check
    assert skipped.status is Status.SKIPPED and skipped.facts["reason"] == "not_the_vm"


def test_a_fix_marked_fixed_shows_the_summary_and_abandon_keeps_answered_walks(walk):
    from troubleshooter.search import SearchIndex

    hit = SearchIndex(walk.flows).search("UserErrorGuestAgentStatusUnavailable", lang="en", limit=1,
                                         platform="linux")[0]
    walk.begin(hit.flow, SearchTarget(hit.flow, hit.step))
    assert walk.page() == "resolution"
    assert not walk.back()  # back from a search's hit is the start: its flow's first page was never shown
    walk.jump_to(SearchTarget(hit.flow, hit.step))
    walk.fixed()
    assert walk.page() == SUMMARY and walk.session.outcome == "resolved"
    path = walk.session_file()
    walk.abandon()
    assert path.exists() and walk.session is None and walk.page() is None


def test_a_walk_without_answers_is_not_kept_when_abandoned(walk):
    walk.begin("restore-failing")
    path = walk.session_file()
    walk.abandon()
    assert not path.exists()


def test_a_check_result_routes_through_the_session(walk):
    walk.begin("backup-failing")
    walk.choose("agent")
    walk.choose("not-sure")
    check_id = walk.session.step.check
    walk.record_check(CheckResult(check_id, Status.OK, {"en": "fine", "ko": "정상"}))
    assert walk.session.history[-2].answer == "ok"
