"""The report of the longest walk through the flows: time to build its PDF, its size and page count."""

from __future__ import annotations

import io
import time
from pathlib import Path

import yaml

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.model import CheckStep, ChoiceStep, ResolutionStep
from troubleshooter.flows.session import Session
from troubleshooter.walk import parse_answers, walk

WALK_FILES = sorted((Path(__file__).resolve().parent.parent / "tests" / "knowledge").glob("walks_*.yaml"))
MAX_VISITS = 80
EVIDENCE_LINES = 40


def _evidence(check_id: str) -> str:
    """Evidence as long as the report keeps: a command's output, line after line."""
    return "\n".join(f"{check_id}: line {n:02d}  state=Stable  last_error=None  path=/var/lib/waagent/{n}"
                     for n in range(EVIDENCE_LINES))


def _fake_check(outcomes: dict[str, Status]):
    def run(check_id: str) -> CheckResult:
        status = outcomes.get(check_id, Status.WARNING)
        return CheckResult(check_id, status, {"en": f"{check_id} found: {status.value}",
                                              "ko": f"{check_id} 결과: {status.value}"},
                           facts={"checked": check_id, "status": status.value}, evidence=_evidence(check_id))
    return run


def _continue_past_fixes(session: Session, run_check) -> None:
    """Answer "still failing" at every fix and go on (first option, check as found) until the walk ends
    or would revisit a step, so the path is as long as the flows allow from this row."""
    seen = {(visit.flow, visit.step) for visit in session.history}
    while not session.finished and len(session.history) < MAX_VISITS:
        step = session.step
        if isinstance(step, ResolutionStep):
            if not step.next:
                return
            session.proceed()
        elif isinstance(step, CheckStep):
            session.record_check(run_check(step.check))
        elif isinstance(step, ChoiceStep):
            options = session.options()
            if not options:
                return
            session.choose(options[0].id)
        else:
            session.proceed()
        here = (session.current.flow, session.current.step)
        if here in seen:
            session.back()
            return
        seen.add(here)


def longest_session() -> tuple[Session, str]:
    """The longest walk among the knowledge-test rows, each carried on past its fix; and its case id."""
    flows = load_checked_flows()
    longest: tuple[Session, str] | None = None
    for path in WALK_FILES:
        for case_id, row in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            outcomes = {cid: Status(value) for cid, value in (row.get("checks") or {}).items()}
            run_check = _fake_check(outcomes)
            session = Session(flows, row["flow"], lang="en", platform=row.get("platform", "windows"))
            walk(session, parse_answers(flows, list(row.get("answers") or [])), run_check)
            _continue_past_fixes(session, run_check)
            if longest is None or len(session.history) > len(longest[0].history):
                longest = (session, case_id)
    assert longest is not None
    return longest


def pdf_of(session: Session) -> tuple[float, bytes]:
    """(seconds, PDF bytes) to build the report and render its PDF."""
    from troubleshooter.report import build_report
    from troubleshooter.qt_application import report_application
    from troubleshooter.report.pdf import render_pdf_bytes

    report_application()  # the PDF is drawn by Qt, whose application the caller makes
    started = time.perf_counter()
    data = render_pdf_bytes(build_report(session), lang="en", page_size="A4")
    return time.perf_counter() - started, data


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
