"""The flow linter: the schema (through the loader), then the graph rules that JSON Schema cannot
express (targets exist, steps are reachable, every walk can end, checks are registered and
resolutions cite real catalog cases) and the rules of lint_rules. `troubleshooter.flows.lint`
is the way in; the cache of checked flows (compiled) calls this module on a miss."""

from __future__ import annotations

import difflib
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from troubleshooter.checks import registry
from troubleshooter.config import Config
from troubleshooter.flows.catalog import ADDENDUM_CASE_IDS, CURRENT_CASE_IDS, catalog, seed_ids, supplementary_ids
from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.flows.lint_rules import rule_problems
from troubleshooter.flows.lint_text_safety import text_safety_problems
from troubleshooter.flows.markup_lint import markup_problems
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.model import (ChoiceStep, CheckStep, EndStep, Flow, FlowSet, GotoStep,
                                        ResolutionStep)
from troubleshooter.flows.yamlsafe import position_of

Node = tuple[str, str]  # (flow id, step id)
PLATFORMS = ("windows", "linux")


@dataclass
class LintReport:
    flows: FlowSet | None
    problems: list[FlowProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.flows is None:
            return f"{len(self.problems)} problem(s); the flows could not be loaded"
        steps = sum(len(f.steps) for f in self.flows)
        resolutions = self.flows.resolutions()
        return (f"{len(self.flows)} flows, {steps} steps, {len(resolutions)} resolutions, "
                f"{coverage_summary({ref for r in resolutions for ref in r.refs})}")


def coverage_summary(cited: set[str]) -> str:
    """How many cases of each catalog the cited refs cover. The current cases are counted out of
    all of C01-C27, whether or not the catalog lists them yet, so a gap shows; the supplementary
    ones (C28 on) only when the catalog has any."""
    cases = catalog()
    seed = seed_ids()
    current = [case_id for case_id in CURRENT_CASE_IDS if case_id in cases]
    parts = [f"seed cases covered {len(cited & set(seed))}/{len(seed)}",
             f"current cases covered {len(cited & set(current))}/{len(CURRENT_CASE_IDS)}"]
    supplementary = supplementary_ids()
    if supplementary:
        parts.append(f"supplementary cases covered {len(cited & set(supplementary))}/{len(supplementary)}")
    # Counted out of all of C51-C79, listed or not, so a case left out shows.
    parts.append(f"addendum cases covered {len(cited & set(ADDENDUM_CASE_IDS))}/{len(ADDENDUM_CASE_IDS)}")
    return ", ".join(parts)


def _at(flow: Flow, path: tuple, message: str) -> FlowProblem:
    line, column = position_of(flow.positions, path)
    return FlowProblem(flow.file, line, column, message)


def _edges(flows: FlowSet, flow: Flow, step) -> list[tuple[Node, tuple, str]]:
    """(target node, path of the referring field, description) for each way out of `step`."""
    base = ("steps", step.id)
    if isinstance(step, ChoiceStep):
        return [((flow.id, o.next), base + ("options", i, "next"), f"option '{o.id}'")
                for i, o in enumerate(step.options)]
    if isinstance(step, CheckStep):
        return [((flow.id, target), base + ("on", outcome), f"route '{outcome}'")
                for outcome, target in step.on.items()] + \
               [((flow.id, target), base + ("findings", name), f"finding '{name}'")
                for name, target in step.findings.items()]
    if isinstance(step, GotoStep):
        target_flow = flows.flows.get(step.flow)
        target_step = step.step or (target_flow.start if target_flow else "")
        return [((step.flow, target_step), base + ("step" if step.step else "flow",), "goto")]
    if isinstance(step, EndStep):
        return []
    if isinstance(step, ResolutionStep):
        return [((flow.id, step.next), base + ("next",), "next")] + \
               [((flow.id, target), base + ("next_when", i, "next"), "next")
                for i, (_facts, target) in enumerate(step.next_when)]
    return [((flow.id, step.next), base + ("next",), "next")]


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _catalog_ranges() -> str:
    """'B01-B24, J01-J04, ...' from the catalog itself, so the message never goes stale."""
    by_letter: dict[str, list[str]] = {}
    for case_id in catalog():
        by_letter.setdefault(case_id[0], []).append(case_id)
    return ", ".join(ids[0] if len(ids) == 1 else f"{min(ids)}-{max(ids)}" for ids in by_letter.values())


def lint_flows(flows: FlowSet) -> list[FlowProblem]:
    problems: list[FlowProblem] = []
    cases = catalog()
    checks = registry.all_checks()
    graph: dict[Node, list[Node]] = {}
    roots: set[Node] = set()
    goto_targets: set[str] = set()
    broken: set[Node] = set()  # steps with a way out that leads nowhere, already reported
    startless: set[str] = set()

    for flow in flows:
        if flow.start not in flow.steps:
            problems.append(_at(flow, ("start",), f"start step '{flow.start}' does not exist in flow "
                                                  f"'{flow.id}'{_did_you_mean(flow.start, flow.steps)}; "
                                                  "'start' must name one of its steps"))
            startless.add(flow.id)
        else:
            roots.add((flow.id, flow.start))
        for step in flow.steps.values():
            node = (flow.id, step.id)
            graph[node] = []
            base = ("steps", step.id)
            if isinstance(step, GotoStep):
                goto_targets.add(step.flow)
            for target, path, what in _edges(flows, flow, step):
                target_flow = flows.flows.get(target[0])
                if target_flow is None:
                    problems.append(_at(flow, path, f"step '{step.id}' jumps to flow '{target[0]}', which does "
                                                    f"not exist{_did_you_mean(target[0], flows.flows)}; "
                                                    f"known flows: {', '.join(sorted(flows.flows))}"))
                    broken.add(node)
                    continue
                if target[1] not in target_flow.steps:
                    where = "" if target[0] == flow.id else f" of flow '{target[0]}'"
                    problems.append(_at(flow, path, f"{what} of step '{step.id}' leads to step "
                                                    f"'{target[1]}'{where}, which does not exist"
                                                    f"{_did_you_mean(target[1], target_flow.steps)}; "
                                                    "it must name a step of that flow"))
                    broken.add(node)
                    continue
                graph[node].append(target)
            if isinstance(step, ChoiceStep):
                problems.extend(_option_problems(flow, step))
            if isinstance(step, CheckStep) and step.check not in checks:
                problems.append(_at(flow, base + ("check",),
                                    f"check '{step.check}' is not a registered check"
                                    f"{_did_you_mean(step.check, checks)}; a check step must name a check "
                                    "the program has (see the check ids in docs/architecture.md)"))
            if isinstance(step, CheckStep):
                problems.extend(_finding_problems(flow, step))
            if isinstance(step, ResolutionStep):
                for i, ref in enumerate(step.refs):
                    if ref not in cases:
                        problems.append(_at(flow, base + ("refs", i),
                                            f"'{ref}' is not a case ID of the catalog (resources/catalog.yaml); expected one of "
                                            f"{_catalog_ranges()}"))
                if step.verify and step.verify not in checks:
                    problems.append(_at(flow, base + ("verify",),
                                        f"verify check '{step.verify}' is not a registered check"
                                        f"{_did_you_mean(step.verify, checks)}"))

    for flow in flows:
        if flow.shared and flow.id not in goto_targets:
            problems.append(_at(flow, ("shared",), f"flow '{flow.id}' is shared, but no goto step leads into it; "
                                                   "add a goto to it or remove 'shared: true'"))

    reachable = _walk(graph, roots)
    for flow in flows:
        if flow.id in startless:
            continue  # every step would be unreachable; the missing start says it once
        for step in flow.steps.values():
            if (flow.id, step.id) not in reachable:
                problems.append(_at(flow, ("steps", step.id),
                                    f"step '{step.id}' cannot be reached: no option, route, next or goto "
                                    "leads to it from the start of its flow"))

    # A step whose target is missing is not also called a loop: where it leads is unknown.
    exits = broken | {node for node in graph
                      if isinstance(flows[node[0]].steps[node[1]], (EndStep, ResolutionStep))}
    reverse: dict[Node, list[Node]] = {node: [] for node in graph}
    for node, targets in graph.items():
        for target in targets:
            reverse.setdefault(target, []).append(node)
    can_finish = _walk(reverse, exits)
    for node in sorted(reachable - can_finish):
        flow = flows[node[0]]
        problems.append(_at(flow, ("steps", node[1]),
                            f"step '{node[1]}' is in a loop with no way out: no path from it reaches "
                            "a resolution or an end step; give the loop an exit"))
    problems.extend(rule_problems(flows))
    problems.extend(text_safety_problems(flows))
    problems.extend(markup_problems(flows))
    return problems


def _finding_problems(flow: Flow, step: CheckStep) -> list[FlowProblem]:
    """A finding route names a finding the step's check can have (troubleshooter/flows/findings.py)."""
    from troubleshooter.flows.findings import findings_of_check

    known = [finding.name for finding in findings_of_check(step.check)]
    return [_at(flow, ("steps", step.id, "findings", name),
                f"check '{step.check}' has no finding '{name}'{_did_you_mean(name, known)}; "
                f"its findings are: {', '.join(known) or 'none'} (troubleshooter/flows/findings.py)")
            for name in step.findings if name not in known]


def _option_problems(flow: Flow, step: ChoiceStep) -> list[FlowProblem]:
    problems = []
    base = ("steps", step.id)
    seen: dict[str, int] = {}
    for i, option in enumerate(step.options):
        if option.id in seen:
            problems.append(_at(flow, base + ("options", i, "id"),
                                f"option id '{option.id}' appears twice in step '{step.id}' (first as option "
                                f"{seen[option.id] + 1}); each option needs its own id"))
        seen.setdefault(option.id, i)
    for platform in PLATFORMS:
        if step.platforms and platform not in step.platforms:
            continue
        if not any(not o.platforms or platform in o.platforms for o in step.options):
            problems.append(_at(flow, base + ("options",),
                                f"step '{step.id}' offers no option on {platform}: every option is limited "
                                f"to other platforms; add one for {platform} or limit the step itself"))
    return problems


def _walk(graph: dict[Node, list[Node]], roots: Iterable[Node]) -> set[Node]:
    seen = set(roots)
    queue = deque(seen)
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def lint_paths(paths: Iterable[Path] | None = None, config: Config | None = None) -> LintReport:
    try:
        flows = load_flows(paths, config)
    except FlowError as exc:
        return LintReport(None, exc.problems)
    return LintReport(flows, sorted(lint_flows(flows)))
