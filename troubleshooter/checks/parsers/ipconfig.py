"""`ipconfig /all`: one block per adapter with its `Name . . . : value` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ADAPTER = re.compile(r"^(?P<name>\S.*adapter\s+.+?):\s*$", re.IGNORECASE)
_FIELD = re.compile(r"^\s+(?P<name>[^.:]+?)[\s.]*:\s*(?P<value>.*?)\s*$")


@dataclass
class Adapter:
    name: str
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def dhcp_enabled(self) -> bool | None:
        value = self.fields.get("DHCP Enabled")
        return None if value is None else value.strip().lower() in ("yes", "예")

    @property
    def ipv4(self) -> str:
        return re.sub(r"\(.*\)", "", self.fields.get("IPv4 Address", self.fields.get("IP Address", ""))).strip()

    @property
    def connected(self) -> bool:
        return "disconnected" not in self.fields.get("Media State", "").lower()


def parse_adapters(text: str) -> list[Adapter]:
    adapters: list[Adapter] = []
    for line in (text or "").splitlines():
        header = _ADAPTER.match(line)
        if header:
            adapters.append(Adapter(header.group("name").strip()))
            continue
        match = _FIELD.match(line)
        if match and adapters:
            adapters[-1].fields.setdefault(match.group("name").strip(), match.group("value"))
    return adapters
