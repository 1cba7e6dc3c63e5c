"""The Qt binding itself: a PySide6 release that drops references kills the window after a while.

PySide6 6.12.0 returned True from every signal emit() without a reference of its own, and None
from processEvents(): after about a thousand emits the interpreter aborted with bool_dealloc.
pyproject.toml excludes that release; these tests fail on any release with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

CALLS = 500


class _Emitter(QObject):
    happened = Signal(int, object)


def test_emitting_a_signal_keeps_the_reference_count_of_true(qapp):
    emitter = _Emitter()
    emitter.happened.connect(lambda *_: None)
    before = sys.getrefcount(True)
    for number in range(CALLS):
        emitter.happened.emit(number, None)
    assert sys.getrefcount(True) - before > -CALLS // 2


def test_processing_events_keeps_the_reference_count_of_none(qapp):
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        QApplication.processEvents()
    assert sys.getrefcount(None) - before > -CALLS // 2
