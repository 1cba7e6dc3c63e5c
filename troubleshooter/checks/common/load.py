"""CPU and memory load: above 90% snapshots queue, slow down and time out."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.registry import check
from troubleshooter.checks.thresholds import LOAD_LIMIT_PERCENT, LOAD_SAMPLE_SECONDS


@check("common.resource_load", timeout=5, serves=("N05",))
def resource_load(host: Host):
    check_id = "common.resource_load"
    cpu, memory = host.load_sample(LOAD_SAMPLE_SECONDS)
    facts = {"cpu_percent": round(cpu, 1), "memory_percent": round(memory, 1), "limit_percent": LOAD_LIMIT_PERCENT,
             "window_seconds": LOAD_SAMPLE_SECONDS}
    raw = f"CPU {cpu:.1f}% / memory {memory:.1f}% over {LOAD_SAMPLE_SECONDS:g} s (limit {LOAD_LIMIT_PERCENT:g}%)"
    high = [name for name, value in (("CPU", cpu), ("memory", memory)) if value > LOAD_LIMIT_PERCENT]
    shown = {"cpu": f"{cpu:.0f}", "memory": f"{memory:.0f}", "limit": f"{LOAD_LIMIT_PERCENT:g}"}
    if high:
        if len(high) == 2:
            what = outcome.text(check_id, "both_high")
        elif high == ["CPU"]:
            what = outcome.text(check_id, "cpu_high")
        else:
            what = outcome.text(check_id, "memory_high")
        return outcome.problem(check_id, "too_high", facts, raw, what=what, **shown)
    return outcome.ok(check_id, "below_limit", facts, raw, **shown)
