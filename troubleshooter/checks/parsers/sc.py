"""`sc query` and `sc qc` answers: `NAME : value` lines under SERVICE_NAME."""

from __future__ import annotations

import re

_LINE = re.compile(r"^\s*(?P<name>[A-Z_]+)\s*:\s*(?P<value>.*?)\s*$")
NOT_INSTALLED_CODE = 1060


def parse_sc(text: str) -> dict[str, str]:
    """Upper-case field -> value; a continuation line (` : SamSS`) is appended with a comma."""
    fields: dict[str, str] = {}
    last = None
    for line in (text or "").splitlines():
        match = _LINE.match(line)
        if match:
            last = match.group("name")
            fields[last] = match.group("value")
        elif last and re.match(r"^\s+:\s*\S", line):
            fields[last] = f"{fields[last]}, {line.split(':', 1)[1].strip()}"
    return fields


def service_state(fields: dict[str, str]) -> str | None:
    """'RUNNING', 'STOPPED', ... from `STATE : 4  RUNNING`."""
    state = fields.get("STATE", "")
    words = [word for word in state.split() if not word.isdigit()]
    return words[0].upper() if words else None


def is_network_service(account: str) -> bool:
    """NT AUTHORITY\\NetworkService in any case and spacing (also 'Network Service')."""
    squashed = re.sub(r"\s+", "", account or "").lower()
    return squashed in ("ntauthority\\networkservice", "networkservice")


def not_installed(text: str) -> bool:
    return bool(re.search(rf"\b{NOT_INSTALLED_CODE}\b", text or ""))
