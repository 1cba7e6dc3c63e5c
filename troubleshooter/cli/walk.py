"""`walk`: the wizard in a terminal, for a VM without a desktop (SSH, the Serial Console, Server Core)."""

from __future__ import annotations

import argparse
import os
import sys

from troubleshooter.config import Config, current
from troubleshooter.i18n import LANGUAGES

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

NOT_A_TERMINAL = ("walk asks questions and needs a terminal to answer them in; without one use "
                  "`run --flow ID --answer STEP=OPTION` (see `run --help`) or `collect` for a support bundle.")


def add_parser(sub) -> None:
    walk = sub.add_parser("walk", help="the wizard in this terminal (SSH, Serial Console, Server Core)")
    walk.add_argument("--lang", dest="walk_lang", choices=LANGUAGES, help="language of the wizard")
    walk.add_argument("--resume", dest="walk_resume", metavar="SESSION",
                      help="take up a saved walk (its id or file), also one started in the window")


def is_terminal() -> bool:
    """Standard input and output are both a terminal a person types in and reads."""
    try:
        return sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def program_name() -> str:
    """How the person started this program, for the resume hint: the one file as they typed it
    (the launcher hands that on: sys.executable is the program it unpacked into the cache),
    quoted for their shell; from source, the command pip installs."""
    if not getattr(sys, "frozen", False):
        return "vm-backup-troubleshooter"
    started_as = sys.argv[0] if sys.argv and sys.argv[0] else sys.executable
    if sys.platform == "win32":
        import subprocess

        return subprocess.list2cmdline([started_as])
    import shlex

    return shlex.quote(started_as)


def run(args: argparse.Namespace, config: Config | None = None) -> int:
    if not is_terminal():
        print(NOT_A_TERMINAL, file=sys.stderr)
        return EXIT_USAGE
    return run_in_terminal(config or current(), lang=getattr(args, "walk_lang", None) or getattr(args, "lang", None),
                           resume=getattr(args, "walk_resume", None) or getattr(args, "resume", None))


def run_in_terminal(config: Config, *, lang: str | None = None, resume: str | None = None) -> int:
    """The terminal wizard on the real flows, checks and search, until the person quits."""
    from troubleshooter.flows.errors import FlowError
    from troubleshooter.flows.compiled import deferred_checked_flows
    from troubleshooter.flows.store import SessionStore
    from troubleshooter.platform import this_machine
    from troubleshooter.lazy_search import LazySearch
    from troubleshooter.terminal.wizard import TerminalWizard
    from troubleshooter.walk_controller import WalkController

    _readable_output()
    try:
        # The start page shows from the flows' headings; the flows load at the first answer.
        flows = deferred_checked_flows(config=config)
    except FlowError as exc:
        return _flows_broken(exc)
    lang = lang or system_language()
    walk = WalkController(flows, store=SessionStore(config.sessions_dir), machine=this_machine(use_network=False),
                          lang=lang)
    wizard = TerminalWizard(walk, run_check=lambda check_id, **options: _run_check(check_id, config, **options),
                            search=LazySearch(flows, config), program=program_name(), no_network=config.no_network)
    try:
        if resume and not wizard.resume(resume):
            return EXIT_PROBLEMS
        return wizard.run()
    except FlowError as exc:  # a deferred load found the cache's files changed and broken
        return _flows_broken(exc)


def _flows_broken(exc: Exception) -> int:
    print(f"The flows have problems:\n{exc}", file=sys.stderr)
    return EXIT_PROBLEMS


def _run_check(check_id: str, config: Config, **options):
    """The core's runner, imported by the first check: the first screen need not wait for it."""
    from troubleshooter.checks.runner import run_check

    return run_check(check_id, no_network=config.no_network, **options)


def system_language() -> str:
    """The walk's language when none was asked for: the locale's, else English."""
    from troubleshooter.i18n import language_for_locale

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable):
            return language_for_locale(os.environ[variable])
    if sys.platform == "win32":
        import locale

        return language_for_locale(locale.getlocale()[0])
    return "en"


def _readable_output() -> None:
    """A character the terminal's encoding lacks is shown as '?' rather than ending the program."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
