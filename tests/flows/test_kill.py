"""SIGKILL at any moment of an autosaved walk loses no answer that was already committed."""

from __future__ import annotations

import importlib.util
import json
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from troubleshooter.flows.session import Session
from troubleshooter.flows.store import SessionStore

WALKER_PATH = Path(__file__).parent / "autosave_walker.py"
PAUSE_S = 0.004

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def _walker_module():
    spec = importlib.util.spec_from_file_location("autosave_walker", WALKER_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


walker = _walker_module()


def _run_and_kill(sessions_dir: Path, *, after_seconds: float | None = None, after_commit: int | None = None):
    """Start the walker, kill it after a delay or right after a given COMMIT line; return its lines."""
    process = subprocess.Popen([sys.executable, str(WALKER_PATH), str(sessions_dir), str(PAUSE_S)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "READY", process.stderr.read()
        lines = []
        if after_commit is not None:
            while len(lines) < after_commit:
                lines.append(process.stdout.readline().strip())
        else:
            time.sleep(after_seconds)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # Everything printed before the kill is still in the pipe.
    lines += [line for line in process.stdout.read().splitlines() if line]
    process.stdout.close()
    process.stderr.close()
    return lines, process.returncode


def _check_resumed_walk(sessions_dir: Path, lines: list[str], states: list, flows) -> int:
    commits = [line for line in lines if line.startswith("COMMIT ")]
    committed = len(commits)
    if commits:
        number, state = commits[-1].split(" ", 2)[1:]
        assert int(number) == committed and json.loads(state) == states[committed]
    store = SessionStore(sessions_dir)
    saved = store.list()
    assert len(saved) == 1, "the walk's one session file is listed, whatever the kill left behind"
    resumed = store.load(saved[0].id, flows)
    # The kill may land after a save and before its line was printed: one action further is fine.
    allowed = states[committed:committed + 2]
    assert walker.walk_state(resumed) in allowed, f"after {committed} commits"
    assert isinstance(resumed, Session)
    return committed


def test_killed_at_random_moments_keeps_every_committed_answer(tmp_path, example_flows):
    states = walker.expected_states(example_flows)
    randomness = random.Random(20261126)
    total_time = len(walker.ACTIONS) * (PAUSE_S + 0.002)
    delays = [randomness.uniform(0, total_time) for _ in range(20)]

    def one_run(index: int):
        sessions_dir = tmp_path / f"random-{index}"
        lines, returncode = _run_and_kill(sessions_dir, after_seconds=delays[index])
        return returncode, _check_resumed_walk(sessions_dir, lines, states, example_flows)

    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(one_run, range(len(delays))))

    assert all(code == -signal.SIGKILL for code, _ in outcomes), "the walker is killed, never finishes first"
    commit_counts = sorted(count for _, count in outcomes)
    assert commit_counts[0] < commit_counts[-1], f"the kills landed at different moments: {commit_counts}"


@pytest.mark.parametrize("after_commit", [1, 8, 12, 17])
def test_killed_right_after_an_answer_was_printed(tmp_path, example_flows, after_commit):
    states = walker.expected_states(example_flows)

    lines, _ = _run_and_kill(tmp_path, after_commit=after_commit)

    assert _check_resumed_walk(tmp_path, lines, states, example_flows) >= after_commit
