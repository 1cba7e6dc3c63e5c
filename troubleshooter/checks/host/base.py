"""The Host interface every check reads the machine through, and what its calls return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from troubleshooter.checks.deadline import Cancelled, Deadline
from troubleshooter.checks.parsers.systemctl import NoServiceManager, parse_systemctl_status

__all__ = ["OUTPUT_CAP", "Cancelled", "CommandOutput", "Host", "HostUnavailable", "HttpReply", "NotHttpReply",
           "ProcessInfo", "ServiceInfo"]

# What is kept of a command's output; the rest is read and dropped so the pipe never fills up.
OUTPUT_CAP = 1024 * 1024


@dataclass
class CommandOutput:
    argv: tuple[str, ...]
    returncode: int | None
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    cancelled: bool = False
    truncated: bool = False
    not_found: bool = False
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not (self.timed_out or self.cancelled or self.not_found)

    @property
    def combined(self) -> str:
        return self.stdout if not self.stderr else f"{self.stdout}\n{self.stderr}".strip("\n")


@dataclass(frozen=True)
class ServiceInfo:
    name: str
    running: bool
    state: str  # the service manager's own word: running, stopped, active, inactive, failed ...
    start_type: str = ""  # auto, manual, disabled, enabled, static ...
    account: str = ""  # the logon account (Windows)
    pid: int | None = None


@dataclass(frozen=True)
class HttpReply:
    status: int
    headers: dict[str, str]
    body: str


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    name: str
    cmdline: tuple[str, ...] = ()


class HostUnavailable(OSError):
    """The asked-for facility does not exist on this host (e.g. the registry on Linux)."""


class NotHttpReply(ConnectionError):
    """Something answered, but not in HTTP (another service on the port, or a broken one)."""

    def __init__(self, url: str):
        super().__init__(f"the answer from {url} is not HTTP")
        self.url = url


def within(deadline: Deadline | None, wanted: float) -> float:
    """`wanted` seconds, cut to what the deadline leaves; raises Cancelled when nothing is left."""
    return wanted if deadline is None else deadline.remaining(wanted)


class Host:
    """Everything a check may look at. Subclasses: `LocalHost` (this machine); the tests' `FakeHost`.

    Paths are written as on the target OS ("/etc/waagent.conf", r"C:\\Packages\\..."); a host with
    a `root` looks for them under that folder instead, so tests can build a fake machine.

    Every call that may wait takes `deadline=`: it waits no longer than the deadline leaves, and a
    command started under it is killed when the deadline expires. Checks never pass it themselves:
    they get a `DeadlineHost`, which passes their check's deadline on every call.
    """

    platform: str = "linux"

    # -- interface -----------------------------------------------------------------------------
    def run(self, argv: list[str] | tuple[str, ...], timeout: float = 10.0, *,
            deadline: Deadline | None = None) -> CommandOutput:
        raise NotImplementedError

    def which(self, name: str) -> str | None:
        raise NotImplementedError

    def read_text(self, path: str, limit: int = OUTPUT_CAP) -> str:
        raise NotImplementedError

    def list_dir(self, path: str) -> list[str]:
        raise NotImplementedError

    def glob(self, pattern: str) -> list[str]:
        raise NotImplementedError

    def exists(self, path: str) -> bool:
        raise NotImplementedError

    def is_dir(self, path: str) -> bool:
        raise NotImplementedError

    def registry_value(self, key: str, name: str) -> Any:
        """The value `name` under `key` (e.g. r"HKLM\\SOFTWARE\\Microsoft"), None when absent."""
        raise NotImplementedError

    def registry_subkeys(self, key: str) -> list[str] | None:
        """Names of the subkeys of `key`, None when the key does not exist."""
        raise NotImplementedError

    def registry_values(self, key: str) -> dict[str, Any] | None:
        """Every value of `key` by name, None when the key does not exist."""
        raise NotImplementedError

    def wmi_query(self, namespace: str, wql: str, methods: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        """CIM instances from WMI (Windows), properties by name; `methods` maps a method without
        arguments to the out-parameter added to each instance. Raises CimQueryError for WMI's own
        error (InvalidNamespace ...) and HostUnavailable when WMI cannot be asked."""
        raise NotImplementedError

    def file_version(self, path: str) -> str | None:
        """A Windows program's product version from its version resource, None when it has none."""
        raise NotImplementedError

    def service(self, name: str, *, deadline: Deadline | None = None) -> ServiceInfo | None:
        """The service's state, None when no such service is installed; raises HostUnavailable
        when the service manager cannot be asked."""
        raise NotImplementedError

    def processes(self) -> list[ProcessInfo]:
        raise NotImplementedError

    def resolve(self, name: str, timeout: float = 3.0, *, deadline: Deadline | None = None) -> list[str]:
        raise NotImplementedError

    def tcp_connect(self, host: str, port: int, timeout: float = 3.0, *, deadline: Deadline | None = None) -> float:
        """Seconds the connection took; raises OSError when it fails."""
        raise NotImplementedError

    def http_get(self, url: str, headers: Mapping[str, str] | None = None, timeout: float = 3.0,
                 proxy: str | None = None, *, deadline: Deadline | None = None) -> HttpReply:
        """Any HTTP answer comes back (4xx/5xx too); raises OSError when none came."""
        raise NotImplementedError

    def tunnel(self, proxy_host: str, proxy_port: int, target_host: str, target_port: int,
               timeout: float = 3.0, *, deadline: Deadline | None = None) -> int:
        """Ask an HTTP proxy to CONNECT to the target; the proxy's status code (200 = through).
        Raises OSError when the proxy itself cannot be reached or does not answer."""
        raise NotImplementedError

    def is_elevated(self) -> bool:
        raise NotImplementedError

    def environ(self) -> Mapping[str, str]:
        raise NotImplementedError

    def load_sample(self, window: float = 1.0, *, deadline: Deadline | None = None) -> tuple[float, float]:
        """(CPU %, memory %) over `window` seconds."""
        raise NotImplementedError

    def _systemd_service(self, name: str, deadline: Deadline | None = None) -> ServiceInfo | None:
        output = self.run(["systemctl", "status", f"{name}.service", "--no-pager", "--lines=0"], timeout=5,
                          deadline=deadline)
        if output.not_found or output.returncode is None:
            raise HostUnavailable(output.stderr or "systemctl did not answer")
        try:
            unit = parse_systemctl_status(output.combined)
        except NoServiceManager as exc:
            raise HostUnavailable(str(exc)) from exc
        if unit is None:
            return None
        return ServiceInfo(name=name, running=unit.running, state=f"{unit.active} ({unit.sub})" if unit.sub else unit.active,
                           start_type=unit.unit_file_state, pid=unit.main_pid)
