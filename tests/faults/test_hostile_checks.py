"""Checks whose command hangs, crashes, floods its output or answers in another encoding, run for real."""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time

import psutil
import pytest

from tests.faults.conftest import CRASH_RETURNCODE, HANG_TIMEOUT_S, KOREAN
from troubleshooter.checks.host import OUTPUT_CAP, LocalHost, supervise
from troubleshooter.checks.result import EVIDENCE_LIMIT, Status
from troubleshooter.checks.runner import CheckRunner, run_check

# The brief allows 200 MB; 64 MiB still fails if the 100 MB were kept (bytes, then the decoded text).
FLOOD_GROWTH_LIMIT = 64 * 2**20


def _children() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


def _no_children_left(before: set[int]) -> bool:
    deadline = time.monotonic() + 2
    while _children() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    return not (_children() - before)


class PeakMemory:
    """Samples this process's resident memory every few milliseconds while running."""

    def __init__(self):
        self._process = psutil.Process()
        self.baseline = self._process.memory_info().rss
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


def _tree_pids(path) -> list[int]:
    return [int(word) for word in path.read_text(encoding="ascii").split()]


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _survivors(pids: list[int], wait: float = 2.0) -> list[int]:
    deadline = time.monotonic() + wait
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if _alive(pid)]


def _kill_for_cleanup(pids: list[int]) -> None:
    for pid in pids:
        try:
            psutil.Process(pid).kill()
        except psutil.Error:
            pass


tree_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="the process tree is built with fork and setsid")


@tree_only
def test_a_hanging_command_ends_as_a_timeout_and_leaves_no_process(hostile_checks, tree_pid_file):
    before = _children()
    found = run_check("faults.hangs", LocalHost())
    assert found.status is Status.ERROR and found.facts["reason"] == "timeout"
    assert f"{HANG_TIMEOUT_S:g} s" in found.summary["en"] and found.summary["ko"]
    pids = _tree_pids(tree_pid_file)
    try:
        assert len(pids) == 4, "the command, its child and two grandchildren (one in a session of its own)"
        assert _survivors(pids) == [], "the whole tree was killed, the setsid grandchild too"
        assert _no_children_left(before)
    finally:
        _kill_for_cleanup(pids)


@tree_only
@pytest.mark.parametrize("child_lists", ["the kernel's", "none (psutil)"])
def test_checks_exits_and_a_daemonising_command_leaves_no_process(hostile_checks, tree_pid_file, capsys,
                                                                   child_lists, tmp_path, monkeypatch):
    from troubleshooter.cli import main

    if child_lists.startswith("none"):  # a kernel built without CONFIG_PROC_CHILDREN
        (tmp_path / "threads" / "1").mkdir(parents=True)
        monkeypatch.setattr(supervise, "_THREADS_FOLDER", str(tmp_path / "threads"))
    before = _children()
    assert main(["checks", "--json", "--only", "faults.daemonizes"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["status"] == "ok"  # the command itself exited 0
    pids = _tree_pids(tree_pid_file)
    try:
        assert len(pids) == 4
        assert _survivors(pids) == [], "a check's command may not leave a process behind, detached or not"
        assert _no_children_left(before)
    finally:
        _kill_for_cleanup(pids)


def _marked_processes(marker: str) -> list[psutil.Process]:
    found = [process for process in psutil.process_iter(["cmdline"])
             if marker in " ".join(process.info["cmdline"] or ())]
    return [process for process in found if _alive(process.pid)]


# Two commands that fork faster than a tree can be listed. The marker in each names its processes.
_FORKING_COMMANDS = {
    # A child every millisecond or so, each in the command's group: the group kill reaches those
    # forked after the tree was listed, and each is then handed to us, its end ours to collect.
    "forks into its group": """
import os, time
MARKER = "vmbt-forking-loop"
for child in range(3000):
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)
    time.sleep(0.001)
time.sleep(60)
""",
    # Each process forks, leaves its child in a session of its own and exits at once: a killer that
    # lists the tree and then kills it is always a step late, and each step ends as our zombie.
    "forks away and exits": """
import os, time
MARKER = "vmbt-runaway-chain"
for generation in range(4000):
    if os.fork():
        os._exit(0)
    os.setsid()
    time.sleep(0.001)
time.sleep(60)
""",
}


@tree_only
@pytest.mark.parametrize("how", sorted(_FORKING_COMMANDS))
def test_a_command_that_keeps_forking_leaves_no_process_and_no_zombie(how):
    script = _FORKING_COMMANDS[how]
    marker = re.search(r'MARKER = "(.+)"', script).group(1)
    before = _children()
    try:
        found = LocalHost().run([sys.executable, "-c", script], timeout=0.3)
        assert found.timed_out
        assert not _marked_processes(marker), "a process forked during the kill outlived it"
        left = _children() - before
        assert not left, f"{len(left)} processes left as our children (zombies: " \
                         f"{sum(1 for pid in left if not _alive(pid))})"
    finally:
        _kill_for_cleanup([process.pid for process in _marked_processes(marker)])


def test_a_crashing_command_is_reported_with_its_signal(hostile_checks):
    found = run_check("faults.crashes", LocalHost())
    assert found.status is Status.ERROR
    assert found.facts["returncode"] == CRASH_RETURNCODE
    assert "half a line" in found.evidence  # what it printed before dying is kept


def test_a_hundred_megabytes_of_output_is_capped_and_memory_stays_bounded(hostile_checks):
    with PeakMemory() as memory:
        found = run_check("faults.floods", LocalHost())
    assert found.status is Status.OK
    assert found.facts["truncated"] is True and found.facts["stdout_chars"] == OUTPUT_CAP
    assert memory.growth < FLOOD_GROWTH_LIMIT, f"resident memory grew by {memory.growth / 2**20:.0f} MiB"
    # The check handed over the whole mebibyte; the result keeps at most EVIDENCE_LIMIT bytes and
    # says how many went.
    assert len(found.evidence.encode("utf-8")) <= EVIDENCE_LIMIT
    cut = re.search(r"… \((\d+) bytes cut\)$", found.evidence)
    assert cut and int(cut.group(1)) >= OUTPUT_CAP - EVIDENCE_LIMIT


@pytest.mark.parametrize("check_id", ["faults.cp949", "faults.utf16_bom", "faults.utf16_plain"])
def test_output_in_another_encoding_reads_as_korean(hostile_checks, check_id):
    found = run_check(check_id, LocalHost())
    assert found.status is Status.OK
    assert KOREAN in found.evidence
    assert "\ufffd" not in found.evidence and "\x00" not in found.evidence and "\r" not in found.evidence


def test_all_of_them_at_once_through_the_runner(hostile_checks):
    before = _children()
    results = {}
    runner = CheckRunner(LocalHost(), max_workers=len(hostile_checks))
    with PeakMemory() as memory:
        runner.start(hostile_checks, on_result=lambda found: results.__setitem__(found.check_id, found))
        assert runner.wait(timeout=30)
    assert set(results) == set(hostile_checks)
    assert results["faults.hangs"].facts.get("reason") == "timeout", results["faults.hangs"]
    assert results["faults.crashes"].facts["returncode"] == CRASH_RETURNCODE
    assert results["faults.floods"].facts["truncated"] is True
    assert all(KOREAN in results[name].evidence for name in ("faults.cp949", "faults.utf16_bom", "faults.utf16_plain"))
    assert memory.growth < FLOOD_GROWTH_LIMIT
    assert _no_children_left(before)
