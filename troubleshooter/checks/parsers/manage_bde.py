"""`manage-bde -status`: one block per volume, each with its lock status."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VOLUME = re.compile(r"^\s*Volume\s+(?P<name>[^\s\[]+)")
_FIELD = re.compile(r"^\s+(?P<name>[^:]+?)\s*:\s*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class Volume:
    name: str
    fields: dict[str, str]

    @property
    def lock_status(self) -> str:
        return self.fields.get("Lock Status", "")

    @property
    def locked(self) -> bool:
        return self.lock_status.strip().lower() == "locked"


def parse_volumes(text: str) -> list[Volume]:
    volumes: list[Volume] = []
    for line in (text or "").splitlines():
        volume = _VOLUME.match(line)
        if volume:
            volumes.append(Volume(volume.group("name").rstrip(":") + ":", {}))
            continue
        field = _FIELD.match(line)
        if field and volumes:
            volumes[-1].fields.setdefault(field.group("name").strip(), field.group("value"))
    return volumes
