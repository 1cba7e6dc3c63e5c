"""The host a check is handed: another Host and the check's Deadline, passed on every call that waits."""

from __future__ import annotations

from typing import Any, Mapping

from troubleshooter.checks.deadline import Deadline
from troubleshooter.checks.host.base import OUTPUT_CAP, CommandOutput, Host, HttpReply, ProcessInfo, ServiceInfo


class DeadlineHost(Host):
    """`host` seen by one check: every wait ends by `deadline`; calls that do not wait first make sure
    the time is not up (a check that only reads files still stops at its next look)."""

    def __init__(self, host: Host, deadline: Deadline):
        self.host = host
        self.deadline = deadline

    @property
    def platform(self) -> str:  # type: ignore[override]
        return self.host.platform

    def _check(self) -> None:
        self.deadline.remaining(0.0)

    # -- calls that wait: the deadline goes along -------------------------------------------------
    def run(self, argv, timeout: float = 10.0, *, deadline: Deadline | None = None) -> CommandOutput:
        return self.host.run(argv, timeout, deadline=self.deadline)

    def service(self, name: str, *, deadline: Deadline | None = None) -> ServiceInfo | None:
        self._check()
        return self.host.service(name, deadline=self.deadline)

    def resolve(self, name: str, timeout: float = 3.0, *, deadline: Deadline | None = None) -> list[str]:
        return self.host.resolve(name, timeout, deadline=self.deadline)

    def tcp_connect(self, host: str, port: int, timeout: float = 3.0, *, deadline: Deadline | None = None) -> float:
        return self.host.tcp_connect(host, port, timeout, deadline=self.deadline)

    def http_get(self, url: str, headers: Mapping[str, str] | None = None, timeout: float = 3.0,
                 proxy: str | None = None, *, deadline: Deadline | None = None) -> HttpReply:
        return self.host.http_get(url, headers, timeout, proxy, deadline=self.deadline)

    def tunnel(self, proxy_host: str, proxy_port: int, target_host: str, target_port: int,
               timeout: float = 3.0, *, deadline: Deadline | None = None) -> int:
        return self.host.tunnel(proxy_host, proxy_port, target_host, target_port, timeout, deadline=self.deadline)

    def load_sample(self, window: float = 1.0, *, deadline: Deadline | None = None) -> tuple[float, float]:
        return self.host.load_sample(window, deadline=self.deadline)

    # -- calls that only read ---------------------------------------------------------------------
    def which(self, name: str) -> str | None:
        self._check()
        return self.host.which(name)

    def read_text(self, path: str, limit: int = OUTPUT_CAP) -> str:
        self._check()
        return self.host.read_text(path, limit)

    def list_dir(self, path: str) -> list[str]:
        self._check()
        return self.host.list_dir(path)

    def glob(self, pattern: str) -> list[str]:
        self._check()
        return self.host.glob(pattern)

    def exists(self, path: str) -> bool:
        self._check()
        return self.host.exists(path)

    def is_dir(self, path: str) -> bool:
        self._check()
        return self.host.is_dir(path)

    def registry_value(self, key: str, name: str) -> Any:
        self._check()
        return self.host.registry_value(key, name)

    def registry_subkeys(self, key: str) -> list[str] | None:
        self._check()
        return self.host.registry_subkeys(key)

    def registry_values(self, key: str) -> dict[str, Any] | None:
        self._check()
        return self.host.registry_values(key)

    def wmi_query(self, namespace: str, wql: str, methods: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        self._check()
        return self.host.wmi_query(namespace, wql, methods)

    def file_version(self, path: str) -> str | None:
        self._check()
        return self.host.file_version(path)

    def processes(self) -> list[ProcessInfo]:
        self._check()
        return self.host.processes()

    def is_elevated(self) -> bool:
        return self.host.is_elevated()

    def environ(self) -> Mapping[str, str]:
        return self.host.environ()
