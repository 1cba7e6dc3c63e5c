"""`run`: walk a flow without a window, with the answers given up front, and write its report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from troubleshooter.config import Config, current
from troubleshooter.i18n import LANGUAGES, pick
from troubleshooter.terminal_text import print_escaped

if TYPE_CHECKING:
    from troubleshooter.walk import CheckRunnerFn, WalkResult

EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_USAGE = 2


def add_parser(sub) -> None:
    run = sub.add_parser("run", help="walk a flow without a window")
    run.add_argument("--flow", required=True, help="the flow to walk, e.g. backup-failing")
    run.add_argument("--answer", action="append", default=[], metavar="STEP=OPTION",
                     help="the option to take at a question (STEP may be FLOW/STEP); repeat as needed")
    run.add_argument("--error", dest="error_text", metavar="TEXT", default="",
                     help="the error message or code from the portal; the report shows it first")
    run.add_argument("--lang", dest="run_lang", choices=LANGUAGES, help="language of the output")
    run.add_argument("--platform", choices=("windows", "linux"),
                     help="walk as if on this OS (default: the one running)")
    run.add_argument("--no-checks", action="store_true", help="do not run checks; their steps go the 'unknown' way")
    run.add_argument("--no-network", action="store_true", help="skip checks that would send a packet")
    run.add_argument("--json", type=Path, metavar="FILE", help="write the result as JSON")
    run.add_argument("--pdf", type=Path, metavar="FILE", help="write the report as PDF")
    run.add_argument("--text", type=Path, metavar="FILE", help="write the report as plain text")
    run.add_argument("--hide-identifiers", action="store_true",
                     help="mask subscription, vmId, host name and IP addresses in the report")
    run.add_argument("--force", action="store_true", help="overwrite output files that exist")


def _check_runner(no_network: bool) -> CheckRunnerFn:
    from troubleshooter.checks.runner import run_check

    return lambda check_id: run_check(check_id, no_network=no_network)


def run(args: argparse.Namespace, config: Config | None = None) -> int:
    from troubleshooter.flows.errors import FlowError
    from troubleshooter.flows.lint import load_checked_flows
    from troubleshooter.flows.session import Session, SessionError
    from troubleshooter.walk import WalkInputError, parse_answers, walk

    config = config or current()
    try:
        flows = load_checked_flows(config=config)
    except FlowError as exc:
        print_escaped(f"The flows have problems:\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    lang = args.run_lang or getattr(args, "lang", None) or "en"
    if args.flow not in flows:
        print_escaped(f"Unknown flow '{args.flow}'. Known flows: {', '.join(sorted(f.id for f in flows.entry_flows()))}",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        answers = parse_answers(flows, args.answer, args.flow)
    except WalkInputError as exc:
        print_escaped(exc, file=sys.stderr)
        return EXIT_USAGE
    session = Session(flows, args.flow, lang=lang, platform=args.platform)
    if args.error_text:
        session.record_error_text(args.error_text)
    run_check = None if args.no_checks else _check_runner(config.no_network)
    try:
        result = walk(session, answers, run_check)
    except SessionError as exc:
        print_escaped(f"The walk cannot go on: {exc}", file=sys.stderr)
        return EXIT_USAGE
    to_stdout = any(_to_stdout(path) for path in (args.pdf, args.json, args.text) if path)
    _print_walk(result, sys.stderr if to_stdout else sys.stdout)  # stdout then carries only the report
    written = write_outputs(result, args)
    if written != EXIT_OK:
        return written
    if not result.complete:
        print_escaped(result.stopped_at_question, file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _print_walk(result: WalkResult, out=None) -> None:
    from troubleshooter.flows.model import EndStep, ResolutionStep

    out = out or sys.stdout
    session = result.session
    lang = session.lang
    shown = session.shown_history()
    number = 0
    for visit in session.history:
        step = session.flows.resolve(visit.flow, visit.step)
        title = pick(getattr(step, "title", None) or getattr(step, "prompt", None), lang)
        if visit.known_from:
            # Answered by the walk itself: listed, but not numbered as a step a person saw.
            print(f"    [{step.kind}] {visit.flow}/{visit.step}: {title}\n"
                  f"      -> {pick(session.known_answer_text(visit), lang)}", file=out)
            continue
        if not any(visit is seen for seen in shown):
            continue  # a check for the other OS: never shown, never numbered
        number += 1
        line = f"{number:2}. [{step.kind}] {visit.flow}/{visit.step}: {title}"
        if visit.check is not None:
            line += f"\n      -> {visit.check.status.value}: {pick(visit.check.summary, lang)}"
        elif visit.answer:
            line += f"\n      -> {visit.answer}"
        print_escaped(line, file=out)
    step = session.step
    if isinstance(step, ResolutionStep):
        print_escaped(f"\nEnded at the resolution '{session.current.flow}/{step.id}' ({', '.join(step.refs)}): "
              f"{pick(step.title, lang)}", file=out)
    elif isinstance(step, EndStep):
        print_escaped(f"\nEnded: {pick(step.title, lang)}", file=out)


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
            print_escaped(problem, file=sys.stderr)
        return EXIT_USAGE
    progress = sys.stderr if any(_to_stdout(path) for _, path in targets) else sys.stdout
    lang = result.session.lang
    if any(kind == "pdf" for kind, _path in targets):
        from troubleshooter.qt_application import report_application

        report_application()  # the PDF's fonts and pages are drawn by Qt, which needs its application
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
            print_escaped(f"The {kind.upper()} report {path} was not saved: {exc}", file=sys.stderr)
            failed.append(str(path))
            continue
        where = "standard output" if _to_stdout(path) else path
        written.append(str(where))
        print_escaped(f"Wrote {where}" + ("" if result.complete else " (incomplete walk)"), file=progress)
    if failed:
        print_escaped(f"Written: {', '.join(written) or 'none'}. Not written: {', '.join(failed)}.", file=sys.stderr)
        return EXIT_WRITE_FAILED
    return EXIT_OK
