"""What start-up leaves until the window shows, and what it spares altogether: the window still gets all of it."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui.app import LOG_FILE_DELAY_MS, run_app

ROOT = Path(__file__).resolve().parents[2]

# A double-click's start (no arguments), stopped at the window's first expose to list what it loaded.
FIRST_EXPOSE_PROBE = """
import gc, json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

class FirstExpose(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and isinstance(watched, QWindow) and watched.isExposed():
            import PySide6.QtCore
            print(json.dumps({"modules": sorted(sys.modules), "icon": not QApplication.windowIcon().isNull(),
                              "qt_namespace": "Qt" in vars(PySide6.QtCore)}))
            sys.stdout.flush()
            os._exit(0)
        return False

original_exec = QApplication.exec

def exec_until_first_expose(*_args):
    app = QApplication.instance()
    app._probe = FirstExpose(app)
    app.installEventFilter(app._probe)
    return original_exec()

QApplication.exec = exec_until_first_expose
from troubleshooter.cli import main
sys.exit(main([]))
"""

# Loaded for a walk, a search, a report or a command line; none is needed to show the first page.
# (argparse is not among them: PySide's own start imports it.)
NOT_BEFORE_THE_FIRST_WINDOW = ("troubleshooter.cli.lint", "troubleshooter.cli.run", "troubleshooter.cli.checks",
                               "troubleshooter.cli.collect", "gui.pages.summary", "gui.checkjob", "gui.widgets",
                               "uuid", "html", "yaml", "jsonschema", "troubleshooter.checks.runner",
                               "troubleshooter.search", "hashlib", "datetime", "signal")


def test_the_window_has_the_program_icon_once_shown(qtbot):
    QApplication.instance().setWindowIcon(QIcon())  # as a fresh start has none yet
    seen = {}

    def on_shown(window):
        seen["icon"] = not window.windowIcon().isNull()
        window.close()

    assert run_app(lang="en", on_shown=on_shown) == 0
    assert seen["icon"]


def test_the_window_package_looks_up_no_module_source_on_import(tmp_path, monkeypatch):
    """PySide's search of each imported module's source (for __feature__) reads no file (gui/pyside_scan.py)."""
    import linecache

    from gui.pyside_scan import holds_pyside_names, scan_names_not_sources

    assert scan_names_not_sources()  # what the window package does when it is imported

    (tmp_path / "uses_qt_for_test.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (tmp_path / "plain_for_test.py").write_text("VALUE = 'PySide6 is named here only'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import plain_for_test
    import uses_qt_for_test

    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside is holds_pyside_names
    assert holds_pyside_names(uses_qt_for_test) and not holds_pyside_names(plain_for_test)
    assert not any(name.startswith(str(tmp_path)) for name in linecache.cache)


def test_the_first_window_waits_for_nothing_a_walk_needs_later(tmp_path):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VMBT_NO_NETWORK": "1",
                   "VMBT_DATA_DIR": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                   "PYTHONPATH": str(ROOT)}
    environment.pop("DISPLAY", None)
    for start in ("first", "second"):  # the first start also fills the checked-flows cache
        done = subprocess.run([sys.executable, "-c", FIRST_EXPOSE_PROBE], capture_output=True, text=True,
                              timeout=120, env=environment, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.splitlines()[-1])
    loaded = [name for name in NOT_BEFORE_THE_FIRST_WINDOW if name in shown["modules"]]
    assert loaded == []
    assert "gui.pages.start" in shown["modules"]  # the probe did stop at the wizard's window
    assert not shown["icon"]  # drawn after the first paint (the test above: it does come)
    # Touching Qt's namespace makes all its 93 enums at once (about 12 ms): after the first paint.
    assert not shown["qt_namespace"]


def test_after_the_first_paint_the_start_page_has_the_keyboard_focus_and_qt_is_ready(qtbot):
    """What the first window leaves for later comes right after it: a keyboard user sees where the
    focus is, and the first key press does not wait for Qt's enums."""
    import PySide6.QtCore

    seen = {}

    def on_shown(window):
        start = window.wizard.start_page
        seen["focus"] = QApplication.focusWidget() is start.search_box
        seen["keyboard"] = window.testAttribute(PySide6.QtCore.Qt.WidgetAttribute.WA_KeyboardFocusChange)
        seen["qt_namespace"] = "Qt" in vars(PySide6.QtCore)
        window.close_keeping_walk()

    assert run_app(lang="en", on_shown=on_shown) == 0
    assert seen == {"focus": True, "keyboard": True, "qt_namespace": True}


def test_the_garbage_collector_paused_for_the_start_runs_again_soon_after(qtbot):
    """The start pauses collection while it builds the window's objects; leaving it off would let
    every reference cycle of a long walk pile up until the window closes."""
    seen = {}

    def on_shown(window):
        def look():
            seen["collecting"] = gc.isenabled()
            window.close()

        QTimer.singleShot(LOG_FILE_DELAY_MS + 200, look)

    gc.disable()  # as cli.window.open_window does
    try:
        assert run_app(lang="en", on_shown=on_shown) == 0
    finally:
        gc.enable()
    assert seen["collecting"] is True
