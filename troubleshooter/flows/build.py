"""Turns flow data that passed the schema into the typed, immutable graph of flows.model."""

from __future__ import annotations

from types import MappingProxyType
from collections.abc import Mapping

from troubleshooter.flows.model import (ChoiceStep, CheckStep, Command, EndStep, Flow, GotoStep,
                                        InfoStep, Likelihood, Link, Option, ResolutionStep, Step)

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from typing import Any


def _text(value: Any) -> Any:
    return MappingProxyType(dict(value)) if value is not None else None


def _build_step(flow_id: str, step_id: str, raw: dict, line: int) -> Step:
    common = dict(id=step_id, kind=raw["kind"], flow_id=flow_id, line=line,
                  platforms=frozenset(raw.get("platforms", ())))
    kind = raw["kind"]
    if kind == "choice":
        options = tuple(Option(id=o["id"], label=_text(o["label"]), next=o["next"], hint=_text(o.get("hint")),
                               platforms=frozenset(o.get("platforms", ())),
                               knows=MappingProxyType(dict(o.get("knows", {}))),
                               means=frozenset([o["means"]] if isinstance(o.get("means"), str)
                                               else o.get("means", ())))
                        for o in raw["options"])
        return ChoiceStep(**common, prompt=_text(raw["prompt"]), help=_text(raw.get("help")), options=options,
                          asks=raw.get("asks"))
    if kind == "check":
        return CheckStep(**common, check=raw["check"], prompt=_text(raw["prompt"]),
                         on=MappingProxyType(dict(raw["on"])),
                         findings=MappingProxyType(dict(raw.get("findings", {}))))
    if kind == "info":
        return InfoStep(**common, title=_text(raw["title"]), body=_text(raw["body"]), next=raw["next"])
    if kind == "resolution":
        return ResolutionStep(
            **common, title=_text(raw["title"]), body=_text(raw["body"]), refs=tuple(raw["refs"]),
            retired=raw.get("retired"),
            error_codes=tuple(raw.get("error_codes", ())),
            messages=tuple(_text(m) for m in raw.get("messages", ())),
            commands=tuple(Command(platform=c["platform"], shell=c["shell"], text=c["text"],
                                   note=_text(c.get("note")), effect=c.get("effect"))
                           for c in raw.get("commands", ())),
            links=tuple(Link(title=_text(k["title"]), url=k["url"], platforms=frozenset(k.get("platforms", ())))
                        for k in raw.get("links", ())),
            verify=raw.get("verify"), next=raw["next"],
            next_when=tuple((MappingProxyType(dict(entry["known"])), entry["next"])
                            for entry in raw.get("next_when", ())),
            likelihood=Likelihood(raw["likelihood"]["level"], raw["likelihood"]["source"])
            if raw.get("likelihood") else None)
    if kind == "goto":
        return GotoStep(**common, flow=raw["flow"], step=raw.get("step"))
    return EndStep(**common, title=_text(raw["title"]), body=_text(raw["body"]),
                   outcome=raw.get("outcome", "none"))


def flow_from_data(data: dict, file: str, positions: Mapping[tuple, tuple[int, int]] | None = None, *,
                   keep_source: bool = True) -> Flow:
    """Build the typed flow from data that already passed the schema (no checks here); without
    `keep_source` the flow does not hold on to `data` (the compiled-flows cache never needs it again)."""
    positions = positions or {}
    steps = {step_id: _build_step(data["id"], step_id, raw, positions.get(("steps", step_id), (0, 0))[0])
             for step_id, raw in data["steps"].items()}
    return Flow(id=data["id"], title=_text(data["title"]), start=data["start"],
                steps=MappingProxyType(steps), file=file, description=_text(data.get("description")),
                shared=bool(data.get("shared", False)), positions=MappingProxyType(positions),
                source=data if keep_source else None)
