"""CIM classes read through WMI's COM interface (Host.wmi_query), not through PowerShell.

PowerShell costs 0.5-2 s a start and answers nothing where it is blocked (AppLocker, WDAC,
Constrained Language Mode, execution policy); WMI answers the same classes in-process, with
property names and numbers that are the same in every display language.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Mapping

from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.cim import CimQueryError

__all__ = ["CimQueryError", "instances_text", "query"]


def query(host: Host, namespace: str, wql: str, methods: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The instances; raises CimQueryError (WMI's own error) or HostUnavailable (no WMI)."""
    return host.wmi_query(namespace, wql, methods)


def instances_text(instances: list[dict[str, Any]]) -> str:
    """The instances as evidence: JSON, dates in ISO form."""
    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime) else str(value)

    return json.dumps(instances, default=plain, ensure_ascii=False, indent=1)
