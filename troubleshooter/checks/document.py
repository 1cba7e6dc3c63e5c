"""The `checks --json` document: which machine, when, and every check's result.

Fleet tools gather these from many VMs, so each one names its host and, when the metadata check
could tell, the Azure VM behind it; `summarize` reads them back (and the bare list of results
that older versions printed).
"""

from __future__ import annotations

import socket
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

from troubleshooter import __version__
from troubleshooter.checks.result import CheckResult, Status

DOCUMENT_FORMAT = "vmbt-checks/1"
METADATA_CHECK = "common.metadata"
# The metadata check's facts that identify the VM (troubleshooter.checks.common.metadata).
VM_IDENTITY_FACTS = ("vm_name", "vm_id", "resource_group", "subscription_id", "location", "vm_size", "os_type")


def vm_identity(results: Iterable[CheckResult]) -> dict[str, str]:
    """The VM's identity from a successful metadata check, or {} when it is unknown."""
    for found in results:
        if found.check_id == METADATA_CHECK and found.status is Status.OK:
            return {name: str(found.facts[name]) for name in VM_IDENTITY_FACTS if found.facts.get(name)}
    return {}


def checks_document(results: list[CheckResult], titles: Mapping[str, Mapping[str, str]], *,
                    platform: str, host_name: str | None = None, elapsed: float | None = None) -> dict[str, Any]:
    return {
        "format": DOCUMENT_FORMAT,
        "program_version": __version__,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "host": {"name": host_name if host_name is not None else socket.gethostname(), "platform": platform},
        "vm": vm_identity(results),
        "elapsed_seconds": round(elapsed, 2) if elapsed is not None else None,
        "results": [{**found.to_dict(), "title": dict(titles.get(found.check_id, {}))} for found in results],
    }
