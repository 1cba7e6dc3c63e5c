"""One walk through the flows: the steps visited, the answers, the check results; serialisable."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.model import (STATUS_ROUTES, ChoiceStep, CheckStep, EndStep, FlowSet, GotoStep,
                                        InfoStep, Option, ResolutionStep, Step)
from troubleshooter.i18n import DEFAULT_LANGUAGE, LANGUAGES
from troubleshooter.platform import current_platform

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from typing import Any

SESSION_SCHEMA_VERSION = 1
# A chain of goto steps longer than this is a bug in the flows, not a walk.
MAX_GOTO_CHAIN = 50
# Steps passed by without a page in a row (other-OS checks, known answers); more is a flow bug.
MAX_WALK_SETTLE = 200

# A session's id names its file in the sessions folder, so it is never anything but this: no
# separator, no "..", nothing a path could be made of. uuid4().hex has always been the form.
SESSION_ID_PATTERN = re.compile(r"[0-9a-f]{32}")
JUMP_PREFIX = "jump:"

ANSWER_CONTINUE = "continue"
ANSWER_FIXED = "fixed"
ANSWER_STILL_FAILING = "still-failing"
# Why a check step was passed without running its check (`Session.skip_check`).
SKIPPED_BY_CHOICE = "by_choice"
SKIPPED_NOT_THE_VM = "not_the_vm"
SKIPPED_OTHER_OS = "other_os"


class SessionError(Exception):
    """An action that the current step does not allow (wrong kind, unknown option...)."""


class SessionFileError(Exception):
    """A saved session that cannot be used; the message says why in plain words."""


# A pasted message longer than this is not an error message; the rest is dropped.
ERROR_TEXT_LIMIT = 4000


def is_session_id(text: object) -> bool:
    return isinstance(text, str) and SESSION_ID_PATTERN.fullmatch(text) is not None


def new_session_id() -> str:
    import uuid  # with the `platform` module it imports: 2 ms that the first window need not wait for

    return uuid.uuid4().hex


def check_schema_version(data: dict, what: str) -> None:
    """Refuse (SessionFileError) a saved session in a format this program does not read; `what`
    names it in the message ("the saved session", or its file)."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionFileError(f"{what} has no schema version; it was not written by this program")
    if version > SESSION_SCHEMA_VERSION:
        raise SessionFileError(f"{what} was written by a newer version of the program (format {version}); "
                               f"update the program to resume it (this one reads up to format {SESSION_SCHEMA_VERSION})")
    if version < 1:
        raise SessionFileError(f"{what} claims format {version}, which no version of the program writes; "
                               "it is damaged")


def _now() -> str:
    from datetime import datetime, timezone  # a walk's first step needs it, the first window does not

    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


@dataclass
class Visit:
    """A step the walk reached, and what happened there."""

    flow: str
    step: str
    entered_at: str = field(default_factory=_now)
    answer: str | None = None
    answered_at: str | None = None
    check: CheckResult | None = None  # a check step's result
    verify: CheckResult | None = None  # a resolution's "check again" result
    via: str | None = None  # how the walk got here when not by the previous step ("search", "goto")
    # A question answered by the walk itself: the address of the earlier visit whose answer (or
    # check finding) settled it. Such a question was never shown.
    known_from: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"flow": self.flow, "step": self.step, "entered_at": self.entered_at,
                "answer": self.answer, "answered_at": self.answered_at,
                "check": self.check.to_dict() if self.check else None,
                "verify": self.verify.to_dict() if self.verify else None, "via": self.via,
                "known_from": self.known_from}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Visit":
        return cls(flow=str(data["flow"]), step=str(data["step"]), entered_at=str(data.get("entered_at") or ""),
                   answer=data.get("answer"), answered_at=data.get("answered_at"),
                   check=CheckResult.from_dict(data["check"]) if data.get("check") else None,
                   verify=CheckResult.from_dict(data["verify"]) if data.get("verify") else None,
                   via=data.get("via"),
                   known_from=data["known_from"] if isinstance(data.get("known_from"), str) else None)


class Session:
    """A walk through `flows`, starting at the start of `flow_id`.

    Every change calls `on_change(session)`, which is where autosave hooks in.
    """

    def __init__(self, flows: FlowSet, flow_id: str, *, lang: str = "en", platform: str | None = None,
                 session_id: str | None = None, on_change: Callable[["Session"], None] | None = None,
                 _history: list[Visit] | None = None):
        if flow_id not in flows:
            raise SessionError(f"unknown flow '{flow_id}'; known flows: {', '.join(sorted(flows.flows))}")
        self.flows = flows
        self.flow_id = flow_id
        self.lang = lang
        self.platform = platform or current_platform()
        self.id = session_id or new_session_id()
        self.created_at = _now()
        self.updated_at = self.created_at
        self.on_change = on_change
        # The error message or code the person pasted (the search that started the walk); the
        # report shows it first, as support asks for it first.
        self.error_text = ""
        self.history: list[Visit] = _history if _history is not None else []
        if not self.history:
            self._enter(flow_id, None)
            self._settle()
            self._changed()

    # -- where the walk is -------------------------------------------------------------------

    @property
    def current(self) -> Visit:
        return self.history[-1]

    @property
    def step(self) -> Step:
        return self.flows.resolve(self.current.flow, self.current.step)

    @property
    def finished(self) -> bool:
        visit = self.current
        return isinstance(self.step, EndStep) or (visit.answer == ANSWER_FIXED)

    @property
    def outcome(self) -> str | None:
        """'resolved', 'support', 'none', or None while the walk goes on."""
        if self.current.answer == ANSWER_FIXED:
            return "resolved"
        step = self.step
        return step.outcome if isinstance(step, EndStep) else None

    def options(self, step: ChoiceStep | None = None) -> list[Option]:
        """The options of a choice step that apply to the platform this walk runs on."""
        step = step or self.step
        if not isinstance(step, ChoiceStep):
            return []
        return [o for o in step.options if not o.platforms or self.platform in o.platforms]

    def view(self, step: Step | None = None) -> Step:
        """`step` (the current one by default) as this walk's OS shows it: the one platform view
        that the window, the report and the headless run all show (flows.platform_view)."""
        from troubleshooter.flows.platform_view import step_for_platform

        return step_for_platform(step or self.step, self.platform)

    def shown_history(self) -> list[Visit]:
        """The visits a person saw: checks passed by for the other OS were never shown, so they
        are neither numbered nor listed."""
        return [visit for visit in self.history if not _not_shown(visit)]

    def known_note(self, visit: Visit | None = None) -> dict[str, str]:
        """"Known from your earlier answer: …" for the questions the walk answered itself just
        before `visit` (the current one by default), in both languages; empty when none."""
        index = self.history.index(visit) if visit is not None else len(self.history) - 1
        known = []
        while index > 0 and _not_shown(self.history[index - 1]):
            index -= 1
            if self.history[index].known_from:
                known.insert(0, self.history[index])
        texts = [self.known_answer_text(item) for item in known]
        return {lang: "\n".join(text[lang] for text in texts) for lang in texts[0]} if texts else {}

    def known_answer_text(self, visit: Visit) -> dict[str, str]:
        """"Known from your earlier answer: <the answer>" for a question the walk answered itself."""
        from troubleshooter.report.labels import report_texts

        step = self.flows.resolve(visit.flow, visit.step)
        option = step.option(visit.answer) if isinstance(step, ChoiceStep) and visit.answer else None
        flow_id, _, step_id = (visit.known_from or "").partition("/")
        source = self.flows[flow_id].steps.get(step_id) if flow_id in self.flows else None
        key = "known_from_check" if isinstance(source, CheckStep) else "known_answer"
        return {lang: text.replace("{answer}", option.label.get(lang, "") if option else str(visit.answer))
                for lang, text in report_texts()["labels"][key].items()}

    def check_results(self) -> list[CheckResult]:
        """Every check result of the walk, in order, verify results included."""
        return [r for v in self.history for r in (v.check, v.verify) if r is not None]

    # -- moving ------------------------------------------------------------------------------

    def choose(self, option_id: str) -> Step:
        step = self._expect(ChoiceStep, "choose an option")
        offered = self.options(step)
        option = next((o for o in offered if o.id == option_id), None)
        if option is None:
            valid = ", ".join(o.id for o in offered)
            hidden = " (it applies to another platform)" if step.option(option_id) else ""
            raise SessionError(f"step '{step.id}' has no option '{option_id}' on {self.platform}{hidden}; "
                               f"valid options: {valid}")
        self._answer(option_id)
        return self._advance(option.next)

    def record_check(self, result: CheckResult) -> Step:
        """Store a check step's result and follow the branch its status picks."""
        step = self._expect(CheckStep, "record a check result")
        self.current.check = result
        self._answer(result.status.route)
        return self._advance(step.route(result.status.route, _finding_name(result)))

    def skip_check(self, why: str = SKIPPED_BY_CHOICE) -> Step:
        """Go on without running the check: the person chose to (`SKIPPED_BY_CHOICE`), this
        computer is not the VM (`SKIPPED_NOT_THE_VM`), or the check is for the other OS
        (`SKIPPED_OTHER_OS`); the result says which, in both languages."""
        from troubleshooter.checks import outcome  # the checks' text catalog, read when first needed

        step = self._expect(CheckStep, "skip a check")
        if why == SKIPPED_NOT_THE_VM:
            found = outcome.skipped(step.check, "skipped_not_the_vm", {"reason": why})
        elif why == SKIPPED_OTHER_OS:
            found = outcome.skipped(step.check, "skipped_other_os", {"reason": why})
        elif why == SKIPPED_BY_CHOICE:
            found = outcome.skipped(step.check, "skipped_by_choice", {"reason": why})
        else:
            raise SessionError(f"no such reason to skip a check: {why!r}")
        return self.record_check(found)

    def proceed(self) -> Step:
        """Info: go on. Resolution: "still failing", on to the next possibility."""
        step = self.step
        if not isinstance(step, (InfoStep, ResolutionStep)):
            raise SessionError(f"step '{step.id}' is a {step.kind} step; it cannot simply go on")
        # The same guards as every other answer: "still failing" must not overwrite "fixed".
        self._expect(type(step), "go on")
        self._answer(ANSWER_CONTINUE if isinstance(step, InfoStep) else ANSWER_STILL_FAILING)
        if isinstance(step, ResolutionStep):
            return self._advance(step.still_failing(self.known_values(len(self.history) - 1)))
        return self._advance(step.next)

    def resolve(self) -> None:
        """"That fixed it": the walk ends at this resolution."""
        self._expect(ResolutionStep, "mark the problem fixed")
        self._answer(ANSWER_FIXED)
        self._changed()

    def record_verify(self, result: CheckResult) -> None:
        self._expect(ResolutionStep, "record a verify result")
        self.current.verify = result
        self._changed()

    def record_error_text(self, text: str) -> None:
        """Keep the error message or code the person pasted, for the report's first lines."""
        self.error_text = (text or "").strip()[:ERROR_TEXT_LIMIT]
        self._changed()

    def jump_to(self, flow_id: str, step_id: str, via: str = "search") -> Step:
        """Go straight to a step (a search hit); the jump is recorded so Back and the report follow it."""
        if flow_id not in self.flows or step_id not in self.flows[flow_id].steps:
            raise SessionError(f"there is no step '{flow_id}/{step_id}'")
        if self.current.answer is None and len(self.history) > 0:
            self.current.answer = f"{JUMP_PREFIX}{flow_id}/{step_id}"
            self.current.answered_at = _now()
        self._enter(flow_id, step_id, via=via)
        self._settle()
        self._changed()
        return self.step

    def back(self) -> bool:
        """Return to the previous step and forget every answer given after it.

        After "that fixed it" the walk stays on the resolution and only the answer is undone:
        the page a person goes back to is the one they just answered.
        """
        if self.current.answer is not None:
            self.current.answer = None
            self.current.answered_at = None
            self._changed()
            return True
        # Checks passed by for the other OS and questions the walk answered itself were never
        # shown: Back goes past them too, to the answer that settled them, which it undoes.
        index = len(self.history) - 2
        while index >= 0 and _not_shown(self.history[index]):
            index -= 1
        if index < 0:
            return False
        del self.history[index + 1:]
        self._clear(self.current)
        self._changed()
        return True

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._changed()

    # -- internals ---------------------------------------------------------------------------

    def _expect(self, kind: type, action: str):
        step = self.step
        if self.finished and not (kind is ResolutionStep and isinstance(step, ResolutionStep)
                                  and self.current.answer is None):
            raise SessionError("the walk has ended; go back or start a new one")
        if not isinstance(step, kind):
            raise SessionError(f"step '{step.id}' is a {step.kind} step; cannot {action} there")
        if self.current.answer is not None:
            raise SessionError(f"step '{step.id}' already has an answer; go back to change it")
        return step

    @staticmethod
    def _clear(visit: Visit) -> None:
        visit.answer = None
        visit.answered_at = None
        visit.check = None
        visit.verify = None

    def _answer(self, answer: str) -> None:
        self.current.answer = answer
        self.current.answered_at = _now()

    def _advance(self, next_step: str) -> Step:
        self._enter(self.current.flow, next_step)
        self._settle()
        self._changed()
        return self.step

    def _settle(self) -> None:
        """Go on past what is never shown: a check that looks only at the other OS (recorded as
        not applicable, its 'unknown' way, as if skipped) and a question an earlier answer or
        check already settled (answered with the option that means what is known)."""
        for _ in range(MAX_WALK_SETTLE):
            step = self.step
            wanted = _check_platforms(step)
            if wanted and self.platform not in wanted:
                from troubleshooter.checks import outcome

                names = " and ".join(sorted(wanted))
                self.current.check = outcome.skipped(step.check, "not_for_this_vm",
                                                     {"reason": PASSED_FOR_OTHER_PLATFORM},
                                                     wanted=names.title(), platform=self.platform.title())
                self._answer(Status.SKIPPED.route)
                self._enter(self.current.flow, step.route(Status.SKIPPED.route))
                continue
            known = self._known_answer(step)
            if known is None:
                return
            option, source = known
            self._answer(option.id)
            self.current.known_from = source
            self._enter(self.current.flow, option.next)

    def known_facts(self, before: int | None = None) -> dict[str, tuple[str, str]]:
        """{fact: (value, address of the visit that told it)} from the answers and check findings
        of the visits before index `before` (all answered ones by default); a later one wins."""
        from troubleshooter.flows.findings import finding_of

        facts: dict[str, tuple[str, str]] = {}
        for visit in self.history[:before]:
            step = self.flows.resolve(visit.flow, visit.step)
            told: Any = {}
            if isinstance(step, ChoiceStep) and visit.answer and visit.known_from is None:
                option = step.option(visit.answer)
                told = option.knows if option is not None else {}
            elif isinstance(step, CheckStep) and visit.check is not None:
                finding = finding_of(visit.check)
                told = finding.knows if finding is not None else {}
            for fact, value in told.items():
                facts[fact] = (value, f"{visit.flow}/{visit.step}")
        return facts

    def known_values(self, before: int | None = None) -> dict[str, str]:
        """{fact: value} of `known_facts`."""
        return {fact: value for fact, (value, _source) in self.known_facts(before).items()}

    def _known_answer(self, step: Step) -> tuple[Option, str] | None:
        """The option an earlier answer settles at question `step`, and where it was told."""
        if not isinstance(step, ChoiceStep) or step.asks is None or self.current.answer is not None:
            return None
        known = self.known_facts(len(self.history) - 1).get(step.asks)
        if known is None:
            return None
        value, source = known
        option = next((o for o in self.options(step) if value in o.means), None)
        return (option, source) if option is not None else None

    def _enter(self, flow_id: str, step_id: str | None, via: str | None = None) -> None:
        for _ in range(MAX_GOTO_CHAIN):
            step = self.flows.resolve(flow_id, step_id)
            if not isinstance(step, GotoStep):
                self.history.append(Visit(flow=flow_id, step=step.id, via=via))
                return
            flow_id, step_id, via = step.flow, step.step, via or "goto"
        raise SessionError(f"more than {MAX_GOTO_CHAIN} goto steps in a row; the flows have a goto loop")

    def _changed(self) -> None:
        self.updated_at = _now()
        if self.on_change is not None:
            self.on_change(self)

    # -- persistence -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SESSION_SCHEMA_VERSION, "id": self.id, "flow": self.flow_id,
                "lang": self.lang, "platform": self.platform, "created_at": self.created_at,
                "updated_at": self.updated_at, "error_text": self.error_text,
                "history": [v.to_dict() for v in self.history]}

    @classmethod
    def from_dict(cls, data: Any, flows: FlowSet,
                  on_change: Callable[["Session"], None] | None = None, *,
                  session_id: str | None = None) -> "Session":
        """The walk saved in `data`, refused with SessionFileError unless the current flows could
        have produced it. Its id is `session_id`, else the saved id when it has the form of one,
        else a fresh one: the store decides, because the id names the file autosave writes."""
        if not isinstance(data, dict):
            raise SessionFileError("the saved session is not a JSON object")
        check_schema_version(data, "the saved session")
        try:
            history = [Visit.from_dict(v) for v in data["history"]]
            flow_id = str(data["flow"])
        except KeyError as exc:
            raise SessionFileError(f"the saved session is incomplete or damaged: it has no {exc}") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise SessionFileError(f"the saved session is incomplete or damaged ({exc})") from None
        if not history:
            raise SessionFileError("the saved session has no steps")
        if flow_id not in flows:
            raise SessionFileError(f"the saved session walks the flow '{flow_id}', which the current flows "
                                   "no longer have")
        for visit in history:
            if visit.flow not in flows or visit.step not in flows[visit.flow].steps:
                raise SessionFileError(f"the saved session refers to step '{visit.flow}/{visit.step}', "
                                       "which the current flows no longer have")
            if isinstance(flows[visit.flow].steps[visit.step], GotoStep):
                # A walk never stands on a goto; resuming there would leave nothing to answer.
                raise SessionFileError(f"the saved session stands on '{visit.flow}/{visit.step}', which "
                                       "the current flows turned into a jump; start a new walk")
        lang = data.get("lang") if data.get("lang") in LANGUAGES else DEFAULT_LANGUAGE
        platform = data.get("platform") if data.get("platform") in ("windows", "linux") else None
        saved_id = data.get("id")
        session = cls(flows, flow_id, lang=lang, platform=platform,
                      session_id=session_id or (saved_id if is_session_id(saved_id) else new_session_id()),
                      _history=history)
        _check_history(session)
        session.created_at = str(data.get("created_at") or session.created_at)
        session.updated_at = str(data.get("updated_at") or session.updated_at)
        error_text = data.get("error_text")
        session.error_text = error_text[:ERROR_TEXT_LIMIT] if isinstance(error_text, str) else ""
        session.on_change = on_change
        return session


def _answers(session: Session, step: Step) -> set[str]:
    """The answers a walk can give at `step` (jumps aside)."""
    if isinstance(step, ChoiceStep):
        return {o.id for o in session.options(step)}
    if isinstance(step, CheckStep):
        return set(STATUS_ROUTES)
    if isinstance(step, InfoStep):
        return {ANSWER_CONTINUE}
    if isinstance(step, ResolutionStep):
        return {ANSWER_FIXED, ANSWER_STILL_FAILING}
    return set()


def _next_of(session: Session, index: int, step: Step) -> tuple[str, str] | None:
    """Where the answer at visit `index` leads, gotos followed; None where it leads nowhere ("fixed")."""
    visit = session.history[index]
    answer = visit.answer
    if isinstance(step, ChoiceStep):
        target = step.option(answer).next
    elif isinstance(step, CheckStep):
        target = step.route(answer, _finding_name(visit.check))
    elif isinstance(step, ResolutionStep) and answer == ANSWER_STILL_FAILING:
        target = step.still_failing(session.known_values(index))
    elif isinstance(step, InfoStep):
        target = step.next
    else:
        return None
    return _landing(session, visit.flow, target)


def _landing(session: Session, flow_id: str, step_id: str | None) -> tuple[str, str] | None:
    """The step a walk stands on after entering (flow_id, step_id): gotos are followed."""
    for _ in range(MAX_GOTO_CHAIN):
        found = session.flows.resolve(flow_id, step_id)
        if not isinstance(found, GotoStep):
            return flow_id, found.id
        flow_id, step_id = found.flow, found.step
    return None


def _check_history(session: Session) -> None:
    """Refuse a history the flows could not have produced: an answer a step does not have, a check
    answer its own result contradicts, an unanswered step before the last, or a step that does
    not follow from the answer before it (unless the walk jumped there from a search)."""
    history = session.history
    if _landing(session, session.flow_id, None) != (history[0].flow, history[0].step):
        raise SessionFileError(f"the saved session is damaged: it does not begin at the start of the flow "
                               f"'{session.flow_id}'")
    for index, visit in enumerate(history):
        step = session.flows.resolve(visit.flow, visit.step)
        address = f"{visit.flow}/{visit.step}"
        following = history[index + 1] if index + 1 < len(history) else None
        answer = visit.answer
        jumped = following is not None and following.via not in (None, "goto")
        if answer is None:
            if following is not None:
                raise SessionFileError(f"the saved session is damaged: step '{address}' has no answer but is "
                                       "not the last step")
            continue
        if isinstance(answer, str) and answer.startswith(JUMP_PREFIX):
            if not jumped or answer[len(JUMP_PREFIX):] != f"{following.flow}/{following.step}":
                raise SessionFileError(f"the saved session is damaged: the jump at step '{address}' does not "
                                       "lead to the step after it")
            continue
        if not isinstance(answer, str) or answer not in _answers(session, step):
            raise SessionFileError(f"the saved session is damaged: the answer {answer!r} at step '{address}' "
                                   "is not one of its answers")
        if isinstance(step, CheckStep) and (visit.check is None or visit.check.status.route != answer):
            found = visit.check.status.route if visit.check is not None else "none"
            raise SessionFileError(f"the saved session is damaged: the answer '{answer}' at step '{address}' "
                                   f"does not match its check result ({found})")
        if following is None or jumped:
            continue
        if _next_of(session, index, step) != (following.flow, following.step):
            raise SessionFileError(f"the saved session is damaged: step '{following.flow}/{following.step}' "
                                   f"does not follow from the answer at the step before it ('{address}': "
                                   f"'{answer}')")


PASSED_FOR_OTHER_PLATFORM = "other_platform"


def _finding_name(result: CheckResult | None) -> str | None:
    from troubleshooter.flows.findings import finding_of

    found = finding_of(result)
    return found.name if found is not None else None


def _check_platforms(step: Step) -> frozenset[str]:
    """The systems a check step can look at: its own `platforms`, narrowed by the check's."""
    if not isinstance(step, CheckStep):
        return frozenset()
    from troubleshooter.checks.registry import get

    spec = get(step.check)
    wanted = set(step.platforms) or set(spec.platforms if spec is not None else ())
    if step.platforms and spec is not None and spec.platforms:
        wanted &= set(spec.platforms)
    return frozenset(wanted)


def _not_shown(visit: Visit) -> bool:
    """A visit no page showed: a check passed by for the other OS, a question answered as known."""
    return _passed_for_other_platform(visit) or visit.known_from is not None


def _passed_for_other_platform(visit: Visit) -> bool:
    return visit.check is not None and visit.check.facts.get("reason") == PASSED_FOR_OTHER_PLATFORM
