"""This machine as a Host: real commands, files (optionally under a root folder), services and network."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Mapping

from troubleshooter.checks.deadline import Cancelled, Deadline
from troubleshooter.checks.host import registry, supervise
from troubleshooter.checks.host.base import (CommandOutput, Host, HostUnavailable, HttpReply, ProcessInfo, ServiceInfo,
                                             within)
from troubleshooter.checks.host.encoding import decode_output
from troubleshooter.checks.host.files import RootedFiles
from troubleshooter.checks.host.programs import program_search_path, system_program
from troubleshooter.platform import current_platform


def _starter():
    """Windows puts a command in a job object; POSIX in its own session under our subreaper."""
    if sys.platform == "win32":
        from troubleshooter.checks.host import windows

        return windows.start
    return supervise.start


class LocalHost(RootedFiles, Host):
    """This machine. `root` redirects file paths (tests); commands and network stay real."""

    def __init__(self, root: str | os.PathLike | None = None, platform: str | None = None):
        self.root = Path(root) if root is not None else None
        self.platform = platform or current_platform()

    # -- commands ------------------------------------------------------------------------------
    def run(self, argv, timeout: float = 10.0, *, deadline: Deadline | None = None) -> CommandOutput:
        argv = tuple(str(part) for part in argv)
        started = time.monotonic()
        try:
            limit = within(deadline, timeout)
        except Cancelled:
            return CommandOutput(argv, None, cancelled=True)
        program = argv[0] if os.path.isabs(argv[0]) else system_program(argv[0])
        if program is None:
            return CommandOutput(argv, None, stderr=f"{argv[0]}: not found in the system folders", not_found=True)
        supervise.note_command_starting()
        command = None
        try:
            command = _starter()([program, *argv[1:]], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=dict(os.environ, PATH=program_search_path()))
        except (FileNotFoundError, NotADirectoryError):
            return CommandOutput(argv, None, stderr=f"{argv[0]}: not found", not_found=True)
        except PermissionError as exc:
            return CommandOutput(argv, None, stderr=str(exc), not_found=True)
        finally:
            supervise.note_command_started(command.pid if command is not None else None)
        try:
            if deadline is None:
                collected = self._collect(command, limit, None)
            else:
                with deadline.track(command):
                    collected = self._collect(command, limit, deadline)
        finally:
            # Whatever the command started and left running (a daemon, a setsid child) ends with it.
            command.end()
            supervise.note_command_ended(command.pid)
        return CommandOutput(argv, collected.returncode, decode_output(collected.stdout.data),
                             decode_output(collected.stderr.data), timed_out=collected.timed_out,
                             cancelled=collected.cancelled,
                             truncated=collected.stdout.truncated or collected.stderr.truncated,
                             duration=time.monotonic() - started)

    @staticmethod
    def _collect(command: supervise.Supervised, limit: float, deadline: Deadline | None) -> supervise.Collected:
        if os.name == "nt":
            from troubleshooter.checks.host.windows import collect_windows

            return collect_windows(command, limit, deadline)
        return supervise.collect_posix(command, limit, deadline)

    # -- registry ------------------------------------------------------------------------------
    def registry_value(self, key: str, name: str) -> Any:
        return registry.registry_value(key, name)

    def registry_subkeys(self, key: str) -> list[str] | None:
        return registry.registry_subkeys(key)

    def registry_values(self, key: str) -> dict[str, Any] | None:
        return registry.registry_values(key)

    # -- services and processes ----------------------------------------------------------------
    # -- WMI and version resources (Windows) -----------------------------------------------------
    def wmi_query(self, namespace: str, wql: str, methods: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        from troubleshooter.checks.host import wmi

        return wmi.query(namespace, wql, methods)

    def file_version(self, path: str) -> str | None:
        try:
            import win32api  # type: ignore[import-not-found]
            import pywintypes  # type: ignore[import-not-found]
        except ImportError as exc:
            raise HostUnavailable("there are no version resources on this system") from exc
        try:
            info = win32api.GetFileVersionInfo(str(self.local_path(path)), "\\")
        except pywintypes.error:
            return None
        high, low = info["ProductVersionMS"], info["ProductVersionLS"]
        return f"{high >> 16}.{high & 0xFFFF}.{low >> 16}.{low & 0xFFFF}"

    def service(self, name: str, *, deadline: Deadline | None = None) -> ServiceInfo | None:
        if self.platform == "windows":
            from troubleshooter.checks.host.windows import windows_service

            return windows_service(name)
        return self._systemd_service(name, deadline)

    def processes(self) -> list[ProcessInfo]:
        """The machine's processes, without the commands the checks started and their children:
        a check must not take another check's `waagent --version` for the running agent."""
        ours = supervise.own_command_pids()
        listed = []
        import psutil  # loaded with the first check that lists processes, not at start-up

        for process in psutil.process_iter(["pid", "ppid", "name", "cmdline"]):
            listed.append(process.info)
        # Also those that started, or ended, while the list was taken; one being started may be in
        # the list before Popen has told us its id.
        supervise.wait_for_starting_commands()
        ours |= supervise.own_command_pids()
        parents = {info["pid"]: info.get("ppid") for info in listed}
        return [ProcessInfo(info["pid"], info.get("name") or "", tuple(info.get("cmdline") or ()))
                for info in listed if not supervise.started_by_us(info["pid"], parents, ours)]

    # -- network -------------------------------------------------------------------------------
    def resolve(self, name: str, timeout: float = 3.0, *, deadline: Deadline | None = None) -> list[str]:
        from troubleshooter.checks.host import network  # http.client and ssl: only for network checks

        return network.resolve(name, within(deadline, timeout))

    def tcp_connect(self, host: str, port: int, timeout: float = 3.0, *, deadline: Deadline | None = None) -> float:
        from troubleshooter.checks.host import network

        return network.tcp_connect(host, port, within(deadline, timeout))

    def tunnel(self, proxy_host: str, proxy_port: int, target_host: str, target_port: int,
               timeout: float = 3.0, *, deadline: Deadline | None = None) -> int:
        from troubleshooter.checks.host import network

        return network.tunnel(proxy_host, proxy_port, target_host, target_port, within(deadline, timeout))

    def http_get(self, url, headers=None, timeout: float = 3.0, proxy: str | None = None, *,
                 deadline: Deadline | None = None) -> HttpReply:
        from troubleshooter.checks.host import network

        return network.http_get(url, headers, within(deadline, timeout), proxy)

    # -- this program --------------------------------------------------------------------------
    def is_elevated(self) -> bool:
        if os.name == "nt":
            from troubleshooter.checks.host.windows import is_user_admin

            return is_user_admin()
        return os.geteuid() == 0

    def environ(self) -> Mapping[str, str]:
        return dict(os.environ)

    def load_sample(self, window: float = 1.0, *, deadline: Deadline | None = None) -> tuple[float, float]:
        window = within(deadline, window)
        import psutil

        cpu = psutil.cpu_percent(interval=window)
        return float(cpu), float(psutil.virtual_memory().percent)
