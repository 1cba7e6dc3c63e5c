"""`systemctl status UNIT`: the Loaded and Active lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LOADED = re.compile(r"^\s*Loaded:\s*(?P<load>[\w-]+)(?:\s*\((?P<detail>[^)]*)\))?", re.MULTILINE)
_ACTIVE = re.compile(r"^\s*Active:\s*(?P<active>[\w-]+)(?:\s*\((?P<sub>[^)]*)\))?(?P<rest>.*)$", re.MULTILINE)
_MAIN_PID = re.compile(r"^\s*Main PID:\s*(?P<pid>\d+)", re.MULTILINE)
_NOT_FOUND = re.compile(r"could not be found|not-found|No such file", re.IGNORECASE)
_NO_SYSTEMD = re.compile(r"not been booted with systemd|Failed to connect to bus|Can't operate", re.IGNORECASE)


@dataclass(frozen=True)
class UnitStatus:
    load: str  # loaded, not-found, masked ...
    unit_file_state: str  # enabled, disabled, static ...
    active: str  # active, inactive, failed, activating ...
    sub: str  # running, dead, exited ...
    since: str
    main_pid: int | None

    @property
    def running(self) -> bool:
        return self.active == "active" and self.sub in ("running", "")


class NoServiceManager(Exception):
    """systemctl could not talk to systemd (a container, or another init system)."""


def parse_systemctl_status(text: str) -> UnitStatus | None:
    """The unit's state; None when the unit does not exist. Raises NoServiceManager."""
    text = text or ""
    if _NO_SYSTEMD.search(text):
        raise NoServiceManager(text.strip().splitlines()[0])
    loaded = _LOADED.search(text)
    active = _ACTIVE.search(text)
    if loaded is None or loaded.group("load") == "not-found":
        if loaded is None and not _NOT_FOUND.search(text) and active is None:
            raise NoServiceManager("systemctl gave no answer")
        return None
    detail = [part.strip() for part in (loaded.group("detail") or "").split(";")]
    pid = _MAIN_PID.search(text)
    return UnitStatus(load=loaded.group("load"), unit_file_state=detail[1] if len(detail) > 1 else "",
                      active=active.group("active") if active else "",
                      sub=(active.group("sub") or "") if active else "",
                      since=(active.group("rest") or "").strip().removeprefix("since ").split(";")[0] if active else "",
                      main_pid=int(pid.group("pid")) if pid else None)
