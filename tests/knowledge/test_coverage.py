"""Every catalog case is reachable: each row of walks_*.yaml walks a flow from its start to a
resolution that cites the case and states its key facts in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.catalog import catalog
from troubleshooter.flows.model import ResolutionStep
from troubleshooter.flows.session import Session
from troubleshooter.i18n import LANGUAGES
from troubleshooter.walk import parse_answers, walk

WALK_FILES = sorted(Path(__file__).parent.glob("walks_*.yaml"))


def _rows() -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for path in WALK_FILES:
        for case_id, row in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            assert case_id not in rows, f"{case_id} has a row in two walk files"
            rows[case_id] = row
    return rows


ROWS = _rows()


def test_every_catalog_case_has_a_walk():
    missing = sorted(set(catalog()) - set(ROWS))
    assert not missing, f"catalog cases with no walk in tests/knowledge/walks_*.yaml: {missing}"


def _step_text(step: ResolutionStep, lang: str) -> str:
    parts = [step.title[lang], step.body[lang]]
    parts += [c.text for c in step.commands]
    parts += [c.note[lang] for c in step.commands if c.note]
    return "\n".join(parts)


@pytest.mark.parametrize("case_id", sorted(ROWS))
def test_walk_reaches_the_case(case_id, flows):
    row = ROWS[case_id]
    outcomes = {cid: Status(value) for cid, value in (row.get("checks") or {}).items()}

    def fake_check(check_id: str) -> CheckResult:
        status = outcomes.get(check_id, Status.SKIPPED)
        return CheckResult(check_id, status, {"en": status.value, "ko": status.value})

    session = Session(flows, row["flow"], platform=row.get("platform", "windows"))
    result = walk(session, parse_answers(flows, row.get("answers") or []), fake_check)
    step = session.step
    path = " -> ".join(f"{v.flow}/{v.step}" for v in session.history)
    assert result.complete, f"{case_id}: {result.stopped_at_question}\npath: {path}"
    assert isinstance(step, ResolutionStep), f"{case_id}: ended at {step.kind} step; path: {path}"
    expected = row["step"]
    assert f"{session.current.flow}/{step.id}" == expected or step.id == expected, path
    assert case_id in step.refs, f"{case_id} not in refs {step.refs} of {step.id}"
    for lang in LANGUAGES:
        text = _step_text(step, lang)
        for fact in row.get("facts") or []:
            assert fact in text, f"{case_id}: '{fact}' missing from the {lang} text of {step.id}"
