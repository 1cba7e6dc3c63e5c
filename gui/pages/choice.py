"""A question: the step's prompt, its help and one radio button per option for this platform."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from gui.pages.base import StepPage
from gui.widgets import MarkdownView, WrappingRadioButton, secondary_label
from troubleshooter.i18n import pick


class ChoicePage(StepPage):
    kind = "choice"

    def __init__(self, wizard):
        super().__init__(wizard)
        self.help_text = MarkdownView()
        self.options_box = QWidget()
        self.options_layout = QVBoxLayout(self.options_box)
        self.options_layout.setContentsMargins(0, 4, 0, 0)
        self.options_layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.group.buttonToggled.connect(self._on_option_toggled)
        self.body_layout.addWidget(self.help_text)
        self.body_layout.addWidget(self.options_box)
        self.add_stretch()
        self._option_ids: dict[QRadioButton, str] = {}
        self._selected: str | None = None  # kept across a redraw in another language

    def show_step(self) -> None:
        step = self.step
        self.setTitle(pick(step.prompt, self.lang))
        self.help_text.set_markdown(pick(step.help, self.lang))
        self.help_text.setVisible(bool(step.help))
        for button in list(self._option_ids):
            self.group.removeButton(button)
            button.deleteLater()
        while self.options_layout.count():
            item = self.options_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._option_ids = {}
        # Back undid an answer here: it is offered again, not forgotten.
        self._selected = self._selected or self.controller.earlier_answer()
        for option in self.session.options():
            button = WrappingRadioButton(pick(option.label, self.lang))
            self.group.addButton(button)
            self._option_ids[button] = option.id
            self.options_layout.addSpacing(3)
            self.options_layout.addWidget(button)
            if option.hint:
                hint = secondary_label(pick(option.hint, self.lang))
                hint.setIndent(button.iconSize().width() + 8)
                hint.setBuddy(button)
                self.options_layout.addWidget(hint)
                button.setAccessibleDescription(pick(option.hint, self.lang))
        for button, option_id in self._option_ids.items():
            button.setChecked(option_id == self._selected)
        super().show_step()

    def focus_widget(self):
        buttons = list(self._option_ids)
        return next((b for b in buttons if b.isChecked()), buttons[0] if buttons else None)

    def forget_answer(self) -> None:
        self._selected = None

    def selected_option(self) -> str | None:
        button = self.group.checkedButton()
        return self._option_ids.get(button) if button else None

    def select_option(self, option_id: str) -> None:
        for button, known_id in self._option_ids.items():
            if known_id == option_id:
                button.setChecked(True)
                return
        raise KeyError(option_id)

    def isComplete(self) -> bool:
        return self.selected_option() is not None

    def apply_answer(self, walk) -> None:
        walk.choose(self.selected_option())

    def _on_option_toggled(self, button, checked) -> None:
        if checked:
            self._selected = self._option_ids.get(button)
        self.completeChanged.emit()
