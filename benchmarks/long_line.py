"""A tool that prints one 2 MB line (issue 13, item 5): how long until the report is ready, and how
long the window's event loop stalls on the way to the summary and on each language switch.

The machine is a folder: /proc/mounts names one ext4 device and /usr/sbin/tune2fs is a script that
answers with a single 2 MiB line. The real linux.filesystem_state check runs against it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

LINE_BYTES = int(__import__('os').environ.get('BENCH_LINE_BYTES', 2 * 1024 * 1024))
FLOW = """\
id: long-line
title: {en: One long line, ko: 긴 줄 하나}
description: {en: A tool prints 2 MB on one line, ko: 도구가 한 줄에 2MB를 출력합니다}
start: check
steps:
  check:
    kind: check
    check: linux.filesystem_state
    prompt: {en: Reads the file systems., ko: 파일 시스템을 읽습니다.}
    on: {ok: done, problem: done, unknown: done}
  done:
    kind: end
    outcome: support
    title: {en: Send the report, ko: 보고서를 보내세요}
    body: {en: Send the report., ko: 보고서를 보내세요.}
"""


def build_machine(folder: Path) -> Path:
    """The fake root and, beside it, a flows folder holding the one-check flow."""
    root = folder / "root"
    (root / "proc").mkdir(parents=True)
    (root / "proc/mounts").write_text("/dev/sdz1 /data ext4 rw,relatime 0 0\n", encoding="utf-8")
    program = root / "usr/sbin/tune2fs"
    program.parent.mkdir(parents=True)
    program.write_text(f"#!{sys.executable}\nimport sys\n"
                       f"sys.stdout.write('Bad magic number in super-block ' + 'x' * {LINE_BYTES} + '\\n')\n",
                       encoding="utf-8")
    program.chmod(0o755)
    flows = folder / "flows"
    flows.mkdir()
    (flows / "long-line.yaml").write_text(FLOW, encoding="utf-8")
    return root


def machine_host(root: Path):
    from troubleshooter.checks.host import LocalHost

    class ElevatedHost(LocalHost):
        """The file-system check needs root; the fake tune2fs does not."""

        def is_elevated(self) -> bool:
            return True

    return ElevatedHost(root=root, platform="linux")


def report_seconds() -> tuple[float, dict[str, int]]:
    """From starting the check to the PDF, JSON and text all rendered; and their sizes."""
    from troubleshooter.checks.runner import run_check
    from troubleshooter.flows.loader import load_flows
    from troubleshooter.flows.session import Session
    from troubleshooter.report import build_report, render_text, report_json_bytes
    from troubleshooter.qt_application import report_application
    from troubleshooter.report.pdf import render_pdf_bytes
    from troubleshooter.walk import walk

    report_application()  # the PDF is drawn by Qt, whose application the caller makes

    with tempfile.TemporaryDirectory(prefix="vmbt-bench-long-line-") as scratch:
        root = build_machine(Path(scratch))
        flows = load_flows([Path(scratch) / "flows" / "long-line.yaml"])
        host = machine_host(root)
        started = time.perf_counter()
        session = Session(flows, "long-line", lang="en", platform="linux")
        walk(session, {}, lambda check_id: run_check(check_id, host))
        report = build_report(session)
        pdf = render_pdf_bytes(report, lang="en", page_size="A4")
        data = report_json_bytes(report)
        text = render_text(report, "en")
        elapsed = time.perf_counter() - started
    return elapsed, {"pdf": len(pdf), "json": len(data), "text": len(text.encode("utf-8"))}
