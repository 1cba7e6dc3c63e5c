"""Graph rules that JSON Schema cannot express: targets exist, steps are reachable, every walk
can end, checks are registered and resolutions cite real catalog cases."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from troubleshooter.checks import registry
from troubleshooter.flows.catalog import catalog
from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.model import (ChoiceStep, CheckStep, EndStep, Flow, FlowSet, GotoStep,
                                        ResolutionStep)
from troubleshooter.flows.yamlsafe import position_of

Node = tuple[str, str]  # (flow id, step id)


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
        covered = {ref for r in resolutions for ref in r.refs} & set(catalog())
        return (f"{len(self.flows)} flows, {steps} steps, {len(resolutions)} resolutions, "
                f"catalog cases covered {len(covered)}/{len(catalog())}")


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
                for outcome, target in step.on.items()]
    if isinstance(step, GotoStep):
        target_flow = flows.flows.get(step.flow)
        target_step = step.step or (target_flow.start if target_flow else "")
        return [((step.flow, target_step), base + ("step" if step.step else "flow",), "goto")]
    if isinstance(step, EndStep):
        return []
    return [((flow.id, step.next), base + ("next",), "next")]


def lint_flows(flows: FlowSet) -> list[FlowProblem]:
    problems: list[FlowProblem] = []
    cases = catalog()
    checks = registry.all_checks()
    graph: dict[Node, list[Node]] = {}
    roots: set[Node] = set()

    for flow in flows:
        if flow.start not in flow.steps:
            problems.append(_at(flow, ("start",), f"start step '{flow.start}' does not exist in flow '{flow.id}'"))
        else:
            roots.add((flow.id, flow.start))
        for step in flow.steps.values():
            node = (flow.id, step.id)
            graph[node] = []
            base = ("steps", step.id)
            for target, path, what in _edges(flows, flow, step):
                target_flow = flows.flows.get(target[0])
                if target_flow is None:
                    problems.append(_at(flow, path, f"step '{step.id}' jumps to flow '{target[0]}', "
                                                    f"which does not exist; known flows: {', '.join(sorted(flows.flows))}"))
                    continue
                if target[1] not in target_flow.steps:
                    where = "" if target[0] == flow.id else f" of flow '{target[0]}'"
                    problems.append(_at(flow, path, f"{what} of step '{step.id}' leads to step "
                                                    f"'{target[1]}'{where}, which does not exist"))
                    continue
                graph[node].append(target)
                if isinstance(step, GotoStep):
                    roots.add(target)
            if isinstance(step, ChoiceStep):
                seen: set[str] = set()
                for i, option in enumerate(step.options):
                    if option.id in seen:
                        problems.append(_at(flow, base + ("options", i, "id"),
                                            f"option id '{option.id}' appears twice in step '{step.id}'"))
                    seen.add(option.id)
            if isinstance(step, CheckStep) and step.check not in checks:
                problems.append(_at(flow, base + ("check",), f"check '{step.check}' is not a registered check"))
            if isinstance(step, ResolutionStep):
                for i, ref in enumerate(step.refs):
                    if ref not in cases:
                        problems.append(_at(flow, base + ("refs", i),
                                            f"'{ref}' is not a case ID of the seed catalog (B01-B24, J01-J04, "
                                            "R01-R11, S01, A01-A05, N01-N05, W01-W04)"))
                if step.verify and step.verify not in checks:
                    problems.append(_at(flow, base + ("verify",),
                                        f"verify check '{step.verify}' is not a registered check"))

    reachable = _walk(graph, roots)
    for flow in flows:
        for step in flow.steps.values():
            if (flow.id, step.id) not in reachable:
                problems.append(_at(flow, ("steps", step.id),
                                    f"step '{step.id}' cannot be reached from the start of any flow"))

    exits = {node for node in graph
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
                            "a resolution or an end step"))
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


def lint_paths(paths: Iterable[Path] | None = None) -> LintReport:
    try:
        flows = load_flows(paths)
    except FlowError as exc:
        return LintReport(None, exc.problems)
    return LintReport(flows, sorted(lint_flows(flows)))


def load_checked_flows(paths: Iterable[Path] | None = None) -> FlowSet:
    """Flows that passed both the schema and the graph rules; raises FlowError otherwise."""
    report = lint_paths(paths)
    if not report.ok:
        raise FlowError(report.problems)
    return report.flows
