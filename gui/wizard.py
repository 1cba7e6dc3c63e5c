"""The QWizard over the walk controller: one page per shown visit, Back and Next kept in step with the walk."""

from __future__ import annotations

import importlib
import logging
import sys

from typing import TYPE_CHECKING

# `Qt` is reached through QtCore inside functions, never imported by name: the first touch of the
# Qt namespace makes all its 93 enums (about 12 ms), which the first window does not wait for
# (see gui/app.py).
from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Signal
# QMessageBox is imported where a dialog opens: making its class (and its enums) costs the first
# window about 2 ms.
from PySide6.QtWidgets import QDialog, QWidget, QWizard

from gui.pages.base import StepPage
from gui.pages.start import StartPage
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.session import Session, SessionError, SessionFileError
from troubleshooter.flows.store import SessionStore
from troubleshooter.i18n import pick
from troubleshooter.platform import ThisMachine
from troubleshooter.walk_controller import SUMMARY, SearchTarget, WalkController

if TYPE_CHECKING:
    from gui.checkjob import RunCheck
    from gui.pages.summary import SummaryPage

log = logging.getLogger(__name__)

START_ID = 0
SUMMARY_ID = 1_000_000
# The page class for each step kind, as module and class name: a page's module is imported when
# a walk first needs it, which keeps them out of the time to the first window.
PAGE_CLASSES = {"choice": ("gui.pages.choice", "ChoicePage"), "check": ("gui.pages.check", "CheckPage"),
                "info": ("gui.pages.info", "InfoPage"), "resolution": ("gui.pages.resolution", "ResolutionPage")}


def _focus_widget(page) -> QWidget | None:
    """Where a page puts the focus when it opens, if it says."""
    return page.focus_widget() if page is not None and hasattr(page, "focus_widget") else None


def page_class(kind: str) -> type[StepPage]:
    module, name = PAGE_CLASSES[kind]
    return getattr(importlib.import_module(module), name)

# QWizard's own button texts, in its translation context, re-applied on a language change
# because an open QWizard does not re-translate them itself. Cancel is ours: Qt's has no mnemonic.
QWIZARD_BUTTON_SOURCES = {
    QWizard.WizardButton.BackButton: "< &Back",
    QWizard.WizardButton.NextButton: "&Next >",
    QWizard.WizardButton.FinishButton: "&Finish",
}


class TroubleshooterWizard(QWizard):
    """Page ids mirror the walk: the page for visit i of the session has id i + 1.

    QWizard forbids showing a page id twice in its history while the flows revisit step kinds,
    so each visit gets its own page; Back (cleanupPage) steps the session back too.

    Args:
        flows: the FlowSet to walk.
        run_check: run_check(check_id, cancel_event=...) -> CheckResult, called off the GUI thread.
        search: an object with search(query, lang=, limit=, platform=) -> hits, or None to hide search.
        store: where sessions autosave.
        settings: QSettings for the "run checks automatically" choice.

    Signals:
        session_changed(): the walk moved (a page was entered, Back, a new or resumed walk).
    """

    session_changed = Signal()

    def __init__(self, flows: FlowSet, run_check: RunCheck, *, search=None, store: SessionStore | None = None,
                 settings: QSettings, lang: str = "en", machine: ThisMachine | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._buttons_need_translation = False  # a language changed while hidden (changeEvent)
        # Without a finding (tests, the self-test) this machine is taken to be the VM.
        self.controller = WalkController(flows, store=store or SessionStore(), machine=machine, lang=lang)
        self.flows = flows
        self.run_check = run_check
        self.search = search
        self.settings = settings
        self.replaying = False
        self._rebuilding = False
        self._went_back = False
        self._pending_next: int | None = None
        # Until the window has painted, Qt's enums are not made yet (see gui/app.py): the first page
        # gets a plain focus, and window_painted adds what a keyboard user needs.
        self._window_painted = False
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        # "That fixed it" sits between Back and "Still failing", the two ways on from a fix.
        self.setButtonLayout([QWizard.WizardButton.Stretch, QWizard.WizardButton.BackButton,
                              QWizard.WizardButton.CustomButton1, QWizard.WizardButton.NextButton,
                              QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton])
        self.start_page = StartPage(self)
        self._summary_page: SummaryPage | None = None
        self.setPage(START_ID, self.start_page)
        self.setStartId(START_ID)
        self.currentIdChanged.connect(self._on_current_id_changed)
        self.customButtonClicked.connect(self._on_custom_button_clicked)
        self._retranslate_buttons()

    @property
    def session(self) -> Session | None:
        return self.controller.session

    @property
    def lang(self) -> str:
        return self.controller.lang

    @property
    def machine(self) -> ThisMachine:
        return self.controller.machine

    @property
    def store(self) -> SessionStore:
        return self.controller.store

    @property
    def summary_page(self) -> SummaryPage:
        """The report page, made when a walk first heads for it: its module and widgets need not
        hold up the first window."""
        if self._summary_page is None:
            from gui.pages.summary import SummaryPage

            self._summary_page = SummaryPage(self)
            self.setPage(SUMMARY_ID, self._summary_page)
        return self._summary_page

    def _summary_id(self) -> int:
        self.summary_page  # noqa: B018 - made now, before QWizard switches to its id
        return SUMMARY_ID

    # -- what pages ask of the wizard --------------------------------------------------------

    def progress_text(self) -> str:
        """Where the walk is: "Step 4 · Backup is failing › Network"."""
        session = self.session
        if session is None:
            return ""
        parts = [pick(self.flows[session.flow_id].title, self.lang)]
        if session.current.flow != session.flow_id:
            parts.append(pick(self.flows[session.current.flow].title, self.lang))
        return self.tr("Step %1 · %2").replace("%1", str(self.controller.step_number())).replace("%2", " › ".join(parts))

    def vm_platform(self) -> str:
        """The OS of the VM being troubleshot: this machine's, or the one named on the start page."""
        return self.controller.vm_platform()

    def checks_apply(self) -> bool:
        """Checks look at this machine: they run only when it is the VM of the walk."""
        return self.controller.checks_apply()

    def set_machine(self, machine: ThisMachine) -> None:
        """A later finding about this machine (the metadata service answered)."""
        self.controller.set_machine(machine)
        self.start_page.show_platform()
        page = self.currentPage()
        if page is not None and page is not self.start_page and hasattr(page, "show_step"):
            page.show_step()

    def session_file(self) -> str:
        return str(self.store.path_for(self.session.id))

    def next_page(self) -> bool:
        """Press Next; True when the wizard moved on."""
        before = self.currentId()
        self.next()
        return self.currentId() != before

    def apply_answer(self, apply) -> bool:
        try:
            apply(self.controller)
        except SessionError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.window().windowTitle(), str(exc))
            return False
        except Exception:  # a page's own fault: the walk stays where it is, and the person is told
            self._report_page_error()
            return False
        return True

    def begin(self, choice) -> bool:
        """Start a walk from the start page's choice: a flow, or a search hit's step."""
        if choice is None:
            return False
        kind, value = choice
        if kind == "flow":
            self.controller.begin(value)
        else:
            self.controller.begin(value.flow, SearchTarget(value.flow, value.step))
        return True

    def resume(self, session_file: str) -> bool:
        """Reopen a saved walk where it stopped, with every earlier step reachable by Back."""
        try:
            session = self.controller.load(session_file)
        except SessionFileError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.window().windowTitle(),
                                self.tr("The saved walk cannot be resumed: %1").replace("%1", str(exc)))
            return False
        if self.currentId() != START_ID:
            self.start_over()
        self.controller.take(session)
        # Replaying Next rebuilds QWizard's history page by page, one page for each visit that has
        # one (a check passed by for the other OS has none); pages draw only once shown.
        shown = self.controller.shown_visits()
        last = SUMMARY_ID if self.controller.page() == SUMMARY else shown[-1] + 1
        self.replaying = True
        try:
            while self.currentId() != last:
                if not self.next_page():
                    break
        finally:
            self.replaying = False
        self._show(self.currentPage())
        self.session_changed.emit()
        return True

    def start_over(self) -> None:
        for page_id in self.pageIds():
            page = self.page(page_id)
            if isinstance(page, StepPage):
                page.stop_work()
        self.controller.abandon()
        self._rebuilding = True
        try:
            self.restart()
            self._drop_step_pages(after=START_ID)
        finally:
            self._rebuilding = False
        self.session_changed.emit()

    def set_language(self, lang: str) -> None:
        """Show every text in `lang`: the window's own strings and the flows' texts."""
        self.controller.set_language(lang)
        self._retranslate_buttons()
        for page_id in self.pageIds():
            page = self.page(page_id)
            if page is self.currentPage():
                self._show(page)
            elif page_id in (START_ID, SUMMARY_ID):
                page.retranslate()
        self.session_changed.emit()

    # -- QWizard's hooks ----------------------------------------------------------------------

    def confirm_leave(self) -> bool:
        """Ask before leaving a walk in progress: keep it (the default), discard it, or stay.

        True when the window may close. A finished walk, or no walk, closes without a question.
        """
        session = self.session
        if session is None or session.finished:
            return True
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, self.window().windowTitle(),
                          self.tr("The walk is not finished. Keep it so that you can resume it later?"),
                          QMessageBox.StandardButton.NoButton, self)
        keep = box.addButton(self.tr("&Keep it for later"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("&Discard it"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("&Stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(stay)
        box.setObjectName("leave_question")
        box.exec()
        clicked = box.clickedButton()
        if clicked is stay or clicked is None:
            return False
        if clicked is discard:
            self.controller.discard()
        else:
            log.info("walk %s kept for later at %s/%s", session.id, session.current.flow, session.current.step)
        return True

    def stop_all_work(self) -> None:
        for page_id in self.pageIds():
            page = self.page(page_id)
            if isinstance(page, StepPage):
                page.stop_work()

    def validateCurrentPage(self) -> bool:
        if self.currentId() == SUMMARY_ID:
            return super().validateCurrentPage()
        if self.replaying:
            # The page after the one on screen: the next visit that has a page of its own.
            following = [index for index in self.controller.shown_visits() if index >= self.currentId()]
            self._pending_next = self._prepare_page(following[0] if following else len(self.session.history))
            return True
        page = self.currentPage()
        if isinstance(page, StepPage):
            page.stop_work()
        if not super().validateCurrentPage():
            return False
        self._pending_next = self._prepare_page(len(self.session.history) - 1)
        return True

    def nextId(self) -> int:
        current = self.currentId()
        if current == SUMMARY_ID:
            return -1
        if self._pending_next is not None and self._pending_next != current:
            return self._pending_next
        # Only asked to choose between Next and Finish: every step page has a page after it.
        return current + 1

    def cleanupPage(self, page_id: int) -> None:
        super().cleanupPage(page_id)
        if self._rebuilding:
            return
        page = self.page(page_id)
        if isinstance(page, StepPage):
            page.stop_work()
        if page_id != START_ID and self.session is not None:
            self.controller.back()
            self._went_back = True

    def reject(self) -> None:
        """Escape or Cancel: stop a running check first; otherwise leave the way closing the window does."""
        page = self.currentPage()
        if isinstance(page, StepPage) and page.job_running():
            page.stop_work()
            return
        window = self.window()
        if window is not self:
            window.close()  # the window asks about the walk and closes, or stays
            return
        if self.confirm_leave():
            self.stop_all_work()
            self.done(QDialog.DialogCode.Rejected)

    def done(self, result: int) -> None:
        # QWizard.done(Rejected) cleans up every visited page, which would step the saved walk back
        # to its first question; leaving must keep the walk exactly as it is.
        if result == QDialog.DialogCode.Rejected:
            QDialog.done(self, result)
        else:
            super().done(result)

    def focusNextPrevChild(self, next_: bool) -> bool:
        # While QWizard refreshes its buttons (after every completeChanged) it hides the widget that
        # holds the page, and Qt moves the focus out of a hidden widget: embedded in the window,
        # the search box or the option just chosen lost the focus to the language box. With
        # updates off nothing the user asked for is moving the focus, so it stays where it is.
        if not self.updatesEnabled():
            return True
        return super().focusNextPrevChild(next_)

    def changeEvent(self, event: QEvent) -> None:
        # A closed window can outlive its close until it is collected, and a translator removed
        # anywhere still sends it LanguageChange: renaming the buttons of such a window crashed
        # Qt 6.9 (a segfault in setButtonText). A hidden wizard renames them when it shows again.
        if event.type() == QEvent.Type.LanguageChange:
            if self.isVisible():
                self._retranslate_buttons()
            else:
                self._buttons_need_translation = True
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        if self._buttons_need_translation:
            self._buttons_need_translation = False
            self._retranslate_buttons()
        super().showEvent(event)

    # -- internals ----------------------------------------------------------------------------

    def _prepare_page(self, visit_index: int) -> int:
        """Create the page for visit `visit_index` of the session and return its id."""
        history = self.session.history
        if visit_index >= len(history):
            return self._summary_id()
        visit = history[visit_index]
        kind = self.flows[visit.flow].steps[visit.step].kind
        page_id = visit_index + 1
        # An end step, or the visit already on screen ending the walk ("That fixed it").
        if kind == "end" or page_id == self.currentId():
            return self._summary_id()
        self._drop_step_pages(after=page_id - 1)
        self.setPage(page_id, page_class(kind)(self))
        return page_id

    def _drop_step_pages(self, after: int) -> None:
        rebuilding, self._rebuilding = self._rebuilding, True
        try:
            for page_id in self.pageIds():
                if after < page_id < SUMMARY_ID and page_id not in self.visitedIds():
                    page = self.page(page_id)
                    self.removePage(page_id)
                    page.deleteLater()
        finally:
            self._rebuilding = rebuilding

    def _retranslate_buttons(self) -> None:
        for button, source in QWIZARD_BUTTON_SOURCES.items():
            self.setButtonText(button, QCoreApplication.translate("QWizard", source))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Canc&el"))
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("That &fixed it"))

    def window_painted(self) -> None:
        """The window has painted once: the first page's focus becomes a keyboard focus too."""
        self._window_painted = True
        focus = _focus_widget(self.currentPage())
        if focus is not None and focus.hasFocus():
            self._focus_as_if_tabbed(focus)

    def _focus_as_if_tabbed(self, focus: QWidget) -> None:
        # As if tabbed to: styles draw the focus only after keyboard navigation (Fusion's radio
        # buttons among them), and a keyboard user must see where the new page put them.
        self.window().setAttribute(QtCore.Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
        focus.setFocus(QtCore.Qt.FocusReason.TabFocusReason)

    def _on_current_id_changed(self, page_id: int) -> None:
        self._pending_next = None
        page = self.page(page_id)
        # A button in a custom layout is always shown; only a fix offers "That fixed it".
        self.button(QWizard.WizardButton.CustomButton1).setVisible(getattr(page, "kind", None) == "resolution")
        if self._rebuilding or self.replaying:
            return
        focus = _focus_widget(page)
        if focus is not None and not self._window_painted:
            focus.setFocus()
        elif focus is not None:
            self._focus_as_if_tabbed(focus)
        if self._went_back:
            self._went_back = False
            self._drop_step_pages(after=page_id)
            if page_id == START_ID:
                self.controller.abandon()
                self.start_page.initializePage()
            elif page is not None:
                if isinstance(page, StepPage):
                    page.forget_answer()
                self._show(page)
        self.session_changed.emit()

    def _show(self, page) -> None:
        """Draw `page` from the walk. A page that fails to draw does not end the walk: the error
        dialog says so, and the page is drawn again from the session, so Back and Next go on."""
        if page is None:
            return
        try:
            page.show_step()
        except Exception:
            self._report_page_error()
            try:
                page.show_step()
            except Exception:
                log.exception("the page %s failed to draw again", type(page).__name__)

    def _report_page_error(self) -> None:
        from gui.errors import show_exception

        show_exception(*sys.exc_info())

    def _on_custom_button_clicked(self, which: int) -> None:
        page = self.currentPage()
        if which == QWizard.WizardButton.CustomButton1.value and getattr(page, "kind", None) == "resolution":
            page.mark_fixed_and_finish()
