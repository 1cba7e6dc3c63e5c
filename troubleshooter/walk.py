"""The headless walk: follows a flow with answers given up front, running its checks.

The `run` command around it (arguments, output, report files) is troubleshooter/cli/run.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from troubleshooter.checks import outcome, registry
from troubleshooter.checks.result import CheckResult
from troubleshooter.flows.model import (ChoiceStep, CheckStep, EndStep, FlowSet, GotoStep, InfoStep,
                                        ResolutionStep)
from troubleshooter.flows.session import ANSWER_FIXED, ANSWER_STILL_FAILING, Session
from troubleshooter.i18n import pick

# A walk longer than this means the answers keep it circling; stop rather than spin.
MAX_WALK_STEPS = 500

CheckRunnerFn = Callable[[str], CheckResult]


class WalkInputError(Exception):
    """An --answer that names an unknown step or option; the message lists the valid ones."""


@dataclass
class WalkResult:
    session: Session
    complete: bool  # reached a resolution or an end
    stopped_at_question: str | None = None  # the message when an answer was missing


def _flows_reached(flows: FlowSet, flow_id: str | None) -> list[str]:
    """`flow_id` and every flow its goto steps lead into, directly or not; all flows for None."""
    if flow_id is None or flow_id not in flows:
        return sorted(flows.flows)
    reached, pending = [flow_id], [flow_id]
    while pending:
        for step in flows[pending.pop()].steps.values():
            if isinstance(step, GotoStep) and step.flow in flows and step.flow not in reached:
                reached.append(step.flow)
                pending.append(step.flow)
    return reached


def question_steps(flows: FlowSet, flow_id: str | None = None) -> list[str]:
    """The steps an --answer can name in a walk of `flow_id`: choices and resolutions."""
    found = []
    for reached_id in _flows_reached(flows, flow_id):
        for step in flows[reached_id].steps.values():
            if isinstance(step, (ChoiceStep, ResolutionStep)):
                found.append(step.id if reached_id == flow_id else f"{reached_id}/{step.id}")
    return found


def parse_answers(flows: FlowSet, pairs: list[str], flow_id: str | None = None) -> dict[str, str]:
    """'STEP=OPTION' or 'FLOW/STEP=OPTION' -> {address or step id: option}, validated.

    With `flow_id`, an unknown step is reported with the questions that walk can meet.
    """
    answers: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise WalkInputError(f"--answer {pair!r} is not STEP=OPTION (for example "
                                 f"--answer {next(iter(question_steps(flows, flow_id)), 'STEP')}=OPTION)")
        key, option = (part.strip() for part in pair.split("=", 1))
        flow_part, _, step_id = key.rpartition("/")
        candidates = [f.steps[step_id] for f in flows
                      if step_id in f.steps and (not flow_part or f.id == flow_part)]
        if not candidates:
            raise WalkInputError(f"--answer {pair!r}: there is no step '{key}' in the flows; the questions "
                                 f"are: {', '.join(question_steps(flows, flow_id))}")
        valid: set[str] = set()
        for step in candidates:
            if isinstance(step, ChoiceStep):
                valid |= {o.id for o in step.options}
            elif isinstance(step, ResolutionStep):
                valid |= {ANSWER_FIXED, ANSWER_STILL_FAILING}
        if not valid:
            raise WalkInputError(f"--answer {pair!r}: step '{key}' is not a question")
        if option not in valid:
            raise WalkInputError(f"--answer {pair!r}: step '{key}' has no option '{option}'; "
                                 f"valid options: {', '.join(sorted(valid))}")
        answers[key] = option
    return answers


def walk(session: Session, answers: dict[str, str], run_check: CheckRunnerFn | None) -> WalkResult:
    """Follow the flow until a resolution without an answer, an end, or a question with no answer."""
    for _ in range(MAX_WALK_STEPS):
        step = session.step
        address = f"{session.current.flow}/{step.id}"
        answer = answers.get(address, answers.get(step.id))
        if isinstance(step, EndStep):
            return WalkResult(session, True)
        if isinstance(step, ResolutionStep):
            if answer == ANSWER_STILL_FAILING:
                session.proceed()
                continue
            if answer == ANSWER_FIXED:
                session.resolve()
            return WalkResult(session, True)
        if isinstance(step, InfoStep):
            session.proceed()
        elif isinstance(step, CheckStep):
            session.record_check(_run_or_skip(step.check, run_check))
        elif isinstance(step, ChoiceStep):
            offered = session.options(step)
            if answer is None:
                choices = "; ".join(f"{address}={o.id} ({pick(o.label, session.lang)})" for o in offered)
                return WalkResult(session, False,
                                  f"the walk stopped at the question '{address}': "
                                  f"{pick(step.prompt, session.lang)}\n  no --answer was given for it; "
                                  f"valid answers: {choices}")
            session.choose(answer)
    return WalkResult(session, False, f"the walk passed {MAX_WALK_STEPS} steps without ending; "
                                      "the answers make it go round in a loop")


def _run_or_skip(check_id: str, run_check: CheckRunnerFn | None) -> CheckResult:
    if run_check is None:
        return outcome.skipped(check_id, "checks_off", {"reason": "checks_off"})
    if registry.get(check_id) is None:
        from troubleshooter.checks.runner import unknown_check

        return unknown_check(check_id)  # the core's one answer, as the window and `checks` give it
    return run_check(check_id)
