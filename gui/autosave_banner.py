"""The banner that says a walk is not being saved (full or read-only data folder), and why.

The decision and the words are the core's (SessionStore.autosave_problem, in both languages);
this only shows them while a walk is open.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from troubleshooter.i18n import pick


class AutosaveBanner(QLabel):
    def __init__(self, wizard):
        super().__init__()
        self._wizard = wizard
        self.setWordWrap(True)
        self.setObjectName("autosaveBanner")
        # Amber, as a warning that the walk goes on: readable in light and dark themes alike.
        self.setStyleSheet("#autosaveBanner { background: #fff4ce; color: #3d2f00; border: 1px solid #d9b300;"
                           " padding: 6px; margin: 4px 0 4px 6px; }")
        self.hide()
        wizard.session_changed.connect(self.refresh)

    def refresh(self) -> None:
        problem = self._wizard.store.autosave_problem if self._wizard.session is not None else None
        if problem:
            self.setText(pick(problem, self._wizard.lang))
            self.setAccessibleName(self.text())
        self.setVisible(bool(problem))
