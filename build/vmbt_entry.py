"""The executable's entry point: the wizard window when double-clicked, the CLI when given arguments.

The same file runs from source (`python build/vmbt_entry.py ...`), which is how
build/measure_startup.py times the unfrozen program against the frozen ones.
"""

from __future__ import annotations

import os
import sys
import time

_NO_WINDOW_FLAGS = frozenset({"--self-test", "--version", "-h", "--help"})
_STARTED = time.perf_counter()


def _opens_window(argv: list[str]) -> bool:
    """Only a start without a command opens the window; every command of the CLI is headless."""
    from troubleshooter.cli import COMMANDS

    return not any(arg in COMMANDS or arg in _NO_WINDOW_FLAGS for arg in argv)


def _asked_language(argv: list[str]) -> str | None:
    """The --lang the command line asks for (the CLI parses it again, after this entry's message)."""
    from troubleshooter.i18n import LANGUAGES

    for index, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else \
            argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None
        if value in LANGUAGES:
            return value
    return None


def _writes_pdf(argv: list[str]) -> bool:
    return "run" in argv and any(arg == "--pdf" or arg.startswith("--pdf=") for arg in argv)


def _attach_parent_console() -> None:
    """Let the windowed Windows build print when started from cmd or PowerShell with arguments.

    A GUI-subsystem program gets no console, so Python sets sys.stdout to None; when the caller
    redirected the output (`> out.json`, a pipe) the handles are valid and are kept as they are.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return
    import ctypes

    attach_parent_process = ctypes.c_uint32(-1 & 0xFFFFFFFF)
    if not ctypes.windll.kernel32.AttachConsole(attach_parent_process):
        return  # started from Explorer or a service: nowhere to print
    # CONOUT$ opens as a console stream, which writes Unicode (Korean) whatever the code page.
    if sys.stdout is None:
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)
    if sys.stderr is None:
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)
    # The shell printed its prompt already, since it does not wait for a windowed program.
    sys.stdout.write("\n")


def _in_a_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except ValueError:
        return False


def _close_splash() -> None:
    """Close PyInstaller's splash screen if this build shows one (it is a no-op module otherwise)."""
    # The bootloader sets this only when it showed a splash; pyi_splash complains when imported without.
    if not _splash_is_showing():
        return
    import pyi_splash  # type: ignore[import-not-found]

    if pyi_splash.is_alive():
        pyi_splash.close()


def _splash_is_showing() -> bool:
    return "_PYI_SPLASH_IPC" in os.environ


def _watch_first_window(exit_when_shown: bool) -> None:
    """When the first window is on screen, close the bootloader's splash, and with
    VMBT_EXIT_AFTER_SHOW=1 print `VMBT_WINDOW_SHOWN <seconds since start>` and exit.

    The exit is for build/measure_startup.py and the benchmarks. Wrapping QApplication.exec
    lets this work whatever the window code does before its event loop starts.
    """
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    class _FirstExpose(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if (event.type() == QEvent.Type.Expose and isinstance(watched, QWindow)
                    and watched.isExposed()):
                _close_splash()
                if exit_when_shown:
                    print(f"VMBT_WINDOW_SHOWN {time.perf_counter() - _STARTED:.4f}", flush=True)
                    os._exit(0)
                QApplication.instance().removeEventFilter(self)
            return False

    def exec_watching_first_window(*_args):
        application = QApplication.instance()
        application._vmbt_first_expose = _FirstExpose(application)
        application.installEventFilter(application._vmbt_first_expose)
        return original_exec()

    QApplication.exec = exec_watching_first_window


def _tell_someone_who_double_clicked(message: str) -> None:
    """Also show the message in a dialog when there is no terminal to read stderr in.

    Uses whatever dialog tool the desktop has; the window's own libraries are what is missing.
    """
    if sys.stderr is not None and sys.stderr.isatty():
        return
    import shutil
    import subprocess

    # The frozen program points LD_LIBRARY_PATH at its own bundled libraries; the desktop's tool
    # must load the system's.
    environment = dict(os.environ)
    if getattr(sys, "frozen", False):
        from bootloader_environment import callers_environment

        environment = callers_environment(environment)
    for tool, arguments in (("zenity", ["--error", "--no-markup", "--text", message]),
                            ("kdialog", ["--error", message]),
                            ("xmessage", ["-center", message])):
        path = shutil.which(tool)
        if path:
            subprocess.run([path, *arguments], check=False, env=environment)
            return


def main() -> int:
    argv = sys.argv[1:]
    if sys.platform == "win32" and argv:
        _attach_parent_console()
    opens_window = _opens_window(argv)
    if not opens_window:
        _close_splash()
    if sys.platform.startswith("linux"):
        # Checked before Qt is imported, so a missing library gets a message naming it.
        from troubleshooter import gui_libraries

        problem = None
        if opens_window:
            problem = gui_libraries.window_problem()
        elif _writes_pdf(argv):
            problem = gui_libraries.offscreen_problem()
        if problem and opens_window and _in_a_terminal():
            # No desktop, but a person at a terminal (SSH, the Serial Console): the same walk there.
            _close_splash()
            from troubleshooter.cli import main as cli_main
            from troubleshooter.cli.no_window import said_instead

            print(said_instead(problem, _asked_language(argv)), file=sys.stderr, flush=True)
            return cli_main([*argv, "walk"])
        if problem:
            _close_splash()
            print(problem, file=sys.stderr)
            if opens_window and os.environ.get("DISPLAY"):
                _tell_someone_who_double_clicked(problem)
            return 1
    from troubleshooter import config

    exit_when_shown = config.current().exit_after_show
    if opens_window and (exit_when_shown or _splash_is_showing()):
        _watch_first_window(exit_when_shown)
    from troubleshooter.cli import main as cli_main

    try:
        return cli_main(argv)
    finally:
        _close_splash()  # the window failed before showing, or a message box came instead


if __name__ == "__main__":
    sys.exit(main())
