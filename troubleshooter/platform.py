"""Which OS a walk troubleshoots: this machine's when it is an Azure VM, otherwise the one the person names.

The checks only ever look at the machine they run on. On an Azure VM (its agent is installed,
or the instance metadata service answers at the configured address) that machine is the VM,
so the walk follows its OS and the checks run. Elsewhere, such as an admin's workstation, the
walk follows the VM the person names and every check stays off: it would describe the wrong
machine.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from troubleshooter.checks.host.base import Host

PLATFORMS = ("windows", "linux")
# Where each OS keeps the Azure VM agent; any one present means this machine is an Azure VM.
AGENT_PATHS = {
    "linux": ("/var/lib/waagent", "/etc/waagent.conf"),
    "windows": ("C:\\WindowsAzure", "C:\\Packages\\Plugins"),
}
METADATA_TIMEOUT = 1.0


def current_platform() -> str:
    """The OS this program runs on: "windows", "linux", or Python's own name for any other (e.g.
    "darwin"), so that no check takes a Mac for a Linux VM; a walk needs one of PLATFORMS."""
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform.startswith("linux"):
        return "linux"
    return sys.platform


@dataclass(frozen=True)
class ThisMachine:
    """What the program knows about the machine it runs on.

    `os`: windows or linux. `azure_vm`: True when this machine is an Azure VM. `evidence`: agent,
    metadata or none, for the log and the report.
    """

    os: str
    azure_vm: bool
    evidence: str = "none"

    def checks_apply(self, vm_platform: str) -> bool:
        """True when checks on this machine describe the VM being troubleshot."""
        return self.azure_vm and vm_platform == self.os


def agent_installed(host: "Host | None" = None) -> bool:
    """The agent's folders, not its service: asking the service manager would slow every start.

    Without a host it is this machine, looked at directly: this runs before the window shows,
    and two path tests should not wait for the checks' machinery to import.
    """
    platform = getattr(host, "platform", None) or current_platform()
    exists = host.exists if host is not None else os.path.exists
    return any(exists(path) for path in AGENT_PATHS.get(platform, ()))


def metadata_answers(host: "Host", timeout: float = METADATA_TIMEOUT) -> bool:
    """True when the instance metadata service at the configured address answers 200."""
    from troubleshooter.checks.endpoints import EndpointsError, load_endpoints

    try:
        url = load_endpoints().metadata_url
        reply = host.http_get(url, {"Metadata": "true"}, timeout=timeout, proxy=None)
    except (OSError, EndpointsError, ValueError):
        return False
    return reply.status == 200


def this_machine(host: "Host | None" = None, *, use_network: bool = True) -> ThisMachine:
    """Look at this machine: the agent first (no network), then the metadata service through
    `host` (without a host, or with use_network False, the metadata service is not asked)."""
    os_name = getattr(host, "platform", None) or current_platform()
    if agent_installed(host):
        return ThisMachine(os_name, True, "agent")
    if use_network and host is not None and metadata_answers(host):
        return ThisMachine(os_name, True, "metadata")
    return ThisMachine(os_name, False, "none")
