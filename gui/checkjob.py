"""Runs one check off the GUI thread and hands its result back by a queued signal."""

from __future__ import annotations

import logging
import threading
from typing import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QRunnable, QThreadPool, Signal

from troubleshooter.checks.result import CheckResult, Status

log = logging.getLogger(__name__)

# run_check(check_id, cancel_event=...) -> CheckResult; the core's runner never raises.
RunCheck = Callable[..., CheckResult]


class _TaskSignals(QObject):
    """Lives in the GUI thread, so an emit from the worker is delivered there, queued."""

    finished = Signal(int, object)  # generation, CheckResult


class _CheckTask(QRunnable):
    def __init__(self, run_check: RunCheck, check_id: str, cancel_event: threading.Event,
                 generation: int, signals: _TaskSignals):
        super().__init__()
        self._run_check = run_check
        self._check_id = check_id
        self._cancel_event = cancel_event
        self._generation = generation
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._run_check(self._check_id, cancel_event=self._cancel_event)
        except Exception as exc:  # an injected runner may raise; the window must still get an answer
            log.exception("check %s raised", self._check_id)
            result = CheckResult(self._check_id, Status.ERROR,
                                 {"en": f"The check failed: {exc}", "ko": f"검사가 실패했습니다: {exc}"},
                                 evidence=repr(exc))
        try:
            self._signals.finished.emit(self._generation, result)
        except RuntimeError:
            # The window closed while the check ran and took the page's job with it: nobody is
            # left to tell, and the result is not part of any walk.
            log.info("check %s finished after its window closed", self._check_id)


class CheckJob(QObject):
    """One check at a time for one page; a new start or a cancel makes older results stale.

    Signals:
        finished(object): the CheckResult of the run that was not cancelled.
        running_changed(bool): a run started or ended (finished or cancelled).
    """

    finished = Signal(object)
    running_changed = Signal(bool)

    def __init__(self, run_check: RunCheck, parent: QObject | None = None):
        super().__init__(parent)
        self._run_check = run_check
        self._signals = _TaskSignals(self)
        self._signals.finished.connect(self._on_task_finished)
        self._generation = 0
        self._cancel_event: threading.Event | None = None
        self._elapsed = QElapsedTimer()
        self.check_id: str | None = None

    @property
    def running(self) -> bool:
        return self._cancel_event is not None

    def elapsed_seconds(self) -> float:
        return self._elapsed.elapsed() / 1000 if self.running else 0.0

    def start(self, check_id: str) -> None:
        self.cancel()
        self._generation += 1
        self._cancel_event = threading.Event()
        self.check_id = check_id
        self._elapsed.start()
        log.info("check %s started", check_id)
        QThreadPool.globalInstance().start(_CheckTask(self._run_check, check_id, self._cancel_event,
                                                      self._generation, self._signals))
        self.running_changed.emit(True)

    def cancel(self) -> None:
        """Ask the running check to stop and forget its result; the worker ends on its own."""
        if self._cancel_event is None:
            return
        self._cancel_event.set()
        log.info("check %s cancelled after %.1f s", self.check_id, self.elapsed_seconds())
        self._cancel_event = None
        self._generation += 1
        self.running_changed.emit(False)

    def _on_task_finished(self, generation: int, result: CheckResult) -> None:
        if generation != self._generation or self._cancel_event is None:
            return
        log.info("check %s finished: %s in %.1f s", result.check_id, result.status.value, self.elapsed_seconds())
        self._cancel_event = None
        self.finished.emit(result)
        self.running_changed.emit(False)
