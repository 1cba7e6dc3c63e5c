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


NOT_AZURE_EN = "Not an Azure VM, or the metadata service is unreachable"
NOT_AZURE_KO = "Azure VM이 아니거나 메타데이터 서비스에 연결할 수 없습니다"


@check("common.metadata",
       title={"en": "VM identity (instance metadata)", "ko": "VM 정보(인스턴스 메타데이터)"},
       description={"en": "Asks the Azure instance metadata service for this VM's name, resource group, "
                          "subscription, region, ID, OS and size, to identify the VM in the report.",
                    "ko": "Azure 인스턴스 메타데이터 서비스에서 이 VM의 이름, 리소스 그룹, 구독, 지역, ID, OS, "
                          "크기를 받아 보고서에서 VM을 식별합니다."},
       timeout=6, uses_network=True, serves=())
def metadata(host: Host):
    check_id = "common.metadata"
    try:
        endpoints = load_endpoints()
    except EndpointsError as exc:
        return outcome.error(check_id, f"The list of network targets could not be read: {exc}",
                             f"네트워크 대상 목록을 읽을 수 없습니다: {exc}")
    try:
        # Never through a proxy: the service answers only on the VM's own link.
        reply = host.http_get(endpoints.metadata_url, {"Metadata": "true"}, timeout=METADATA_TIMEOUT, proxy=None)
    except Cancelled:
        raise
    except NotHttpReply:
        return outcome.warning(check_id, f"{NOT_AZURE_EN}: something answered, but its answer is not HTTP.",
                               f"{NOT_AZURE_KO}: 응답은 있었지만 HTTP 응답이 아닙니다.",
                               {"azure_vm": False, "reason": "not_http", "url": endpoints.metadata_url})
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) or "timed out" in str(exc) else (str(exc) or
                                                                                               type(exc).__name__)
        return outcome.warning(check_id, f"{NOT_AZURE_EN} ({reason}).", f"{NOT_AZURE_KO}({reason}).",
                               {"azure_vm": False, "reason": reason, "url": endpoints.metadata_url})
    if 300 <= reply.status < 400:
        location = next((value for name, value in reply.headers.items() if name.lower() == "location"), "")
        shown = location[:200] or "?"
        # The real service never redirects; following would hand our Metadata header to another host.
        return outcome.warning(check_id, f"{NOT_AZURE_EN}: the service answered HTTP {reply.status} with a redirect "
                                         f"to {shown}, which was not followed.",
                               f"{NOT_AZURE_KO}: 서비스가 HTTP {reply.status}(으)로 {shown}에 리디렉션했지만 따라가지 "
                               "않았습니다.",
                               {"azure_vm": False, "http_status": reply.status, "redirect_to": location,
                                "url": endpoints.metadata_url})
    if reply.status != 200:
        detail = reply.body.strip()[:200]
        return outcome.warning(check_id, f"{NOT_AZURE_EN}: the service answered HTTP {reply.status}.",
                               f"{NOT_AZURE_KO}: 서비스가 HTTP {reply.status}(으)로 응답했습니다.",
                               {"azure_vm": False, "http_status": reply.status, "url": endpoints.metadata_url}, detail)
    try:
        facts = parse_instance_metadata(reply.body)
    except ValueError as exc:
        return outcome.warning(check_id, f"{NOT_AZURE_EN}: the answer is not instance metadata ({exc}).",
                               f"{NOT_AZURE_KO}: 응답이 인스턴스 메타데이터가 아닙니다({exc}).",
                               {"azure_vm": False, "url": endpoints.metadata_url}, reply.body[:500])
    facts["azure_vm"] = True
    where = f"{facts['vm_name']} ({facts['vm_size']}, {facts['location']}, resource group {facts['resource_group']})"
    where_ko = f"{facts['vm_name']}({facts['vm_size']}, {facts['location']}, 리소스 그룹 {facts['resource_group']})"
    return outcome.ok(check_id, f"Azure VM {where}.", f"Azure VM {where_ko}.", facts)
