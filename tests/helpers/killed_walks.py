"""An autosaved walk killed with SIGKILL at some moment, and what resumes from its session file.

The walk runs in a child process (tests/helpers/autosave_walker.py), which prints each answer
once it is on disk; the kill may land anywhere, and the resumed walk must hold every answer
printed before it.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.helpers import autosave_walker
from tests.helpers.sigkill import kill_when
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.session import Session
from troubleshooter.flows.store import SessionStore

ROOT = Path(__file__).resolve().parents[2]
PAUSE_S = 0.004


def run_and_kill(sessions_dir: Path, *, after_seconds: float | None = None,
                 after_commit: int | None = None) -> tuple[list[str], int]:
    """Start the walker, kill it after a delay or right after a given COMMIT line; return its lines
    and its exit code."""
    process = subprocess.Popen([sys.executable, "-m", "tests.helpers.autosave_walker", str(sessions_dir), str(PAUSE_S)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []

    def moment() -> None:
        assert process.stdout.readline().strip() == "READY", process.stderr.read()
        if after_commit is not None:
            while len(lines) < after_commit:
                lines.append(process.stdout.readline().strip())
        else:
            time.sleep(after_seconds)

    lines += [line for line in kill_when(process, moment).splitlines() if line]
    return lines, process.returncode


def check_resumed_walk(sessions_dir: Path, lines: list[str], states: list, flows: FlowSet) -> int:
    """Assert the saved walk resumes with every committed answer; returns how many were committed."""
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
    assert autosave_walker.walk_state(resumed) in allowed, f"after {committed} commits"
    assert isinstance(resumed, Session)
    return committed


def kill_at_random_moments(folder: Path, flows: FlowSet, kills: int, seed: int,
                           workers: int = 3) -> list[tuple[int, int]]:
    """`kills` walks, each killed at a random moment and resumed: (exit code, answers committed) each."""
    states = autosave_walker.expected_states(flows)
    randomness = random.Random(seed)
    total_time = len(autosave_walker.ACTIONS) * (PAUSE_S + 0.002)
    delays = [randomness.uniform(0, total_time) for _ in range(kills)]

    def one_run(index: int) -> tuple[int, int]:
        sessions_dir = folder / f"walk-{index}"
        lines, returncode = run_and_kill(sessions_dir, after_seconds=delays[index])
        return returncode, check_resumed_walk(sessions_dir, lines, states, flows)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one_run, range(kills)))
