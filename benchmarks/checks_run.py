"""The full `checks` run: the runner over every check that applies to this machine, loopback endpoints."""

from __future__ import annotations

import time

from troubleshooter.checks.result import CheckResult
from troubleshooter.checks.runner import CheckRunner, applicable_check_ids


def run_all_checks() -> tuple[float, CheckResult, dict[str, str]]:
    """(wall seconds, the slowest check's result, status per check) for one run."""
    ids = applicable_check_ids()
    delivered: list[list[CheckResult]] = []
    runner = CheckRunner()
    started = time.perf_counter()
    runner.start(ids, on_result=lambda _result: None, on_done=delivered.append)
    if not runner.wait(timeout=120):
        runner.cancel()
        raise RuntimeError("the checks did not finish within 120 s")
    wall = time.perf_counter() - started
    results = delivered[0]
    slowest = max(results, key=lambda result: result.duration)
    return wall, slowest, {result.check_id: result.status.value for result in results}
