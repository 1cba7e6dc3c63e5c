"""The Windows guest agent: its two services and the version of WaAppAgent.exe."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.versions import at_least, dotted, parse_version
from troubleshooter.checks.registry import check
from troubleshooter.checks.thresholds import WINDOWS_AGENT_MINIMUM
from troubleshooter.checks.windows.common import describe, service_or_none

AGENT_SERVICES = ("WindowsAzureGuestAgent", "RdAgent")
WAAPPAGENT = r"C:\WindowsAzure\Packages\WaAppAgent.exe"


@check("windows.agent_services", platforms=("windows",), timeout=10, serves=("B02", "B05", "B11", "B16", "A01"))
def agent_services(host: Host):
    check_id = "windows.agent_services"
    services, missing, stopped, raw = {}, [], [], []
    for name in AGENT_SERVICES:
        info, note = service_or_none(host, name)
        if note:
            return outcome.error(check_id, "service_manager_silent", service=name, note=note)
        if info is None:
            missing.append(name)
            raw.append(f"{name}: not installed")
            continue
        services[name] = describe(info)
        raw.append(f"{name}: {info.state} (start: {info.start_type})")
        if not info.running:
            stopped.append(f"{name} ({info.state})")
    facts = {"services": services, "missing": missing, "not_running": stopped}
    if missing:
        listed = ", ".join(missing)
        return outcome.problem(check_id, "not_installed", facts, raw, services=listed)
    if stopped:
        listed = ", ".join(stopped)
        return outcome.problem(check_id, "not_running", facts, raw, services=listed)
    return outcome.ok(check_id, "running", facts, raw)


@check("windows.agent_version", platforms=("windows",), timeout=25, serves=("B06", "A03", "A05"))
def agent_version(host: Host):
    check_id = "windows.agent_version"
    minimum = dotted(WINDOWS_AGENT_MINIMUM)
    if not host.exists(WAAPPAGENT):
        return outcome.problem(check_id, "missing", {"path": WAAPPAGENT, "minimum_version": minimum}, path=WAAPPAGENT)
    # The version resource, read in-process (GetFileVersionInfo): no PowerShell to start or be blocked.
    text = host.file_version(WAAPPAGENT) or ""
    version = parse_version(text)
    if version is None:
        return outcome.error(check_id, "no_version", {"path": WAAPPAGENT}, text)
    facts = {"path": WAAPPAGENT, "product_version": dotted(version), "minimum_version": minimum}
    if at_least(version, WINDOWS_AGENT_MINIMUM):
        return outcome.ok(check_id, "recent", facts, text, version=dotted(version), minimum=minimum)
    return outcome.problem(check_id, "too_old", facts, text, version=dotted(version), minimum=minimum)
