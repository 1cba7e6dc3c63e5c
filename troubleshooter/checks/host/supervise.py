"""A check's command runs with a deadline, and it and everything it starts end together.

One mechanism: `run_supervised(argv, limit, deadline)` starts the command in its own session
(POSIX) or job object (Windows), marked with a token its descendants inherit; it reads the
output up to OUTPUT_CAP until the command exits, its time is up or its Deadline expires; then
the whole tree is killed. Linux: this process becomes a child subreaper, so a descendant whose
parent exited (a daemon that called setsid, say) is handed to us instead of to init, and every
process still carrying the command's token is killed with it, round after round while new ones
appear (a process may fork while its tree is being killed); those handed to us that end on their
own are collected, so none stays behind as a zombie. Windows: the job is terminated.

The pipes are read with `selectors` on POSIX (the command's exit is one more readable file, a
pidfd, so nothing polls); Windows pipes cannot be selected, so there a reader per pipe drains them
(see `windows.py`).
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import threading
import time
import uuid
from typing import TYPE_CHECKING

from troubleshooter.checks.deadline import Deadline
from troubleshooter.checks.host.base import OUTPUT_CAP

if TYPE_CHECKING:
    import psutil

TOKEN_ENV = "VMBT_CHECK_COMMAND"
# How long a finished command's pipes may stay open (held by a leftover grandchild) before the
# whole group is killed, and how long a killed tree's pipes may take to close.
PIPE_GRACE = 0.5
_PR_SET_CHILD_SUBREAPER = 36
_REAP_WAIT_S = 2.0
# Only where the kernel has no pidfd (not Linux 5.3+): how often the command's exit is looked at.
_EXIT_LOOK_S = 0.05
# After a kill that found something: how long a round of listing and killing again waits first.
_QUIET_ROUND_S = 0.01
# Linux: each of our threads' children are listed in <this>/<thread id>/children.
_THREADS_FOLDER = "/proc/self/task"

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


class Supervised:
    """One running command, its token and (on Windows) its job."""

    def __init__(self, process: subprocess.Popen, token: str, job=None):
        self.process = process
        self.token = token
        self.job = job
        # Everything killed so far besides the command: reaped when the command ends, even when the
        # kill came from another thread (a Deadline expiring) while the command still ran.
        self._killed: dict[int, psutil.Process] = {}
        self._killed_lock = threading.Lock()

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill_tree(self) -> dict[int, psutil.Process]:
        """Kill the command and everything it started, without waiting (any thread may call it: a
        Deadline expiring does). Returns what was found to kill besides the command."""
        import psutil  # loaded with the first command, not at start-up

        if self.job is not None:
            self.job.terminate()
        found: dict[int, psutil.Process] = {}
        if self.process.returncode is None:
            # Listed before the group is killed: once it dies, they are handed on to us.
            try:
                found.update((p.pid, p) for p in psutil.Process(self.process.pid).children(recursive=True))
            except psutil.Error:
                pass
            if os.name != "nt":
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)  # the command leads its own session and group
                except (ProcessLookupError, PermissionError):
                    pass
        # Orphans handed to us that carry the command's token are killed as soon as they are seen:
        # one that forks and exits over and over is gone within a millisecond. Then what they started.
        for pid in _child_pids():
            if pid == self.process.pid or pid in found:
                continue
            try:
                child = psutil.Process(pid)
                if child.environ().get(TOKEN_ENV) != self.token:
                    continue
                child.kill()
                found[pid] = child
                found.update((p.pid, p) for p in child.children(recursive=True))
            except psutil.Error:
                continue
        for process in found.values():
            try:
                process.kill()  # psutil checks it is still the same process, not a reused id
            except psutil.Error:
                pass
        if self.process.returncode is None:
            try:
                self.process.kill()
            except OSError:
                pass
        with self._killed_lock:
            self._killed.update(found)
        return found

    def kill_all(self) -> None:
        """Kill the command (if it still runs) and everything it started; reap what is ours to reap."""
        found = self.kill_tree()
        if self.process.returncode is None:
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        with self._killed_lock:
            anything_killed = bool(self._killed)
        if anything_killed or _any_alive(found) or _adopted_zombies():
            self._kill_until_quiet()
        with self._killed_lock:
            killed = dict(self._killed)
        _reap_and_wait(killed, (self.process.pid,))
        reap_adopted_zombies()

    def _kill_until_quiet(self, timeout: float = _REAP_WAIT_S) -> None:
        """A process may fork between the moment the tree is listed and the moment it is killed, and
        its child (in a session of its own, out of reach of the group kill) lives on; one that forks
        and exits over and over is always a step ahead of a single list. So the tree is listed and
        killed again until two rounds in a row find nothing alive and nothing newly ended among the
        processes handed to us (each step of such a chain ends as one). Collecting those as we go
        keeps the list short enough to catch a step alive."""
        deadline = time.monotonic() + timeout
        quiet_rounds = 0
        reap_adopted_zombies()
        while quiet_rounds < 2 and time.monotonic() < deadline:
            time.sleep(_QUIET_ROUND_S)
            alive = _any_alive(self.kill_tree())
            quiet_rounds = 0 if reap_adopted_zombies() or alive else quiet_rounds + 1

    def end(self) -> None:
        """The command is over: nothing it started may outlive it."""
        try:
            self.kill_all()
        finally:
            if self.job is not None:
                self.job.close()


def marked_environment(popen_arguments: dict) -> tuple[dict, str]:
    """The command's environment with a fresh token in it, by which its descendants are known."""
    token = uuid.uuid4().hex
    environment = dict(popen_arguments.pop("env", None) or os.environ)
    environment[TOKEN_ENV] = token
    return environment, token


def start(argv: list[str], **popen_arguments) -> Supervised:
    """Start a command in its own session, marked with a fresh token (POSIX; on Windows the
    command goes into a job object instead: `windows.start`)."""
    environment, token = marked_environment(popen_arguments)
    become_subreaper()
    popen_arguments["start_new_session"] = True
    return Supervised(subprocess.Popen(argv, env=environment, **popen_arguments), token)


def _child_pids() -> set[int]:
    """Our children, the ones handed to us included. On Linux from the kernel's list of each thread's
    children: a fraction of a millisecond, where psutil reads every process on the machine first."""
    if sys.platform.startswith("linux"):
        pids: set[int] = set()
        read_any = False  # a kernel without CONFIG_PROC_CHILDREN has no such lists
        try:
            tasks = os.listdir(_THREADS_FOLDER)
        except OSError:
            tasks = []
        for task in tasks:
            try:
                with open(os.path.join(_THREADS_FOLDER, task, "children"), encoding="ascii") as listed:
                    pids.update(int(word) for word in listed.read().split())
                read_any = True
            except (OSError, ValueError):
                continue
        if read_any:
            return pids
    import psutil  # loaded with the first command, not at start-up

    try:
        return {child.pid for child in psutil.Process().children()}
    except psutil.Error:
        return set()


def _any_alive(processes: dict[int, psutil.Process]) -> bool:
    import psutil  # loaded with the first command, not at start-up

    for process in processes.values():
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                return True
        except psutil.Error:
            pass
    return False


def _adopted_zombies() -> list[int]:
    """Processes handed to us (the subreaper) that have ended on their own: a daemonising command's
    middle process, say, or each step of one that forks and exits over and over.

    Which ones: our zombie children outside our own session. Every command starts a session of its
    own and everything else this program starts stays in ours, so a zombie elsewhere descends from a
    command. The commands themselves are left to their Popen, which collects them."""
    if os.name == "nt" or not _subreaper:
        return []
    import psutil  # loaded with the first command, not at start-up

    own_session = os.getsid(0)
    with _OWN_COMMANDS_LOCK:
        running = {pid for pid, ended in _OWN_COMMANDS.items() if ended is None}
    adopted = []
    for pid in _child_pids() - running:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE and os.getsid(pid) != own_session:
                adopted.append(pid)
        except (psutil.Error, OSError):
            continue
    return adopted


def reap_adopted_zombies() -> int:
    """Collect the exit of every process handed to us that has ended on its own (`_adopted_zombies`):
    nobody else will, and they would pile up. Nothing is collected while a command is being started,
    because its Popen does not know its id yet. Returns how many were collected."""
    if os.name == "nt" or not _subreaper:
        return 0
    collected = 0
    with _OWN_COMMANDS_LOCK:
        if not _OWN_COMMANDS_LOCK.wait_for(lambda: _starting == 0, 1.0):
            return 0  # the next command's end collects them
        for pid in _adopted_zombies():
            try:
                collected += bool(os.waitpid(pid, os.WNOHANG)[0])
            except OSError:
                continue
    return collected


def _reap_and_wait(processes: dict[int, psutil.Process], extra_parents: tuple[int, ...] = (),
                   timeout: float = _REAP_WAIT_S) -> None:
    """Wait for the killed processes to die, collecting the exit status of those handed to us (the
    subreaper gets each one whose parent died first), so none is left as our zombie. Another
    process's zombie counts as dead: it is theirs to reap."""
    import psutil  # loaded with the first command, not at start-up

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


class CappedOutput:
    """One pipe's bytes: the first OUTPUT_CAP kept, the rest counted as cut."""

    def __init__(self):
        self.chunks: list[bytes] = []
        self.kept = 0
        self.truncated = False

    def add(self, chunk: bytes) -> None:
        room = OUTPUT_CAP - self.kept
        if room > 0:
            self.chunks.append(chunk[:room])
            self.kept += min(room, len(chunk))
        if len(chunk) > room:
            self.truncated = True

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)


class Collected:
    """What a supervised command left: its output, and whether its time ran out or it was cancelled."""

    def __init__(self, stdout: CappedOutput, stderr: CappedOutput, timed_out: bool, cancelled: bool,
                 returncode: int | None):
        self.stdout, self.stderr = stdout, stderr
        self.timed_out, self.cancelled, self.returncode = timed_out, cancelled, returncode


def _exit_handle(pid: int) -> int | None:
    """A file that becomes readable when the process exits (Linux 5.3+), or None."""
    try:
        return os.pidfd_open(pid)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None


def collect_posix(command: Supervised, limit: float, deadline: Deadline | None) -> Collected:
    """Read both pipes until the command has exited and they are closed, `limit` seconds at most."""
    process = command.process
    outputs = {process.stdout.fileno(): CappedOutput(), process.stderr.fileno(): CappedOutput()}
    stdout, stderr = outputs.values()
    end = time.monotonic() + limit
    exit_handle = _exit_handle(process.pid)
    exited_at: float | None = None
    killed_at: float | None = None
    stopped = False  # its time ran out or its deadline expired: killed, no exit code
    open_pipes = set(outputs)
    selector = selectors.DefaultSelector()
    try:
        for fd in outputs:
            selector.register(fd, selectors.EVENT_READ)
        if exit_handle is not None:
            selector.register(exit_handle, selectors.EVENT_READ)
        while open_pipes or exited_at is None:
            now = time.monotonic()
            if exited_at is None and exit_handle is None and process.poll() is not None:
                exited_at = now
            if killed_at is None:
                stopped = (deadline is not None and deadline.expired) or now >= end
                leftover_holds_pipe = exited_at is not None and now >= exited_at + PIPE_GRACE
                if stopped or leftover_holds_pipe:
                    command.kill_tree()
                    killed_at = now
            elif now >= killed_at + PIPE_GRACE and (exited_at is not None or process.poll() is not None):
                break  # whatever still holds a pipe was killed; its end is not ours to wait for
            if killed_at is not None:
                wake_at = killed_at + PIPE_GRACE
            elif exited_at is not None:
                wake_at = min(end, exited_at + PIPE_GRACE)
            else:
                wake_at = end
            wait = max(0.0, wake_at - now)
            if exit_handle is None and exited_at is None:
                wait = min(wait, _EXIT_LOOK_S)
            for key, _events in selector.select(wait):
                if key.fd == exit_handle:
                    exited_at = time.monotonic()
                    selector.unregister(exit_handle)
                    continue
                try:
                    chunk = os.read(key.fd, 65536)
                except OSError:
                    chunk = b""
                if chunk:
                    outputs[key.fd].add(chunk)
                else:
                    selector.unregister(key.fd)
                    open_pipes.discard(key.fd)
    finally:
        selector.close()
        if exit_handle is not None:
            os.close(exit_handle)
        for pipe in (process.stdout, process.stderr):
            try:
                pipe.close()
            except OSError:
                pass
    returncode = process.wait()
    # Its Deadline expired (and killed it) while this thread was reading: the end was not its own.
    stopped = stopped or (deadline is not None and deadline.is_set())
    cancelled = stopped and deadline is not None and deadline.cancelled
    return Collected(stdout, stderr, stopped and not cancelled, cancelled, None if stopped else returncode)


# -- the commands this program started ----------------------------------------------------------------
# By process id, with the time each ended (None while it runs). An ended one is remembered a little
# longer, for a process list taken while it was still running.
_OWN_COMMANDS: dict[int, float | None] = {}
_OWN_COMMANDS_LOCK = threading.Condition()
_REMEMBER_ENDED_S = 5.0  # a process list takes milliseconds; ids are not reused that fast
# Commands being started right now: their process exists before Popen returns its id.
_starting = 0


def note_command_starting() -> None:
    global _starting
    with _OWN_COMMANDS_LOCK:
        _starting += 1


def note_command_started(pid: int | None) -> None:
    global _starting
    with _OWN_COMMANDS_LOCK:
        _starting -= 1
        if pid is not None:
            _OWN_COMMANDS[pid] = None
        _OWN_COMMANDS_LOCK.notify_all()


def wait_for_starting_commands(timeout: float = 2.0) -> None:
    with _OWN_COMMANDS_LOCK:
        _OWN_COMMANDS_LOCK.wait_for(lambda: _starting == 0, timeout)


def note_command_ended(pid: int) -> None:
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


def started_by_us(pid: int, parents: dict[int, int | None], ours: set[int]) -> bool:
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
