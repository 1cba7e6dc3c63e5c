"""`netsh winhttp show proxy`: direct access, or the proxy server and bypass list."""

from __future__ import annotations

import re
from dataclasses import dataclass

# English labels, and the Korean ones a Korean Windows Server prints instead.
_SERVER = re.compile(r"(?:Proxy Server\(s\)|프록시 서버)\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_BYPASS = re.compile(r"(?:Bypass List|바이패스 목록|우회 목록)\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_DIRECT = re.compile(r"Direct access|직접 액세스", re.IGNORECASE)


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
        return WinHttpProxy(False, server.group("value"), "" if bypass_value in ("(none)", "(없음)") else bypass_value)
    if _DIRECT.search(text or ""):
        return WinHttpProxy(True, "", "")
    return None
