"""An information step: a title and Markdown text; Next goes on."""

from __future__ import annotations

from gui.pages.base import StepPage
from gui.widgets import MarkdownView
from troubleshooter.i18n import pick


class InfoPage(StepPage):
    kind = "info"

    def __init__(self, wizard):
        super().__init__(wizard)
        self.text = MarkdownView()
        self.body_layout.addWidget(self.text)
        self.add_stretch()

    def show_step(self) -> None:
        step = self.step
        self.setTitle(pick(step.title, self.lang))
        self.text.set_markdown(pick(step.body, self.lang))
        super().show_step()

    def apply_answer(self, walk) -> None:
        walk.go_on()

    def focus_widget(self):
        return self._wizard.button(self._wizard.WizardButton.NextButton)
