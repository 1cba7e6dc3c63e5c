"""Walks the example flow with autosave on, printing each answer once it is saved (for the kill tests).

Run as `python -m tests.helpers.autosave_walker SESSIONS_DIR PAUSE_SECONDS` from the repository's
root (tests/helpers/killed_walks.py does). Prints `READY`, then after every action
`COMMIT <number> <state as JSON>`, flushed, so whatever the parent has read was on disk first.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.session import Session
from troubleshooter.flows.store import SessionStore

EXAMPLE_DIR = Path(__file__).resolve().parents[1] / "flows" / "data"


def _check(status: Status):
    return lambda s: s.record_check(CheckResult("example.always_ok", status, {"en": status.value, "ko": "-"}))


# Forward and back through every step kind, several times, so a kill can land anywhere.
_ROUND = [
    lambda s: s.choose("info"), lambda s: s.proceed(), lambda s: s.choose("vss"), lambda s: s.back(),
    lambda s: s.back(), lambda s: s.back(), lambda s: s.choose("vss"), _check(Status.ERROR),
    lambda s: s.choose("no"), lambda s: s.back(), lambda s: s.choose("yes"), lambda s: s.resolve(),
    lambda s: s.back(), lambda s: s.back(), lambda s: s.back(), lambda s: s.back(),
    lambda s: s.choose("shared"), lambda s: s.back(), lambda s: s.set_language("ko"), lambda s: s.set_language("en"),
]
ACTIONS = _ROUND * 4


def walk_state(session: Session) -> list:
    """What a resumed walk must show: every visit with its answer and check status."""
    return [[v.flow, v.step, v.answer, v.check.status.value if v.check else None] for v in session.history] + [
        session.lang]


def expected_states(flows) -> list[list]:
    """The state after 0, 1, 2... actions, computed without saving anything."""
    session = Session(flows, "example", platform="windows", session_id="replay")
    states = [walk_state(session)]
    for action in ACTIONS:
        action(session)
        states.append(walk_state(session))
    return states


def main(sessions_dir: str, pause: float) -> None:
    flows = load_flows([EXAMPLE_DIR])
    session = Session(flows, "example", platform="windows")
    SessionStore(Path(sessions_dir)).autosave(session)
    print("READY", flush=True)
    for number, action in enumerate(ACTIONS, start=1):
        time.sleep(pause)
        action(session)
        print(f"COMMIT {number} {json.dumps(walk_state(session))}", flush=True)
    # Wait to be killed, so a run on a fast machine still ends by SIGKILL like every other.
    time.sleep(30)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
