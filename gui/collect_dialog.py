"""The "Collect logs for support" dialog: where to save, progress, a Cancel that stops it, the outcome."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QProgressBar, QPushButton,
                               QVBoxLayout)

from troubleshooter.collect.bundle import CollectCancelled, CollectError, CollectOptions, collect_bundle


class _CollectSignals(QObject):
    """Lives in the GUI thread, so emits from the worker arrive there, queued."""

    progress = Signal(int, int, str)
    finished = Signal(object)  # CollectResult
    failed = Signal(str)
    cancelled = Signal()


class _CollectTask(QRunnable):
    def __init__(self, options: CollectOptions, cancel_event: threading.Event, signals: _CollectSignals, collect):
        super().__init__()
        self._options = options
        self._cancel_event = cancel_event
        self._signals = signals
        self._collect = collect

    def run(self) -> None:
        try:
            result = self._collect(self._options, progress=self._signals.progress.emit,
                                   cancel_event=self._cancel_event)
        except CollectCancelled:
            self._signals.cancelled.emit()
        except CollectError as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - whatever broke, the dialog must end and say it
            self._signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self._signals.finished.emit(result)


class CollectDialog(QDialog):
    """Runs `collect` off the GUI thread into `options.out` and shows how far it got.

    Signals:
        done(str): "finished", "failed" or "cancelled", once the work has ended.
    """

    done = Signal(str)

    def __init__(self, options: CollectOptions, parent=None, *, collect=collect_bundle):
        super().__init__(parent)
        self._options = options
        self._cancel_event = threading.Event()
        self._running = False
        self.setWindowTitle(self.tr("Collect logs for support"))
        self.intro = QLabel(self.tr("Writing %1\n\nSecrets are removed from every file before it goes in; "
                                    "nothing on this VM is changed.").replace("%1", str(options.out)))
        self.intro.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)  # busy until the checks are done and the files are counted
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.current = QLabel(self.tr("Running the checks…"))
        self.current.setWordWrap(True)
        self.outcome = QPlainTextEdit()
        self.outcome.setReadOnly(True)
        self.outcome.setAccessibleName(self.tr("What went into the zip"))
        self.outcome.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(self.tr("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.hide()
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.progress_bar, self.current, self.outcome, self.buttons):
            layout.addWidget(widget)
        self.resize(560, 260)
        self._signals = _CollectSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
        self._task = _CollectTask(options, self._cancel_event, self._signals, collect)
        self._task.setAutoDelete(True)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        self._running = True
        QThreadPool.globalInstance().start(self._task)

    def reject(self) -> None:
        """Cancel (button, Esc or closing) stops the work first; the dialog closes when it has ended."""
        if self._running:
            self._cancel_event.set()
            self.cancel_button.setEnabled(False)
            self.current.setText(self.tr("Cancelling…"))
            return
        super().reject()

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if total > 1:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        self.current.setText(what)

    def _ended(self, outcome: str, text: str) -> None:
        self._running = False
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1 if outcome == "finished" else 0)
        self.current.setText(text)
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.done.emit(outcome)

    def _on_finished(self, result) -> None:
        included = result.included
        lines = [self.tr("%1 file(s), %2 MB; %3 secret(s) removed.")
                 .replace("%1", str(len(included))).replace("%2", f"{result.size / 1024 / 1024:.1f}")
                 .replace("%3", str(sum(entry.redactions for entry in included)))]
        cut = sum(1 for entry in included if entry.cut_bytes)
        if cut:
            lines.append(self.tr("%1 long log(s) were cut to their newest part to fit the size limit.")
                         .replace("%1", str(cut)))
        if result.skipped:
            lines.append(self.tr("%1 item(s) were left out; manifest.json in the zip says which and why.")
                         .replace("%1", str(len(result.skipped))))
        self.outcome.setPlainText("\n".join(lines))
        self.outcome.show()
        self._ended("finished", self.tr("Saved: %1").replace("%1", str(result.path)))

    def _on_failed(self, message: str) -> None:
        self._ended("failed", self.tr("The zip was not written: %1").replace("%1", message))

    def _on_cancelled(self) -> None:
        self._ended("cancelled", self.tr("Cancelled; nothing was written."))
