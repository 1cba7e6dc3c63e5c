"""Pieces the Windows checks share: PowerShell invocation and service descriptions."""

from __future__ import annotations

from troubleshooter.checks.host import CommandOutput, Host, HostUnavailable, ServiceInfo


def powershell(host: Host, script: str, timeout: float = 20.0) -> CommandOutput:
    """Run one PowerShell expression as an argument (never through a shell string)."""
    return host.run(["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
                     "-Command", script], timeout=timeout)


def service_or_none(host: Host, name: str) -> tuple[ServiceInfo | None, str]:
    """(service, note): note explains why the service manager could not be asked."""
    try:
        return host.service(name), ""
    except HostUnavailable as exc:
        return None, str(exc) or "the service manager did not answer"


def describe(info: ServiceInfo) -> dict[str, str]:
    return {"state": info.state, "start_type": info.start_type, "account": info.account}
