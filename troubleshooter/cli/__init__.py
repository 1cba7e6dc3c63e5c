"""The command line: the window by default, and the headless commands for fleet tools.

Every subcommand is one module of this package, named in COMMANDS, with `add_parser(subparsers)`
and `run(args, config) -> exit code`. A command module imports what its work needs inside `run`:
the parser is built at every start with arguments, and must stay cheap. This package is the
only part of the core that may import the window (`troubleshooter.cli.window`).
"""

from __future__ import annotations

import sys
from importlib import import_module

from troubleshooter import PRODUCT_NAME, __version__
from troubleshooter import config as configuration
from troubleshooter.i18n import LANGUAGES

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

# In the order `--help` lists them.
COMMANDS = ("walk", "lint", "checks", "search", "run", "collect", "summarize")
# The program's options that take a value (the word after them is not a command).
VALUE_OPTIONS = ("--lang", "--resume")


def command_module(name: str):
    return import_module(f"{__name__}.{name}")


def build_parser(commands: tuple[str, ...] = COMMANDS):
    """The command line with `commands` (argparse exits with 2 on bad arguments, our usage exit
    code too). A start that names its command needs only that one's module: `walk`'s first screen
    and a fleet tool's `run` need not import the others."""
    import argparse
    from functools import partial

    from troubleshooter.cli.output import terminal_size

    def formatter(prog: str) -> argparse.HelpFormatter:
        # The width argparse would measure itself, but without importing shutil (and zlib, bz2
        # and lzma with it) for every argument added: the terminal wizard's first screen waits.
        return argparse.HelpFormatter(prog, width=terminal_size().columns - 2)

    parser = argparse.ArgumentParser(prog="vm-backup-troubleshooter", formatter_class=formatter,
                     description=f"{PRODUCT_NAME}: find out why an Azure VM backup or restore fails. "
                                 "Without a command, opens the wizard window; without a desktop, in a terminal, "
                                 "the same wizard in the terminal (walk).")
    parser.add_argument("--version", action="version", version=f"{PRODUCT_NAME} {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window offscreen, walk a flow, build a PDF, report whether all worked")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the window and of reports")
    parser.add_argument("--resume", metavar="SESSION",
                        help="open the window on a saved walk (its id or file), e.g. after restarting as administrator")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                parser_class=partial(argparse.ArgumentParser, formatter_class=formatter))
    for name in commands:
        command_module(name).add_parser(sub)
    return parser


def _named_command(argv: list[str]) -> tuple[str, ...]:
    """The command `argv` names, alone; every command for --help before it or a word that is none."""
    value_next = False
    for word in argv:
        if value_next:
            value_next = False
        elif word in ("-h", "--help"):
            return COMMANDS
        elif word in VALUE_OPTIONS:
            value_next = True
        elif not word.startswith("-"):
            return (word,) if word in COMMANDS else COMMANDS
    return COMMANDS


def main(argv: list[str] | None = None) -> int:
    from troubleshooter.cli.output import use_utf8

    use_utf8()
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        # A double-click: the window, with nothing to parse. Building the parser imports every
        # command's module, which the window's first paint need not wait for.
        from troubleshooter.cli.window import open_window

        return open_window(configuration.build())
    parser = build_parser(_named_command(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    # Built once here, from the environment and the flags, and handed to whatever runs.
    config = configuration.build(args)
    if args.self_test:
        from troubleshooter.cli.window import run_self_test

        return run_self_test()
    if args.command is None:
        from troubleshooter.cli.window import open_window

        return open_window(config, lang=args.lang, resume=args.resume)
    return command_module(args.command).run(args, config)
