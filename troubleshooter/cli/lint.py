"""`lint`: validate flow files; prints file:line:col: message, exit 1 on error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from troubleshooter.config import Config

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_parser(sub) -> None:
    lint = sub.add_parser("lint", help="validate flow files: prints file:line:col: message, exit 1 on error")
    lint.add_argument("files", nargs="*", type=Path, help="flow files or folders (default: all built-in flows)")


def run(args: argparse.Namespace, config: Config) -> int:
    from troubleshooter.search_vocabulary import lint_paths  # the flows and the search vocabulary

    report = lint_paths(args.files or None, config)
    for problem in report.problems:
        print(problem)
    if not report.ok:
        print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    print(report.summary())
    return EXIT_OK
