"""CPU and memory load: above 90% snapshots queue, slow down and time out."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.registry import check
from troubleshooter.checks.thresholds import LOAD_LIMIT_PERCENT, LOAD_SAMPLE_SECONDS


@check("common.resource_load",
       title={"en": "CPU and memory load", "ko": "CPU 및 메모리 사용량"},
       description={"en": "Measures CPU and memory use over about a second. Above 90% the snapshot is queued and "
                          "delayed until it times out.",
                    "ko": "약 1초 동안 CPU와 메모리 사용량을 측정합니다. 90%를 넘으면 스냅숏이 대기열에서 지연되다가 "
                          "시간 초과됩니다."},
       timeout=5, serves=("N05",))
def resource_load(host: Host):
    check_id = "common.resource_load"
    cpu, memory = host.load_sample(LOAD_SAMPLE_SECONDS)
    facts = {"cpu_percent": round(cpu, 1), "memory_percent": round(memory, 1), "limit_percent": LOAD_LIMIT_PERCENT,
             "window_seconds": LOAD_SAMPLE_SECONDS}
    raw = f"CPU {cpu:.1f}% / memory {memory:.1f}% over {LOAD_SAMPLE_SECONDS:g} s (limit {LOAD_LIMIT_PERCENT:g}%)"
    high = [name for name, value in (("CPU", cpu), ("memory", memory)) if value > LOAD_LIMIT_PERCENT]
    if high:
        high_ko = [{"CPU": "CPU", "memory": "메모리"}[name] for name in high]
        return outcome.problem(check_id, f"{' and '.join(high)} above {LOAD_LIMIT_PERCENT:g}% (CPU {cpu:.0f}%, memory "
                                         f"{memory:.0f}%): snapshots will be delayed; try an on-demand backup when "
                                         "the load drops.",
                               f"{', '.join(high_ko)} 사용량이 {LOAD_LIMIT_PERCENT:g}%를 넘습니다(CPU {cpu:.0f}%, 메모리 "
                               f"{memory:.0f}%). 스냅숏이 지연되므로 부하가 줄었을 때 주문형 백업을 시도하십시오.",
                               facts, raw)
    return outcome.ok(check_id, f"CPU {cpu:.0f}%, memory {memory:.0f}%: below {LOAD_LIMIT_PERCENT:g}%.",
                      f"CPU {cpu:.0f}%, 메모리 {memory:.0f}%: {LOAD_LIMIT_PERCENT:g}% 미만입니다.", facts, raw)
