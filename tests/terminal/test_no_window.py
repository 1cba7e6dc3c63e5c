"""When the window cannot start, the program says so in one sentence and opens the terminal wizard."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
    term = terminal(_unset_display([sys.executable, "-m", "troubleshooter"]))
    shown = term.wait_for("What is going wrong?")
    assert "DISPLAY is not set. The wizard runs in this terminal instead." in shown
    term.type_line("q")
    term.wait_for("EXIT=0")


@pytest.mark.parametrize("language", [["--lang", "ko"], []], ids=["--lang ko", "Korean locale"])
def test_the_sentence_before_the_terminal_wizard_is_in_its_language(terminal, language):
    term = terminal(_unset_display([sys.executable, "-m", "troubleshooter", *language]),
                    **({} if language else {"LANG": "ko_KR.UTF-8"}))
    shown = term.wait_for("어떤 문제가 있나요?")
    assert "DISPLAY가 설정되어 있지 않습니다. 대신 이 터미널에서 마법사를 실행합니다." in shown
    assert "DISPLAY is not set" not in shown


def test_a_failing_platform_plugin_is_said_in_korean_too(terminal):
    term = terminal([sys.executable, "-m", "troubleshooter", "--lang", "ko"], DISPLAY=":99",
                    QT_QPA_PLATFORM="nonexistent")
    shown = term.wait_for("어떤 문제가 있나요?", timeout=15)
    assert "Qt 플랫폼 플러그인을 불러오지 못했습니다. 대신 이 터미널에서 마법사를 실행합니다." in shown


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


@pytest.mark.parametrize("lang, expected", [
    ("en", ["DISPLAY is not set. The wizard runs in this terminal instead.",
            "does not have: libxcb-icccm.so.4, libxcb-keysyms.so.1. The wizard runs",
            "The window cannot start: No module named 'PySide6'. The wizard runs"]),
    ("ko", ["DISPLAY가 설정되어 있지 않습니다. 대신 이 터미널에서 마법사를 실행합니다.",
            "이 컴퓨터에 없습니다: libxcb-icccm.so.4, libxcb-keysyms.so.1. 대신",
            "창을 시작할 수 없습니다: No module named 'PySide6'. 대신"]),
])
def test_every_reason_is_said_in_the_walks_language_with_its_detail_as_the_system_wrote_it(lang, expected):
    from tests.build.test_build_gui_libraries import _probe_missing
    from troubleshooter.cli.no_window import said_instead
    from troubleshooter.gui_libraries import window_problem

    problems = [window_problem({}, "linux"),
                window_problem({"DISPLAY": ":0"}, "linux", _probe_missing("libxcb-icccm.so.4", "libxcb-keysyms.so.1")),
                "The window cannot start: No module named 'PySide6'."]
    for problem, sentence in zip(problems, expected):
        said = said_instead(problem, lang)
        assert sentence in said and "\n" not in said


def test_the_executable_says_it_in_the_language_its_command_line_asks_for():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "build"))
    try:
        from vmbt_entry import _asked_language
    finally:
        sys.path.pop(0)
    assert _asked_language(["--lang", "ko"]) == "ko" and _asked_language(["--lang=ko", "walk"]) == "ko"
    assert _asked_language(["--lang"]) is None and _asked_language(["--lang", "fr"]) is None
    assert _asked_language(["--resume", "x"]) is None
