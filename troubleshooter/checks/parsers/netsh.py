"""`netsh winhttp show proxy`: direct access, or the proxy server and bypass list."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SERVER = re.compile(r"Proxy Server\(s\)\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_BYPASS = re.compile(r"Bypass List\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class WinHttpProxy:
    direct: bool
    server: str
    bypass: str


def parse_winhttp_proxy(text: str) -> WinHttpProxy | None:
    server = _SERVER.search(text or "")
    if server:
        bypass = _BYPASS.search(text)
        bypass_value = bypass.group("value") if bypass else ""
        return WinHttpProxy(False, server.group("value"), "" if bypass_value == "(none)" else bypass_value)
    if re.search(r"Direct access", text or "", re.IGNORECASE):
        return WinHttpProxy(True, "", "")
    return None
