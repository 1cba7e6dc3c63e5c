"""What every step page shares: it shows the session's current step and applies its answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

# `Qt` is reached through QtCore inside functions, never imported by name: the first touch of the
# Qt namespace makes all its 93 enums (about 12 ms), which the first window does not wait for
# (see gui/app.py).
from PySide6 import QtCore
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from troubleshooter.flows.model import Step
from troubleshooter.flows.session import Session
from troubleshooter.i18n import pick
from troubleshooter.walk_controller import WalkController


class StepWizard(Protocol):
    """What a step page needs from the wizard that shows it (gui.wizard.TroubleshooterWizard).

    Written here, beside the pages, so that the pages need not import the wizard that imports them."""

    session: Session
    controller: WalkController
    lang: str
    replaying: bool  # a resumed walk is being redrawn page by page

    def progress_text(self) -> str: ...

    def apply_answer(self, apply: Callable[[WalkController], None]) -> bool: ...


class StepPage(QWizardPage):
    """A page for one visit of the walk. Subclasses fill `self.body` and implement the hooks.

    `show_step()` draws the page from the session alone, so it is safe to call again after
    Back or a language switch.
    """

    kind = ""

    def __init__(self, wizard: StepWizard):
        super().__init__()
        self._wizard = wizard
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Not a stop of its own for Tab (it would show no focus): it follows the focused control.
        scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        # The same inset as the start and summary pages' own layouts, so text lines up page to page.
        # QStyle here, not at the top: its enums take some 5 ms that the first window (no step page) need not wait for.
        from PySide6.QtWidgets import QStyle

        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
        self.body_layout.setContentsMargins(margin, 0, margin, 0)
        scroll.setWidget(self.body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @property
    def session(self) -> Session:
        return self._wizard.session

    @property
    def lang(self) -> str:
        return self._wizard.lang

    @property
    def controller(self) -> WalkController:
        return self._wizard.controller

    @property
    def step(self) -> Step:
        """The session's step as the VM's OS shows it: the other OS's texts, commands, links and
        options left out (the same view the report and the headless run give)."""
        return self.session.view()

    def initializePage(self) -> None:
        if not self._wizard.replaying:  # a resumed walk draws the page when it is shown
            self.show_step()

    def validatePage(self) -> bool:
        # QWizard.next() does not look at isComplete(); only the button does.
        return self.isComplete() and self._wizard.apply_answer(self.apply_answer)

    def show_step(self) -> None:
        known = pick(self.session.known_note(), self.lang) if self.session is not None else ""
        self.setSubTitle("\n".join(part for part in (self._wizard.progress_text(), known) if part))
        self.retranslate()
        self.completeChanged.emit()

    def forget_answer(self) -> None:
        """Back came to this page: the session dropped its answer, so must the page."""

    def retranslate(self) -> None:
        """Set the window's own strings (tr) of this page."""

    def apply_answer(self, walk: WalkController) -> None:
        """Give the walk this page's answer; the walk moves on."""
        raise NotImplementedError

    def stop_work(self) -> None:
        """Stop anything running for this page (a check) before the page goes away."""

    def job_running(self) -> bool:
        return False

    def focus_widget(self) -> QWidget | None:
        """The control a keyboard user starts from on this page; None leaves it to QWizard (Next)."""
        return None

    def add_stretch(self) -> None:
        self.body_layout.addStretch(1)

    @staticmethod
    def wrap(label) -> None:
        label.setWordWrap(True)
        label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
