"""The linter's rules about what the flows tell a person: commands say what they change, a check's
finding decides where the walk goes, "still failing" never goes round in circles nor hands current
advice over to retired advice, and the Korean texts use one word for one thing.

Each rule is a function `rule(flows) -> list[FlowProblem]`; `lint.lint_flows` runs them all."""

from __future__ import annotations

import re
from collections import deque
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from troubleshooter.flows.command_effects import AZ_CMDLET, protection_changes, state_changes
from troubleshooter.flows.errors import FlowProblem
from troubleshooter.flows.model import (ChoiceStep, CheckStep, EndStep, Flow, FlowSet, GotoStep, InfoStep,
                                        ResolutionStep, Step)
from troubleshooter.flows.yamlsafe import load_yaml, position_of
from troubleshooter.resources import resource_path

Node = tuple[str, str]  # (flow id, step id)

# Effects whose one-line warning is built on the command's note: the note must be there.
WARNED_EFFECTS = ("needs-downtime", "destructive", "lowers-protection")
# Check routes that carry what the check found; `unknown` (skipped, failed, not for this OS) carries nothing.
EVIDENCE_ROUTES = ("ok", "problem", "warning")
MAX_GOTO_CHAIN = 50


# -- where in the file ---------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _file_text(file: str) -> str | None:
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _at(flow: Flow, path: tuple, message: str, rule: str = "") -> FlowProblem:
    line, column = position_of(flow.positions, path)
    return FlowProblem(flow.file, line, column, message, rule)


def _at_text(flow: Flow, path: tuple, needle: str, message: str, occurrence: int = 0, rule: str = "") -> FlowProblem:
    """A problem pointing at the `occurrence`-th `needle` inside the string value at `path`, where
    it can be found in the file (quoting and escapes can hide it; then at the value itself)."""
    line, column = position_of(flow.positions, path + ("__value__",))
    text = _file_text(flow.file)
    if text is not None and needle:
        lines = text.splitlines(keepends=True)
        start = sum(len(lines[i]) for i in range(min(line - 1, len(lines)))) + column - 1
        for candidate in (needle, needle.split()[0]):
            found = start - 1
            for _ in range(occurrence + 1):
                found = text.find(candidate, found + 1, start + 8000)
                if found < 0:
                    break
            if found >= 0:
                line = text.count("\n", 0, found) + 1
                column = found - (text.rfind("\n", 0, found) + 1) + 1
                break
    return FlowProblem(flow.file, line, column, message, rule)


# -- the graph ------------------------------------------------------------------------------------

def _edges(flows: FlowSet, flow: Flow, step: Step) -> Iterator[tuple[Node, tuple, str]]:
    """(target, path of the field that names it, kind) for every way out of `step`. The kind is the
    route of a check ('ok', 'problem', 'warning', 'unknown'), 'option', 'next' (info),
    'still-failing' (a resolution's next) or 'goto'. Targets that do not exist are left out:
    the graph rules of lint.py report them."""
    base = ("steps", step.id)
    if isinstance(step, ChoiceStep):
        targets = [((flow.id, o.next), base + ("options", i, "next"), "option") for i, o in enumerate(step.options)]
    elif isinstance(step, CheckStep):
        targets = [((flow.id, t), base + ("on", route), route) for route, t in step.on.items()]
        targets += [((flow.id, t), base + ("findings", name), _finding_route(step.check, name))
                    for name, t in step.findings.items()]
    elif isinstance(step, GotoStep):
        target_flow = flows.flows.get(step.flow)
        target = step.step or (target_flow.start if target_flow else "")
        targets = [((step.flow, target), base + ("step" if step.step else "flow",), "goto")]
    elif isinstance(step, ResolutionStep):
        targets = [((flow.id, step.next), base + ("next",), "still-failing")]
        targets += [((flow.id, target), base + ("next_when", i, "next"), "still-failing")
                    for i, (_facts, target) in enumerate(step.next_when)]
    elif isinstance(step, InfoStep):
        targets = [((flow.id, step.next), base + ("next",), "next")]
    else:
        targets = []
    for node, path, kind in targets:
        if node[0] in flows and node[1] in flows[node[0]].steps:
            yield node, path, kind


def _finding_route(check_id: str, name: str) -> str:
    """The status route a finding comes with: the rules below judge its route like that status's."""
    from troubleshooter.flows.findings import findings_of_check

    return next((f.route for f in findings_of_check(check_id) if f.name == name), "problem")


def _step(flows: FlowSet, node: Node) -> Step:
    return flows[node[0]].steps[node[1]]


def _through_gotos(flows: FlowSet, node: Node) -> Node:
    for _ in range(MAX_GOTO_CHAIN):
        step = _step(flows, node)
        if not isinstance(step, GotoStep):
            return node
        targets = [target for target, _path, _kind in _edges(flows, flows[node[0]], step)]
        if not targets:
            return node
        node = targets[0]
    return node


def _graph(flows: FlowSet) -> dict[Node, list[tuple[Node, tuple, str]]]:
    return {(flow.id, step.id): list(_edges(flows, flow, step)) for flow in flows for step in flow.steps.values()}


def _path_text(path: list[Node]) -> str:
    shown, previous_flow = [], None
    for flow_id, step_id in path:
        shown.append(step_id if flow_id == previous_flow else f"{flow_id}/{step_id}")
        previous_flow = flow_id
    return " → ".join(shown)


# -- 1. commands say what they change -------------------------------------------------------------

READ_ONLY_COMMAND_CHANGES = "read-only-command-changes"
WARNED_EFFECT_WITHOUT_NOTE = "warned-effect-without-note"
LOWERS_PROTECTION_UNDECLARED = "lowers-protection-undeclared"
AZURE_COMMAND_UNDER_CMD = "azure-command-under-cmd"


def command_effect_problems(flows: FlowSet) -> list[FlowProblem]:
    """A command declared read-only holds no verb that changes the VM or Azure; a command that
    lowers protection says so; a command that needs downtime, can destroy something or lowers
    protection carries the note its warning is built on."""
    problems = []
    for flow in flows:
        for step in flow.steps.values():
            if not isinstance(step, ResolutionStep):
                continue
            for i, command in enumerate(step.commands):
                path = ("steps", step.id, "commands", i)
                if command.effect == "read-only":
                    changes = state_changes(command.text, command.shell)
                    if changes:
                        verbs = ", ".join(dict.fromkeys(f"'{c.verb}'" for c in changes))
                        first = changes[0]
                        needle = command.text[first.offset:].split("\n")[0][:40].rstrip()
                        problems.append(_at_text(
                            flow, path + ("text",), needle,
                            f"command {i + 1} of step '{step.id}' is declared read-only, but {verbs} changes the "
                            "VM or Azure; declare what it does (changes-config, restarts-service, needs-downtime "
                            "or destructive)", rule=READ_ONLY_COMMAND_CHANGES))
                lowering = protection_changes(command.text)
                if lowering and command.effect not in ("lowers-protection", "destructive"):
                    problems.append(_at(flow, path + ("effect",),
                                        f"command {i + 1} of step '{step.id}' lowers protection ('{lowering[0].verb}') "
                                        f"but is declared {command.effect}; declare it lowers-protection so the reader "
                                        "is warned (docs/effects-and-places.md)", LOWERS_PROTECTION_UNDECLARED))
                if command.shell == "cmd" and (command.text.lstrip().startswith("az ") or AZ_CMDLET.search(command.text)):
                    problems.append(_at(flow, path + ("shell",),
                                        f"command {i + 1} of step '{step.id}' is an Azure CLI or Az PowerShell command "
                                        "filed under cmd; it runs in Cloud Shell or on a workstation: file it under "
                                        "bash (az) or powershell (Az cmdlets) (docs/effects-and-places.md)",
                                        AZURE_COMMAND_UNDER_CMD))
                if command.effect in WARNED_EFFECTS and command.note is None:
                    problems.append(_at(flow, path + ("effect",),
                                        f"command {i + 1} of step '{step.id}' is declared {command.effect} but has no "
                                        "note; its warning needs one: say in both languages what it interrupts or "
                                        "can lose and what to do first", WARNED_EFFECT_WITHOUT_NOTE))
    return problems


# -- 2. evidence decides ----------------------------------------------------------------------------

def _problem_fix(flows: FlowSet, node: Node) -> Node | None:
    """The resolution a check step's `problem` route leads to (through gotos), if it leads to one."""
    step = _step(flows, node)
    target = next((t for t, _p, kind in _edges(flows, flows[node[0]], step) if kind == "problem"), None)
    if target is None:
        return None
    target = _through_gotos(flows, target)
    return target if isinstance(_step(flows, target), ResolutionStep) else None


def evidence_problems(flows: FlowSet) -> list[FlowProblem]:
    """A check step whose `ok` route shows the fix for what the check looks for anyway.

    That fix is the resolution its `problem` route leads to: if `ok` reaches it too, passing only
    gotos and checks about other things, the check decided nothing. Directly after `ok` (gotos
    aside), a resolution whose "check again" is this very check is refused as well: its proof
    passed before anything was done. The walk is fine once it passes a question or an info page
    (the person adds what the check could not see), another check of the same fix (which then
    decides), or another fix (the person acted, and "still failing" is their report)."""
    problems = []
    for flow in flows:
        for step in flow.steps.values():
            if not isinstance(step, CheckStep):
                continue
            origin = (flow.id, step.id)
            ok_edge = next(((t, p) for t, p, kind in _edges(flows, flow, step) if kind == "ok"), None)
            if ok_edge is None:
                continue
            direct = _through_gotos(flows, ok_edge[0])
            direct_step = _step(flows, direct)
            if isinstance(direct_step, ResolutionStep) and direct_step.verify == step.check:
                problems.append(_at(flow, ok_edge[1],
                                    f"check step '{step.id}' ({step.check}) leads on 'ok' straight to "
                                    f"'{direct[1]}', whose 'check again' is this same check: it passed before "
                                    "anything was done; when the check finds the cause absent, lead on to the "
                                    "next cause"))
                continue
            own = _problem_fix(flows, origin)
            if own is None:
                continue
            came_from: dict[Node, Node | None] = {ok_edge[0]: None}
            queue = deque([ok_edge[0]])
            while queue:
                node = queue.popleft()
                current = _step(flows, node)
                if node == own:
                    path = [node]
                    while came_from[path[-1]] is not None:
                        path.append(came_from[path[-1]])
                    route = _path_text([origin, *reversed(path)])
                    problems.append(_at(flow, ok_edge[1],
                                        f"check step '{step.id}' ({step.check}) leads on 'ok' to '{node[1]}', where "
                                        f"its 'problem' route leads too, with nothing learned on the way ({route}): "
                                        "the check decides nothing; when it finds the cause absent, lead on to the "
                                        "next cause"))
                    break
                if isinstance(current, (ChoiceStep, InfoStep, EndStep, ResolutionStep)):
                    continue
                if isinstance(current, CheckStep) and (current.check == step.check
                                                       or _problem_fix(flows, node) == own):
                    continue
                for target, _path, _kind in _edges(flows, flows[node[0]], current):
                    if target not in came_from:
                        came_from[target] = node
                        queue.append(target)
    return problems


# -- 3. no loops without new information -------------------------------------------------------------

def _strongly_connected(graph: dict[Node, list[Node]]) -> list[set[Node]]:
    """Tarjan's algorithm, iterative (flows can be deep enough for Python's recursion limit)."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    components: list[set[Node]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def _shortest(graph: dict[Node, list[Node]], start: Node, goal: Node, allowed: set[Node]) -> list[Node] | None:
    came_from: dict[Node, Node | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while came_from[path[-1]] is not None:
                path.append(came_from[path[-1]])
            return list(reversed(path))
        for target in graph.get(node, ()):
            if target in allowed and target not in came_from:
                came_from[target] = node
                queue.append(target)
    return None


def loop_problems(flows: FlowSet) -> list[FlowProblem]:
    """"Still failing" must not lead back into the walk already made: not to a question already
    answered, and not round a loop where no check finds anything (a check passed through its
    `unknown` route told nothing). Loops of the person's own choices alone (a list, "another
    message", the list again) are navigation, like Back, and are not reported."""
    edges = _graph(flows)
    graph = {node: [t for t, _p, _k in out] for node, out in edges.items()}
    no_news = {node: [t for t, _p, kind in out if kind not in EVIDENCE_ROUTES] for node, out in edges.items()}
    problems = []
    for component in _strongly_connected(graph):
        if len(component) < 2 and not any(t == n for n in component for t in graph[n]):
            continue
        questions = [n for n in component if isinstance(_step(flows, n), ChoiceStep)]
        for node in sorted(component):
            step = _step(flows, node)
            if not isinstance(step, ResolutionStep):
                continue
            flow = flows[node[0]]
            for target, path, kind in edges[node]:
                if kind != "still-failing" or target not in component:
                    continue
                loop = None
                for question in sorted(questions, key=lambda q: len(_shortest(graph, target, q, component) or [])):
                    there = _shortest(graph, target, question, component)
                    back = _shortest(graph, question, node, component)
                    if there and back:
                        loop = [node, *there, *back[1:]]
                        problems.append(_at(flow, path,
                                            f"'still failing' at '{step.id}' leads back to the question "
                                            f"'{question[1]}', already answered on the way here "
                                            f"({_path_text(loop)}); lead it on to the next cause or an end step"))
                        break
                if loop is None:
                    silent = _shortest(no_news, target, node, component)
                    if silent:
                        problems.append(_at(flow, path,
                                            f"'still failing' at '{step.id}' goes round a loop in which no check "
                                            f"finds anything ({_path_text([node, *silent])}); lead it on to the "
                                            "next cause or an end step"))
    return problems


# -- 4. one Korean vocabulary ----------------------------------------------------------------------

# Text that is not prose: code spans and blocks, links' targets, URLs, Windows and Unix paths,
# registry keys, <placeholders>. A variant inside them is a name, not a word choice.
_NOT_PROSE = re.compile(r"```.*?```|`[^`\n]*`|\]\([^)]*\)|https?://\S+|[A-Za-z]:\\\S*|%\w+%\\\S*|"
                        r"(?<![\w>])/[\w.@-]+(?:/[\w.@*-]*)+|HK(?:LM|CU|EY_\w+)\\\S*|<[^<>\n]*>", re.DOTALL)


@lru_cache(maxsize=1)
def glossary() -> tuple[tuple[str, str, str], ...]:
    """(variant, term, English) for every refused variant, longest variants first."""
    path = resource_path("glossary.yaml")
    entries, _positions = load_yaml(path.read_text(encoding="utf-8"), str(path))
    pairs = [(variant, entry["ko"], entry["en"]) for entry in entries for variant in entry.get("variants") or ()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def prose(text: str) -> str:
    """`text` with its non-prose parts blanked out (same length, so offsets still hold)."""
    return _NOT_PROSE.sub(lambda match: " " * len(match.group(0)), text)


def glossary_variants(text: str) -> list[tuple[int, str, str, str]]:
    """(offset, variant, term, English) for every refused variant in the prose of a Korean text."""
    plain = prose(text)
    found, taken = [], set()
    for variant, term, english in glossary():
        for match in re.finditer(re.escape(variant), plain):
            span = set(range(match.start(), match.end()))
            if span & taken:
                continue  # already inside a longer variant (마운트 지점 before 마운트)
            taken |= span
            found.append((match.start(), variant, term, english))
    return sorted(found)


def korean_texts(flows: FlowSet) -> Iterator[tuple[Flow, tuple, str]]:
    """(flow, path of the text, the Korean string) for every text a person reads in the flows."""
    for flow in flows:
        if flow.source is None:
            continue
        yield from ((flow, path, text) for path, text in _ko_strings(flow.source, ()))


def _bilingual(value, path: tuple) -> Iterator[tuple[tuple, dict]]:
    """(path, {en, ko, …}) for every text in both languages under `value`."""
    if isinstance(value, dict):
        if isinstance(value.get("ko"), str) and "en" in value:
            yield path, value
        for key, item in value.items():
            if key != "ko":
                yield from _bilingual(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _bilingual(item, path + (i,))


def _ko_strings(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    return ((where + ("ko",), text["ko"]) for where, text in _bilingual(value, path))


def glossary_problems(flows: FlowSet) -> list[FlowProblem]:
    """The glossary's refused variants in the Korean texts of the flows."""
    problems = []
    for flow, path, text in korean_texts(flows):
        for offset, variant, term, english in glossary_variants(text):
            problems.append(_at_text(flow, path, variant,
                                     f"'{variant}' is not the glossary's word for '{english}': write '{term}' "
                                     "(resources/glossary.yaml)", text[:offset].count(variant)))
    return problems


# -- 5. one register: 합니다체 for instructions ----------------------------------------------------
#
# Instructions end in -ㅂ니다/-습니다: the step stated ("…를 실행합니다"), as Microsoft's Korean
# pages write their steps. Refused: -십시오, which addresses the reader and read as a second voice
# beside the stated steps when the checks' texts used it; and 해요체, including the honorific -(으)세요 that Microsoft's Korean UI strings
# use, and 반말/해라체. Allowing -세요 would leave no line a program can draw between a step and a
# tip, and the flows already show what that gives: -세요 and -ㅂ니다 in one numbered list.
# The rule reads sentence ends only (before . ! ? … or the end of a line), in prose (not code).

_CASUAL_ENDING = re.compile(
    r"[가-힣]*(?:세요|셔요|어요|아요|해요|여요|에요|예요|죠|지요|나요|가요|까요|네요|군요|데요|래요|"
    r"해라|하라|하자|한다|된다|했다|이다)(?=[.!?…)\]\"'*~]*(?:\s|$))")
# The fields that instruct; questions (prompt), answers (label), titles and the portal's own
# messages are not instructions.
INSTRUCTION_FIELDS = frozenset({"body", "help", "note"})


_ADDRESSING_ENDING = re.compile(r"[가-힣]*(?:십시오|십시요)(?=[.!?…)\]\"'*~]*(?:\s|$))")


def addressing_endings(text: str) -> list[tuple[int, str]]:
    """(offset, word) for every sentence in a Korean text that ends by addressing the reader (-십시오)."""
    plain = prose(text)
    return [(match.start(), match.group(0)) for match in _ADDRESSING_ENDING.finditer(plain)]


ADDRESSING_MESSAGE = "addresses the reader (-십시오); state the step in 합니다체 as the flows do (-ㅂ니다/-습니다)"


def casual_endings(text: str) -> list[tuple[int, str]]:
    """(offset, word) for every sentence in a Korean text that ends in 해요체 or 반말. Questions
    (-나요?, -인가요?) are left alone: asking is not instructing, and the flows' questions keep the
    polite -요 that their answers (예/아니요) fit."""
    plain = prose(text)
    return [(match.start(), match.group(0)) for match in _CASUAL_ENDING.finditer(plain)
            if not plain[match.end():match.end() + 3].lstrip(")]\"'*~").startswith("?")]


def _instructs(flows: FlowSet, flow: Flow, path: tuple) -> bool:
    if len(path) >= 2 and path[-2] in INSTRUCTION_FIELDS:
        return True
    # A check step's prompt says what the check looks at: an instruction-like statement.
    return (len(path) == 4 and path[0] == "steps" and path[2] == "prompt"
            and isinstance(flow.steps.get(path[1]), CheckStep))


def register_problems(flows: FlowSet) -> list[FlowProblem]:
    """Korean instructions of the flows that end a sentence in 해요체 or 반말 instead of 합니다체."""
    problems = []
    for flow, path, text in korean_texts(flows):
        if not _instructs(flows, flow, path):
            continue
        for offset, word in casual_endings(text):
            problems.append(_at_text(flow, path, word,
                                     f"'{word}' ends an instruction in 해요체/반말; instructions are 합니다체 "
                                     "(-ㅂ니다/-습니다)", text[:offset].count(word)))
        for offset, word in addressing_endings(text):
            problems.append(_at_text(flow, path, word, f"'{word}' {ADDRESSING_MESSAGE}", text[:offset].count(word)))
    return problems


# -- 5b. restore point and recovery point, each for its meaning -------------------------------------
#
# Microsoft's Korean pages say 복구 지점 for a recovery point (what the vault keeps) and 복원 지점 for
# a restore point (the compute object, in a restore point collection; the portal's "Select restore
# point"). The English of the same text tells which one is meant.

def point_term_problems(flows: FlowSet) -> list[FlowProblem]:
    """Korean texts whose English says recovery point where they say 복원 지점, or whose English
    names a restore point collection where they do not say 복원 지점 컬렉션."""
    problems = []
    for flow in flows:
        if flow.source is None:
            continue
        for where, text in _bilingual(flow.source, ()):
            if not isinstance(text["en"], str):
                continue
            path, lowered, korean = where + ("ko",), text["en"].casefold(), text["ko"]
            korean_prose = prose(korean)
            if "restore point collection" in lowered and "복원 지점 컬렉션" not in korean_prose:
                problems.append(_at(flow, path, "the English names a restore point collection: the Korean is "
                                                "'복원 지점 컬렉션' (복구 지점 is a recovery point)"))
            if "recovery point" in lowered and "restore point" not in lowered and "복원 지점" in korean_prose:
                problems.append(_at_text(flow, path, "복원 지점", "the English says recovery point: the Korean is "
                                                                "'복구 지점' (복원 지점 is a restore point)"))
    return problems


# register_problems joins these once the flows' texts are all 합니다체 (tests/flows/test_lint_korean.py
# counts what is left per file).

# -- 6. current advice does not hand over to retired advice ---------------------------------------

def retired_route_problems(flows: FlowSet) -> list[FlowProblem]:
    """A person whose current fix did not help must not be sent on to guidance that no longer
    applies (classic VMs, say): menus of error messages may list retired steps, "still failing" may not."""
    problems = []
    for flow in flows:
        for step in flow.steps.values():
            if not isinstance(step, ResolutionStep) or step.retired:
                continue
            for target, path, kind in _edges(flows, flow, step):
                if kind != "still-failing":
                    continue
                landing = _step(flows, _through_gotos(flows, target))
                if isinstance(landing, ResolutionStep) and landing.retired:
                    problems.append(_at(flow, path + ("__value__",), f"'still failing' after the current fix '{step.id}' leads to "
                                                    f"'{landing.id}', advice retired on {landing.retired}; lead it "
                                                    "to current advice or to support"))
    return problems


# -- 7. known answers are not asked again --------------------------------------------------------

KNOWN_ANSWER_ASKED_AGAIN = "known-answer-asked-again"
FACT_NOT_USED = "fact-not-used"
OPTIONS_NOT_LIKELY_FIRST = "options-not-likely-first"


def known_answer_problems(flows: FlowSet) -> list[FlowProblem]:
    """A question that an earlier option already answers (its `asks` is a fact that option
    `knows`) must have an option that `means` the known value on every OS the option is offered
    on, or the walk would ask it again; and every fact an option knows is one a question asks."""
    from troubleshooter.flows.findings import FINDINGS

    edges = _graph(flows)
    graph = {node: [t for t, _p, _k in out] for node, out in edges.items()}
    asked = {step.asks for flow in flows for step in flow.steps.values()
             if isinstance(step, ChoiceStep) and step.asks}
    asked |= {fact for findings in FINDINGS.values() for finding in findings for fact in finding.knows}
    asked |= {fact for flow in flows for step in flow.steps.values() if isinstance(step, ResolutionStep)
              for facts, _target in step.next_when for fact in facts}
    problems = []
    for flow in flows:
        for step in flow.steps.values():
            if not isinstance(step, ChoiceStep):
                continue
            for i, option in enumerate(step.options):
                for fact, value in option.knows.items():
                    path = ("steps", step.id, "options", i, "knows", fact)
                    if fact not in asked:
                        problems.append(_at(flow, path, f"option '{option.id}' knows '{fact}', but no question "
                                                        "asks it (`asks:`) and no 'still failing' depends on it "
                                                        "(`next_when:`); name a fact the flows use", FACT_NOT_USED))
                        continue
                    for node in sorted(_walk_from(graph, (flow.id, option.next))):
                        question = _step(flows, node)
                        if not isinstance(question, ChoiceStep) or question.asks != fact:
                            continue
                        for platform in sorted(option.platforms or {"windows", "linux"}):
                            offered = [o for o in question.options if not o.platforms or platform in o.platforms]
                            if not any(value in o.means for o in offered):
                                problems.append(_at(flow, path, (
                                    f"question '{question.id}' asks '{fact}', which option '{option.id}' already "
                                    f"answers ({fact}: {value}), but none of its options on {platform} means "
                                    f"'{value}', so it would be asked again; give the option that stands for "
                                    f"it `means: {value}`"), KNOWN_ANSWER_ASKED_AGAIN))
                                break
    return problems


def _walk_from(graph: dict[Node, list[Node]], start: Node) -> set[Node]:
    """The steps reachable from `start`, itself included; none from a step that does not exist
    (the linter's graph check names that route once, where it is written)."""
    if start not in graph:
        return set()
    seen, todo = {start}, [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


# -- 8. likely first -----------------------------------------------------------------------------

def likelihood_problems(flows: FlowSet) -> list[FlowProblem]:
    """A question lists the options that lead straight to a fix most likely first: an option to a
    fix whose cause is rarer does not come before one to a more common cause (`likelihood`)."""
    problems = []
    for flow in flows:
        for step in flow.steps.values():
            if not isinstance(step, ChoiceStep):
                continue
            seen: list[tuple[str, int]] = []  # (option id, rank) of the rated options so far
            for i, option in enumerate(step.options):
                landing = _step(flows, _through_gotos(flows, (flow.id, option.next))) \
                    if option.next in flow.steps else None
                likelihood = getattr(landing, "likelihood", None)
                if likelihood is None:
                    continue
                rarer = next((other for other, rank in seen if rank > likelihood.rank), None)
                if rarer is not None:
                    problems.append(_at(flow, ("steps", step.id, "options", i),
                                        f"option '{option.id}' leads to a {likelihood.level} cause but comes after "
                                        f"option '{rarer}', whose cause is rarer; list the most likely first",
                                        OPTIONS_NOT_LIKELY_FIRST))
                seen.append((option.id, likelihood.rank))
    return problems


# -- 9. no portal path through a retired hub --------------------------------------------------------
#
# Backup center left portal search in 09/2024 (includes/backup-center-deprecation.md in
# MicrosoftDocs/azure-docs); the vault's own blades stay whichever hub is current. Only the step that
# explains the retirement (case C51) may name it.
RETIRED_HUBS = ("Backup center", "백업 센터")
RETIRED_HUB_CASE = "C51"


def _strings(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))


def retired_hub_problems(flows: FlowSet) -> list[FlowProblem]:
    """Texts that send a person to Backup center, which the portal no longer finds."""
    problems = []
    for flow in flows:
        if flow.source is None:
            continue
        steps = flow.source.get("steps") or {}

        def explains(step_id) -> bool:
            return RETIRED_HUB_CASE in ((steps.get(step_id) or {}).get("refs") or ())

        for step_id, raw in steps.items():
            if explains(step_id):
                continue
            # An answer that leads to the explanation may name the hub the person is looking for.
            answers = {i for i, option in enumerate(raw.get("options") or ()) if explains(option.get("next"))}
            for path, text in _strings(raw, ("steps", step_id)):
                if len(path) > 3 and path[2] == "options" and path[3] in answers:
                    continue
                for hub in RETIRED_HUBS:
                    if hub.casefold() in text.casefold():
                        problems.append(_at_text(flow, path, hub,
                                                 f"'{hub}' is no longer in the portal's search (since 09/2024): "
                                                 "give the vault's path (Recovery Services vault > Backup items / "
                                                 "Backup jobs), which stays whichever hub is current"))
        for key in ("title", "description"):
            for path, text in _strings(flow.source.get(key), (key,)):
                for hub in RETIRED_HUBS:
                    if hub.casefold() in text.casefold():
                        problems.append(_at_text(flow, path, hub, f"'{hub}' is no longer in the portal's search"))
    return problems


RULES = (command_effect_problems, evidence_problems, loop_problems, glossary_problems, register_problems,
         retired_route_problems, known_answer_problems, likelihood_problems, retired_hub_problems,
         point_term_problems)


def rule_problems(flows: FlowSet, rules: Iterable = RULES) -> list[FlowProblem]:
    return [problem for rule in rules for problem in rule(flows)]
