"""Saves the PDF of a long report over the same file again and again, until killed (for the kill test).

Run as `python -m tests.faults.pdf_saver TARGET` from the repository. Prints `READY <seconds one
save takes>` once the report is built and a save is warm, then `SAVED <n>` after each save.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.report.conftest import DATA, long_evidence, metadata_result
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.session import Session
from troubleshooter.qt_application import report_application
from troubleshooter.report import build_report, write_pdf


def long_report():
    """The report tests' long walk: six checks with long evidence, the metadata facts, a resolution."""
    session = Session(load_flows([DATA / "long.yaml"]), "long-walk", lang="ko", platform="linux")
    session.choose("snapshot")
    session.record_check(metadata_result())
    for index in range(2, 7):
        session.record_check(CheckResult(f"report.check_{index}", Status.WARNING,
                                         {"en": f"Finding number {index}", "ko": f"{index}번째 결과"},
                                         evidence=long_evidence(index)))
    session.choose("yes")
    return build_report(session)


def main(target: Path) -> None:
    report_application()  # Qt draws the PDF; its application is ours to make
    report = long_report()
    # Warm up elsewhere, so the target's folder holds nothing but what the saves under test leave.
    with tempfile.TemporaryDirectory(prefix="vmbt-warm-up-") as scratch:
        warm_up = Path(scratch) / "warm-up.pdf"
        write_pdf(report, warm_up, overwrite=True)  # the first save loads Qt's PDF engine and the fonts
        started = time.perf_counter()
        write_pdf(report, warm_up, overwrite=True)
        one_save = time.perf_counter() - started
    print(f"READY {one_save:.4f}", flush=True)
    saved = 0
    while True:
        write_pdf(report, target, overwrite=True)
        saved += 1
        print(f"SAVED {saved}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
