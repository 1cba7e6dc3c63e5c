"""Runs checks: each in its own thread with its own deadline, several at once, cancellable."""

from __future__ import annotations

import os
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Callable, Iterable

from troubleshooter import config
from troubleshooter.checks import outcome
from troubleshooter.checks.host import Cancelled, Host, LocalHost, current_platform
from troubleshooter.checks.registry import all_checks, get
from troubleshooter.checks.result import CheckResult, clean_result

# After a deadline or a cancel, how long a check may take to notice before it is abandoned.
GRACE = 0.5
_WAIT_STEP = 0.05

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


def _cancelled(check_id: str) -> CheckResult:
    return outcome.skipped(check_id, "Skipped: cancelled.", "건너뜀: 취소되었습니다.", {"reason": "cancelled"})


def run_check(check_id: str, host: Host | None = None, *, no_network: bool | None = None,
              timeout: float | None = None, cancel_event: threading.Event | None = None) -> CheckResult:
    """Run one check and return its result; never raises, returns within timeout + 1 s."""
    started = time.monotonic()
    spec = get(check_id)
    if spec is None:
        found = outcome.error(check_id, f"There is no check called '{check_id}'.",
                              f"'{check_id}'(이)라는 검사가 없습니다.", {"reason": "unknown_check"})
        return replace(found, duration=time.monotonic() - started)
    host = host or LocalHost()
    found = _preconditions(spec, host, no_network, cancel_event)
    if found is None:
        found = _run_with_deadline(spec, host, timeout if timeout is not None else spec.timeout, cancel_event)
    # The last gate: whatever a check built by hand, or an exception's text, leaves redacted and capped.
    return replace(clean_result(found), check_id=check_id, duration=time.monotonic() - started)


def _preconditions(spec, host: Host, no_network: bool | None, cancel_event) -> CheckResult | None:
    if cancel_event is not None and cancel_event.is_set():
        return _cancelled(spec.id)
    if host.platform not in spec.platforms:
        wanted = " and ".join(sorted(spec.platforms))
        return outcome.skipped(spec.id, f"Not applicable: this check is for {wanted}, this machine runs {host.platform}.",
                               f"해당 없음: 이 검사는 {wanted}용이며 이 컴퓨터는 {host.platform}입니다.",
                               {"reason": "other_platform", "platforms": sorted(spec.platforms)})
    if spec.uses_network and network_disabled(no_network):
        return outcome.skipped(spec.id, "Skipped: network checks are turned off (--no-network).",
                               "건너뜀: 네트워크 검사가 꺼져 있습니다(--no-network).", {"reason": "no_network"})
    if spec.needs_admin:
        try:
            elevated = host.is_elevated()
        except Exception:  # noqa: BLE001 - unknown means we cannot promise the check would work
            elevated = False
        if not elevated:
            return outcome.needs_elevation(spec.id, host.platform)
    return None


def _run_with_deadline(spec, host: Host, timeout: float, outer_cancel: threading.Event | None) -> CheckResult:
    stop = threading.Event()  # set on deadline or cancel: kills the check's running commands
    deadline = time.monotonic() + timeout
    bound = host.bound(deadline, stop)
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["result"] = spec.function(bound)
        except Cancelled:
            box["cancelled"] = True
        except Exception as exc:  # noqa: BLE001 - a broken check becomes an error result, not a crash
            box["error"] = exc

    worker = threading.Thread(target=work, daemon=True, name=f"check-{spec.id}")
    worker.start()
    while worker.is_alive():
        if outer_cancel is not None and outer_cancel.is_set():
            stop.set()
            worker.join(GRACE)
            return _cancelled(spec.id)
        if time.monotonic() >= deadline:
            stop.set()
            worker.join(GRACE)
            return _timed_out(spec.id, timeout)
        worker.join(_WAIT_STEP)
    if time.monotonic() >= deadline and outer_cancel is not None and outer_cancel.is_set():
        return _cancelled(spec.id)
    if time.monotonic() >= deadline:
        # It finished only because its commands were stopped at the deadline (a busy machine may
        # wake this thread late): what it made of a killed command is not its answer.
        return _timed_out(spec.id, timeout)
    if "error" in box:
        summary = _summarise(box["error"])  # type: ignore[arg-type]
        return outcome.error(spec.id, f"The check failed unexpectedly: {summary}",
                             f"검사가 예기치 않게 실패했습니다: {summary}", {"exception": summary})
    if "cancelled" in box:
        if outer_cancel is not None and outer_cancel.is_set():
            return _cancelled(spec.id)
        return _timed_out(spec.id, timeout)
    found = box.get("result")
    if not isinstance(found, CheckResult):
        return outcome.error(spec.id, "The check returned no result.", "검사가 결과를 돌려주지 않았습니다.")
    return found


def _timed_out(check_id: str, timeout: float) -> CheckResult:
    return outcome.error(check_id, f"The check did not finish within {timeout:g} s and was stopped.",
                         f"검사가 {timeout:g}초 안에 끝나지 않아 중지했습니다.", {"reason": "timeout",
                                                                        "timeout_seconds": timeout})


class CheckRunner:
    """Runs many checks in a bounded pool; results arrive one by one through `on_result`."""

    def __init__(self, host: Host | None = None, max_workers: int = 4, no_network: bool | None = None):
        self.host = host or LocalHost()
        self.max_workers = max_workers
        self.no_network = no_network
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._done.set()
        self._pool: ThreadPoolExecutor | None = None

    def start(self, ids: Iterable[str], on_result: ResultCallback,
              on_done: Callable[[list[CheckResult]], None] | None = None) -> None:
        ids = list(ids)
        self._cancel = threading.Event()
        self._done = threading.Event()
        results: list[CheckResult] = []
        lock = threading.Lock()
        remaining = [len(ids)]
        pool = ThreadPoolExecutor(max_workers=max(1, self.max_workers), thread_name_prefix="checks")
        self._pool = pool
        cancel = self._cancel
        done = self._done

        def finish_one(found: CheckResult) -> None:
            with lock:
                results.append(found)
            try:
                on_result(found)
            finally:
                with lock:
                    remaining[0] -= 1
                    last = remaining[0] == 0
                if last:
                    _finish()

        def _finish() -> None:
            try:
                if on_done is not None:
                    on_done(list(results))
            finally:
                done.set()

        def job(check_id: str) -> None:
            found = run_check(check_id, self.host, no_network=self.no_network, cancel_event=cancel)
            finish_one(found)

        if not ids:
            _finish()
            pool.shutdown(wait=False)
            return
        for check_id in ids:
            pool.submit(job, check_id)
        pool.shutdown(wait=False)

    def cancel(self) -> None:
        """Stop everything: queued checks come back skipped, running commands are killed."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True when every result has been delivered."""
        return self._done.wait(timeout)

    @property
    def running(self) -> bool:
        return not self._done.is_set()
