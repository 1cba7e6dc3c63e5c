"""Errors surface: an exception in a slot shows where the log is and keeps the walk; the log records the work."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from gui.errors import install_excepthook, install_log_file, log_path
from tests.gui.conftest import answer_modal, to_the_check_page


@pytest.fixture
def log_file(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    path = install_log_file()
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()


def test_an_exception_in_a_slot_shows_the_log_and_keeps_the_walk(qtbot, open_window, example_flows, fake_checks,
                                                                 log_file):
    install_excepthook()
    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    qtbot.keyClick(wizard.start_page.flow_buttons["example"], Qt.Key.Key_Space)
    page = wizard.currentPage()
    qtbot.keyClick(page.focus_widget(), Qt.Key.Key_Space)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    before = [(v.step, v.answer) for v in wizard.session.history]
    saved = wizard.store.path_for(wizard.session.id).read_text(encoding="utf-8")

    def broken_slot():
        raise ValueError("a bug in a slot")

    seen = []
    answer_modal(qtbot, Qt.Key.Key_Return, seen)
    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    name, text = seen[0]
    assert name == "error_dialog" and "a bug in a slot" in text
    assert str(log_path()) in text and log_file == log_path()
    assert window.isVisible()
    assert [(v.step, v.answer) for v in wizard.session.history] == before
    assert wizard.store.path_for(wizard.session.id).read_text(encoding="utf-8") == saved
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "ValueError: a bug in a slot" in logged


def test_the_log_records_checks_and_saves(qtbot, open_window, example_flows, fake_checks, log_file, tmp_path):
    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    page = to_the_check_page(qtbot, wizard)
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        qtbot.keyClick(page.run_button, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.session.finished, timeout=3000)
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "report.pdf"
    original = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(lambda *args: (str(target), ""))
    try:
        qtbot.mouseClick(wizard.summary_page.save_pdf_button, Qt.MouseButton.LeftButton)
    finally:
        QFileDialog.getSaveFileName = original
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "check example.always_ok started" in logged
    assert "check example.always_ok finished: problem" in logged
    assert f"report saved to {target}" in logged
