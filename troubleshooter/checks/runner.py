"""Runs checks, each under its own Deadline, several at once, cancellable.

One thread layer: a check's function runs directly in a worker thread; whoever waits for it (the
caller of `run_check`, or `CheckRunner`'s one coordinating thread) waits for its result or its
deadline, whichever comes first, and at the deadline expires it: its commands are killed at once
and a check stuck in Python is abandoned, its late result ignored."""

from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, InvalidStateError, wait
from dataclasses import replace
from typing import Callable, Iterable

from troubleshooter import config
from troubleshooter.checks import outcome
from troubleshooter.checks.deadline import TIMEOUT, Cancelled, Deadline
from troubleshooter.checks.host import DeadlineHost, Host, LocalHost
from troubleshooter.checks.registry import all_checks, get
from troubleshooter.checks.result import CheckResult, clean_result
from troubleshooter.platform import current_platform

log = logging.getLogger(__name__)

UNKNOWN_CHECK = "unknown_check"
# How often a caller's bare threading.Event is looked at (a Deadline needs no looking: it is expired).
CANCEL_LOOK_S = 0.05
# After a deadline or a cancel the result is reported at once; the end of the run (run_check's
# return, CheckRunner's on_done and wait) waits this long for the check's thread to reap the
# commands it saw killed. A check stuck in Python is abandoned after it.
GRACE = 0.5

ResultCallback = Callable[[CheckResult], None]


def network_disabled(no_network: bool | None) -> bool:
    """`no_network` as the caller's configuration gave it; None: as the environment says now."""
    if no_network is not None:
        return no_network
    return config.current().no_network


def applicable_check_ids(platform: str | None = None) -> list[str]:
    platform = platform or current_platform()
    return sorted(check_id for check_id, spec in all_checks().items() if platform in spec.platforms)


def _summarise(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def failed_result(check_id: str, exc: BaseException) -> CheckResult:
    """A check (or a runner handed in by a caller) raised: an error result naming the exception
    and where it was raised."""
    summary = _summarise(exc)
    return outcome.error(check_id, "failed_unexpectedly", {"exception": summary}, error=summary)


def _cancelled(check_id: str) -> CheckResult:
    return outcome.skipped(check_id, "cancelled", {"reason": "cancelled"})


def _timed_out(check_id: str, timeout: float) -> CheckResult:
    return outcome.error(check_id, "timed_out", {"reason": "timeout", "timeout_seconds": timeout},
                         seconds=f"{timeout:g}")


def unknown_check(check_id: str) -> CheckResult:
    """The one answer for a check id this build does not have, in the window, `checks` and `run` alike.

    An error, not a skip: nobody chose not to look; the flows and the program do not match, and
    whoever reads the report should see that something is wrong with the program, not the VM."""
    return outcome.error(check_id, "unknown_check", {"reason": UNKNOWN_CHECK}, name=check_id)


def stopped_result(check_id: str, deadline: Deadline) -> CheckResult:
    """What a check whose deadline expired comes back as: cancelled (skipped) or out of time (error)."""
    if deadline.cancelled:
        return _cancelled(check_id)
    return _timed_out(check_id, deadline.seconds if deadline.seconds is not None else 0.0)


def _finish(check_id: str, found: CheckResult, started: float) -> CheckResult:
    # The last gate: whatever a check built by hand, or an exception's text, leaves redacted and capped.
    return replace(clean_result(found), check_id=check_id, duration=time.monotonic() - started)


class _Attempt:
    """One run of one registered check under its Deadline."""

    def __init__(self, spec, host: Host, deadline: Deadline, seconds: float):
        self.spec = spec
        self.host = host
        self.deadline = deadline
        self.seconds = seconds
        self.started = time.monotonic()

    def run(self) -> CheckResult:
        """In the calling thread: the check's own answer, or what its deadline made of it."""
        try:
            found = self.spec.function(DeadlineHost(self.host, self.deadline))
        except Cancelled:
            return self.stopped()
        except Exception as exc:  # noqa: BLE001 - a broken check becomes an error result, not a crash
            if self.deadline.expired:
                return self.stopped()
            return failed_result(self.spec.id, exc)
        if self.deadline.expired:
            # It finished only because its commands were stopped at the deadline (a busy machine may
            # wake this thread late): what it made of a killed command is not its answer.
            return self.stopped()
        if not isinstance(found, CheckResult):
            return _no_result(self.spec.id)
        return found

    def stopped(self) -> CheckResult:
        return stopped_result(self.spec.id, self.deadline)

    def in_thread(self) -> Future:
        """Run in a thread of its own; the future holds the result. The thread is a daemon: a check
        that never returns is abandoned at its deadline and must not hold the program open."""
        future: Future = Future()

        def work() -> None:
            try:
                found = self.run()
            except BaseException:  # noqa: BLE001 - SystemExit and the like from a check: no answer
                found = _no_result(self.spec.id)
            future.set_result(found)

        threading.Thread(target=work, daemon=True, name=f"check-{self.spec.id}").start()
        return future


def _no_result(check_id: str) -> CheckResult:
    return outcome.error(check_id, "no_result")


def _prepare(check_id: str, host: Host, no_network: bool | None, deadline: Deadline,
             timeout: float | None = None) -> CheckResult | _Attempt:
    """The result when the check cannot run at all, otherwise the attempt to run it."""
    spec = get(check_id)
    if spec is None:
        return unknown_check(check_id)
    found = _preconditions(spec, host, no_network, deadline)
    if found is not None:
        return found
    return _Attempt(spec, host, deadline, timeout if timeout is not None else spec.timeout)


def run_check(check_id: str, host: Host | None = None, *, no_network: bool | None = None,
              timeout: float | None = None, cancel_event: threading.Event | Deadline | None = None) -> CheckResult:
    """Run one check and return its result; never raises.

    With a plain `cancel_event` (or none) the check runs in a thread of its own and this returns
    within timeout + 1 s. With a `Deadline` as `cancel_event` the caller coordinates: the check runs
    in the calling thread, the deadline is armed with the check's time, and whoever holds the
    deadline expires it and reports the timeout (the window's check job does)."""
    started = time.monotonic()
    coordinated = isinstance(cancel_event, Deadline)
    deadline = cancel_event if coordinated else Deadline(cancel_event=cancel_event)
    prepared = _prepare(check_id, host or LocalHost(), no_network, deadline, timeout)
    if isinstance(prepared, CheckResult):
        return _finish(check_id, prepared, started)
    deadline.arm(prepared.seconds)
    if coordinated:
        found = prepared.run()
    else:
        found = _wait_for(prepared, prepared.in_thread(), watch_cancel=cancel_event is not None)
    return _finish(check_id, found, started)


def _wait_for(attempt: _Attempt, future: Future, *, watch_cancel: bool) -> CheckResult:
    deadline = attempt.deadline
    while True:
        left = deadline.seconds_left() or 0.0
        # A caller's bare threading.Event cannot wake anyone: it is looked at now and then. The
        # window and CheckRunner hand a Deadline instead, which is expired directly.
        done, _ = wait([future], timeout=min(left, CANCEL_LOOK_S) if watch_cancel else left)
        if done:
            return future.result()
        if deadline.expired:
            # Kills its commands; a check stuck in Python is abandoned.
            deadline.expire(TIMEOUT)
            wait([future], timeout=GRACE)
            return attempt.stopped()


def _preconditions(spec, host: Host, no_network: bool | None, deadline: Deadline) -> CheckResult | None:
    if deadline.cancelled:
        return _cancelled(spec.id)
    if host.platform not in spec.platforms:
        wanted = " and ".join(sorted(spec.platforms))
        return outcome.skipped(spec.id, "not_for_this_machine",
                               {"reason": "other_platform", "platforms": sorted(spec.platforms)},
                               wanted=wanted, platform=host.platform)
    if spec.uses_network and network_disabled(no_network):
        return outcome.skipped(spec.id, "network_off", {"reason": "no_network"})
    if spec.needs_admin:
        try:
            elevated = host.is_elevated()
        except Exception:  # noqa: BLE001 - unknown means we cannot promise the check would work
            elevated = False
        if not elevated:
            return outcome.needs_elevation(spec.id, host.platform)
    return None


class CheckRunner:
    """Runs many checks, `max_workers` at a time; results arrive one by one through `on_result`.

    Each check runs directly in a worker thread under its own Deadline. One coordinating thread
    waits for whichever comes first, a result or the next deadline (`concurrent.futures.wait`);
    at a deadline it expires that check's Deadline, which kills its commands, and delivers the
    timeout at once. Callbacks come from the coordinating thread, one at a time."""

    def __init__(self, host: Host | None = None, max_workers: int = 4, no_network: bool | None = None):
        self.host = host or LocalHost()
        self.max_workers = max_workers
        self.no_network = no_network
        self._cancelled: Future = Future()
        self._done = threading.Event()
        self._done.set()

    def start(self, ids: Iterable[str], on_result: ResultCallback,
              on_done: Callable[[list[CheckResult]], None] | None = None) -> None:
        self._cancelled = Future()
        self._done = threading.Event()
        coordinator = threading.Thread(target=self._coordinate, args=(list(ids), on_result, on_done, self._cancelled,
                                                                      self._done),
                                       daemon=True, name="checks")
        coordinator.start()

    def _coordinate(self, queued: list[str], on_result: ResultCallback, on_done, cancelled: Future,
                    done: threading.Event) -> None:
        results: list[CheckResult] = []

        def deliver(check_id: str, found: CheckResult, started: float) -> None:
            found = _finish(check_id, found, started)
            results.append(found)
            try:
                on_result(found)
            except Exception:  # noqa: BLE001 - a caller's callback must not stop the other results
                log.exception("on_result failed for %s", check_id)

        running: dict[Future, _Attempt] = {}
        stopping: list[Future] = []  # checks whose deadline expired: their threads reap their commands
        queued.reverse()
        try:
            while queued or running:
                while queued and len(running) < max(1, self.max_workers) and not cancelled.done():
                    check_id = queued.pop()
                    started = time.monotonic()
                    try:
                        prepared = _prepare(check_id, self.host, self.no_network, Deadline())
                    except Exception as exc:  # noqa: BLE001 - e.g. a host that cannot say its platform
                        prepared = outcome.error(check_id, "could_not_start", error=_summarise(exc))
                    if isinstance(prepared, CheckResult):
                        deliver(check_id, prepared, started)
                        continue
                    prepared.deadline.arm(prepared.seconds)
                    running[prepared.in_thread()] = prepared
                if cancelled.done():
                    for future, attempt in running.items():
                        attempt.deadline.cancel()  # kills its commands; the check's thread is abandoned
                        deliver(attempt.spec.id, attempt.stopped(), attempt.started)
                        stopping.append(future)
                    running.clear()
                    while queued:
                        check_id = queued.pop()
                        stopped = Deadline()
                        stopped.cancel()
                        deliver(check_id, _prepare(check_id, self.host, self.no_network, stopped), time.monotonic())
                    break
                if not running:
                    continue
                next_deadline = min(attempt.deadline.seconds_left() or 0.0 for attempt in running.values())
                finished, _ = wait([*running, cancelled], timeout=next_deadline, return_when=FIRST_COMPLETED)
                for future in finished:
                    if future is not cancelled:
                        attempt = running.pop(future)
                        deliver(attempt.spec.id, future.result(), attempt.started)
                for future, attempt in list(running.items()):
                    if attempt.deadline.expired and not cancelled.done():
                        attempt.deadline.expire(TIMEOUT)  # kills its commands; a stuck check is abandoned
                        del running[future]
                        deliver(attempt.spec.id, attempt.stopped(), attempt.started)
                        stopping.append(future)
            if stopping:
                wait(stopping, timeout=GRACE)
        finally:
            try:
                if on_done is not None:
                    on_done(list(results))
            finally:
                done.set()

    def cancel(self) -> None:
        """Stop everything: queued checks come back skipped, running commands are killed."""
        try:
            self._cancelled.set_result(None)
        except InvalidStateError:
            pass  # cancelled already

    def wait(self, timeout: float | None = None) -> bool:
        """True when every result has been delivered."""
        return self._done.wait(timeout)

    @property
    def running(self) -> bool:
        return not self._done.is_set()
