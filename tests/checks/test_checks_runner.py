"""The runner: deadlines, crashes, stubborn commands, cancel, parallel delivery, skip rules."""

from __future__ import annotations

import sys
import threading
import time

import psutil
import pytest

from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.registry import check, unregister
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.checks.runner import CheckRunner, applicable_check_ids, run_check

PY = sys.executable
TEMPORARY_IDS = ["test.sleeps", "test.raises", "test.stubborn", "test.quick", "test.admin", "test.network",
                 "test.windows_only", "test.slow_command"]


@pytest.fixture
def temporary_checks():
    def ok(check_id):
        return CheckResult(check_id, Status.OK, {"en": "fine", "ko": "정상"})

    @check("test.sleeps", title={"en": "s", "ko": "s"}, description={"en": "s", "ko": "s"}, timeout=0.5)
    def sleeps(host):
        time.sleep(5)
        return ok("test.sleeps")

    @check("test.raises", title={"en": "r", "ko": "r"}, description={"en": "r", "ko": "r"})
    def raises(host):
        raise KeyError("missing-field")

    @check("test.stubborn", title={"en": "t", "ko": "t"}, description={"en": "t", "ko": "t"}, timeout=1.0)
    def stubborn(host):
        # A command that ignores SIGTERM and starts a grandchild that does too.
        script = ("import signal, subprocess, sys, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                  "subprocess.Popen([sys.executable, '-c', 'import signal, time; "
                  "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)'])\ntime.sleep(60)\n")
        host.run([PY, "-c", script], timeout=30)
        return ok("test.stubborn")

    @check("test.slow_command", title={"en": "c", "ko": "c"}, description={"en": "c", "ko": "c"}, timeout=20)
    def slow_command(host):
        host.run([PY, "-c", "import time; time.sleep(30)"], timeout=25)
        return ok("test.slow_command")

    @check("test.quick", title={"en": "q", "ko": "q"}, description={"en": "q", "ko": "q"})
    def quick(host):
        return ok("test.quick")

    @check("test.admin", title={"en": "a", "ko": "a"}, description={"en": "a", "ko": "a"}, needs_admin=True)
    def admin(host):
        return ok("test.admin")

    @check("test.network", title={"en": "n", "ko": "n"}, description={"en": "n", "ko": "n"}, uses_network=True)
    def network(host):
        return ok("test.network")

    @check("test.windows_only", title={"en": "w", "ko": "w"}, description={"en": "w", "ko": "w"},
           platforms=("windows",))
    def windows_only(host):
        return ok("test.windows_only")

    yield
    for check_id in TEMPORARY_IDS:
        unregister(check_id)


def _our_children():
    return {child.pid for child in psutil.Process().children(recursive=True)}


def _assert_nothing_left(before):
    deadline = time.monotonic() + 1
    while _our_children() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _our_children() - before == set()


def test_check_that_sleeps_past_its_timeout_is_an_error_in_time(temporary_checks):
    started = time.monotonic()
    found = run_check("test.sleeps", FakeHost())
    assert time.monotonic() - started < 0.5 + 1
    assert found.status is Status.ERROR and found.facts["reason"] == "timeout"
    assert "0.5" in found.summary["en"] and found.summary["ko"]


def test_check_that_raises_becomes_an_error_naming_the_exception(temporary_checks):
    found = run_check("test.raises", FakeHost())
    assert found.status is Status.ERROR and "KeyError" in found.summary["en"] and "missing-field" in found.summary["en"]


def test_stubborn_command_is_killed_with_its_tree(temporary_checks):
    before = _our_children()
    started = time.monotonic()
    found = run_check("test.stubborn", LocalHost())
    assert time.monotonic() - started < 1.0 + 1
    assert found.status is Status.ERROR and found.facts["reason"] == "timeout"
    _assert_nothing_left(before)


def test_unknown_id_is_an_error_not_an_exception():
    found = run_check("no.such_check", FakeHost())
    assert found.status is Status.ERROR and found.check_id == "no.such_check"


def test_other_platform_is_skipped_with_the_reason(temporary_checks):
    found = run_check("test.windows_only", FakeHost(platform="linux"))
    assert found.status is Status.SKIPPED and found.facts["reason"] == "other_platform"
    assert "windows" in found.summary["en"]


def test_needs_admin_without_rights_is_skipped_with_how_to_rerun(temporary_checks):
    linux = run_check("test.admin", FakeHost(platform="linux", elevated=False))
    assert linux.status is Status.SKIPPED and "sudo" in linux.summary["en"] and "sudo" in linux.summary["ko"]
    windows = run_check("test.admin", FakeHost(platform="windows", elevated=False))
    assert "Run as administrator" in windows.summary["en"] and "관리자 권한으로 실행" in windows.summary["ko"]
    assert run_check("test.admin", FakeHost(elevated=True)).status is Status.OK


def test_no_network_skips_network_checks_only(temporary_checks, monkeypatch):
    assert run_check("test.network", FakeHost(), no_network=True).status is Status.SKIPPED
    assert run_check("test.quick", FakeHost(), no_network=True).status is Status.OK
    monkeypatch.setenv("VMBT_NO_NETWORK", "1")
    skipped = run_check("test.network", FakeHost())
    assert skipped.status is Status.SKIPPED and skipped.facts["reason"] == "no_network"
    assert run_check("test.network", FakeHost(), no_network=False).status is Status.OK


def test_duration_is_measured(temporary_checks):
    found = run_check("test.sleeps", FakeHost())
    assert 0.45 < found.duration < 1.5


def test_runner_delivers_each_result_as_it_finishes(temporary_checks):
    arrivals: list[tuple[str, float]] = []
    lock = threading.Lock()
    runner = CheckRunner(FakeHost(), max_workers=4)
    started = time.monotonic()

    def on_result(found):
        with lock:
            arrivals.append((found.check_id, time.monotonic() - started))

    done = []
    runner.start(["test.sleeps", "test.quick", "test.raises"], on_result, on_done=done.append)
    assert runner.wait(3)
    order = [check_id for check_id, _ in arrivals]
    assert set(order) == {"test.sleeps", "test.quick", "test.raises"}
    assert order[-1] == "test.sleeps"  # the slow one does not hold back the others
    assert dict(arrivals)["test.quick"] < 0.4
    assert len(done) == 1 and len(done[0]) == 3


def test_cancel_stops_running_and_queued_checks_promptly(temporary_checks):
    before = _our_children()
    results = []
    runner = CheckRunner(LocalHost(), max_workers=1)
    runner.start(["test.slow_command", "test.quick", "test.quick"], results.append)
    time.sleep(0.4)
    started = time.monotonic()
    runner.cancel()
    assert runner.wait(2)
    assert time.monotonic() - started < 1.5
    assert len(results) == 3
    assert all(r.status is Status.SKIPPED and r.facts.get("reason") == "cancelled" for r in results)
    _assert_nothing_left(before)


def test_applicable_ids_follow_the_platform():
    linux = applicable_check_ids("linux")
    windows = applicable_check_ids("windows")
    assert "linux.agent_service" in linux and "windows.vss_writers" not in linux
    assert "windows.vss_writers" in windows and "common.dns" in windows and "common.dns" in linux
