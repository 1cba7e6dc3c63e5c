"""SIGKILL at any moment of an autosaved walk loses no answer that was already committed."""

from __future__ import annotations

import signal

import pytest

from tests.helpers.autosave_walker import expected_states
from tests.helpers.killed_walks import check_resumed_walk, kill_at_random_moments, run_and_kill

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def test_killed_at_random_moments_keeps_every_committed_answer(tmp_path, example_flows):
    outcomes = kill_at_random_moments(tmp_path, example_flows, kills=20, seed=20261126)

    assert all(code == -signal.SIGKILL for code, _ in outcomes), "the walker is killed, never finishes first"
    commit_counts = sorted(count for _, count in outcomes)
    assert commit_counts[0] < commit_counts[-1], f"the kills landed at different moments: {commit_counts}"


@pytest.mark.parametrize("after_commit", [1, 8, 12, 17])
def test_killed_right_after_an_answer_was_printed(tmp_path, example_flows, after_commit):
    states = expected_states(example_flows)

    lines, _ = run_and_kill(tmp_path, after_commit=after_commit)

    assert check_resumed_walk(tmp_path, lines, states, example_flows) >= after_commit
