""""Still failing" stays within the symptom's own causes until they are exhausted: a slow transfer
to the vault is not followed by the causes of a slow snapshot."""

from __future__ import annotations

import pytest

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.model import CheckStep, EndStep, InfoStep, ResolutionStep
from troubleshooter.flows.session import Session


def _still_failing_until_the_end(session: Session) -> list[str]:
    """Says "still failing" at every fix and lets every check be skipped; the addresses passed."""
    for _ in range(60):
        step = session.step
        if isinstance(step, EndStep):
            break
        if isinstance(step, CheckStep):
            session.record_check(CheckResult(step.check, Status.SKIPPED, {"en": "-", "ko": "-"}))
        elif isinstance(step, (ResolutionStep, InfoStep)):
            session.proceed()
        else:
            break  # a question: the walk asks something
    return [f"{v.flow}/{v.step}" for v in session.history]


@pytest.mark.parametrize("answers", [["backup-slow", "transfer"], ["restore-slow"]], ids=["transfer", "restore"])
def test_a_slow_transfer_or_restore_never_leads_to_snapshot_causes(flows, answers):
    # Issue 22 item 4: transfer to vault slow, Still failing went to "the snapshot is slow" and a CPU check.
    session = Session(flows, "slow-job", platform="windows")
    for answer in answers:
        session.choose(answer)
    assert session.step.id == "fix-long-jobs"
    passed = _still_failing_until_the_end(session)
    assert not any(address.startswith("snapshot-delays/") for address in passed), passed
    assert isinstance(session.step, EndStep) and session.step.outcome == "support", passed


def test_a_slow_snapshot_still_goes_through_the_snapshot_causes(flows):
    session = Session(flows, "slow-job", platform="windows")
    session.choose("backup-slow")
    session.choose("snapshot")
    assert session.current.flow == "snapshot-delays"


def test_not_knowing_which_part_is_slow_goes_on_to_the_snapshot_causes(flows):
    session = Session(flows, "slow-job", platform="windows")
    session.choose("dont-know")
    session.proceed()
    assert session.current.flow == "snapshot-delays"
