"""What start-up leaves until the window shows, and what it spares altogether: the window still gets all of it."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui.app import run_app


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
