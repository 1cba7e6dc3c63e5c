"""A fix to try: Markdown text, the commands with Copy, links, "Check again", and the verdict."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.checkjob import CheckJob
from gui.focusstyle import FocusRingLabel
from gui.pages.base import StepPage
from gui.pages.check import BusyRow
from gui.widgets import CheckResultView, CommandBlock, MarkdownView, open_link
from troubleshooter.checks import registry
from troubleshooter.checks.result import CheckResult
from troubleshooter.i18n import pick
from troubleshooter.report.labels import command_text, effect_label, effect_warning, retired_label, where_label


class ResolutionPage(StepPage):
    """Next means "still failing" here; the wizard's extra button "That fixed it" ends the walk."""

    kind = "resolution"

    def __init__(self, wizard):
        super().__init__(wizard)
        self.fixed = False
        self.retired_label = QLabel()
        self.wrap(self.retired_label)
        font = self.retired_label.font()
        font.setBold(True)
        self.retired_label.setFont(font)
        self.codes_label = QLabel()
        self.wrap(self.codes_label)
        self.text = MarkdownView()
        self.commands_heading = QLabel()
        self.commands_box = QWidget()
        self.commands_layout = QVBoxLayout(self.commands_box)
        self.commands_layout.setContentsMargins(0, 0, 0, 0)
        self.links_label = FocusRingLabel()
        self.links_label.setOpenExternalLinks(False)  # open_link opens only the allowed ones
        self.links_label.linkActivated.connect(lambda url: open_link(self, url))
        self.links_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.links_label.setWordWrap(True)

        self.job = CheckJob(wizard.run_check, self)
        self.job.finished.connect(self._on_verify_finished)
        self.job.running_changed.connect(self._on_verify_running_changed)
        self.verify_box = QFrame()
        self.verify_heading = QLabel()
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.verify_off_label = QLabel()  # why "Check again" cannot be pressed, when it cannot
        self.verify_off_label.setWordWrap(True)
        self.busy = BusyRow(self.job)
        self.before_label = QLabel()
        self.after_label = QLabel()
        self.before_view = CheckResultView()
        self.after_view = CheckResultView()
        compare = QGridLayout()
        compare.addWidget(self.before_label, 0, 0)
        compare.addWidget(self.before_view, 0, 1)
        compare.addWidget(self.after_label, 1, 0)
        compare.addWidget(self.after_view, 1, 1)
        compare.setColumnStretch(1, 1)
        verify_row = QHBoxLayout()
        verify_row.addWidget(self.verify_heading, 1)
        verify_row.addWidget(self.verify_button)
        verify_layout = QVBoxLayout(self.verify_box)
        verify_layout.setContentsMargins(0, 8, 0, 0)
        verify_layout.addLayout(verify_row)
        verify_layout.addWidget(self.verify_off_label)
        verify_layout.addWidget(self.busy)
        verify_layout.addLayout(compare)

        for widget in (self.retired_label, self.codes_label, self.text, self.commands_heading, self.commands_box,
                       self.links_label, self.verify_box):
            self.body_layout.addWidget(widget)
        self.add_stretch()
        for heading in (self.commands_heading, self.verify_heading):
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)

    def show_step(self) -> None:
        step = self.step
        self.setTitle(pick(step.title, self.lang))
        self.text.set_markdown(pick(step.body, self.lang))
        while self.commands_layout.count():
            self.commands_layout.takeAt(0).widget().deleteLater()
        for command in self._commands():
            self.commands_layout.addWidget(CommandBlock(command, self._shell_label(command),
                                                        pick(command.note, self.lang),
                                                        effect=effect_label(command.effect, self.lang),
                                                        warning=effect_warning(command.effect, self.lang),
                                                        text=command_text(command.shell, command.text, self.lang)))
        self.commands_heading.setVisible(bool(self._commands()))
        links = "<br>".join(f'<a href="{link.url}">{pick(link.title, self.lang)}</a>' for link in step.links)
        self.links_label.setText(links)
        self.links_label.setVisible(bool(step.links))
        self.verify_box.setVisible(bool(step.verify))
        super().show_step()
        self._show_verify()

    def retranslate(self) -> None:
        step = self.step
        codes = ", ".join(step.error_codes)
        self.codes_label.setText(self.tr("Error codes this fixes: %1").replace("%1", codes) if codes else "")
        self.codes_label.setVisible(bool(codes))
        self.commands_heading.setText(self.tr("Commands"))
        retired = retired_label(getattr(step, "retired", None), self.lang)
        self.retired_label.setText(retired)
        self.retired_label.setVisible(bool(retired))
        for index in range(self.commands_layout.count()):
            block = self.commands_layout.itemAt(index).widget()
            block.retranslate()
            command = block.command
            block.set_labels(self._shell_label(command), effect_label(command.effect, self.lang),
                             effect_warning(command.effect, self.lang),
                             command_text(command.shell, command.text, self.lang))
        spec = registry.get(step.verify) if step.verify else None
        self.verify_heading.setText(self.tr("After the fix, check again: %1")
                                    .replace("%1", pick(spec.title, self.lang) if spec else step.verify or ""))
        self.verify_button.setText(self.tr("Check &again"))
        self.verify_button.setAccessibleName(self.tr("Run the check again after the fix"))
        self.before_label.setText(self.tr("Before:"))
        self.after_label.setText(self.tr("After:"))
        self.busy.retranslate()
        self.before_view.retranslate()
        self.after_view.retranslate()
        self.setButtonText(self._wizard.WizardButton.NextButton, self.tr("&Still failing >"))

    def focus_widget(self):
        # Enter goes on ("Still failing", the default); Tab reaches the commands' Copy buttons.
        return self._wizard.button(self._wizard.WizardButton.NextButton)

    def apply_answer(self, walk) -> None:
        if self.fixed:
            walk.fixed()
        else:
            walk.go_on()

    def stop_work(self) -> None:
        self.job.cancel()

    def job_running(self) -> bool:
        return self.job.running

    def forget_answer(self) -> None:
        self.fixed = False

    def mark_fixed_and_finish(self) -> None:
        """"That fixed it": the walk ends here and the summary follows."""
        self.job.cancel()
        self.fixed = True
        if not self._wizard.next_page():
            self.fixed = False

    def _commands(self):
        return self.controller.fix_commands()

    def _shell_label(self, command) -> str:
        return where_label(command.shell, command.text, self.lang)

    def _earlier_result(self) -> CheckResult | None:
        """The last result of the same check earlier in the walk: the "before" of Check again."""
        verify = self.step.verify
        for visit in reversed(self.session.history[:-1]):
            for result in (visit.verify, visit.check):
                if result is not None and result.check_id == verify:
                    return result
        return None

    def _show_verify(self) -> None:
        if not self.step.verify:
            return
        before = self._earlier_result()
        after = self.session.current.verify
        running = self.job.running
        self.before_label.setVisible(before is not None)
        self.before_view.show_result(before, self.lang)
        self.after_label.setVisible(after is not None and not running)
        self.after_view.show_result(None if running else after, self.lang)
        checks_apply = self._wizard.checks_apply()
        self.verify_button.setEnabled(not running and checks_apply)
        why = "" if checks_apply else self.tr(
            "Check again is off: this computer is not the VM you are troubleshooting, and a check looks only at "
            "the computer it runs on. Run the program on the VM to check there.")
        self.verify_off_label.setText(why)
        self.verify_off_label.setVisible(bool(why))
        self.verify_button.setToolTip(why)

    def _on_verify_clicked(self) -> None:
        self.job.start(self.step.verify)
        self._show_verify()

    def _on_verify_running_changed(self, _running: bool) -> None:
        self._show_verify()

    def _on_verify_finished(self, result: CheckResult) -> None:
        self.controller.record_verify(result)
        self._show_verify()
