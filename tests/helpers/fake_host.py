"""A recorded machine for the tests: every answer a check gets comes from tables the test fills in.

It lives with the tests, not in the product: the executable never needs it.
"""

from __future__ import annotations

import fnmatch
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from troubleshooter.checks.deadline import Deadline
from troubleshooter.checks.host.registry import KeyNames, ValueMap
from troubleshooter.checks.host import (OUTPUT_CAP, CommandOutput, Host, HostUnavailable, HttpReply, ProcessInfo,
                                        RootedFiles, ServiceInfo, normalize_registry_key)

CommandAnswer = CommandOutput | str | BaseException


@dataclass
class FakeHost(RootedFiles, Host):
    """A recorded machine for tests: every answer comes from the tables given here.

    `commands` maps the command line (a tuple, or the words joined by spaces) to its output (a
    `CommandOutput`, just the stdout text, or an exception to raise). A command not in the table
    behaves as not installed. `files` maps paths to their text; `root` adds a real folder.
    """

    platform: str = "linux"
    commands: dict[Any, CommandAnswer] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    root: Path | None = None
    registry: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, ServiceInfo | BaseException] = field(default_factory=dict)
    process_list: list[ProcessInfo] = field(default_factory=list)
    elevated: bool = True
    dns: dict[str, list[str] | BaseException] = field(default_factory=dict)
    tcp: dict[tuple[str, int], float | BaseException] = field(default_factory=dict)
    tunnels: dict[tuple[str, int], int | BaseException] = field(default_factory=dict)
    http: dict[str, HttpReply | BaseException] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    load: tuple[float, float] = (5.0, 30.0)
    executables: tuple[str, ...] = ()
    # WMI: (namespace, the WQL's class name) -> instances, or an exception to raise (CimQueryError,
    # HostUnavailable); a class not listed raises CimQueryError("InvalidClass").
    wmi: dict[tuple[str, str], list[dict[str, Any]] | BaseException] = field(default_factory=dict)
    file_versions: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, ...]] = field(default_factory=list)

    def __post_init__(self):
        if self.root is not None:
            self.root = Path(self.root)
        self.files = {self._key(path): text for path, text in self.files.items()}
        self._registry_names = {normalize_registry_key(key): key.strip("\\") for key in self.registry}
        self.registry = {normalize_registry_key(key): dict(values) for key, values in self.registry.items()}
        self.services = {name.upper(): info for name, info in self.services.items()}
        self.wmi = {(namespace.casefold(), name.casefold()): answer for (namespace, name), answer in self.wmi.items()}

    def _key(self, path: str) -> str:
        key = path.replace("\\", "/")
        return key.casefold() if self.platform == "windows" else key

    def run(self, argv, timeout: float = 10.0, *, deadline: Deadline | None = None) -> CommandOutput:
        argv = tuple(str(part) for part in argv)
        self.calls.append(argv)
        answer = self.commands.get(argv, self.commands.get(" ".join(argv)))
        if answer is None:
            return CommandOutput(argv, None, stderr=f"{argv[0]}: not found", not_found=True)
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, str):
            return CommandOutput(argv, 0, answer.replace("\r\n", "\n"))
        return answer

    def which(self, name: str) -> str | None:
        if name in self.executables:
            return f"/usr/bin/{name}" if self.platform != "windows" else name
        if any(key[0] == name or key[0].endswith("/" + name) for key in self._command_keys()):
            return name
        return RootedFiles.which(self, name) if self.root is not None else None

    def _command_keys(self) -> Iterable[tuple[str, ...]]:
        for key in self.commands:
            yield key if isinstance(key, tuple) else tuple(key.split(" "))

    def read_text(self, path: str, limit: int = OUTPUT_CAP) -> str:
        key = self._key(path)
        if key in self.files:
            return self.files[key][:limit]
        if self.root is not None:
            return RootedFiles.read_text(self, path, limit)
        raise FileNotFoundError(path)

    def _children(self, path: str) -> set[str]:
        prefix = self._key(path).rstrip("/") + "/"
        return {key[len(prefix):].split("/")[0] for key in self.files if key.startswith(prefix)}

    def list_dir(self, path: str) -> list[str]:
        names = self._children(path)
        if self.root is not None and self.local_path(path).is_dir():
            names |= set(RootedFiles.list_dir(self, path))
        if not names and not (self.root is not None and self.local_path(path).is_dir()):
            raise FileNotFoundError(path)
        return sorted(names)

    def glob(self, pattern: str) -> list[str]:
        key_pattern = self._key(pattern)
        depth = key_pattern.count("/")
        found = {key for key in self._all_paths() if key.count("/") == depth and fnmatch.fnmatchcase(key, key_pattern)}
        if self.root is not None:
            found |= set(RootedFiles.glob(self, pattern))
        return sorted(found)

    def _all_paths(self) -> set[str]:
        paths = set(self.files)
        for key in self.files:
            parts = key.split("/")
            paths.update("/".join(parts[:end]) for end in range(2, len(parts)))
        return paths

    def exists(self, path: str) -> bool:
        return self._key(path) in self._all_paths() or (self.root is not None and RootedFiles.exists(self, path))

    def is_dir(self, path: str) -> bool:
        return bool(self._children(path)) or (self.root is not None and RootedFiles.is_dir(self, path))

    def wmi_query(self, namespace: str, wql: str, methods=None) -> list[dict[str, Any]]:
        from troubleshooter.checks.parsers.cim import CimQueryError

        if self.platform != "windows":
            raise HostUnavailable("there is no WMI on this system")
        class_name = wql.split(" FROM ", 1)[1].split()[0]
        answer = self.wmi.get((namespace.casefold(), class_name.casefold()), CimQueryError("InvalidClass"))
        self.calls.append(("wmi", namespace, wql))
        if isinstance(answer, BaseException):
            raise answer
        return [dict(instance) for instance in answer]

    def file_version(self, path: str) -> str | None:
        if self.platform != "windows":
            raise HostUnavailable("there are no version resources on this system")
        return next((version for known, version in self.file_versions.items() if self._key(known) == self._key(path)),
                    None)

    def registry_value(self, key: str, name: str) -> Any:
        if self.platform != "windows":
            raise HostUnavailable("there is no registry on this system")
        values = self.registry.get(normalize_registry_key(key)) or {}
        return next((value for known, value in values.items() if known.upper() == name.upper()), None)

    def registry_subkeys(self, key: str) -> list[str] | None:
        if self.platform != "windows":
            raise HostUnavailable("there is no registry on this system")
        prefix = normalize_registry_key(key)
        if prefix not in self.registry and not any(k.startswith(prefix + "\\") for k in self.registry):
            return None
        depth = prefix.count("\\") + 1
        # Names as they were written (registry names keep their case, lookups ignore it).
        return KeyNames(sorted({self._registry_names[k].split("\\")[depth] for k in self.registry
                                if k.startswith(prefix + "\\")}))

    def registry_values(self, key: str) -> dict[str, Any] | None:
        if self.platform != "windows":
            raise HostUnavailable("there is no registry on this system")
        values = self.registry.get(normalize_registry_key(key))
        return None if values is None else ValueMap(values)

    def service(self, name: str, *, deadline: Deadline | None = None) -> ServiceInfo | None:
        if name.upper() not in self.services and self.platform == "linux":
            return self._systemd_service(name, deadline)  # answered from the recorded systemctl output
        answer = self.services.get(name.upper())
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def processes(self) -> list[ProcessInfo]:
        return list(self.process_list)

    def resolve(self, name: str, timeout: float = 3.0, *, deadline: Deadline | None = None) -> list[str]:
        answer = self.dns.get(name, socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
        if isinstance(answer, BaseException):
            raise answer
        return list(answer)

    def tcp_connect(self, host: str, port: int, timeout: float = 3.0, *, deadline: Deadline | None = None) -> float:
        answer = self.tcp.get((host, port), ConnectionRefusedError(111, "Connection refused"))
        if isinstance(answer, BaseException):
            raise answer
        return float(answer)

    def tunnel(self, proxy_host: str, proxy_port: int, target_host: str, target_port: int,
               timeout: float = 3.0, *, deadline: Deadline | None = None) -> int:
        """`tunnels` maps the target (host, port) to the proxy's status code."""
        answer = self.tunnels.get((target_host, target_port), ConnectionRefusedError(111, "Connection refused"))
        if isinstance(answer, BaseException):
            raise answer
        return int(answer)

    def http_get(self, url, headers=None, timeout: float = 3.0, proxy: str | None = None, *,
                 deadline: Deadline | None = None) -> HttpReply:
        self.calls.append(("GET", url, *(f"{k}: {v}" for k, v in (headers or {}).items())))
        answer = self.http.get(url, ConnectionRefusedError(111, "Connection refused"))
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def is_elevated(self) -> bool:
        return self.elevated

    def environ(self) -> Mapping[str, str]:
        return dict(self.env)

    def load_sample(self, window: float = 1.0, *, deadline: Deadline | None = None) -> tuple[float, float]:
        return self.load
