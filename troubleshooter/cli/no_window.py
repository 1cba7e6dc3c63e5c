"""When the window cannot start: say so in one sentence and open the terminal wizard instead.

The ways it fails: no display, Qt's libraries that cannot load (an import error, a missing
libxcb), a platform plugin that fails when the application is made (Qt then aborts, so the
program starts again as `walk` before that), an old Windows that Qt 6 does not run on. On
Windows the sentence comes in a native message box (a windowed program has no console to read
it in), then a console window opens for the wizard.
"""

from __future__ import annotations

import os
import re
import sys

from troubleshooter.config import Config
from troubleshooter.terminal_text import print_escaped

EXIT_PROBLEMS = 1
MB_ICONWARNING = 0x30
CANNOT_START = "The window cannot start:"
NO_PLUGIN = "The window cannot start: Qt's platform plugin failed to load."
_LIBRARY_FILE = re.compile(r"^  (\S+\.so(?:\.\d+)*)$", re.MULTILINE)


def first_sentence(problem: str) -> str:
    return problem.strip().splitlines()[0] if problem.strip() else "The window cannot start."


def said_instead(problem: str, lang: str | None = None, *, console: bool = False) -> str:
    """The one sentence before the terminal wizard, in the walk's language, and that the wizard
    runs here instead (`console`: in a console window of its own, on Windows, on a line of its own)."""
    from troubleshooter.cli.walk import system_language
    from troubleshooter.terminal.texts import text

    lang = lang or system_language()
    if console:
        return f"{why_no_window(problem, lang)}\n\n{text('window_instead_console', lang)}"
    return f"{why_no_window(problem, lang)} {text('window_instead', lang)}"


def why_no_window(problem: str, lang: str) -> str:
    """The first sentence of `problem` in `lang`; a library's file name or Python's own error stays
    as the system wrote it, and a problem of another wording as it is."""
    from troubleshooter.gui_libraries import NEEDS_LIBRARIES, NO_DISPLAY
    from troubleshooter.terminal.texts import text

    first = first_sentence(problem)
    if first == NO_DISPLAY:
        return text("window_no_display", lang)
    if first.endswith(NEEDS_LIBRARIES):
        return text("window_no_libraries", lang, files=", ".join(_LIBRARY_FILE.findall(problem)))
    if first == NO_PLUGIN:
        return text("window_no_plugin", lang)
    if first.startswith(CANNOT_START):
        return text("window_cannot_start", lang, detail=first[len(CANNOT_START):].strip().rstrip("."))
    return first


def without_window(config: Config, problem: str, *, lang: str | None = None, resume: str | None = None) -> int:
    """The terminal wizard where a person can type, else the problem and what to run instead."""
    from troubleshooter.cli.walk import is_terminal, run_in_terminal

    if sys.platform == "win32" and not is_terminal():
        _windows_message(said_instead(problem, lang, console=True))
        if _open_windows_console():
            return run_in_terminal(config, lang=lang, resume=resume)
    if is_terminal():
        print_escaped(said_instead(problem, lang), file=sys.stderr)
        sys.stderr.flush()
        return run_in_terminal(config, lang=lang, resume=resume)
    print_escaped(problem, file=sys.stderr)
    return EXIT_PROBLEMS


def walk_if_qt_aborts(lang: str | None = None) -> None:
    """Before the QApplication is made: should its platform plugin fail (Qt would abort), start
    this program again as the terminal wizard, in the same terminal, instead of dying."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def on_message(kind, _context, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg and "platform plugin" in message:
            from troubleshooter.cli.walk import is_terminal

            if is_terminal():
                print(said_instead(NO_PLUGIN, lang), file=sys.stderr, flush=True)
                _start_again_as_walk()
            print(f"{NO_PLUGIN}\n{message}\nWithout a window, use `walk` in a terminal, or `run` and `collect` "
                  "(see --help).", file=sys.stderr, flush=True)
            os._exit(EXIT_PROBLEMS)
        print(message, file=sys.stderr)

    qInstallMessageHandler(on_message)


def _start_again_as_walk() -> None:
    """Replace this process with `walk`, with the same options; the PDF it saves draws offscreen."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    arguments = [arg for arg in sys.argv[1:]]
    if getattr(sys, "frozen", False):
        command = [sys.executable, *arguments, "walk"]
    else:
        command = [sys.executable, "-m", "troubleshooter", *arguments, "walk"]
    sys.stdout.flush()
    os.execve(sys.executable, command, environment)


def _windows_message(text: str) -> None:
    import ctypes

    try:
        ctypes.windll.user32.MessageBoxW(None, text, "VM Backup Troubleshooter", MB_ICONWARNING)
    except (AttributeError, OSError):
        pass


def _open_windows_console() -> bool:
    """A console window of its own for a program started by a double-click; False when none opens."""
    import ctypes

    try:
        if not ctypes.windll.kernel32.AllocConsole():
            return False
    except (AttributeError, OSError):
        return False
    sys.stdin = open("CONIN$", encoding="utf-8", errors="replace")
    sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)
    sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)
    return True
