"""A check step: what will be looked at and why, Run or Skip, the result with its evidence."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from gui import elevation
from gui.checkjob import CheckJob
from gui.pages.base import StepPage
from gui.settings import KEY_AUTO_RUN_CHECKS, read_bool
from gui.widgets import CheckResultView, inline_code_html
from troubleshooter.markup import to_plain_line
from troubleshooter.checks import registry
from troubleshooter.checks.result import CheckResult
from troubleshooter.i18n import pick
from troubleshooter.walk_controller import OFF_NOT_THE_VM, OFF_OTHER_PLATFORM

ELAPSED_TICK_MS = 200


class BusyRow(QWidget):
    """An indeterminate progress bar, the seconds so far and a Cancel button, while a check runs."""

    def __init__(self, job: CheckJob, parent: QWidget | None = None):
        super().__init__(parent)
        self._job = job
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(160)
        self.elapsed = QLabel()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(job.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.elapsed, 1)
        layout.addWidget(self.cancel_button)
        self._ticker = QTimer(self)
        self._ticker.setInterval(ELAPSED_TICK_MS)
        self._ticker.timeout.connect(self._on_tick)
        job.running_changed.connect(self._on_running_changed)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel the c&heck"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the running check"))
        self.bar.setAccessibleName(self.tr("Check in progress"))
        self._on_tick()

    def _on_running_changed(self, running: bool) -> None:
        self.setVisible(running)
        if running:
            self._ticker.start()
            self.cancel_button.setFocus()
        else:
            self._ticker.stop()
        self._on_tick()

    def _on_tick(self) -> None:
        self.elapsed.setText(self.tr("Checking… %1 s").replace("%1", f"{self._job.elapsed_seconds():.1f}"))


class CheckPage(StepPage):
    kind = "check"

    def __init__(self, wizard):
        super().__init__(wizard)
        self._result: CheckResult | None = None
        self._skipped = False
        self._cancelled = False
        self.job = CheckJob(wizard.run_check, self)
        self.job.finished.connect(self._on_check_finished)
        self.job.running_changed.connect(self._on_running_changed)

        self.prompt_label = QLabel()
        self.wrap(self.prompt_label)
        self.description_label = QLabel()
        self.wrap(self.description_label)
        self.facts_label = QLabel()  # admin rights, network use: said before the person decides
        self.wrap(self.facts_label)
        # The step's prompt says why this check matters here; the check's own description and the
        # facts about it are background, so they read softer than the prompt.
        for label in (self.description_label, self.facts_label):
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.run_button = QPushButton()
        self.run_button.setDefault(False)
        self.run_button.clicked.connect(self._on_run_clicked)
        self.skip_button = QPushButton()
        self.skip_button.clicked.connect(self._on_skip_clicked)
        self.auto_run = QCheckBox()
        self.auto_run.setChecked(read_bool(wizard.settings, KEY_AUTO_RUN_CHECKS))
        self.auto_run.toggled.connect(self._on_auto_run_toggled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.auto_run)
        self.busy = BusyRow(self.job)
        self.cancelled_label = QLabel()
        self.cancelled_label.hide()
        self.off_label = QLabel()  # why the check cannot run here (not on the VM)
        self.wrap(self.off_label)
        self.off_label.hide()
        self.result_view = CheckResultView()
        self.admin_label = QLabel()
        self.wrap(self.admin_label)
        self.admin_label.hide()
        self.elevate_button = QPushButton()
        self.elevate_button.clicked.connect(self._on_elevate_clicked)
        self.elevate_button.hide()
        admin_row = QVBoxLayout()
        admin_row.addWidget(self.admin_label)
        admin_row.addWidget(self.elevate_button, 0, Qt.AlignmentFlag.AlignLeft)

        for widget in (self.prompt_label, self.description_label, self.facts_label):
            self.body_layout.addWidget(widget)
        self.body_layout.addSpacing(8)
        self.body_layout.addWidget(self.off_label)
        self.body_layout.addLayout(buttons)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addWidget(self.cancelled_label)
        self.body_layout.addWidget(self.result_view)
        self.body_layout.addLayout(admin_row)
        self.add_stretch()
        self.setTabOrder(self.run_button, self.skip_button)
        self.setTabOrder(self.skip_button, self.auto_run)

    @property
    def spec(self):
        return registry.get(self.step.check)

    @property
    def result(self) -> CheckResult | None:
        return self._result

    def show_step(self) -> None:
        step = self.step
        spec = self.spec
        self.setTitle(pick(spec.title, self.lang) if spec else step.check)
        self.prompt_label.setTextFormat(Qt.TextFormat.RichText)
        self.prompt_label.setText(inline_code_html(pick(step.prompt, self.lang)))
        description = _new_sentences(pick(spec.description, self.lang) if spec else "",
                                     to_plain_line(pick(step.prompt, self.lang)))
        self.description_label.setText(description)
        self.description_label.setVisible(bool(description))
        super().show_step()
        self._show_state()
        if self.auto_run.isChecked() and self._result is None and not self._skipped and not self.job.running \
                and self.why_off() is None:
            self.start_check()

    def retranslate(self) -> None:
        spec = self.spec
        notes = []
        if spec and spec.needs_admin:
            notes.append(self.tr("This check needs administrator rights."))
        if spec and spec.uses_network:
            notes.append(self.tr("It opens network connections from this VM (nothing is changed)."))
        notes.append(self.tr("Checks only read; they never change the VM."))
        self.facts_label.setText(" ".join(notes))
        self.run_button.setText(self.tr("&Run the check"))
        self.run_button.setAccessibleName(self.tr("Run the check"))
        self.skip_button.setText(self.tr("S&kip"))
        self.skip_button.setAccessibleName(self.tr("Skip this check and answer without it"))
        self.auto_run.setText(self.tr("Run checks &automatically"))
        self.auto_run.setAccessibleName(self.tr("Run checks automatically"))
        self.cancelled_label.setText(self.tr("The check was cancelled. Run it again or skip it."))
        self.off_label.setText(self._not_the_vm_text())
        self.elevate_button.setText(self.tr("Restart as a&dministrator"))
        self.busy.retranslate()
        self.result_view.retranslate()
        self._show_admin_help()

    def why_off(self) -> str | None:
        """Why this check cannot look (the walk controller decides): OFF_NOT_THE_VM or
        OFF_OTHER_PLATFORM; None when it can."""
        return self.controller.why_check_off()

    def focus_widget(self):
        if self.why_off():
            return self.skip_button
        return None if self._result is not None else self.run_button

    def forget_answer(self) -> None:
        self.job.cancel()
        self._result, self._skipped, self._cancelled = None, False, False

    def start_check(self) -> None:
        self._result, self._skipped, self._cancelled = None, False, False
        self.job.start(self.step.check)
        self._show_state()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.job.running and (self._result is not None or self._skipped)

    def apply_answer(self, walk) -> None:
        if self._result is not None:
            walk.record_check(self._result)
        else:
            walk.skip_check()

    def stop_work(self) -> None:
        self.job.cancel()

    def job_running(self) -> bool:
        return self.job.running

    def _not_the_vm_text(self) -> str:
        return self.tr(
            "Checks are off: this computer is not the VM you are troubleshooting, and a check looks only at "
            "the computer it runs on. Skip it and answer the next question yourself, or run the program on the VM.")

    def _show_state(self) -> None:
        running = self.job.running
        why_off = self.why_off()
        checks_off = why_off is not None
        self.off_label.setVisible(checks_off)
        if why_off == OFF_OTHER_PLATFORM:
            self.off_label.setText(self.tr("This check is for %1 VMs and the VM you are troubleshooting runs %2: "
                                           "skip it.")
                                   .replace("%1", ", ".join(p.capitalize() for p in self.controller.check_platforms()))
                                   .replace("%2", self.session.platform.capitalize()))
        elif why_off == OFF_NOT_THE_VM:
            self.off_label.setText(self._not_the_vm_text())
        self.run_button.setEnabled(not running and not checks_off)
        self.auto_run.setEnabled(not checks_off)
        self.skip_button.setEnabled(not running)
        self.run_button.setText(self.tr("&Run the check again") if self._result else self.tr("&Run the check"))
        self.cancelled_label.setVisible(self._cancelled and not running)
        self.result_view.show_result(None if running else self._result, self.lang)
        self._show_admin_help()

    def _show_admin_help(self) -> None:
        # The core recorded why the check did not look; the window does not guess it from the status.
        needs_rights = self._result is not None and self._result.needs_admin
        self.admin_label.setVisible(needs_rights)
        self.elevate_button.setVisible(needs_rights and elevation.can_restart_elevated())
        if not needs_rights:
            return
        if elevation.can_restart_elevated():
            self.admin_label.setText(self.tr(
                "This check could not look because the program runs without administrator rights. "
                "Restart it as administrator: the walk continues where you are now."))
        else:
            self.admin_label.setText(self.tr(
                "This check could not look because the program runs without root rights. "
                "Close it and start it again as root; the walk continues where you are now:\n%1")
                .replace("%1", elevation.sudo_hint(self._wizard.session_file())))

    def _on_run_clicked(self) -> None:
        self.start_check()

    def _on_skip_clicked(self) -> None:
        self._result, self._skipped, self._cancelled = None, True, False
        self._show_state()
        self.completeChanged.emit()
        self._wizard.next()

    def _on_auto_run_toggled(self, checked: bool) -> None:
        self._wizard.settings.setValue(KEY_AUTO_RUN_CHECKS, checked)

    def _on_running_changed(self, running: bool) -> None:
        if not running and self._result is None and not self._skipped:
            self._cancelled = True
        self._show_state()
        self.completeChanged.emit()

    def _on_check_finished(self, result: CheckResult) -> None:
        self._result, self._cancelled = result, False
        self._show_state()
        self.completeChanged.emit()
        self._wizard.button(self._wizard.WizardButton.NextButton).setFocus()

    def _on_elevate_clicked(self) -> None:
        if elevation.restart_elevated(self._wizard.session_file()):
            self._wizard.window().close_keeping_walk()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _new_sentences(text: str, already: str) -> str:
    """The sentences of `text` that `already` (said above it on the page) does not say."""
    said = " ".join(already.split())
    return " ".join(sentence for sentence in _SENTENCE_END.split(" ".join(text.split()))
                    if sentence and sentence not in said)
