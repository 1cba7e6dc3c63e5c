"""The VM's identity from the instance metadata service, for the report header."""

from __future__ import annotations

import json

from troubleshooter.checks import outcome
from troubleshooter.checks.endpoints import EndpointsError, load_endpoints
from troubleshooter.checks.host import Cancelled, Host, NotHttpReply
from troubleshooter.checks.registry import check

# Fact name -> field of the "compute" section of the metadata document.
COMPUTE_FACTS = {"vm_name": "name", "resource_group": "resourceGroupName", "subscription_id": "subscriptionId",
                 "location": "location", "vm_id": "vmId", "os_type": "osType", "vm_size": "vmSize"}
METADATA_TIMEOUT = 2.0


def parse_instance_metadata(text: str) -> dict[str, str]:
    """The report-header facts from an instance metadata document; raises ValueError if it is not one."""
    data = json.loads(text)
    compute = data.get("compute") if isinstance(data, dict) else None
    if not isinstance(compute, dict):
        raise ValueError("no 'compute' section")
    return {fact: str(compute.get(field) or "") for fact, field in COMPUTE_FACTS.items()}


@check("common.metadata", timeout=6, uses_network=True, serves=())
def metadata(host: Host):
    check_id = "common.metadata"
    try:
        endpoints = load_endpoints()
    except EndpointsError as exc:
        return outcome.error(check_id, "endpoints_unreadable", error=exc)
    try:
        # Never through a proxy: the service answers only on the VM's own link.
        reply = host.http_get(endpoints.metadata_url, {"Metadata": "true"}, timeout=METADATA_TIMEOUT, proxy=None)
    except Cancelled:
        raise
    except NotHttpReply:
        return outcome.warning(check_id, "not_http", {"azure_vm": False, "reason": "not_http",
                                                      "url": endpoints.metadata_url})
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) or "timed out" in str(exc) else (str(exc) or
                                                                                               type(exc).__name__)
        return outcome.warning(check_id, "unreachable", {"azure_vm": False, "reason": reason,
                                                         "url": endpoints.metadata_url}, reason=reason)
    if 300 <= reply.status < 400:
        location = next((value for name, value in reply.headers.items() if name.lower() == "location"), "")
        shown = location[:200] or "?"
        # The real service never redirects; following would hand our Metadata header to another host.
        return outcome.warning(check_id, "redirected",
                               {"azure_vm": False, "http_status": reply.status, "redirect_to": location,
                                "url": endpoints.metadata_url}, status=reply.status, location=shown)
    if reply.status != 200:
        detail = reply.body.strip()[:200]
        return outcome.warning(check_id, "http_status",
                               {"azure_vm": False, "http_status": reply.status, "url": endpoints.metadata_url}, detail,
                               status=reply.status)
    try:
        facts = parse_instance_metadata(reply.body)
    except ValueError as exc:
        return outcome.warning(check_id, "not_metadata", {"azure_vm": False, "url": endpoints.metadata_url},
                               reply.body[:500], error=exc)
    facts["azure_vm"] = True
    return outcome.ok(check_id, "identified", facts, name=facts["vm_name"], size=facts["vm_size"],
                      location=facts["location"], resource_group=facts["resource_group"])
