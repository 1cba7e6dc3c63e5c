"""When the window cannot start, the program says so in one sentence and opens the terminal wizard."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers.tmux import Terminal, need_tmux

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Qt's xcb are Linux's")


@pytest.fixture
def terminal(tmp_path):
    need_tmux()
    opened = []

    def start(argv, **env) -> Terminal:
        environment = {"VMBT_DATA_DIR": str(tmp_path / "data"), "VMBT_ENDPOINTS": os.environ["VMBT_ENDPOINTS"],
                       "LANG": "C.UTF-8", "TERM": "xterm", **env}
        opened.append(Terminal(argv, environment, cwd=tmp_path))
        return opened[-1]

    yield start
    for opened_terminal in opened:
        opened_terminal.close()


def _unset_display(argv):
    return ["env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u", "QT_QPA_PLATFORM", *argv]


def test_no_display_in_a_terminal_opens_the_terminal_wizard(terminal):
    term = terminal(_unset_display([sys.executable, "-m", "troubleshooter", "--lang", "ko"]))
    shown = term.wait_for("어떤 문제가 있나요?")
    assert "DISPLAY is not set. The wizard runs in this terminal instead." in shown
    term.type_line("q")
    term.wait_for("EXIT=0")


def test_a_platform_plugin_that_fails_opens_the_terminal_wizard(terminal):
    term = terminal([sys.executable, "-m", "troubleshooter"], DISPLAY=":99", QT_QPA_PLATFORM="nonexistent")
    shown = term.wait_for("What is going wrong?", timeout=15)
    assert "Qt's platform plugin failed to load. The wizard runs in this terminal instead." in shown


def test_qt_that_cannot_be_imported_opens_the_terminal_wizard(terminal):
    injected = ("import sys; sys.modules['PySide6.QtWidgets'] = None; "
                "from troubleshooter.cli import main; sys.exit(main([]))")
    term = terminal([sys.executable, "-c", injected], QT_QPA_PLATFORM="offscreen")
    shown = term.wait_for("What is going wrong?")
    assert "The window cannot start: " in shown and "The wizard runs in this terminal instead." in shown


def test_without_a_terminal_the_platform_failure_is_said_not_an_abort(tmp_path):
    done = subprocess.run([sys.executable, "-m", "troubleshooter"], capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL,
                          env=dict(os.environ, DISPLAY=":99", QT_QPA_PLATFORM="nonexistent",
                                   VMBT_DATA_DIR=str(tmp_path)))
    assert done.returncode == 1
    assert "Qt's platform plugin failed to load" in done.stderr and "`walk`" in done.stderr
