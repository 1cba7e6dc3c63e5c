"""The flow graph as typed, immutable values: what the loader builds and the session walks."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from collections.abc import Mapping

from troubleshooter.i18n import Text

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from typing import Any

STATUS_ROUTES = ("ok", "problem", "warning", "unknown")


@dataclass(frozen=True)
class Option:
    """One answer of a choice step, and the step it leads to."""

    id: str
    label: Text
    next: str
    hint: Text | None = None
    platforms: frozenset[str] = frozenset()
    # What choosing it tells the walk ({fact: value}): a later question that `asks` the fact is
    # answered with the option that `means` the value, not asked again.
    knows: Mapping[str, str] = field(default_factory=dict)
    means: frozenset[str] = frozenset()  # the values of its question's fact this answer stands for


@dataclass(frozen=True)
class Command:
    """A command a resolution shows, for one platform and shell, with what running it changes."""

    platform: str  # windows, linux or any
    shell: str  # cmd, powershell, bash or portal
    text: str
    note: Text | None = None
    # read-only | changes-config | restarts-service | needs-downtime | lowers-protection | destructive
    # (schema.json; docs/effects-and-places.md)
    effect: str | None = None


@dataclass(frozen=True)
class Link:
    """A titled link to Microsoft's documentation."""

    title: Text
    url: str
    platforms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Step:
    """Fields common to every step kind. `line` is where the step starts in its file."""

    id: str
    kind: str
    flow_id: str
    line: int = 0
    platforms: frozenset[str] = frozenset()

    @property
    def address(self) -> str:
        return f"{self.flow_id}/{self.id}"


@dataclass(frozen=True)
class ChoiceStep(Step):
    """A question with answers to pick from."""

    prompt: Text = field(default_factory=dict)
    help: Text | None = None
    options: tuple[Option, ...] = ()
    asks: str | None = None  # the fact the question settles; known from an earlier answer, it is not asked

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class CheckStep(Step):
    """A local check, and the step each of its outcomes leads to."""

    check: str = ""
    prompt: Text = field(default_factory=dict)
    on: Mapping[str, str] = field(default_factory=dict)
    # finding name (flows.findings) -> next step: what the check found decides, beyond its status
    findings: Mapping[str, str] = field(default_factory=dict)

    def route(self, outcome: str, finding: str | None = None) -> str:
        """The next step for a check outcome and, when the step routes it, the finding behind it;
        warning falls back to unknown unless routed."""
        if finding is not None and finding in self.findings:
            return self.findings[finding]
        if outcome in self.on:
            return self.on[outcome]
        return self.on["unknown"]

    def routes(self) -> list[tuple[str, str]]:
        """(route name, next step) for every way out: the status routes, then the findings' as
        'finding:NAME'."""
        return [*self.on.items(), *((f"finding:{name}", target) for name, target in self.findings.items())]


@dataclass(frozen=True)
class InfoStep(Step):
    """Something to read before going on."""

    title: Text = field(default_factory=dict)
    body: Text = field(default_factory=dict)
    next: str = ""


# How often a cause is the answer, most often first: search ties, options and "still failing"
# are ordered by it (schema.json, `likelihood`).
LIKELIHOOD_LEVELS = ("common", "occasional", "rare")


@dataclass(frozen=True)
class Likelihood:
    """How often this fix's cause is the answer, and where that comes from (the current pages,
    the order they list causes in, real reports)."""

    level: str  # common | occasional | rare
    source: str

    @property
    def rank(self) -> int:
        """0 for the most common; a fix without a likelihood counts as common."""
        return LIKELIHOOD_LEVELS.index(self.level)


@dataclass(frozen=True)
class ResolutionStep(Step):
    """A fix: what to do, the commands for it, and where "still failing" leads."""

    title: Text = field(default_factory=dict)
    body: Text = field(default_factory=dict)
    refs: tuple[str, ...] = ()
    retired: str | None = None  # the date the guidance stopped applying (e.g. classic VMs)
    error_codes: tuple[str, ...] = ()
    messages: tuple[Text, ...] = ()
    commands: tuple[Command, ...] = ()
    links: tuple[Link, ...] = ()
    verify: str | None = None
    next: str = ""  # where "still failing" leads
    # "Still failing" within the symptom's own causes: (facts the walk knows, next step), the
    # first whose facts all hold wins over `next` (flows.session.Session.known_facts).
    next_when: tuple[tuple[Mapping[str, str], str], ...] = ()
    likelihood: Likelihood | None = None

    def still_failing(self, known: Mapping[str, str]) -> str:
        """Where "still failing" leads, given the facts the walk knows ({fact: value})."""
        return next((target for facts, target in self.next_when
                     if all(known.get(fact) == value for fact, value in facts.items())), self.next)

    def still_failing_targets(self) -> list[str]:
        return [self.next, *(target for _facts, target in self.next_when)]


@dataclass(frozen=True)
class GotoStep(Step):
    """A jump into another flow (at its start, or at a named step)."""

    flow: str = ""
    step: str | None = None


@dataclass(frozen=True)
class EndStep(Step):
    """The end of a walk, and how it ended (resolved, support or none)."""

    title: Text = field(default_factory=dict)
    body: Text = field(default_factory=dict)
    outcome: str = "none"


@dataclass(frozen=True)
class Flow:
    """One YAML flow file: its steps by id, where it starts, and its title."""

    id: str
    title: Text
    start: str
    steps: Mapping[str, Step]
    file: str
    description: Text | None = None
    shared: bool = False
    positions: Mapping[tuple, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    # The validated YAML data the flow was built from; the compiled-flows cache stores it.
    source: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]


@dataclass(frozen=True)
class FlowHeading:
    """What a start page shows of an entry flow: its id, title and description."""

    id: str
    title: Text
    description: Text | None = None


class FlowSet:
    """Every loaded flow, by id. Flows refer to each other through goto steps."""

    def __init__(self, flows: list[Flow]):
        self._flows = MappingProxyType({f.id: f for f in flows})

    @property
    def flows(self) -> Mapping[str, Flow]:
        return self._flows

    def __contains__(self, flow_id: str) -> bool:
        return flow_id in self._flows

    def __getitem__(self, flow_id: str) -> Flow:
        return self._flows[flow_id]

    def __iter__(self):
        return iter(self._flows.values())

    def __len__(self) -> int:
        return len(self._flows)

    def entry_flows(self) -> list[Flow]:
        """The flows a person starts from (not the shared pieces)."""
        return [f for f in self._flows.values() if not f.shared]

    def headings(self) -> list[FlowHeading]:
        """The entry flows as a start page lists them."""
        return [FlowHeading(f.id, f.title, f.description) for f in self.entry_flows()]

    def resolve(self, flow_id: str, step_id: str | None) -> Step:
        flow = self._flows[flow_id]
        return flow.steps[step_id or flow.start]

    def resolutions(self) -> list[ResolutionStep]:
        return [s for f in self._flows.values() for s in f.steps.values()
                if isinstance(s, ResolutionStep)]
