"""The only door to the machine: commands, files, registry, services and network, real or replayed."""

from __future__ import annotations

import codecs
import fnmatch
import glob as globbing
import http.client
import locale
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Iterable, Mapping

import psutil

from troubleshooter.checks import supervise
from troubleshooter.checks.parsers.systemctl import NoServiceManager, parse_systemctl_status

# What is kept of a command's output; the rest is read and dropped so the pipe never fills up.
OUTPUT_CAP = 1024 * 1024
# How long a finished command's pipes may stay open (held by a leftover grandchild) before the
# whole group is killed.
PIPE_GRACE = 0.5
_POLL = 0.05


def current_platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform.startswith("linux"):
        return "linux"
    return sys.platform


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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx comes back as the reply itself, so the caller sees where it pointed and goes nowhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Cancelled(Exception):
    """The check was cancelled or ran out of time while waiting on the host."""


def decode_output(data: bytes) -> str:
    """Bytes from a command, in whatever encoding it chose, as text with \\n line ends.

    Windows tools write UTF-16 with a BOM (PowerShell redirected), the OEM code page (cp949 on a
    Korean server, cp850 in France) or UTF-8; a cut at the output cap may split a character.
    """
    if not data:
        return ""
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", "replace")
    elif _looks_like_utf16le(data):
        text = data[: len(data) // 2 * 2].decode("utf-16-le", "replace")
    else:
        text = _decode_single_byte_family(data)
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _looks_like_utf16le(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    odd_zeros = sample[1::2].count(0)
    even_zeros = sample[0::2].count(0)
    return odd_zeros > len(sample) // 4 and even_zeros < odd_zeros // 4


def _candidate_encodings() -> list[str]:
    names = ["utf-8"]
    if sys.platform.startswith("win"):
        try:
            import ctypes

            names.append(f"cp{ctypes.windll.kernel32.GetOEMCP()}")  # type: ignore[attr-defined]
            names.append(f"cp{ctypes.windll.kernel32.GetACP()}")  # type: ignore[attr-defined]
        except (OSError, AttributeError):
            pass
    names.append(locale.getpreferredencoding(False) or "utf-8")
    names.append("cp949")
    unique: list[str] = []
    for name in names:
        try:
            normal = codecs.lookup(name).name
        except LookupError:
            continue
        if normal not in unique:
            unique.append(normal)
    return unique


def _decode_single_byte_family(data: bytes) -> str:
    for encoding in _candidate_encodings():
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                return data[: exc.start].decode("utf-8", "replace")
    return data.decode("utf-8", "replace")


class Host:
    """Everything a check may look at. Subclasses: `LocalHost` (this machine), `FakeHost` (tests).

    Paths are written as on the target OS ("/etc/waagent.conf", r"C:\\Packages\\..."); a host with
    a `root` looks for them under that folder instead, so tests can build a fake machine.
    """

    platform: str = "linux"

    # -- limits set by the runner for one check ------------------------------------------------
    deadline: float | None = None
    cancel_event: threading.Event | None = None

    def bound(self, deadline: float | None, cancel_event: threading.Event | None) -> "Host":
        """A copy of this host whose waits end at `deadline` or when `cancel_event` is set."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.deadline = deadline
        clone.cancel_event = cancel_event
        return clone

    def remaining(self, wanted: float) -> float:
        if self.cancel_event is not None and self.cancel_event.is_set():
            raise Cancelled("cancelled")
        if self.deadline is None:
            return wanted
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Cancelled("out of time")
        return min(wanted, left)

    # -- interface -----------------------------------------------------------------------------
    def run(self, argv: list[str] | tuple[str, ...], timeout: float = 10.0) -> CommandOutput:
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

    def service(self, name: str) -> ServiceInfo | None:
        """The service's state, None when no such service is installed; raises HostUnavailable
        when the service manager cannot be asked."""
        raise NotImplementedError

    def processes(self) -> list[ProcessInfo]:
        raise NotImplementedError

    def resolve(self, name: str, timeout: float = 3.0) -> list[str]:
        raise NotImplementedError

    def tcp_connect(self, host: str, port: int, timeout: float = 3.0) -> float:
        """Seconds the connection took; raises OSError when it fails."""
        raise NotImplementedError

    def http_get(self, url: str, headers: Mapping[str, str] | None = None, timeout: float = 3.0,
                 proxy: str | None = None) -> HttpReply:
        """Any HTTP answer comes back (4xx/5xx too); raises OSError when none came."""
        raise NotImplementedError

    def tunnel(self, proxy_host: str, proxy_port: int, target_host: str, target_port: int,
               timeout: float = 3.0) -> int:
        """Ask an HTTP proxy to CONNECT to the target; the proxy's status code (200 = through).
        Raises OSError when the proxy itself cannot be reached or does not answer."""
        raise NotImplementedError

    def is_elevated(self) -> bool:
        raise NotImplementedError

    def environ(self) -> Mapping[str, str]:
        raise NotImplementedError

    def load_sample(self, window: float = 1.0) -> tuple[float, float]:
        """(CPU %, memory %) over `window` seconds."""
        raise NotImplementedError

    def _systemd_service(self, name: str) -> ServiceInfo | None:
        output = self.run(["systemctl", "status", f"{name}.service", "--no-pager", "--lines=0"], timeout=5)
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


def _relative_parts(path: str) -> tuple[str, ...]:
    if "\\" in path or (len(path) > 1 and path[1] == ":"):
        pure = PureWindowsPath(path)
        drive = pure.drive.rstrip(":")
        return ((drive,) if drive else ()) + pure.parts[1:]
    pure = PurePosixPath(path)
    return pure.parts[1:] if pure.is_absolute() else pure.parts


class _RootedFiles:
    """File access under an optional root folder (None: the real file system)."""

    root: Path | None = None

    def local_path(self, path: str) -> Path:
        if self.root is None:
            return Path(path)
        return self.root.joinpath(*_relative_parts(path))

    def _host_path(self, local: str) -> str:
        if self.root is None:
            return local
        relative = Path(local).relative_to(self.root)
        return "/" + relative.as_posix()

    def read_text(self, path: str, limit: int = OUTPUT_CAP) -> str:
        with open(self.local_path(path), "rb") as handle:
            return decode_output(handle.read(limit))

    def list_dir(self, path: str) -> list[str]:
        return sorted(os.listdir(self.local_path(path)))

    def glob(self, pattern: str) -> list[str]:
        local_pattern = str(self.local_path(pattern))
        return sorted(self._host_path(found) for found in globbing.glob(local_pattern))

    def exists(self, path: str) -> bool:
        return self.local_path(path).exists()

    def is_dir(self, path: str) -> bool:
        return self.local_path(path).is_dir()

    def which(self, name: str) -> str | None:
        """The program's path as this process can run it; sbin folders count even when not on PATH."""
        if self.root is None:
            found = shutil.which(name)
            if found or os.name == "nt":
                return found
        for folder in _PROGRAM_FOLDERS:
            candidate = self.local_path(f"{folder}/{name}")
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
        return None


_PROGRAM_FOLDERS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")


class LocalHost(_RootedFiles, Host):
    """This machine. `root` redirects file paths (tests); commands and network stay real."""

    def __init__(self, root: str | os.PathLike | None = None, platform: str | None = None):
        self.root = Path(root) if root is not None else None
        self.platform = platform or current_platform()

    # -- commands ------------------------------------------------------------------------------
    def run(self, argv, timeout: float = 10.0) -> CommandOutput:
        argv = tuple(str(part) for part in argv)
        started = time.monotonic()
        try:
            limit = self.remaining(timeout)
        except Cancelled:
            return CommandOutput(argv, None, cancelled=True)
        _note_command_starting()
        command = None
        try:
            command = supervise.start(list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE)
        except (FileNotFoundError, NotADirectoryError):
            return CommandOutput(argv, None, stderr=f"{argv[0]}: not found", not_found=True)
        except PermissionError as exc:
            return CommandOutput(argv, None, stderr=str(exc), not_found=True)
        finally:
            _note_command_started(command.pid if command is not None else None)
        try:
            return self._wait_for(command, argv, started, limit)
        finally:
            # Whatever the command started and left running (a daemon, a setsid child) ends with it.
            command.end()
            _note_command_ended(command.pid)

    def _wait_for(self, command: supervise.Supervised, argv: tuple[str, ...], started: float,
                  limit: float) -> CommandOutput:
        process = command.process
        readers = [_CappedReader(process.stdout), _CappedReader(process.stderr)]
        timed_out = cancelled = False
        end = started + limit
        while process.poll() is None:
            if self.cancel_event is not None and self.cancel_event.is_set():
                cancelled = True
                break
            if time.monotonic() >= end:
                timed_out = True
                break
            time.sleep(_POLL)
        if timed_out or cancelled:
            command.kill_all()
        for reader in readers:
            reader.join(PIPE_GRACE)
        if any(reader.is_alive() for reader in readers):
            command.kill_all()  # a leftover descendant still holds the pipe
            for reader in readers:
                reader.join(PIPE_GRACE)
        returncode = process.wait()
        return CommandOutput(argv, None if (timed_out or cancelled) else returncode,
                             decode_output(readers[0].data), decode_output(readers[1].data),
                             timed_out=timed_out, cancelled=cancelled,
                             truncated=readers[0].truncated or readers[1].truncated,
                             duration=time.monotonic() - started)

    # -- registry ------------------------------------------------------------------------------
    def registry_value(self, key: str, name: str) -> Any:
        winreg = _winreg()
        hive, sub = _split_registry_key(key, winreg)
        try:
            with winreg.OpenKey(hive, sub, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as handle:
                value, _kind = winreg.QueryValueEx(handle, name)
                return value
        except FileNotFoundError:
            return None

    def registry_subkeys(self, key: str) -> list[str] | None:
        winreg = _winreg()
        hive, sub = _split_registry_key(key, winreg)
        try:
            with winreg.OpenKey(hive, sub, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as handle:
                names = []
                index = 0
                while True:
                    try:
                        names.append(winreg.EnumKey(handle, index))
                    except OSError:
                        return names
                    index += 1
        except FileNotFoundError:
            return None

    def registry_values(self, key: str) -> dict[str, Any] | None:
        winreg = _winreg()
        hive, sub = _split_registry_key(key, winreg)
        try:
            with winreg.OpenKey(hive, sub, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as handle:
                values: dict[str, Any] = {}
                index = 0
                while True:
                    try:
                        name, value, _kind = winreg.EnumValue(handle, index)
                    except OSError:
                        return values
                    values[name] = value
                    index += 1
        except FileNotFoundError:
            return None

    # -- services and processes ----------------------------------------------------------------
    def service(self, name: str) -> ServiceInfo | None:
        if self.platform == "windows":
            return self._windows_service(name)
        return self._systemd_service(name)

    def _windows_service(self, name: str) -> ServiceInfo | None:
        try:
            info = psutil.win_service_get(name).as_dict()  # type: ignore[attr-defined]
        except psutil.NoSuchProcess:
            return None
        except (AttributeError, OSError) as exc:
            raise HostUnavailable(str(exc)) from exc
        return ServiceInfo(name=info.get("name") or name, running=info.get("status") == "running",
                           state=str(info.get("status") or ""), start_type=str(info.get("start_type") or ""),
                           account=str(info.get("username") or ""), pid=info.get("pid"))

    def processes(self) -> list[ProcessInfo]:
        """The machine's processes, without the commands the checks started and their children:
        a check must not take another check's `waagent --version` for the running agent."""
        ours = own_command_pids()
        listed = []
        for process in psutil.process_iter(["pid", "ppid", "name", "cmdline"]):
            listed.append(process.info)
        # Also those that started, or ended, while the list was taken; one being started may be in
        # the list before Popen has told us its id.
        _wait_for_starting_commands()
        ours |= own_command_pids()
        parents = {info["pid"]: info.get("ppid") for info in listed}
        return [ProcessInfo(info["pid"], info.get("name") or "", tuple(info.get("cmdline") or ()))
                for info in listed if not _started_by_us(info["pid"], parents, ours)]

    # -- network -------------------------------------------------------------------------------
    def resolve(self, name: str, timeout: float = 3.0) -> list[str]:
        limit = self.remaining(timeout)
        answer: dict[str, Any] = {}

        def lookup() -> None:
            try:
                answer["addresses"] = sorted({info[4][0] for info in socket.getaddrinfo(name, None)})
            except OSError as exc:
                answer["error"] = exc

        # getaddrinfo has no timeout of its own; a helper thread lets us stop waiting for it.
        worker = threading.Thread(target=lookup, daemon=True, name=f"resolve-{name}")
        worker.start()
        worker.join(limit)
        if worker.is_alive():
            raise TimeoutError(f"no answer for {name} within {limit:.1f} s")
        if "error" in answer:
            raise answer["error"]
        return answer["addresses"]

    def tcp_connect(self, host: str, port: int, timeout: float = 3.0) -> float:
        limit = self.remaining(timeout)
        started = time.monotonic()
        with socket.create_connection((host, port), timeout=limit):
            return time.monotonic() - started

    def tunnel(self, proxy_host: str, proxy_port: int, target_host: str, target_port: int,
               timeout: float = 3.0) -> int:
        limit = self.remaining(timeout)
        with socket.create_connection((proxy_host, proxy_port), timeout=limit) as connection:
            target = f"{target_host}:{target_port}"
            connection.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode("ascii"))
            answer = b""
            while b"\r\n" not in answer and len(answer) < 4096:
                chunk = connection.recv(1024)
                if not chunk:
                    break
                answer += chunk
        status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
        parts = status_line.split()
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise ConnectionError(f"the proxy gave no HTTP answer ({status_line[:60]!r})")
        return int(parts[1])

    def http_get(self, url, headers=None, timeout: float = 3.0, proxy: str | None = None) -> HttpReply:
        limit = self.remaining(timeout)
        # An explicit opener: the environment's proxy must not apply unless we pass it ourselves.
        # Redirects are never followed: the headers we send (Metadata: true) are for this one host.
        handlers = [urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {}), _NoRedirects()]
        opener = urllib.request.build_opener(*handlers)
        request = urllib.request.Request(url, headers=dict(headers or {}), method="GET")
        try:
            with opener.open(request, timeout=limit) as response:
                body = response.read(OUTPUT_CAP)
                return HttpReply(response.status, dict(response.headers.items()), decode_output(body))
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read(OUTPUT_CAP) if exc.fp is not None else b""
            except (OSError, http.client.HTTPException):
                body = b""
            return HttpReply(exc.code, dict(exc.headers.items()) if exc.headers else {}, decode_output(body))
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, http.client.HTTPException):
                raise NotHttpReply(url) from exc
            raise reason if isinstance(reason, OSError) else OSError(str(reason)) from exc
        except http.client.HTTPException as exc:  # BadStatusLine, LineTooLong, IncompleteRead ...
            raise NotHttpReply(url) from exc

    def is_elevated(self) -> bool:
        if os.name == "nt":
            try:
                import ctypes

                return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
            except (OSError, AttributeError):
                return False
        return os.geteuid() == 0

    def environ(self) -> Mapping[str, str]:
        return dict(os.environ)

    def load_sample(self, window: float = 1.0) -> tuple[float, float]:
        window = self.remaining(window)
        cpu = psutil.cpu_percent(interval=window)
        return float(cpu), float(psutil.virtual_memory().percent)


# Commands this program started, by process id, with the time each ended (None while it runs).
# An ended one is remembered a little longer, for a process list taken while it was still running.
_OWN_COMMANDS: dict[int, float | None] = {}
_OWN_COMMANDS_LOCK = threading.Condition()
_REMEMBER_ENDED_S = 5.0  # a process list takes milliseconds; ids are not reused that fast
# Commands being started right now: their process exists before Popen returns its id.
_starting = 0


def _note_command_starting() -> None:
    global _starting
    with _OWN_COMMANDS_LOCK:
        _starting += 1


def _note_command_started(pid: int | None) -> None:
    global _starting
    with _OWN_COMMANDS_LOCK:
        _starting -= 1
        if pid is not None:
            _OWN_COMMANDS[pid] = None
        _OWN_COMMANDS_LOCK.notify_all()


def _wait_for_starting_commands(timeout: float = 2.0) -> None:
    with _OWN_COMMANDS_LOCK:
        _OWN_COMMANDS_LOCK.wait_for(lambda: _starting == 0, timeout)


def _note_command_ended(pid: int) -> None:
    with _OWN_COMMANDS_LOCK:
        _OWN_COMMANDS[pid] = time.monotonic()


def own_command_pids() -> set[int]:
    """Process ids of the commands the checks started that run now or ended moments ago."""
    now = time.monotonic()
    with _OWN_COMMANDS_LOCK:
        for pid, ended in list(_OWN_COMMANDS.items()):
            if ended is not None and now - ended > _REMEMBER_ENDED_S:
                del _OWN_COMMANDS[pid]
        return set(_OWN_COMMANDS)


def _started_by_us(pid: int, parents: dict[int, int | None], ours: set[int]) -> bool:
    """Whether `pid` is one of our commands or descends from one: by its parents, or by its session
    (each command leads its own, so a child whose parent has exited still carries it)."""
    if not ours:
        return False
    current: int | None = pid
    for _ in range(64):
        if current is None or current <= 1:
            break
        if current in ours:
            return True
        current = parents.get(current)
    if hasattr(os, "getsid"):
        try:
            return os.getsid(pid) in ours
        except OSError:
            return False
    return False


class _CappedReader(threading.Thread):
    """Drains one pipe to its end, keeping the first OUTPUT_CAP bytes."""

    def __init__(self, pipe):
        super().__init__(daemon=True, name="command-output")
        self.pipe = pipe
        self.chunks: list[bytes] = []
        self.kept = 0
        self.truncated = False
        self.start()

    def run(self) -> None:
        try:
            while True:
                chunk = self.pipe.read1(65536) if hasattr(self.pipe, "read1") else self.pipe.read(65536)
                if not chunk:
                    break
                room = OUTPUT_CAP - self.kept
                if room > 0:
                    self.chunks.append(chunk[:room])
                    self.kept += min(room, len(chunk))
                if len(chunk) > room:
                    self.truncated = True
        except (OSError, ValueError):
            pass
        finally:
            try:
                self.pipe.close()
            except OSError:
                pass

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)


def _winreg():
    try:
        import winreg  # type: ignore[import-not-found]
    except ImportError as exc:
        raise HostUnavailable("there is no registry on this system") from exc
    return winreg


_HIVES = {"HKLM": "HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE": "HKEY_LOCAL_MACHINE",
          "HKCU": "HKEY_CURRENT_USER", "HKEY_CURRENT_USER": "HKEY_CURRENT_USER"}


def _split_registry_key(key: str, winreg) -> tuple[Any, str]:
    hive_name, _, sub = key.partition("\\")
    return getattr(winreg, _HIVES[hive_name.upper()]), sub


def normalize_registry_key(key: str) -> str:
    hive, _, sub = key.strip("\\").partition("\\")
    return "\\".join([_HIVES.get(hive.upper(), hive.upper()).replace("HKEY_LOCAL_MACHINE", "HKLM")
                      .replace("HKEY_CURRENT_USER", "HKCU"), *[p for p in sub.split("\\") if p]]).upper()


CommandAnswer = CommandOutput | str | BaseException


@dataclass
class FakeHost(_RootedFiles, Host):
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
    calls: list[tuple[str, ...]] = field(default_factory=list)

    def __post_init__(self):
        if self.root is not None:
            self.root = Path(self.root)
        self.files = {self._key(path): text for path, text in self.files.items()}
        self._registry_names = {normalize_registry_key(key): key.strip("\\") for key in self.registry}
        self.registry = {normalize_registry_key(key): dict(values) for key, values in self.registry.items()}
        self.services = {name.upper(): info for name, info in self.services.items()}

    def _key(self, path: str) -> str:
        key = path.replace("\\", "/")
        return key.casefold() if self.platform == "windows" else key

    def run(self, argv, timeout: float = 10.0) -> CommandOutput:
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
        return _RootedFiles.which(self, name) if self.root is not None else None

    def _command_keys(self) -> Iterable[tuple[str, ...]]:
        for key in self.commands:
            yield key if isinstance(key, tuple) else tuple(key.split(" "))

    def read_text(self, path: str, limit: int = OUTPUT_CAP) -> str:
        key = self._key(path)
        if key in self.files:
            return self.files[key][:limit]
        if self.root is not None:
            return _RootedFiles.read_text(self, path, limit)
        raise FileNotFoundError(path)

    def _children(self, path: str) -> set[str]:
        prefix = self._key(path).rstrip("/") + "/"
        return {key[len(prefix):].split("/")[0] for key in self.files if key.startswith(prefix)}

    def list_dir(self, path: str) -> list[str]:
        names = self._children(path)
        if self.root is not None and self.local_path(path).is_dir():
            names |= set(_RootedFiles.list_dir(self, path))
        if not names and not (self.root is not None and self.local_path(path).is_dir()):
            raise FileNotFoundError(path)
        return sorted(names)

    def glob(self, pattern: str) -> list[str]:
        key_pattern = self._key(pattern)
        depth = key_pattern.count("/")
        found = {key for key in self._all_paths() if key.count("/") == depth and fnmatch.fnmatchcase(key, key_pattern)}
        if self.root is not None:
            found |= set(_RootedFiles.glob(self, pattern))
        return sorted(found)

    def _all_paths(self) -> set[str]:
        paths = set(self.files)
        for key in self.files:
            parts = key.split("/")
            paths.update("/".join(parts[:end]) for end in range(2, len(parts)))
        return paths

    def exists(self, path: str) -> bool:
        return self._key(path) in self._all_paths() or (self.root is not None and _RootedFiles.exists(self, path))

    def is_dir(self, path: str) -> bool:
        return bool(self._children(path)) or (self.root is not None and _RootedFiles.is_dir(self, path))

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
        return sorted({self._registry_names[k].split("\\")[depth] for k in self.registry
                       if k.startswith(prefix + "\\")})

    def registry_values(self, key: str) -> dict[str, Any] | None:
        if self.platform != "windows":
            raise HostUnavailable("there is no registry on this system")
        values = self.registry.get(normalize_registry_key(key))
        return None if values is None else dict(values)

    def service(self, name: str) -> ServiceInfo | None:
        if name.upper() not in self.services and self.platform == "linux":
            return self._systemd_service(name)  # answered from the recorded systemctl output
        answer = self.services.get(name.upper())
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def processes(self) -> list[ProcessInfo]:
        return list(self.process_list)

    def resolve(self, name: str, timeout: float = 3.0) -> list[str]:
        answer = self.dns.get(name, socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
        if isinstance(answer, BaseException):
            raise answer
        return list(answer)

    def tcp_connect(self, host: str, port: int, timeout: float = 3.0) -> float:
        answer = self.tcp.get((host, port), ConnectionRefusedError(111, "Connection refused"))
        if isinstance(answer, BaseException):
            raise answer
        return float(answer)

    def tunnel(self, proxy_host: str, proxy_port: int, target_host: str, target_port: int,
               timeout: float = 3.0) -> int:
        """`tunnels` maps the target (host, port) to the proxy's status code."""
        answer = self.tunnels.get((target_host, target_port), ConnectionRefusedError(111, "Connection refused"))
        if isinstance(answer, BaseException):
            raise answer
        return int(answer)

    def http_get(self, url, headers=None, timeout: float = 3.0, proxy: str | None = None) -> HttpReply:
        self.calls.append(("GET", url, *(f"{k}: {v}" for k, v in (headers or {}).items())))
        answer = self.http.get(url, ConnectionRefusedError(111, "Connection refused"))
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def is_elevated(self) -> bool:
        return self.elevated

    def environ(self) -> Mapping[str, str]:
        return dict(self.env)

    def load_sample(self, window: float = 1.0) -> tuple[float, float]:
        return self.load
