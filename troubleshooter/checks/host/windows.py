"""What only Windows needs: a command's job object, pipes read without select, services, elevation."""

from __future__ import annotations

import subprocess
import threading

import psutil

from troubleshooter.checks.deadline import Deadline
from troubleshooter.checks.host.base import HostUnavailable, ServiceInfo
from troubleshooter.checks.host.supervise import PIPE_GRACE, CappedOutput, Collected, Supervised, marked_environment

_CREATE_SUSPENDED = 0x00000004


class _WindowsJob:
    """A job object holding one command and every process it starts (children join it by default)."""

    def __init__(self, process: subprocess.Popen):
        import ctypes
        from ctypes import wintypes

        self._kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        self._kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        self._kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, wintypes.LPCWSTR)
        self._kernel32.AssignProcessToJobObject.argtypes = (wintypes.HANDLE, wintypes.HANDLE)
        self._kernel32.TerminateJobObject.argtypes = (wintypes.HANDLE, wintypes.UINT)
        self._kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
        self.handle = self._kernel32.CreateJobObjectW(None, None)
        if self.handle and not self._kernel32.AssignProcessToJobObject(self.handle, int(process._handle)):
            self.close()

    def terminate(self) -> None:
        if self.handle:
            self._kernel32.TerminateJobObject(self.handle, 1)

    def close(self) -> None:
        if self.handle:
            self._kernel32.CloseHandle(self.handle)
            self.handle = None


def _resume(process: subprocess.Popen) -> None:
    """Let a command started suspended run (it was held until it sat in its job)."""
    import ctypes

    ctypes.WinDLL("ntdll").NtResumeProcess(ctypes.c_void_p(int(process._handle)))  # type: ignore[attr-defined]


def start(argv: list[str], **popen_arguments) -> Supervised:
    """Start a command inside a job object that kills its whole tree, marked with a fresh token."""
    environment, token = marked_environment(popen_arguments)
    return start_in_job(argv, environment, token, popen_arguments)


def start_in_job(argv: list[str], environment: dict[str, str], token: str, popen_arguments: dict) -> Supervised:
    popen_arguments["creationflags"] = (subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
                                        | subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
                                        | _CREATE_SUSPENDED)  # until it is in its job
    process = subprocess.Popen(argv, env=environment, **popen_arguments)
    job = None
    try:
        job = _WindowsJob(process)
    except (OSError, AttributeError, ValueError):
        job = None  # still killed by its process tree, only a detached child could escape
    finally:
        _resume(process)
    return Supervised(process, token, job)


class _PipeReader(threading.Thread):
    """Drains one pipe to its end into a CappedOutput (Windows pipes cannot be selected)."""

    def __init__(self, pipe):
        super().__init__(daemon=True, name="command-output")
        self.pipe = pipe
        self.output = CappedOutput()
        self.start()

    def run(self) -> None:
        try:
            while True:
                chunk = self.pipe.read1(65536) if hasattr(self.pipe, "read1") else self.pipe.read(65536)
                if not chunk:
                    break
                self.output.add(chunk)
        except (OSError, ValueError):
            pass
        finally:
            try:
                self.pipe.close()
            except OSError:
                pass


def collect_windows(command: Supervised, limit: float, deadline: Deadline | None) -> Collected:
    """Wait for the command, `limit` seconds at most; a Deadline expiring terminates its job, which
    ends this wait at once."""
    process = command.process
    readers = [_PipeReader(process.stdout), _PipeReader(process.stderr)]
    stopped = False
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        stopped = True
    stopped = stopped or (deadline is not None and deadline.expired)
    if stopped:
        command.kill_all()
    for reader in readers:
        reader.join(PIPE_GRACE)
    if any(reader.is_alive() for reader in readers):
        command.kill_all()  # a leftover descendant still holds the pipe
        for reader in readers:
            reader.join(PIPE_GRACE)
    returncode = process.wait()
    cancelled = stopped and deadline is not None and deadline.cancelled
    return Collected(readers[0].output, readers[1].output, stopped and not cancelled, cancelled,
                     None if stopped else returncode)


def windows_service(name: str) -> ServiceInfo | None:
    try:
        info = psutil.win_service_get(name).as_dict()  # type: ignore[attr-defined]
    except psutil.NoSuchProcess:
        return None
    except (AttributeError, OSError) as exc:
        raise HostUnavailable(str(exc)) from exc
    return ServiceInfo(name=info.get("name") or name, running=info.get("status") == "running",
                       state=str(info.get("status") or ""), start_type=str(info.get("start_type") or ""),
                       account=str(info.get("username") or ""), pid=info.get("pid"))


def is_user_admin() -> bool:
    try:
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        return False

