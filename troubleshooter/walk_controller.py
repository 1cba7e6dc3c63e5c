"""The walk as a person drives it, whichever front end shows it: the window (gui/) or the terminal.

It holds the one walk (a Session) and answers the questions both front ends ask: which page
shows now, which visits have a page of their own, where Back leads and which answer was given
there before, why a check does not run here, and how a saved walk is taken up again. The
session decides the routes; this decides nothing a person sees differently in one front end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from troubleshooter.checks.result import CheckResult
from troubleshooter.flows.model import CheckStep, FlowSet, Step
from troubleshooter.flows.session import (SKIPPED_BY_CHOICE, SKIPPED_NOT_THE_VM, SKIPPED_OTHER_OS, Session,
                                          SessionError, Visit)
from troubleshooter.flows.store import SessionStore
from troubleshooter.platform import ThisMachine, current_platform


# What a front end shows when the walk has ended: the report.
SUMMARY = "summary"
# Why a check does not look here (`WalkController.why_check_off`).
OFF_NOT_THE_VM = "not-the-vm"
OFF_OTHER_PLATFORM = "other-platform"
_SKIP_REASONS = {OFF_NOT_THE_VM: SKIPPED_NOT_THE_VM, OFF_OTHER_PLATFORM: SKIPPED_OTHER_OS}


def _address(visit: Visit) -> str:
    return f"{visit.flow}/{visit.step}"


@dataclass(frozen=True)
class SearchTarget:
    """A step to start a walk at, as a search hit names it."""

    flow: str
    step: str


class WalkController:
    """One person's walk: start it, answer its steps, go back, keep it, take it up again.

    Args:
        flows: the FlowSet walked.
        store: where the walk autosaves (None: nowhere, for tests of the walk alone).
        machine: this machine's OS and whether it is an Azure VM (None: taken to be the VM).
        lang: the language the walk starts in.
    """

    def __init__(self, flows: FlowSet, *, store: SessionStore | None = None, machine: ThisMachine | None = None,
                 lang: str = "en"):
        self.flows = flows
        self.store = store
        self.machine = machine or ThisMachine(current_platform(), True, "assumed")
        self.lang = lang
        self.session: Session | None = None
        # Off an Azure VM, the OS of the VM the person names (the window's start page, the terminal's question).
        self.chosen_platform = self.machine.os
        # The answers Back undid, by step address: offered again when the walk comes by there.
        self._undone: dict[str, str] = {}

    # -- the VM and its checks -----------------------------------------------------------------

    def vm_platform(self) -> str:
        """The OS of the VM being troubleshot: the walk's, this machine's, or the one the person named."""
        if self.session is not None:
            return self.session.platform
        return self.machine.os if self.machine.azure_vm else self.chosen_platform

    def checks_apply(self) -> bool:
        """Checks look at this machine: they run only when it is the VM of the walk."""
        return self.machine.checks_apply(self.vm_platform())

    def why_check_off(self, step: Step | None = None) -> str | None:
        """Why the check of `step` (the current one by default) cannot look here: OFF_NOT_THE_VM,
        OFF_OTHER_PLATFORM, or None when it can."""
        if not self.checks_apply():
            return OFF_NOT_THE_VM
        step = step or (self.session.step if self.session is not None else None)
        if not isinstance(step, CheckStep):
            return None
        from troubleshooter.checks import registry

        spec = registry.get(step.check)
        if spec is not None and spec.platforms and self.vm_platform() not in spec.platforms:
            return OFF_OTHER_PLATFORM
        return None

    def check_platforms(self, step: Step | None = None) -> tuple[str, ...]:
        """The systems the check of `step` looks at, for saying why it is off."""
        step = step or self.session.step
        from troubleshooter.checks import registry

        spec = registry.get(step.check) if isinstance(step, CheckStep) else None
        return tuple(sorted(spec.platforms)) if spec is not None and spec.platforms else ()

    # -- starting, leaving, taking up again ----------------------------------------------------

    def begin(self, flow_id: str, at: SearchTarget | None = None) -> Session:
        """A new walk of `flow_id`, at its start or straight at a search hit's step."""
        session = Session(self.flows, flow_id, lang=self.lang, platform=self.vm_platform())
        if at is not None and session.current.step != at.step:
            session.jump_to(at.flow, at.step, via="search")
        return self.take(session)

    def resume(self, session_id_or_file: str | Path) -> Session:
        """Take up the saved walk where it stopped, in the current language (SessionFileError when
        it cannot be used). A walk started in the window resumes in the terminal and the other way."""
        return self.take(self.load(session_id_or_file))

    def load(self, session_id_or_file: str | Path) -> Session:
        """A saved walk, read and checked, not yet taken up (SessionFileError when it cannot be used)."""
        return (self.store or SessionStore()).load(session_id_or_file, self.flows)

    def take(self, session: Session) -> Session:
        """Make `session` the walk, in the current language, autosaved from now on."""
        self.session = session
        self._undone = {}
        session.set_language(self.lang)
        if self.store is not None:
            self.store.autosave(session)
        return session

    def resumable(self):
        """The saved walks that can be taken up again, newest first."""
        return self.store.resumable(self.flows) if self.store is not None else []

    def abandon(self) -> None:
        """Back past the first step: a walk with no answer left is not worth keeping."""
        session, self.session = self.session, None
        self._undone = {}
        if session is not None and self.store is not None and not any(v.answer for v in session.history):
            self.store.delete(session.id)

    def discard(self) -> None:
        """Leave and forget the walk (its saved file too)."""
        session, self.session = self.session, None
        self._undone = {}
        if session is not None and self.store is not None:
            import logging  # here, not at the top: logging costs the terminal's first screen some 4 ms

            logging.getLogger(__name__).info("walk %s discarded on leaving", session.id)
            self.store.delete(session.id)

    def session_file(self) -> Path | None:
        if self.session is None or self.store is None:
            return None
        return self.store.path_for(self.session.id)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self.session is not None:
            self.session.set_language(lang)

    def set_machine(self, machine: ThisMachine) -> None:
        self.machine = machine

    # -- where the walk is ---------------------------------------------------------------------

    def page(self) -> str | None:
        """What shows now: a step kind (choice, check, info, resolution), SUMMARY, or None before a walk."""
        session = self.session
        if session is None:
            return None
        if session.finished:
            return SUMMARY
        return session.step.kind

    def shown_visits(self) -> list[int]:
        """The indices of the visits that have a page, in order (a check passed by for the other OS
        and a question the walk answered itself have none; the end step shows the summary)."""
        session = self.session
        if session is None:
            return []
        seen = {id(visit) for visit in session.shown_history()}
        return [index for index, visit in enumerate(session.history)
                if id(visit) in seen and self.flows.resolve(visit.flow, visit.step).kind != "end"]

    def step_number(self) -> int:
        """The number of the current step as a person counts them: the steps they were shown."""
        return len(self.session.shown_history()) if self.session is not None else 0

    def earlier_answer(self) -> str | None:
        """The answer given at the current step before Back undid it: the page offers it again."""
        session = self.session
        if session is None or session.current.answer is not None:
            return None
        return self._undone.get(_address(session.current))

    # -- answering -----------------------------------------------------------------------------

    def choose(self, option_id: str) -> None:
        self._session().choose(option_id)

    def record_check(self, result: CheckResult) -> None:
        self._session().record_check(result)

    def skip_check(self) -> None:
        """Go on without the check, recording why: off here, or the person's choice."""
        self._session().skip_check(_SKIP_REASONS.get(self.why_check_off(), SKIPPED_BY_CHOICE))

    def go_on(self) -> None:
        """Next on an information page; "Still failing" on a fix."""
        self._session().proceed()

    def fixed(self) -> None:
        """"That fixed it": the walk ends at this fix."""
        self._session().resolve()

    def jump_to(self, target: SearchTarget) -> None:
        """Go straight to a search hit's step from within the walk; Back returns from it."""
        self._session().jump_to(target.flow, target.step, via="search")

    def fix_commands(self, step: Step | None = None) -> list:
        """The commands of a fix that apply to the VM's OS, in the flow's order."""
        step = step or self._session().view()
        platform = self.vm_platform()
        return [c for c in getattr(step, "commands", ()) if c.platform in ("any", platform)]

    def record_verify(self, result: CheckResult) -> None:
        self._session().record_verify(result)

    def back(self) -> bool:
        """One step back, past checks that were never shown; the answer given there is kept to be
        offered again. False at the first step or a search's first hit (the front end goes to its start)."""
        session = self._session()
        history = session.history
        # A walk that a search started at its hit: the flow's first page was never shown, so Back
        # leads to where the search was typed, the start.
        started_by_search = len(history) == 2 and history[1].via == "search"
        before = [(_address(visit), visit.answer) for visit in history]
        if not session.back() or started_by_search:
            return False
        for address, answer in before[len(session.history) - 1:]:
            if answer:
                self._undone[address] = answer
        return True

    # -- internals -----------------------------------------------------------------------------

    def _session(self) -> Session:
        if self.session is None:
            raise SessionError("no walk has been started")
        return self.session

