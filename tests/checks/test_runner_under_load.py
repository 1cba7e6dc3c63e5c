"""The runner keeps "timeout + 1 s" while every core is busy with other programs."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.registry import check, unregister
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import CheckRunner, run_check

pytestmark = pytest.mark.whole_machine  # its busy loops would push other tests past their time limits

TIMEOUT_S = 1.0
BUSY_FOR_S = 25  # each busy loop ends by itself even if the test dies
BUSY = f"import time\nend = time.monotonic() + {BUSY_FOR_S}\nwhile time.monotonic() < end:\n    pass\n"


@pytest.fixture
def busy_cores():
    """One busy-looping process per core (at least two), for a bounded time."""
    loops = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(max(2, os.cpu_count() or 2))]
    time.sleep(0.3)
    yield loops
    for loop in loops:
        loop.kill()
        loop.wait()


@pytest.fixture
def slow_checks():
    """Checks that overrun their 1 s: asleep, spinning in Python, running a spinning command, and
    one that ignores its deadline while the command it ran was killed."""

    def asleep(host):
        time.sleep(30)

    def spins(host):
        end = time.monotonic() + 30
        while time.monotonic() < end:
            pass

    def spinning_command(host):
        host.run([sys.executable, "-c", "while True: pass"], timeout=30)
        time.sleep(30)

    ids = {"load.asleep": asleep, "load.spins": spins, "load.command": spinning_command}
    for check_id, function in ids.items():
        check(check_id, title={"en": check_id, "ko": check_id}, description={"en": "Overruns.", "ko": "초과합니다."},
              platforms=("linux", "windows"), timeout=TIMEOUT_S)(function)
    yield sorted(ids)
    for check_id in ids:
        unregister(check_id)


def test_each_check_alone_returns_within_timeout_plus_one_second(busy_cores, slow_checks):
    for check_id in slow_checks:
        started = time.monotonic()
        found = run_check(check_id, LocalHost())
        elapsed = time.monotonic() - started
        assert found.status is Status.ERROR and found.facts.get("reason") == "timeout", (check_id, found.summary)
        assert elapsed <= TIMEOUT_S + 1.0, f"{check_id} took {elapsed:.2f} s with every core busy"


def test_all_at_once_through_the_runner(busy_cores, slow_checks):
    arrived = {}
    lock = threading.Lock()
    started = time.monotonic()

    def keep(found):
        with lock:
            arrived[found.check_id] = (time.monotonic() - started, found)

    runner = CheckRunner(LocalHost(), max_workers=len(slow_checks))
    runner.start(slow_checks, keep)
    assert runner.wait(10)
    for check_id, (elapsed, found) in arrived.items():
        assert found.facts.get("reason") == "timeout", (check_id, found.summary)
        assert elapsed <= TIMEOUT_S + 1.0, f"{check_id} arrived after {elapsed:.2f} s with every core busy"
