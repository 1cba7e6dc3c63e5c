"""A Windows service's logon account, as the service manager reports it."""

from __future__ import annotations

import re


def is_network_service(account: str) -> bool:
    """NT AUTHORITY\\NetworkService in any case and spacing (also 'Network Service')."""
    squashed = re.sub(r"\s+", "", account or "").lower()
    return squashed in ("ntauthority\\networkservice", "networkservice")
