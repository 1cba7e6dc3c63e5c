"""Runs one check off the GUI thread and hands its result back by a queued signal.

The check runs directly in one worker thread under a Deadline that this job holds. The core's
runner arms the deadline when the check starts; a single-shot QTimer then fires at the deadline,
expires it (which kills the check's commands) and reports the timeout at once. A check stuck in
Python is abandoned: its result, should it come, belongs to an older generation and is dropped.

The worker is a daemon thread, not a QThreadPool thread: Qt's pool waits for every runnable when
the application ends, so one check stuck in Python would keep the program from ever exiting. As
many run at once as Qt's pool would have run; one abandoned at its deadline frees its place.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QElapsedTimer, QObject, QThread, QTimer, Signal

from troubleshooter.checks.result import CheckResult

if TYPE_CHECKING:
    from troubleshooter.checks.deadline import Deadline

log = logging.getLogger(__name__)

# run_check(check_id, cancel_event=...) -> CheckResult; the core's runner never raises. It is handed
# a Deadline as its cancel event (it behaves as a threading.Event for any other runner).
RunCheck = Callable[..., CheckResult]


class _TaskSignals(QObject):
    """Lives in the GUI thread, so an emit from the worker is delivered there, queued."""

    finished = Signal(int, object)  # generation, CheckResult
    armed = Signal(int)  # generation: the check's clock started; its Deadline knows when it ends


# Checks running Python at once: they share the interpreter's lock with the GUI thread, so more
# than this only makes the window stutter (Qt's pool had the same bound).
RUNNING_AT_ONCE = max(2, QThread.idealThreadCount())
_running_slots = threading.BoundedSemaphore(RUNNING_AT_ONCE)


class _TaskLife:
    """A task's hold on a running slot. A task its job gave up on (stuck in Python past its deadline)
    hands the slot back at once, so it never holds up the next check; it then keeps running unbounded
    until it ends, as a daemon thread that cannot keep the program from exiting."""

    def __init__(self):
        self._lock = threading.Lock()
        self._holding = False
        self._abandoned = False

    def take_slot(self) -> bool:
        """Wait for a slot; False when the job gave up on the task while it waited."""
        _running_slots.acquire()
        with self._lock:
            if self._abandoned:
                _running_slots.release()
                return False
            self._holding = True
            return True

    def abandon(self) -> None:
        with self._lock:
            self._abandoned = True
            self._give_back()

    def ended(self) -> None:
        with self._lock:
            self._give_back()

    def _give_back(self) -> None:
        if self._holding:
            self._holding = False
            _running_slots.release()


class _CheckTask:
    def __init__(self, run_check: RunCheck, check_id: str, deadline: "Deadline", generation: int,
                 signals: _TaskSignals):
        self._run_check = run_check
        self._check_id = check_id
        self._deadline = deadline
        self._generation = generation
        self._signals = signals
        self.life = _TaskLife()

    def run(self) -> None:
        if not self.life.take_slot():
            return  # cancelled while it waited: nobody wants its result
        self._deadline.on_armed(lambda _seconds: self._emit(self._signals.armed, self._generation))
        try:
            result = self._run_check(self._check_id, cancel_event=self._deadline)
        except Exception as exc:  # an injected runner may raise; the window must still get an answer
            log.exception("check %s raised", self._check_id)
            from troubleshooter.checks.runner import failed_result

            result = failed_result(self._check_id, exc)
        finally:
            self.life.ended()
        self._emit(self._signals.finished, self._generation, result)

    def _emit(self, signal, *arguments) -> None:
        try:
            signal.emit(*arguments)
        except RuntimeError:
            # The window closed while the check ran and took the page's job with it: nobody is
            # left to tell, and the result is not part of any walk.
            log.info("check %s finished after its window closed", self._check_id)


class CheckJob(QObject):
    """One check at a time for one page; a new start, a cancel or a deadline makes older results stale.

    Signals:
        finished(object): the CheckResult of the run that was not cancelled (a timeout too).
        running_changed(bool): a run started or ended (finished, timed out or cancelled).
    """

    finished = Signal(object)
    running_changed = Signal(bool)

    def __init__(self, run_check: RunCheck, parent: QObject | None = None):
        super().__init__(parent)
        self._run_check = run_check
        self._signals = _TaskSignals(self)
        self._signals.finished.connect(self._on_task_finished)
        self._signals.armed.connect(self._on_armed)
        self._generation = 0
        self._deadline: Deadline | None = None
        self._task_life: _TaskLife | None = None
        self._deadline_timer = QTimer(self)
        self._deadline_timer.setSingleShot(True)
        self._deadline_timer.timeout.connect(self._on_deadline)
        self._elapsed = QElapsedTimer()
        self.check_id: str | None = None

    @property
    def running(self) -> bool:
        return self._deadline is not None

    def elapsed_seconds(self) -> float:
        return self._elapsed.elapsed() / 1000 if self.running else 0.0

    def start(self, check_id: str) -> None:
        from troubleshooter.checks.deadline import Deadline  # the standard library only: cheap

        self.cancel()
        self._generation += 1
        self._deadline = Deadline()
        self.check_id = check_id
        self._elapsed.start()
        log.info("check %s started", check_id)
        task = _CheckTask(self._run_check, check_id, self._deadline, self._generation, self._signals)
        self._task_life = task.life
        threading.Thread(target=task.run, daemon=True, name=f"check-{check_id}").start()
        self.running_changed.emit(True)

    def cancel(self) -> None:
        """Stop the running check (its commands are killed) and forget its result."""
        if self._deadline is None:
            return
        self._deadline.cancel(kill_in_background=True)
        log.info("check %s cancelled after %.1f s", self.check_id, self.elapsed_seconds())
        self._end_run()
        self.running_changed.emit(False)

    def _end_run(self) -> None:
        self._deadline_timer.stop()
        self._deadline = None
        self._generation += 1  # whatever the worker still sends is stale
        if self._task_life is not None:
            self._task_life.abandon()
            self._task_life = None

    def _on_armed(self, generation: int) -> None:
        if generation != self._generation or self._deadline is None:
            return
        left = self._deadline.seconds_left()
        if left is not None:
            self._deadline_timer.start(math.ceil(left * 1000))

    def _on_deadline(self) -> None:
        deadline = self._deadline
        if deadline is None:
            return
        from troubleshooter.checks.runner import stopped_result  # loaded already: the runner armed it

        deadline.expire(kill_in_background=True)
        result = replace(stopped_result(self.check_id, deadline), duration=self.elapsed_seconds())
        log.info("check %s stopped at its deadline after %.1f s", self.check_id, self.elapsed_seconds())
        self._end_run()
        self.finished.emit(result)
        self.running_changed.emit(False)

    def _on_task_finished(self, generation: int, result: CheckResult) -> None:
        if generation != self._generation or self._deadline is None:
            return
        log.info("check %s finished: %s in %.1f s", result.check_id, result.status.value, self.elapsed_seconds())
        self._deadline_timer.stop()
        self._deadline = None
        self._task_life = None
        self.finished.emit(result)
        self.running_changed.emit(False)
