"""What a check found, in more detail than its status: the distinct findings a flow routes on.

A status says only that something is wrong; the fix depends on what. "Not installed" needs the
install, "installed but not running" the restart, "outdated" the update. The findings are read
from the facts the checks already return, so no check changes for them. A check step names a
route per finding in its `findings:`; a finding without one takes its status's route.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from troubleshooter.checks.result import CheckResult


@dataclass(frozen=True)
class Finding:
    """One distinct thing a check can find, the status it comes with (its `route`), and the
    catalog cases (`refs`) whose fix is the answer to it."""

    name: str
    route: str  # ok, problem, warning or unknown: the status route the finding comes with
    refs: frozenset[str]
    matches: Callable[[Mapping[str, Any]], bool]
    # What the finding tells the walk, like an option's `knows`: a later question that asks the
    # fact is answered, not asked.
    knows: Mapping[str, str] = field(default_factory=dict)


def _no_linux_agent(facts: Mapping[str, Any]) -> bool:
    return not facts.get("service") and not facts.get("program") and not facts.get("process_ids")


def _linux_agent_not_running(facts: Mapping[str, Any]) -> bool:
    return bool(facts.get("service") or facts.get("program")) and not facts.get("process_ids") \
        and facts.get("service_state") not in ("active", "running")


def _has(key: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda facts: bool(facts.get(key))


# B16 (the backup's "agent not present"), A01/A02 (set up the agent); B02/B05/B11 (the agent
# does not answer, or the extension cannot install without it); B06/A03/A04 (outdated agent).
_NOT_INSTALLED = frozenset({"B16", "A01", "A02"})
_NOT_RUNNING = frozenset({"B02", "B05", "B11"})
_OUTDATED = frozenset({"B06", "A03", "A04"})

FINDINGS: dict[str, tuple[Finding, ...]] = {
    "linux.agent_service": (
        Finding("not-installed", "problem", _NOT_INSTALLED, _no_linux_agent, {"agent": "missing"}),
        Finding("not-running", "problem", _NOT_RUNNING, _linux_agent_not_running, {"agent": "stopped"}),
    ),
    "windows.agent_services": (
        Finding("not-installed", "problem", _NOT_INSTALLED, _has("missing"), {"agent": "missing"}),
        Finding("not-running", "problem", _NOT_RUNNING,
                lambda facts: not facts.get("missing") and bool(facts.get("not_running")), {"agent": "stopped"}),
    ),
    "linux.agent_version": (
        Finding("outdated", "problem", _OUTDATED, _has("daemon_version")),
    ),
    # A missing WaAppAgent.exe is the agent's binaries to reinstall: the update fix (A03) says how.
    "windows.agent_version": (
        Finding("outdated", "problem", _OUTDATED, _has("product_version")),
    ),
}


def findings_of_check(check_id: str) -> tuple[Finding, ...]:
    return FINDINGS.get(check_id, ())


def finding_of(result: CheckResult | None) -> Finding | None:
    """The finding a check's result holds, None when its facts name none (or say all is well)."""
    if result is None or not result.facts:
        return None
    route = result.status.route
    return next((f for f in findings_of_check(result.check_id) if f.route == route and f.matches(result.facts)),
                None)
