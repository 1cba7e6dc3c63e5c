"""The Linux agent's own texts: `waagent --version` and /etc/waagent.conf."""

from __future__ import annotations

import re
from dataclasses import dataclass

from troubleshooter.checks.parsers.versions import parse_version

_DAEMON = re.compile(r"^\s*WALinuxAgent-(?P<version>\d+(?:\.\d+)+)(?:\s+running on\s+(?P<os>.+?))?\s*$", re.MULTILINE)
_GOAL_STATE = re.compile(r"^\s*Goal state agent:\s*(?P<version>\d+(?:\.\d+)+)\s*$", re.MULTILINE)
_PYTHON = re.compile(r"^\s*Python:\s*(?P<version>\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class AgentVersion:
    daemon: tuple[int, ...]
    goal_state: tuple[int, ...] | None
    os: str
    python: str


def parse_waagent_version(text: str) -> AgentVersion | None:
    """The versions in `waagent --version`; warnings printed before them are ignored."""
    daemon = _DAEMON.search(text or "")
    if not daemon:
        return None
    goal = _GOAL_STATE.search(text)
    python = _PYTHON.search(text)
    return AgentVersion(daemon=parse_version(daemon.group("version")) or (),
                        goal_state=parse_version(goal.group("version")) if goal else None,
                        os=(daemon.group("os") or "").strip(),
                        python=python.group("version") if python else "")


def parse_key_values(text: str) -> dict[str, str]:
    """`Key=value` lines as in waagent.conf; comments and blank lines dropped, the last one wins."""
    values: dict[str, str] = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.split("#", 1)[0].strip().strip('"').strip("'")
        values[key.strip()] = value
    return values
