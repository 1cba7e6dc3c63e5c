"""The command line: the window by default, and the headless commands for fleet tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from troubleshooter import PRODUCT_NAME, __version__
from troubleshooter.collect import DEFAULT_MAX_MB, DEFAULT_SINCE_DAYS
from troubleshooter.i18n import LANGUAGES

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad arguments, which is our usage exit code too."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="vm-backup-troubleshooter",
                     description=f"{PRODUCT_NAME}: find out why an Azure VM backup or restore fails. "
                                 "Without a command, opens the wizard window.")
    parser.add_argument("--version", action="version", version=f"{PRODUCT_NAME} {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window offscreen, walk a flow, build a PDF, report whether all worked")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the window and of reports")
    parser.add_argument("--resume", metavar="SESSION",
                        help="open the window on a saved walk (its id or file), e.g. after restarting as administrator")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lint = sub.add_parser("lint", help="validate flow files: prints file:line:col: message, exit 1 on error")
    lint.add_argument("files", nargs="*", type=Path, help="flow files or folders (default: all built-in flows)")

    checks = sub.add_parser("checks", help="run every local check that applies to this machine")
    checks.add_argument("--json", action="store_true", help="print the results as JSON")
    checks.add_argument("--only", nargs="+", metavar="ID", help="run only these checks")
    checks.add_argument("--no-network", action="store_true",
                        help="skip every check that would send a packet (also VMBT_NO_NETWORK=1)")

    search = sub.add_parser("search", help="find the fix for an error message or code")
    search.add_argument("text", nargs="+", help="the error message, code or words to look for")
    search.add_argument("--lang", dest="search_lang", choices=LANGUAGES, help="language of the answer")
    search.add_argument("--limit", type=int, default=5, help="how many matches to show (default 5)")
    search.add_argument("--json", action="store_true", help="print the matches as JSON")
    search.add_argument("--platform", dest="search_platform", choices=("windows", "linux"),
                        help="the VM's OS: fixes for the other OS come last, marked")

    run = sub.add_parser("run", help="walk a flow without a window")
    run.add_argument("--flow", required=True, help="the flow to walk, e.g. backup-failing")
    run.add_argument("--answer", action="append", default=[], metavar="STEP=OPTION",
                     help="the option to take at a question (STEP may be FLOW/STEP); repeat as needed")
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
    _add_collect_parser(sub)
    _add_summarize_parser(sub)
    return parser


def _add_collect_parser(sub) -> None:
    collect = sub.add_parser("collect", help="write one zip for a support ticket: the walk's report, the checks "
                                             "and the backup-related logs, redacted and capped")
    collect.add_argument("--out", type=Path, metavar="FILE.zip",
                         help="where to write the zip (default: vmbackup-logs-<host>-<date>.zip here)")
    collect.add_argument("--since", type=int, default=DEFAULT_SINCE_DAYS, metavar="DAYS",
                         help=f"logs changed in the last DAYS days (default {DEFAULT_SINCE_DAYS})")
    collect.add_argument("--max-mb", type=float, default=DEFAULT_MAX_MB, metavar="N",
                         help=f"keep the zip under N MB, cutting each log's oldest part (default {DEFAULT_MAX_MB})")
    collect.add_argument("--hide-identifiers", action="store_true",
                         help="also mask subscription, vmId, host name and IP addresses (secrets are always removed)")
    collect.add_argument("--no-network", action="store_true", help="skip checks that would send a packet")
    collect.add_argument("--session", metavar="SESSION",
                         help="the saved walk whose report to include (default: the newest of the last DAYS days)")
    collect.add_argument("--force", action="store_true", help="overwrite the zip if it exists")


def _add_summarize_parser(sub) -> None:
    summarize = sub.add_parser("summarize", help="one table of many VMs' `checks --json` outputs or collect zips")
    summarize.add_argument("files", nargs="+", type=Path, help="checks --json files, collect zips, or folders of them")
    summarize.add_argument("--csv", type=Path, metavar="OUT", help="also write the table as CSV")
    summarize.add_argument("--html", type=Path, metavar="OUT", help="also write the table as a coloured HTML page")
    summarize.add_argument("--force", action="store_true", help="overwrite the CSV or HTML file if it exists")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.self_test:
        from gui.selftest import run_self_test
        return run_self_test()
    if args.command is None:
        return _open_window(args)
    handler = {"lint": _lint, "checks": _checks, "search": _search, "run": _run, "collect": _collect,
               "summarize": _summarize}[args.command]
    return handler(args)


def _open_window(args: argparse.Namespace) -> int:
    # Without a desktop Qt would abort (or, offscreen, run a window nobody can see): say why
    # instead. The frozen executable's entry script has asked this already, before Qt loaded.
    if not getattr(sys, "frozen", False):
        from troubleshooter.gui_libraries import window_problem

        problem = window_problem()
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_PROBLEMS
    try:
        from gui.app import run_app
    except ImportError as exc:  # the window's libraries are missing; headless commands still work
        print(f"The window cannot start: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    return run_app(lang=args.lang, resume=args.resume)


def _lint(args: argparse.Namespace) -> int:
    from troubleshooter.flows.lint import lint_paths
    from troubleshooter.text_lint import text_catalog_problems

    report = lint_paths(args.files or None)
    report.problems.extend(text_catalog_problems() if not args.files else [])
    for problem in report.problems:
        print(problem)
    if not report.ok:
        print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    print(report.summary())
    return EXIT_OK


def _checks(args: argparse.Namespace) -> int:
    from troubleshooter.checks.cli import run_checks_command

    return run_checks_command(args)


def _search(args: argparse.Namespace) -> int:
    from troubleshooter.search_cli import run_search_command

    return run_search_command(args)


def _run(args: argparse.Namespace) -> int:
    from troubleshooter.walk import run_walk_command

    return run_walk_command(args)


def _collect(args: argparse.Namespace) -> int:
    from troubleshooter.collect.cli import run_collect_command

    return run_collect_command(args)


def _summarize(args: argparse.Namespace) -> int:
    from troubleshooter.summarize import run_summarize_command

    return run_summarize_command(args)
