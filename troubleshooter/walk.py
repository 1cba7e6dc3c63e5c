"""The headless walk (`run`): follows a flow with answers given up front, running its checks."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from typing import Callable

from troubleshooter.checks import registry
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.errors import FlowError
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.model import (ChoiceStep, CheckStep, EndStep, FlowSet, GotoStep, InfoStep,
                                        ResolutionStep)
from troubleshooter.flows.session import ANSWER_FIXED, ANSWER_STILL_FAILING, Session, SessionError
from troubleshooter.i18n import pick

EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_USAGE = 2
# A walk longer than this means the answers keep it circling; stop rather than spin.
MAX_WALK_STEPS = 500

CheckRunnerFn = Callable[[str], CheckResult]


class WalkInputError(Exception):
    """An --answer that names an unknown step or option; the message lists the valid ones."""


@dataclass
class WalkResult:
    session: Session
    complete: bool  # reached a resolution or an end
    stopped_at_question: str | None = None  # the message when an answer was missing


def _flows_reached(flows: FlowSet, flow_id: str | None) -> list[str]:
    """`flow_id` and every flow its goto steps lead into, directly or not; all flows for None."""
    if flow_id is None or flow_id not in flows:
        return sorted(flows.flows)
    reached, pending = [flow_id], [flow_id]
    while pending:
        for step in flows[pending.pop()].steps.values():
            if isinstance(step, GotoStep) and step.flow in flows and step.flow not in reached:
                reached.append(step.flow)
                pending.append(step.flow)
    return reached


def question_steps(flows: FlowSet, flow_id: str | None = None) -> list[str]:
    """The steps an --answer can name in a walk of `flow_id`: choices and resolutions."""
    found = []
    for reached_id in _flows_reached(flows, flow_id):
        for step in flows[reached_id].steps.values():
            if isinstance(step, (ChoiceStep, ResolutionStep)):
                found.append(step.id if reached_id == flow_id else f"{reached_id}/{step.id}")
    return found


def parse_answers(flows: FlowSet, pairs: list[str], flow_id: str | None = None) -> dict[str, str]:
    """'STEP=OPTION' or 'FLOW/STEP=OPTION' -> {address or step id: option}, validated.

    With `flow_id`, an unknown step is reported with the questions that walk can meet.
    """
    answers: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise WalkInputError(f"--answer {pair!r} is not STEP=OPTION (for example "
                                 f"--answer {next(iter(question_steps(flows, flow_id)), 'STEP')}=OPTION)")
        key, option = (part.strip() for part in pair.split("=", 1))
        flow_part, _, step_id = key.rpartition("/")
        candidates = [f.steps[step_id] for f in flows
                      if step_id in f.steps and (not flow_part or f.id == flow_part)]
        if not candidates:
            raise WalkInputError(f"--answer {pair!r}: there is no step '{key}' in the flows; the questions "
                                 f"are: {', '.join(question_steps(flows, flow_id))}")
        valid: set[str] = set()
        for step in candidates:
            if isinstance(step, ChoiceStep):
                valid |= {o.id for o in step.options}
            elif isinstance(step, ResolutionStep):
                valid |= {ANSWER_FIXED, ANSWER_STILL_FAILING}
        if not valid:
            raise WalkInputError(f"--answer {pair!r}: step '{key}' is not a question")
        if option not in valid:
            raise WalkInputError(f"--answer {pair!r}: step '{key}' has no option '{option}'; "
                                 f"valid options: {', '.join(sorted(valid))}")
        answers[key] = option
    return answers


def walk(session: Session, answers: dict[str, str], run_check: CheckRunnerFn | None) -> WalkResult:
    """Follow the flow until a resolution without an answer, an end, or a question with no answer."""
    for _ in range(MAX_WALK_STEPS):
        step = session.step
        address = f"{session.current.flow}/{step.id}"
        answer = answers.get(address, answers.get(step.id))
        if isinstance(step, EndStep):
            return WalkResult(session, True)
        if isinstance(step, ResolutionStep):
            if answer == ANSWER_STILL_FAILING:
                session.proceed()
                continue
            if answer == ANSWER_FIXED:
                session.resolve()
            return WalkResult(session, True)
        if isinstance(step, InfoStep):
            session.proceed()
        elif isinstance(step, CheckStep):
            session.record_check(_run_or_skip(step.check, run_check))
        elif isinstance(step, ChoiceStep):
            offered = session.options(step)
            if answer is None:
                choices = "; ".join(f"{address}={o.id} ({pick(o.label, session.lang)})" for o in offered)
                return WalkResult(session, False,
                                  f"the walk stopped at the question '{address}': "
                                  f"{pick(step.prompt, session.lang)}\n  no --answer was given for it; "
                                  f"valid answers: {choices}")
            session.choose(answer)
    return WalkResult(session, False, f"the walk passed {MAX_WALK_STEPS} steps without ending; "
                                      "the answers make it go round in a loop")


def _run_or_skip(check_id: str, run_check: CheckRunnerFn | None) -> CheckResult:
    if run_check is None:
        return CheckResult(check_id, Status.SKIPPED, {"en": "Skipped: checks were turned off (--no-checks).",
                                                      "ko": "건너뜀: 검사를 끈 상태입니다(--no-checks)."})
    if registry.get(check_id) is None:
        from troubleshooter.checks.runner import unknown_check

        return unknown_check(check_id)  # the core's one answer, as the window and `checks` give it
    return run_check(check_id)


def _check_runner(no_network: bool | None) -> CheckRunnerFn:
    from troubleshooter.checks.runner import run_check

    return lambda check_id: run_check(check_id, no_network=no_network)


def run_walk_command(args: argparse.Namespace) -> int:
    try:
        flows = load_checked_flows()
    except FlowError as exc:
        print(f"The flows have problems:\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    lang = args.run_lang or getattr(args, "lang", None) or "en"
    if args.flow not in flows:
        print(f"Unknown flow '{args.flow}'. Known flows: {', '.join(sorted(f.id for f in flows.entry_flows()))}",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        answers = parse_answers(flows, args.answer, args.flow)
    except WalkInputError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    session = Session(flows, args.flow, lang=lang, platform=args.platform)
    run_check = None if args.no_checks else _check_runner(args.no_network or None)  # None: VMBT_NO_NETWORK decides
    try:
        result = walk(session, answers, run_check)
    except SessionError as exc:
        print(f"The walk cannot go on: {exc}", file=sys.stderr)
        return EXIT_USAGE
    to_stdout = any(_to_stdout(path) for path in (args.pdf, args.json, args.text) if path)
    _print_walk(result, sys.stderr if to_stdout else sys.stdout)  # stdout then carries only the report
    written = write_outputs(result, args)
    if written != EXIT_OK:
        return written
    if not result.complete:
        print(result.stopped_at_question, file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _print_walk(result: WalkResult, out=None) -> None:
    out = out or sys.stdout
    session = result.session
    lang = session.lang
    for number, visit in enumerate(session.history, start=1):
        step = session.flows.resolve(visit.flow, visit.step)
        title = pick(getattr(step, "title", None) or getattr(step, "prompt", None), lang)
        line = f"{number:2}. [{step.kind}] {visit.flow}/{visit.step}: {title}"
        if visit.check is not None:
            line += f"\n      -> {visit.check.status.value}: {pick(visit.check.summary, lang)}"
        elif visit.answer:
            line += f"\n      -> {visit.answer}"
        print(line, file=out)
    step = session.step
    if isinstance(step, ResolutionStep):
        print(f"\nEnded at the resolution '{session.current.flow}/{step.id}' ({', '.join(step.refs)}): "
              f"{pick(step.title, lang)}", file=out)
    elif isinstance(step, EndStep):
        print(f"\nEnded: {pick(step.title, lang)}", file=out)


STDOUT_NAME = "-"


def _to_stdout(path) -> bool:
    return str(path) == STDOUT_NAME


def write_outputs(result: WalkResult, args: argparse.Namespace) -> int:
    """Write the report files the command asked for (also for a walk that stopped part-way).

    `-` is standard output. Every target is checked before anything is written; then each file
    is written on its own, so one that fails does not stop the others, and the end says which
    were written and which were not."""
    targets = [(kind, path) for kind, path in (("pdf", args.pdf), ("json", args.json), ("text", args.text)) if path]
    if not targets:
        return EXIT_OK
    from troubleshooter.report import ReportSaveError, build_report, render_text, report_json_bytes, save_report_file
    from troubleshooter.report.save import ReportExistsError, check_report_target

    problems, named = [], {}
    if sum(_to_stdout(path) for _, path in targets) > 1:
        problems.append("only one report can go to standard output ('-')")
    for kind, path in targets:
        if _to_stdout(path):
            continue
        key = os.path.abspath(path)
        if key in named:
            problems.append(f"{path} is named for both --{named[key]} and --{kind}; give each report its own file")
            continue
        named[key] = kind
        try:
            check_report_target(path, overwrite=args.force)
        except ReportExistsError:
            problems.append(f"{path} already exists; use --force to overwrite it")
        except ReportSaveError as exc:
            problems.append(str(exc))
    if problems:
        # Refused before writing anything, so a bad name does not leave a half-written set behind.
        for problem in problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    progress = sys.stderr if any(_to_stdout(path) for _, path in targets) else sys.stdout
    lang = result.session.lang
    report = build_report(result.session, hide_identifiers=args.hide_identifiers, complete=result.complete)
    written, failed = [], []
    for kind, path in targets:
        try:
            if kind == "pdf":
                from troubleshooter.report.pdf import render_pdf_bytes

                data = render_pdf_bytes(report, lang=lang)
            elif kind == "json":
                data = report_json_bytes(report)
            else:
                data = render_text(report, lang).encode("utf-8")
            if _to_stdout(path):
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                save_report_file(path, data, overwrite=args.force)
        except ReportSaveError as exc:
            print(f"The {kind.upper()} report {path} was not saved: {exc}", file=sys.stderr)
            failed.append(str(path))
            continue
        where = "standard output" if _to_stdout(path) else path
        written.append(str(where))
        print(f"Wrote {where}" + ("" if result.complete else " (incomplete walk)"), file=progress)
    if failed:
        print(f"Written: {', '.join(written) or 'none'}. Not written: {', '.join(failed)}.", file=sys.stderr)
        return EXIT_WRITE_FAILED
    return EXIT_OK
