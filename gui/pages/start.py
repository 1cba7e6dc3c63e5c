"""The first page: the four problems as large choices, error-message search, and Resume."""

from __future__ import annotations

import logging
from collections.abc import Mapping

# `Qt` is reached through QtCore inside functions, never imported by name: the first touch of the
# Qt namespace makes all its 93 enums (about 12 ms), which the first window does not wait for
# (see gui/app.py).
from PySide6 import QtCore
from PySide6.QtCore import QTimer
# QListWidget and QListWidgetItem are imported with the first search: the matches' list (and the
# item-view classes behind it, about 2 ms) need not hold up the first window.
from PySide6.QtWidgets import (QButtonGroup, QCommandLinkButton, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget, QWizardPage)

from gui.focusstyle import FocusRingCommandLinkButton
from troubleshooter.flows.store import SavedSession
from troubleshooter.i18n import pick
from troubleshooter.report.labels import retired_label

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 6


def _text(value, lang: str) -> str:
    return pick(value, lang) if isinstance(value, Mapping) else str(value or "")


class SearchBox(QLineEdit):
    """The search box: Esc clears what is typed there instead of closing the program."""

    def keyPressEvent(self, event) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class StartPage(QWizardPage):
    """`choice` is what Next starts: ("flow", flow id), ("hit", search hit) or None."""

    def __init__(self, wizard):
        super().__init__()
        self._wizard = wizard
        self.choice: tuple[str, object] | None = None
        self._resumable: SavedSession | None = None
        self.resume_button = QPushButton()
        self.resume_button.clicked.connect(self._on_resume_clicked)
        # Away from an Azure VM (an admin's workstation): which VM, and why the checks are off.
        self.platform_box = QWidget()
        self.platform_label = QLabel()
        self.platform_buttons = {"windows": QRadioButton(), "linux": QRadioButton()}
        self.platform_group = QButtonGroup(self)
        self.platform_note = QLabel()
        self.platform_note.setWordWrap(True)
        platform_row = QHBoxLayout()
        platform_row.addWidget(self.platform_label)
        for platform, button in self.platform_buttons.items():
            self.platform_group.addButton(button)
            platform_row.addWidget(button)
        platform_row.addStretch(1)
        platform_layout = QVBoxLayout(self.platform_box)
        platform_layout.setContentsMargins(0, 0, 0, 4)
        platform_layout.addLayout(platform_row)
        platform_layout.addWidget(self.platform_note)
        self.platform_buttons[wizard.machine.os].setChecked(True)
        self.platform_group.buttonToggled.connect(self._on_platform_toggled)
        self.flows_label = QLabel()
        self.flow_buttons: dict[str, QCommandLinkButton] = {}
        grid = QGridLayout()
        for index, flow in enumerate(wizard.flows.headings()):
            button = FocusRingCommandLinkButton()
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _checked=False, flow_id=flow.id: self._on_flow_clicked(flow_id))
            self.flow_buttons[flow.id] = button
            grid.addWidget(button, index // 2, index % 2)
        self.search_label = QLabel()
        self.search_box = SearchBox()
        self.search_box.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search_box)
        self._results = None  # the matches' list, made by the first search (see `results`)
        self.no_match = QLabel()
        self.no_match.setWordWrap(True)
        # Why search cannot be used (its vocabulary file is broken), shown instead of "no match".
        self._search_problem: str | None = None
        self.no_match.hide()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search_box.textChanged.connect(self._on_search_text_changed)

        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addWidget(self.resume_button)
        layout.addWidget(self.platform_box)
        layout.addWidget(self.flows_label)
        layout.addLayout(grid)
        layout.addSpacing(12)
        searchable = wizard.search is not None
        for widget in (self.search_label, self.search_box, self.no_match):
            widget.setVisible(searchable and widget is not self.no_match)
            layout.addWidget(widget)
        layout.addStretch(1)

    @property
    def lang(self) -> str:
        return self._wizard.lang

    @property
    def results(self):
        """The list of matches (a QListWidget) under the search box, made when first needed."""
        if self._results is None:
            from PySide6.QtWidgets import QListWidget

            results = QListWidget()
            results.setWordWrap(True)
            results.setAlternatingRowColors(True)
            results.setSpacing(2)
            results.hide()
            results.setAccessibleName(self.tr("Matching fixes"))
            results.currentRowChanged.connect(self._on_result_row_changed)
            # Not itemActivated: the list passes Enter on to the wizard's default button as well,
            # which on the page the match opened is "Still failing". Enter reaches Next alone, and
            # Next opens the current match.
            results.itemClicked.connect(self._on_result_activated)
            self._layout.insertWidget(self._layout.indexOf(self.search_box) + 1, results)
            QWidget.setTabOrder(self.search_box, results)  # made last, it would come last in Tab's order
            self._results = results
        return self._results

    def initializePage(self) -> None:
        self.choice = None
        saved = self._wizard.store.resumable(self._wizard.flows)
        self._resumable = saved[0] if saved else None
        self.show_step()
        if self._wizard.search is not None:
            self._on_search_timer_timeout()

    def chosen_platform(self) -> str:
        return next((p for p, b in self.platform_buttons.items() if b.isChecked()), self._wizard.machine.os)

    def show_platform(self) -> None:
        machine = self._wizard.machine
        self.platform_box.setVisible(not machine.azure_vm)
        this_os = {"windows": "Windows", "linux": "Linux"}.get(machine.os, machine.os)
        self.platform_label.setText(self.tr("The VM to troubleshoot:"))
        self.platform_buttons["windows"].setText(self.tr("&Windows VM"))
        self.platform_buttons["linux"].setText(self.tr("L&inux VM"))
        self.platform_note.setText(self.tr(
            "This computer runs %1 and is not an Azure VM. The checks look only at the computer they run "
            "on, so they are off: each check page says so, and you answer its question yourself.")
            .replace("%1", this_os))

    def focus_widget(self):
        return self.search_box if self._wizard.search is not None else None

    def show_step(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.show_platform()
        self.setTitle(self.tr("What is going wrong?"))
        self.setSubTitle(self.tr("Choose the problem, or paste the error from the Azure portal to go straight to its fix."))
        self.flows_label.setText(self.tr("The problem:"))
        # The headings, not the flows: the first window shows before the flows are read.
        headings = {heading.id: heading for heading in self._wizard.flows.headings()}
        for flow_id, button in self.flow_buttons.items():
            flow = headings[flow_id]
            button.setText(pick(flow.title, self.lang))
            button.setDescription(pick(flow.description, self.lang))
            button.setAccessibleName(pick(flow.title, self.lang))
            button.setAccessibleDescription(pick(flow.description, self.lang))
        self.search_label.setText(self.tr("Or &paste the error message or code from the portal:"))
        self.search_box.setPlaceholderText(self.tr("For example: UserErrorGuestAgentStatusUnavailable"))
        self.search_box.setAccessibleName(self.tr("Search by error message or code"))
        if self._results is not None:
            self._results.setAccessibleName(self.tr("Matching fixes"))
        self._show_no_match_text()
        if self._resumable is not None:
            flow = self._wizard.flows.flows.get(self._resumable.flow)
            title = pick(flow.title, self.lang) if flow else self._resumable.flow
            self.resume_button.setText(self.tr("&Resume where you left off: %1 (%2)")
                                       .replace("%1", title).replace("%2", self._resumable.updated_at[:16].replace("T", " ")))
            self.resume_button.setAccessibleName(self.tr("Resume where you left off"))
        self.resume_button.setVisible(self._resumable is not None)
        if self._wizard.search is not None and self.search_box.text().strip():
            self._on_search_timer_timeout()

    def isComplete(self) -> bool:
        return self.choice is not None

    def validatePage(self) -> bool:
        if not self._wizard.begin(self.choice):
            return False
        pasted = self.search_box.text().strip()
        if pasted and self._wizard.session is not None:
            self._wizard.session.record_error_text(pasted)  # the report shows it first
        release = getattr(self._wizard.search, "release", None)
        if release is not None:
            release()
        return True

    def _on_flow_clicked(self, flow_id: str) -> None:
        self.choice = ("flow", flow_id)
        self._wizard.next_page()

    def _on_resume_clicked(self) -> None:
        if self._resumable is not None:
            self._wizard.resume(str(self._resumable.path))

    def _on_search_text_changed(self, _text: str) -> None:
        prepare = getattr(self._wizard.search, "prepare", None)
        if prepare is not None:
            prepare()  # the index loads while the person types, before the pause that searches
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        query = self.search_box.text().strip()
        hits = self._search(query) if query else []
        if hits or self._results is not None:  # no list is made to show that nothing matched
            self._show_hits(hits)
        self.no_match.setVisible(bool(query) and not hits)
        if hits:
            self.results.setCurrentRow(0)
        else:
            self._on_result_row_changed(-1)

    def _show_hits(self, hits) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        results = self.results
        results.clear()
        for hit in hits:
            flow = self._wizard.flows.flows.get(hit.flow)
            where = pick(flow.title, self.lang) if flow else hit.flow
            codes = ", ".join(hit.error_codes)
            marks = []
            if getattr(hit, "platform_mismatch", False):
                other = {"windows": "Linux", "linux": "Windows"}.get(self._wizard.vm_platform(), "")
                marks.append(self.tr("for %1 VMs").replace("%1", other))
            if getattr(hit, "retired", None):
                marks.append(retired_label(hit.retired, self.lang))
            mark = f" ({'; '.join(marks)})" if marks else ""
            item = QListWidgetItem(f"{_text(hit.title, self.lang)}{mark}\n{where}" + (f" · {codes}" if codes else ""))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, hit)
            results.addItem(item)
        results.setVisible(bool(hits))
        if hits:  # as tall as its matches, so the page does not end in an empty box
            rows = sum(results.sizeHintForRow(i) + 2 * results.spacing() for i in range(len(hits)))
            results.setFixedHeight(rows + 2 * results.frameWidth() + 2)

    def _search(self, query: str):
        """The hits, ranked for the VM's platform; none when the search vocabulary cannot be used."""
        from troubleshooter.search_vocabulary import VocabularyError  # loaded by the first search anyway

        try:
            return self._wizard.search.search(query, lang=self.lang, limit=SEARCH_LIMIT,
                                              platform=self._wizard.vm_platform())
        except VocabularyError as exc:
            if self._search_problem is None:
                log.error("search vocabulary unusable:\n%s", exc)
            self._search_problem = str(exc)
            self._show_no_match_text()
            return []

    def _show_no_match_text(self) -> None:
        if self._search_problem is None:
            self.no_match.setText(self.tr("No fix matches these words. Choose the problem above instead."))
            return
        # The file's problems are for whoever edited it, and stay in English like every lint message.
        self.no_match.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.no_match.setText(self.tr("Search cannot be used: its vocabulary file has a problem. Choose the "
                                      "problem above instead.") + "\n" + self._search_problem)

    def _on_platform_toggled(self, _button, checked: bool) -> None:
        if checked:
            self._wizard.controller.chosen_platform = self.chosen_platform()
        if checked and self._wizard.search is not None and self.search_box.text().strip():
            self._on_search_timer_timeout()

    def _on_result_row_changed(self, row: int) -> None:
        item = self.results.item(row) if row >= 0 else None
        self.choice = ("hit", item.data(QtCore.Qt.ItemDataRole.UserRole)) if item else None
        self.completeChanged.emit()

    def _on_result_activated(self, item) -> None:
        if self._wizard.currentPage() is not self:
            return
        self.choice = ("hit", item.data(QtCore.Qt.ItemDataRole.UserRole))
        self._wizard.next_page()
