"""Is a FlowSet that did not come from the full check (the compiled-flows cache) walkable?

The cache holds flows that passed the schema and the linter, but the file can be damaged or
written by something else. Running jsonschema and the linter again would cost what the cache
saves (about 0.3 s against its 0.1 s load), so this checks what the program relies on: every
field it reads has the type the schema gives it, every text is printable in both languages, and
every way out of a step leads to a step that exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from troubleshooter.flows.model import (ChoiceStep, CheckStep, EndStep, FlowSet, GotoStep, InfoStep,
                                        ResolutionStep, STATUS_ROUTES)
from troubleshooter.flows.limits import UNPRINTABLE

PLATFORMS = frozenset({"windows", "linux"})
COMMAND_PLATFORMS = frozenset({"windows", "linux", "any"})
SHELLS = frozenset({"cmd", "powershell", "bash", "portal"})
OUTCOMES = frozenset({"resolved", "support", "none"})


class _Invalid(Exception):
    pass


# Every text and name the check reads, searched for unprintable characters at the end in one pass:
# a search per value (2,800 of them) took 0.3 ms more. "\n", which joins them, is printable.
_Seen = list


def _name(value, seen: _Seen) -> str:
    if not isinstance(value, str) or not value:
        raise _Invalid(value)
    seen.append(value)
    return value


def _plain(value, seen: _Seen, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise _Invalid(value)
    seen.append(value)


def _text(value, seen: _Seen, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    # The loader's texts are read-only dicts: the exact type is a test quick enough for 1,300 texts
    # at every start, where the Mapping ABC's isinstance took a fifth of the whole check.
    if type(value) is not MappingProxyType and not isinstance(value, Mapping):
        raise _Invalid(value)
    for lang in ("en", "ko"):
        _plain(value.get(lang), seen)
        if not value[lang].strip():
            raise _Invalid(value)


def _platforms(value, allowed=PLATFORMS) -> None:
    if not isinstance(value, frozenset) or not value <= allowed:
        raise _Invalid(value)


def _step(flows: FlowSet, flow_id: str, step, seen: _Seen) -> None:
    _name(step.id, seen)
    _platforms(step.platforms)
    flow = flows[flow_id]
    targets: list[tuple[str, str]] = []
    if isinstance(step, ChoiceStep):
        _text(step.prompt, seen)
        _text(step.help, seen, optional=True)
        if not isinstance(step.options, tuple) or not step.options:
            raise _Invalid(step.options)
        for option in step.options:
            _name(option.id, seen)
            _text(option.label, seen)
            _text(option.hint, seen, optional=True)
            _platforms(option.platforms)
            targets.append((flow_id, _name(option.next, seen)))
    elif isinstance(step, CheckStep):
        _name(step.check, seen)
        _text(step.prompt, seen)
        if "unknown" not in step.on or not set(step.on) <= set(STATUS_ROUTES):
            raise _Invalid(step.on)
        targets.extend((flow_id, _name(target, seen)) for target in step.on.values())
        targets.extend((flow_id, _name(target, seen)) for target in step.findings.values())
    elif isinstance(step, InfoStep):
        _text(step.title, seen)
        _text(step.body, seen)
        targets.append((flow_id, _name(step.next, seen)))
    elif isinstance(step, ResolutionStep):
        _text(step.title, seen)
        _text(step.body, seen)
        for value in (*step.refs, *step.error_codes):
            _name(value, seen)
        for message in step.messages:
            _text(message, seen)
        for command in step.commands:
            if command.platform not in COMMAND_PLATFORMS or command.shell not in SHELLS:
                raise _Invalid(command)
            _plain(command.text, seen)
            _text(command.note, seen, optional=True)
            _plain(command.effect, seen, optional=True)
        for link in step.links:
            _text(link.title, seen)
            if not isinstance(link.url, str) or not link.url.startswith("https://"):
                raise _Invalid(link.url)
        _plain(step.verify, seen, optional=True)
        _plain(step.retired, seen, optional=True)
        targets.append((flow_id, _name(step.next, seen)))
        targets.extend((flow_id, _name(target, seen)) for _facts, target in step.next_when)
    elif isinstance(step, GotoStep):
        target_flow = flows.flows.get(_name(step.flow, seen))
        if target_flow is None:
            raise _Invalid(step.flow)
        targets.append((step.flow, target_flow.start if step.step is None else _name(step.step, seen)))
    elif isinstance(step, EndStep):
        _text(step.title, seen)
        _text(step.body, seen)
        if step.outcome not in OUTCOMES:
            raise _Invalid(step.outcome)
    else:
        raise _Invalid(step)
    for target_flow, target_step in targets:
        if target_step not in flows[target_flow].steps:
            raise _Invalid((flow.id, step.id, target_step))


def verify_flows(flows: FlowSet) -> bool:
    """True when every flow and step is what a checked flow would be; False on the first mismatch."""
    seen: _Seen = []
    try:
        if not len(flows):
            return False
        for flow in flows:
            _name(flow.id, seen)
            _text(flow.title, seen)
            _text(flow.description, seen, optional=True)
            if not isinstance(flow.steps, Mapping) or _name(flow.start, seen) not in flow.steps:
                raise _Invalid(flow.start)
            for step_id, step in flow.steps.items():
                if step.id != step_id:
                    raise _Invalid(step_id)
                _step(flows, flow.id, step, seen)
    except (_Invalid, AttributeError, TypeError, KeyError):
        return False
    return UNPRINTABLE.search("\n".join(seen)) is None
