"""The `checks` command: run what applies here and print a table or JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import unicodedata
from typing import TYPE_CHECKING

from troubleshooter.cli.output import write
from troubleshooter.config import Config, current
from troubleshooter.i18n import pick
from troubleshooter.terminal_text import escape_controls, print_escaped

if TYPE_CHECKING:
    from troubleshooter.checks.result import CheckResult

EXIT_OK = 0
EXIT_USAGE = 2


def add_parser(sub) -> None:
    checks = sub.add_parser("checks", help="run every local check that applies to this machine")
    checks.add_argument("--json", action="store_true", help="print the results as JSON")
    checks.add_argument("--only", nargs="+", metavar="ID", help="run only these checks")
    checks.add_argument("--no-network", action="store_true",
                        help="skip every check that would send a packet (also VMBT_NO_NETWORK=1)")


def run(args: argparse.Namespace, config: Config | None = None) -> int:
    from troubleshooter.checks.registry import all_checks
    from troubleshooter.checks.runner import CheckRunner, applicable_check_ids

    config = config or current()
    lang = getattr(args, "lang", None) or "en"
    specs = all_checks()
    if args.only:
        unknown = [check_id for check_id in args.only if check_id not in specs]
        if unknown:
            print_escaped(f"unknown check id(s): {', '.join(unknown)}", file=sys.stderr)
            print_escaped(f"known: {', '.join(sorted(specs))}", file=sys.stderr)
            return EXIT_USAGE
        ids = list(dict.fromkeys(args.only))
    else:
        # Every registered check, so the table also says which ones do not apply here and why.
        ids = applicable_check_ids() + sorted(set(specs) - set(applicable_check_ids()))
    order = {check_id: index for index, check_id in enumerate(ids)}
    results: list[CheckResult] = []
    lock = threading.Lock()

    def collect(found: CheckResult) -> None:
        with lock:
            results.append(found)

    started = time.monotonic()
    # Most checks wait on a command or a socket rather than the CPU, so more threads than cores.
    runner = CheckRunner(max_workers=8, no_network=config.no_network)
    runner.start(ids, collect)
    try:
        runner.wait()
    except KeyboardInterrupt:
        runner.cancel()
        runner.wait(5)
    elapsed = time.monotonic() - started
    results.sort(key=lambda found: order.get(found.check_id, len(order)))
    try:
        _print_results(results, specs, lang, elapsed, as_json=bool(args.json), platform=runner.host.platform)
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; point stdout at nothing so exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def _print_results(results: list[CheckResult], specs, lang: str, elapsed: float, *, as_json: bool,
                   platform: str) -> None:
    if as_json:
        from troubleshooter.checks.document import checks_document

        titles = {check_id: spec.title for check_id, spec in specs.items()}
        document = checks_document(results, titles, platform=platform, elapsed=elapsed)
        write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    summary = (f"{len(results)} check(s) in {elapsed:.1f} s" if lang != "ko"
               else f"검사 {len(results)}개, {elapsed:.1f}초")
    write(escape_controls(f"{_table(results, lang)}\n\n{summary}\n", keep="\n"))


def _table(results: list[CheckResult], lang: str) -> str:
    from troubleshooter.checks.result import STATUS_LABELS

    headers = ("Status", "Check", "Duration", "Summary") if lang != "ko" else ("상태", "검사", "시간", "요약")
    # A summary carries what the machine said (a host name, a tool's message): escapes shown, never run.
    rows = [(pick(STATUS_LABELS[found.status], lang), escape_controls(found.check_id), f"{found.duration:.2f}s",
             escape_controls(pick(found.summary, lang))) for found in results]
    widths = [max(_width(row[i]) for row in [headers, *rows]) for i in range(3)]
    lines = []
    for row in [headers, *rows]:
        cells = [row[i] + " " * (widths[i] - _width(row[i])) for i in range(3)]
        lines.append("  ".join([*cells, row[3]]))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns on a terminal: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)
