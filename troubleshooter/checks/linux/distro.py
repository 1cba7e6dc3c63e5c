"""Which Linux this is, from /etc/os-release, and what the agent's service is called there."""

from __future__ import annotations

from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.waagent import parse_key_values

# Ubuntu and Debian package the agent as "walinuxagent"; RHEL, SUSE, Oracle, Alma... as "waagent".
_WALINUXAGENT_FAMILIES = {"ubuntu", "debian"}


def os_release(host: Host) -> dict[str, str]:
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            return parse_key_values(host.read_text(path))
        except OSError:
            continue
    return {}


def agent_service_names(host: Host) -> list[str]:
    """The expected name first, the other one as a fallback (custom images mix them up)."""
    release = os_release(host)
    family = {release.get("ID", "").lower(), *release.get("ID_LIKE", "").lower().split()}
    if family & _WALINUXAGENT_FAMILIES:
        return ["walinuxagent", "waagent"]
    return ["waagent", "walinuxagent"]
