"""The report as plain data, built from a Session alone and scrubbed of secrets before any renderer sees it."""

from __future__ import annotations

import dataclasses
import platform as platform_module
import socket
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from troubleshooter import PRODUCT_NAME, __version__
from troubleshooter.checks import registry
from troubleshooter.checks.result import STATUS_LABELS, CheckResult, Status
from troubleshooter.flows.model import ChoiceStep, EndStep, ResolutionStep, Step
from troubleshooter.flows.session import ANSWER_CONTINUE, ANSWER_FIXED, ANSWER_STILL_FAILING, JUMP_PREFIX, Session
from troubleshooter.i18n import Text, both
from troubleshooter.redact import IDENTIFIER_MASK, mask_identifiers, redact_text
from troubleshooter.report.labels import finding_text, label

REPORT_SCHEMA = "vm-backup-troubleshooter/report"
REPORT_SCHEMA_VERSION = 1

METADATA_CHECK = "common.metadata"
VM_FACT_KEYS = ("vm_name", "resource_group", "subscription_id", "location", "vm_id", "os_type", "vm_size")
# Facts that identify one VM or subscription; "hide identifiers" masks them wherever they appear.
IDENTIFYING_FACTS = ("subscription_id", "vm_id")

# Enough evidence for support to see the cause without the report running to dozens of pages.
EVIDENCE_MAX_LINES = 40
EVIDENCE_MAX_CHARS = 4000

LOG_LOCATIONS: dict[str, tuple[str, ...]] = {
    "linux": ("/var/log/waagent.log",
              "/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log",
              "/var/lib/waagent/"),
    "windows": ("C:\\WindowsAzure\\Logs\\WaAppAgent.log",
                "C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Azure.RecoveryServices.VMSnapshot\\",
                "C:\\Packages\\Plugins\\Microsoft.Azure.RecoveryServices.VMSnapshot\\"),
}

VERDICT_LABELS: dict[str, Text] = {
    ANSWER_FIXED: both("That fixed it", "해결됨"),
    ANSWER_STILL_FAILING: both("Still failing after this step", "이 단계 후에도 계속 실패"),
}

OUTCOME_LABELS: dict[str, Text] = {
    "resolved": both("Resolved", "해결됨"),
    "support": both("Needs Azure support", "Azure 지원 필요"),
    "none": both("No cause found", "원인을 찾지 못함"),
    "pending": both("A fix to try (not yet confirmed)", "시도할 해결 방법(아직 확인 전)"),
    "incomplete": both("Incomplete", "완료되지 않음"),
}


@dataclass(frozen=True)
class VmFacts:
    """What the metadata check learnt about the VM; empty strings when unknown."""

    vm_name: str = ""
    resource_group: str = ""
    subscription_id: str = ""
    location: str = ""
    vm_id: str = ""
    os_type: str = ""
    vm_size: str = ""


@dataclass(frozen=True)
class Header:
    product: str
    version: str
    generated_at: str  # ISO 8601 with the local UTC offset
    generated_at_display: str  # "2026-11-26 10:50:01 KST (UTC+09:00)"
    host_name: str
    os_name: str
    platform: str  # windows or linux: the walk's platform
    session_id: str
    started_at: str
    vm: VmFacts


@dataclass(frozen=True)
class PathEntry:
    """One step of the walk in order, with how it was reached and what was done there."""

    number: int
    flow_id: str
    flow_title: Text
    step_id: str
    kind: str
    title: Text
    outcome: Text  # the answer, the check status, the verdict, or empty
    via: str | None  # "goto" or "search" when the walk jumped here


@dataclass(frozen=True)
class QuestionAnswer:
    flow_id: str
    step_id: str
    prompt: Text
    answer_id: str
    answer: Text
    answered_at: str


@dataclass(frozen=True)
class CheckEntry:
    check_id: str
    title: Text
    status: str
    status_label: Text
    summary: Text
    evidence: str  # an excerpt, redacted
    evidence_truncated: bool
    facts: dict[str, Any]
    duration: float
    finished_at: str
    role: str  # "check" (a check step) or "verify" (checked again after a fix)
    step: str  # flow/step where it ran


@dataclass(frozen=True)
class CommandEntry:
    platform: str
    shell: str
    text: str
    note: Text
    effect: str | None = None  # what running it does (flows' `effect`); None in older flows


@dataclass(frozen=True)
class ActionEntry:
    """A resolution the walk reached: what to do, and what the person said after doing it."""

    flow_id: str
    step_id: str
    title: Text
    body: Text  # Markdown
    refs: tuple[str, ...]
    error_codes: tuple[str, ...]
    commands: tuple[CommandEntry, ...]
    links: tuple[tuple[Text, str], ...]
    verdict: str | None  # fixed, still-failing or None (not answered yet)
    verdict_label: Text
    retired: str | None = None  # the date this guidance stopped applying, when it did


@dataclass(frozen=True)
class Outcome:
    state: str  # resolved, support, none, pending, incomplete
    label: Text
    detail: Text  # the end step's title and body, or where the walk stopped
    fix: Text  # the resolution that fixed it or is to be tried; empty when none


@dataclass(frozen=True)
class SupportInfo:
    send: tuple[Text, ...]
    log_locations: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    header: Header
    flow_id: str
    flow_title: Text
    complete: bool
    stopped_at: Text  # the question the walk stopped at; empty when complete
    outcome: Outcome
    error_text: str  # what the person pasted (the error message or code); empty when nothing
    path: tuple[PathEntry, ...]
    questions: tuple[QuestionAnswer, ...]
    checks: tuple[CheckEntry, ...]
    actions: tuple[ActionEntry, ...]  # the fix that worked or is to be tried: what to do
    tried: tuple[ActionEntry, ...]  # fixes tried that did not help: a record, not advice
    support: SupportInfo
    hide_identifiers: bool
    session: dict[str, Any] = field(default_factory=dict)  # Session.to_dict(), scrubbed like the rest


def build_report(session: Session, *, hide_identifiers: bool = False, complete: bool | None = None) -> Report:
    """The report of `session`; `complete=False` marks it as stopped part-way, None decides from the session."""
    flows = session.flows
    step = session.step
    at_result = isinstance(step, (ResolutionStep, EndStep)) or session.finished
    is_complete = at_result if complete is None else (complete and at_result)
    vm = _vm_facts(session.check_results())
    actions = _actions(session)
    report = Report(
        header=_header(session, vm),
        flow_id=session.flow_id,
        flow_title=dict(flows[session.flow_id].title),
        complete=is_complete,
        stopped_at={} if is_complete else _step_title(step),
        outcome=_outcome(session, is_complete),
        error_text=session.error_text,
        path=tuple(_path(session)),
        questions=tuple(_questions(session)),
        checks=tuple(_checks(session)),
        actions=tuple(a for a in actions if a.verdict != ANSWER_STILL_FAILING),
        # A fix that did not help keeps no commands: nothing in any output may read as advice to run them.
        tried=tuple(dataclasses.replace(a, commands=()) for a in actions if a.verdict == ANSWER_STILL_FAILING),
        support=_support(session.platform),
        hide_identifiers=hide_identifiers,
        session=session.to_dict(),
    )
    identifiers = ()
    if hide_identifiers:
        identifiers = _identifiers(report)
        report = _hide_header_identifiers(report)
    return _scrub(report, lambda text: _clean(text, hide_identifiers, identifiers))


# -- the parts -----------------------------------------------------------------------------


def _header(session: Session, vm: VmFacts) -> Header:
    now = datetime.now().astimezone()
    offset = now.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    zone = now.tzname() or ""
    display = now.strftime("%Y-%m-%d %H:%M:%S") + (f" {zone}" if zone and zone != offset else "") + f" ({offset})"
    return Header(product=PRODUCT_NAME, version=__version__, generated_at=now.isoformat(timespec="seconds"),
                  generated_at_display=display, host_name=socket.gethostname(), os_name=_os_name(),
                  platform=session.platform, session_id=session.id, started_at=session.created_at, vm=vm)


def _os_name() -> str:
    if not sys.platform.startswith("linux"):
        # Under Wine a Windows program sees the Linux root as drive Z:, where the distribution's
        # os-release would name Debian in a Windows report.
        return platform_module.platform(terse=True)
    try:
        release = platform_module.freedesktop_os_release()
        name = release.get("PRETTY_NAME") or release.get("NAME")
        if name:
            return f"{name} (kernel {platform_module.release()})"
    except OSError:
        pass
    return platform_module.platform(terse=True)


def _vm_facts(results: list[CheckResult]) -> VmFacts:
    # The latest metadata result wins; a later run may have reached the service when an earlier one did not.
    for result in reversed(results):
        if result.check_id == METADATA_CHECK and result.facts:
            return VmFacts(**{key: str(result.facts.get(key) or "") for key in VM_FACT_KEYS})
    return VmFacts()


def _step_title(step: Step) -> Text:
    for attribute in ("title", "prompt"):
        text = getattr(step, attribute, None)
        if text:
            return dict(text)
    return {}  # a step without words of its own; its id is the program's, not the person's


def _answer_text(session: Session, step: Step, answer: str | None) -> Text:
    if answer is None:
        return {}
    if answer.startswith(JUMP_PREFIX):
        # The person reads where the jump went by its title; the step's address is for the program.
        flow_id, _, step_id = answer[len(JUMP_PREFIX):].partition("/")
        try:
            title = _step_title(session.flows.resolve(flow_id, step_id))
        except KeyError:
            title = dict(session.flows[session.flow_id].title)
        return {lang: label("jumped_to", lang).format(title=title.get(lang) or title.get("en", ""))
                for lang in ("en", "ko")}
    if isinstance(step, ChoiceStep):
        option = step.option(answer)
        return dict(option.label) if option else both(answer, answer)
    if answer in VERDICT_LABELS:
        return dict(VERDICT_LABELS[answer])
    if answer == ANSWER_CONTINUE:
        return both("Read", "읽음")
    return both(answer, answer)


def _path(session: Session) -> list[PathEntry]:
    entries = []
    for number, visit in enumerate(session.shown_history(), start=1):
        step = session.flows.resolve(visit.flow, visit.step)
        if visit.check is not None:
            status = visit.check.status
            outcome = {lang: f"{STATUS_LABELS[status][lang]}: {finding_text(STATUS_LABELS[status][lang], text)}"
                       for lang, text in _both_langs(visit.check.summary).items()}
        else:
            outcome = _answer_text(session, step, visit.answer)
        entries.append(PathEntry(number=number, flow_id=visit.flow,
                                 flow_title=dict(session.flows[visit.flow].title), step_id=visit.step,
                                 kind=step.kind, title=_step_title(step), outcome=outcome, via=visit.via))
    return entries


def _questions(session: Session) -> list[QuestionAnswer]:
    answered = []
    for visit in session.history:
        step = session.flows.resolve(visit.flow, visit.step)
        if isinstance(step, ChoiceStep) and visit.answer is not None:
            answer = session.known_answer_text(visit) if visit.known_from else _answer_text(session, step, visit.answer)
            answered.append(QuestionAnswer(flow_id=visit.flow, step_id=visit.step, prompt=dict(step.prompt),
                                           answer_id=visit.answer, answer=answer,
                                           answered_at=visit.answered_at or ""))
    return answered


def _checks(session: Session) -> list[CheckEntry]:
    entries = []
    for visit in session.shown_history():
        for role, result in (("check", visit.check), ("verify", visit.verify)):
            if result is not None:
                entries.append(_check_entry(result, role, f"{visit.flow}/{visit.step}"))
    return entries


def _check_entry(result: CheckResult, role: str, step: str) -> CheckEntry:
    spec = registry.get(result.check_id)
    title = dict(spec.title) if spec else both(result.check_id, result.check_id)
    # Redact before cutting, so a secret split by the cut cannot slip through half-recognised.
    evidence, truncated = _excerpt(redact_text(result.evidence))
    return CheckEntry(check_id=result.check_id, title=title, status=result.status.value,
                      status_label=dict(STATUS_LABELS[Status(result.status)]),
                      summary=_both_langs(result.summary), evidence=evidence, evidence_truncated=truncated,
                      facts=dict(result.facts), duration=round(result.duration, 3),
                      finished_at=result.finished_at, role=role, step=step)


def _excerpt(evidence: str) -> tuple[str, bool]:
    text = (evidence or "").rstrip()
    lines = text.splitlines()
    truncated = len(lines) > EVIDENCE_MAX_LINES or len(text) > EVIDENCE_MAX_CHARS
    if truncated:
        text = "\n".join(lines[:EVIDENCE_MAX_LINES])[:EVIDENCE_MAX_CHARS]
    return text, truncated


def _actions(session: Session) -> list[ActionEntry]:
    actions = []
    for visit in session.history:
        step = session.flows.resolve(visit.flow, visit.step)
        if not isinstance(step, ResolutionStep):
            continue
        step = session.view(step)
        commands = tuple(CommandEntry(platform=c.platform, shell=c.shell, text=c.text, note=dict(c.note or {}),
                                      effect=getattr(c, "effect", None))
                         for c in step.commands)
        verdict = visit.answer if visit.answer in VERDICT_LABELS else None
        actions.append(ActionEntry(
            flow_id=visit.flow, step_id=step.id, title=dict(step.title), body=dict(step.body), refs=step.refs,
            error_codes=step.error_codes, commands=commands,
            links=tuple((dict(link.title), link.url) for link in step.links), verdict=verdict,
            verdict_label=dict(VERDICT_LABELS[verdict]) if verdict else
            both("Not answered yet: try it, then check whether the backup works",
                 "아직 답하지 않음: 해 본 뒤 백업이 되는지 확인하십시오"),
            retired=getattr(step, "retired", None)))
    return actions


def _outcome(session: Session, complete: bool) -> Outcome:
    step = session.step
    # The last fix not answered "still failing": the one that worked, or the one to try now.
    last_fix = next((dict(fix.title) for visit in reversed(session.history)
                     if isinstance(fix := session.flows.resolve(visit.flow, visit.step), ResolutionStep)
                     and visit.answer != ANSWER_STILL_FAILING), {})
    if not complete:
        where = _step_title(step)
        return Outcome("incomplete", dict(OUTCOME_LABELS["incomplete"]),
                       {lang: text for lang, text in (
                           ("en", f"The walk stopped at: {where.get('en', '')}"),
                           ("ko", f"다음 단계에서 멈췄습니다: {where.get('ko') or where.get('en', '')}"))},
                       {})
    state = session.outcome or ("pending" if isinstance(step, ResolutionStep) else "none")
    if isinstance(step, EndStep):
        detail = {lang: f"{step.title.get(lang, '')}: {step.body.get(lang, '')}".strip(": ")
                  for lang in ("en", "ko")}
    else:
        detail = {}  # a resolution still open is already named as the fix to try
    # Only a fix that worked or is still to be tried is "found"; one that failed is not.
    return Outcome(state, dict(OUTCOME_LABELS.get(state, OUTCOME_LABELS["none"])), detail,
                   last_fix if state in ("resolved", "pending") else {})


def _support(platform: str) -> SupportInfo:
    send = (
        both("This report (PDF), attached to the support request.",
             "이 보고서(PDF)를 지원 요청에 첨부하십시오."),
        both("The exact error code and message from the failed backup or restore job "
             "(Backup center > Backup jobs > the job > Error details).",
             "실패한 백업 또는 복원 작업의 정확한 오류 코드와 메시지"
             "(백업 센터 > 백업 작업 > 해당 작업 > 오류 세부 정보)."),
        both("The time of the failed job and the VM's time zone.",
             "작업이 실패한 시각과 VM의 표준 시간대."),
        both("The log files below, collected right after the failure (zip them together).",
             "실패 직후에 모은 아래 로그 파일(하나의 zip으로 묶어서)."),
    )
    return SupportInfo(send=send, log_locations=LOG_LOCATIONS.get(platform, LOG_LOCATIONS["linux"]))


def _both_langs(text: Text | None) -> dict[str, str]:
    text = dict(text or {})
    english = text.get("en") or next(iter(text.values()), "")
    return {"en": english, "ko": text.get("ko") or english}


# -- scrubbing -----------------------------------------------------------------------------


def _identifiers(report: Report) -> tuple[str, ...]:
    vm = report.header.vm
    names = [report.header.host_name, vm.subscription_id, vm.vm_id]
    # The host name may appear short ("vm01") or fully qualified ("vm01.internal.cloudapp.net").
    names += [name.split(".")[0] for name in names if "." in name]
    return tuple(n for n in names if n and len(n) >= 3)


def _hide_header_identifiers(report: Report) -> Report:
    """The header's own identifier fields are masked whole, however short or plain they are."""
    header = report.header
    vm = dataclasses.replace(header.vm, **{key: IDENTIFIER_MASK for key in IDENTIFYING_FACTS
                                           if getattr(header.vm, key)})
    return dataclasses.replace(report, header=dataclasses.replace(header, host_name=IDENTIFIER_MASK, vm=vm))


def _clean(text: str, hide_identifiers: bool, identifiers: tuple[str, ...]) -> str:
    text = redact_text(text)
    return mask_identifiers(text, identifiers) if hide_identifiers else text


def _scrub(value: Any, clean) -> Any:
    """`value` with `clean` applied to every string inside it, so no renderer can print a secret."""
    if isinstance(value, str):
        return clean(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _scrub(getattr(value, f.name), clean)
                                             for f in dataclasses.fields(value)})
    if isinstance(value, dict):
        return {_scrub(key, clean): _scrub(item, clean) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub(item, clean) for item in value)
    return value
