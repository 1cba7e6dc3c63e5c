"""`lint`: validate flow files; prints file:line:col: message, exit 1 on error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from troubleshooter.config import Config
from troubleshooter.terminal_text import print_escaped

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_parser(sub) -> None:
    lint = sub.add_parser("lint", help="validate flow files: prints file:line:col: message, exit 1 on error")
    lint.add_argument("files", nargs="*", type=Path, help="flow files or folders (default: all built-in flows)")


def run(args: argparse.Namespace, config: Config) -> int:
    from troubleshooter.search_vocabulary import lint_paths  # the flows and the search vocabulary
    from troubleshooter.text_lint import text_catalog_problems

    report = lint_paths(args.files or None, config)
    # The text catalogs are the program's own: they are checked when no files are named.
    problems = report.problems + ([] if args.files else text_catalog_problems())
    for problem in problems:
        print_escaped(problem)
    if problems:
        print_escaped(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    print_escaped(report.summary())
    return EXIT_OK
