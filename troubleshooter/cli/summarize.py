"""`summarize`: many VMs' `checks --json` outputs or collect zips in one table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from troubleshooter.config import Config
from troubleshooter.terminal_text import escape_controls

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def add_parser(sub) -> None:
    summarize = sub.add_parser("summarize", help="one table of many VMs' `checks --json` outputs or collect zips")
    summarize.add_argument("files", nargs="+", type=Path, help="checks --json files, collect zips, or folders of them")
    summarize.add_argument("--csv", type=Path, metavar="OUT", help="also write the table as CSV")
    summarize.add_argument("--html", type=Path, metavar="OUT", help="also write the table as a coloured HTML page")
    summarize.add_argument("--force", action="store_true", help="overwrite the CSV or HTML file if it exists")


def run(args: argparse.Namespace, config: Config | None = None) -> int:
    from troubleshooter.summarize import read_inputs, render_csv, render_html, render_text

    missing = [str(path) for path in args.files if not path.exists()]
    if missing:
        print(escape_controls(f"not found: {', '.join(missing)}"), file=sys.stderr)
        return EXIT_USAGE
    rows, notes = read_inputs(args.files)
    for note in notes:
        print(escape_controls(f"skipped: {note}"), file=sys.stderr)
    if not rows:
        print("no check results found in the files given", file=sys.stderr)
        return EXIT_FAILED
    from troubleshooter.report.save import ReportSaveError, save_report_file

    for target, render in ((args.csv, render_csv), (args.html, render_html)):
        if target is None:
            continue
        try:
            save_report_file(target, render(rows).encode("utf-8"), overwrite=args.force)
        except ReportSaveError as exc:
            print(escape_controls(f"{target} was not written: {exc}"), file=sys.stderr)
            return EXIT_FAILED
    print(render_text(rows))
    print(f"\n{len(rows)} host(s); {sum(1 for row in rows if row.problems)} with problems")
    return EXIT_OK
