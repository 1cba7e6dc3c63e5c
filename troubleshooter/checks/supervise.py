"""A check's command and everything it starts end together: no check leaves a process running.

Linux: this process becomes a child subreaper, so a descendant whose parent exited (a daemon that
called setsid, say) is handed to us instead of to init, and each command's environment carries a
token that its descendants inherit; when the command ends, every process still carrying its token
is killed. Windows: each command runs in a job object, which is terminated when the command ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import psutil

TOKEN_ENV = "VMBT_CHECK_COMMAND"
_PR_SET_CHILD_SUBREAPER = 36
_REAP_WAIT_S = 2.0

_subreaper_lock = threading.Lock()
_subreaper: bool | None = None


def become_subreaper() -> bool:
    """Linux only: orphaned descendants of our commands become our children (prctl, once)."""
    global _subreaper
    with _subreaper_lock:
        if _subreaper is None:
            _subreaper = False
            if sys.platform.startswith("linux"):
                try:
                    import ctypes

                    libc = ctypes.CDLL(None, use_errno=True)
                    _subreaper = libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
                except (OSError, AttributeError):
                    _subreaper = False
        return _subreaper


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


class Supervised:
    """One running command, its token and (on Windows) its job."""

    def __init__(self, process: subprocess.Popen, token: str, job: _WindowsJob | None = None):
        self.process = process
        self.token = token
        self.job = job

    @property
    def pid(self) -> int:
        return self.process.pid

    def _leftovers(self) -> dict[int, psutil.Process]:
        """Every process below the command, and every orphan handed to us that carries its token,
        with everything below those."""
        found: dict[int, psutil.Process] = {}
        if self.process.returncode is None:
            try:
                found.update((p.pid, p) for p in psutil.Process(self.process.pid).children(recursive=True))
            except psutil.Error:
                pass
        try:
            ours = psutil.Process().children()
        except psutil.Error:
            ours = []
        for child in ours:
            if child.pid == self.process.pid or child.pid in found:
                continue
            try:
                if child.environ().get(TOKEN_ENV) != self.token:
                    continue
                below = child.children(recursive=True)
            except psutil.Error:
                continue
            found[child.pid] = child
            found.update((p.pid, p) for p in below)
        return found

    def kill_all(self) -> None:
        """Kill the command (if it still runs) and everything it started; reap what is ours to reap."""
        if self.job is not None:
            self.job.terminate()
        leftovers = self._leftovers()
        if os.name != "nt" and self.process.returncode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # the command leads its own session and group
            except (ProcessLookupError, PermissionError):
                pass
        for process in leftovers.values():
            try:
                process.kill()  # psutil checks it is still the same process, not a reused id
            except psutil.Error:
                pass
        if self.process.returncode is None:
            try:
                self.process.kill()
            except OSError:
                pass
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        _reap_and_wait(leftovers, (self.process.pid,))

    def end(self) -> None:
        """The command is over: nothing it started may outlive it."""
        try:
            self.kill_all()
        finally:
            if self.job is not None:
                self.job.close()


def start(argv: list[str], **popen_arguments) -> Supervised:
    """Start a command in its own session (POSIX) or job (Windows), marked with a fresh token."""
    token = uuid.uuid4().hex
    environment = dict(popen_arguments.pop("env", None) or os.environ)
    environment[TOKEN_ENV] = token
    windows = sys.platform == "win32"
    if windows:
        popen_arguments["creationflags"] = (subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
                                            | 0x00000004)  # CREATE_SUSPENDED, until it is in its job
    else:
        become_subreaper()
        popen_arguments["start_new_session"] = True
    process = subprocess.Popen(argv, env=environment, **popen_arguments)
    job = None
    if windows:
        try:
            job = _WindowsJob(process)
        except (OSError, AttributeError, ValueError):
            job = None  # still killed by its process tree, only a detached child could escape
        finally:
            _resume(process)
    return Supervised(process, token, job)


def _reap_and_wait(processes: dict[int, psutil.Process], extra_parents: tuple[int, ...] = (),
                   timeout: float = _REAP_WAIT_S) -> None:
    """Wait for the killed processes to die, collecting the exit status of those handed to us (the
    subreaper gets each one whose parent died first), so none is left as our zombie. Another
    process's zombie counts as dead: it is theirs to reap."""
    killed = {os.getpid(), *processes, *extra_parents}
    waiting = dict(processes)
    deadline = time.monotonic() + timeout
    while waiting and time.monotonic() < deadline:
        for pid, process in list(waiting.items()):
            if os.name != "nt":
                try:
                    if os.waitpid(pid, os.WNOHANG)[0]:
                        del waiting[pid]
                        continue
                except ChildProcessError:
                    pass
            try:
                # A zombie whose parent was killed too will be handed to us when that parent dies.
                if process.status() == psutil.STATUS_ZOMBIE and process.ppid() not in killed:
                    del waiting[pid]
            except psutil.Error:
                del waiting[pid]  # gone, or no longer the process we killed
        if waiting:
            time.sleep(0.01)
