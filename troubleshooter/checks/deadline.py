"""One check's time: when it runs out, whether it was cancelled, and the commands running under it.

A `Deadline` is handed explicitly to every host call that waits (`run`, `resolve`, `http_get` ...).
Whoever coordinates the checks (the CLI's runner, the window's check job) expires it when the
time is up or the person cancels; that kills the commands started under it at once, so a check
blocked in a command wakes up, and its result, should it still come, is stale.

It also behaves as the `threading.Event` a cancel used to be (`is_set`, `set`, `wait`), so a
check runner written for a cancel event can be handed a Deadline unchanged.

This module imports only the standard library: the window creates Deadlines before the checks'
machinery is loaded.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Protocol

TIMEOUT = "timeout"
CANCELLED = "cancelled"


class Cancelled(Exception):
    """The check was cancelled or ran out of time while waiting on the host."""


class Killable(Protocol):
    def kill_tree(self) -> None: ...


class Deadline:
    """Monotonic expiry plus cancel. `seconds=None`: no time limit until `arm()` sets one."""

    def __init__(self, seconds: float | None = None, *, cancel_event: threading.Event | None = None):
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._linked = cancel_event  # a caller's plain Event: set means cancelled
        self._commands: set[Killable] = set()
        self._on_armed: list[Callable[[float], None]] = []
        self.reason: str | None = None
        self.seconds: float | None = None
        self.expires_at: float | None = None
        if seconds is not None:
            self.arm(seconds)

    # -- the clock -------------------------------------------------------------------------------
    def arm(self, seconds: float) -> None:
        """Start the clock: the time runs out `seconds` from now. Tells whoever listens (`on_armed`)."""
        with self._lock:
            self.seconds = float(seconds)
            self.expires_at = time.monotonic() + self.seconds
            listeners = list(self._on_armed)
        for listener in listeners:
            listener(self.seconds)

    def on_armed(self, listener: Callable[[float], None]) -> None:
        """`listener(seconds)` is called (in the arming thread) when the clock starts."""
        with self._lock:
            self._on_armed.append(listener)

    @property
    def armed(self) -> bool:
        return self.expires_at is not None

    def seconds_left(self) -> float | None:
        """Seconds until the time runs out (0 when it has), None without a time limit."""
        if self.expires_at is None:
            return None
        return max(0.0, self.expires_at - time.monotonic())

    @property
    def cancelled(self) -> bool:
        return self.reason == CANCELLED or (self._linked is not None and self._linked.is_set())

    @property
    def expired(self) -> bool:
        """Cancelled, expired by its coordinator, or past its time."""
        if self._stopped.is_set() or self.cancelled:
            return True
        return self.expires_at is not None and time.monotonic() >= self.expires_at

    def remaining(self, wanted: float) -> float:
        """`wanted` seconds, or fewer if the time runs out sooner; raises Cancelled when it has."""
        if self.cancelled:
            raise Cancelled(CANCELLED)
        if self._stopped.is_set():
            raise Cancelled(self.reason or TIMEOUT)
        left = self.seconds_left()
        if left is None:
            return wanted
        if left <= 0:
            raise Cancelled("out of time")
        return min(wanted, left)

    # -- ending it ---------------------------------------------------------------------------------
    def expire(self, reason: str = TIMEOUT, *, kill_in_background: bool = False) -> None:
        """The time is up (or the person cancelled): kill every command running under it, now.

        `kill_in_background`: the deadline is expired at once, the killing (a walk through the
        process table) happens in a short-lived thread, so a GUI thread never waits for it."""
        with self._lock:
            if self.reason is None:
                self.reason = CANCELLED if self.cancelled else reason
            self._stopped.set()
            commands = list(self._commands)
        if commands and kill_in_background:
            threading.Thread(target=_kill, args=(commands,), daemon=True, name="check-stop").start()
        else:
            _kill(commands)

    def cancel(self, *, kill_in_background: bool = False) -> None:
        self.expire(CANCELLED, kill_in_background=kill_in_background)

    def track(self, command: Killable) -> "_Tracked":
        """`with deadline.track(command):` the command dies when the deadline expires."""
        return _Tracked(self, command)

    # -- a threading.Event's face, for runners written for a cancel event ---------------------------
    def is_set(self) -> bool:
        return self._stopped.is_set() or self.cancelled

    def set(self) -> None:
        self.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout) or self.cancelled


def _kill(commands: list[Killable]) -> None:
    for command in commands:
        command.kill_tree()


class _Tracked:
    def __init__(self, deadline: Deadline, command: Killable):
        self._deadline = deadline
        self._command = command

    def __enter__(self):
        deadline = self._deadline
        with deadline._lock:
            deadline._commands.add(self._command)
            stopped = deadline._stopped.is_set()
        if stopped or deadline.cancelled:  # expired while the command was being started
            self._command.kill_tree()
        return self._command

    def __exit__(self, *exc) -> None:
        with self._deadline._lock:
            self._deadline._commands.discard(self._command)
