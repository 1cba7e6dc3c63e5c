"""Hostile commands as temporary checks, and one-check flows to run them through the session and window."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from troubleshooter.checks import outcome
from troubleshooter.checks.registry import check, unregister

PY = sys.executable
KOREAN = "백업 실패: 스냅숏 확장을 찾을 수 없습니다 (오류 0x800423f4)"

# Tiny programs standing in for a system tool that misbehaves.
HOSTILE_SCRIPTS = {
    "faults.hangs": "import time\ntime.sleep(120)\n",
    "faults.crashes": "import os, signal, sys\nsys.stdout.write('half a line'); sys.stdout.flush()\n"
                      "os.kill(os.getpid(), signal.SIGSEGV)\n",
    "faults.floods": "import sys\nchunk = b'flood ' * 174763\n"  # 1 MiB, written 100 times
                     "for _ in range(100):\n    sys.stdout.buffer.write(chunk)\n",
    "faults.cp949": f"import sys\nsys.stdout.buffer.write({KOREAN!r}.encode('cp949') + b'\\r\\n')\n",
    "faults.utf16_bom": f"import sys\nsys.stdout.buffer.write({KOREAN!r}.encode('utf-16')"
                        " + '\\r\\n'.encode('utf-16-le'))\n",
    "faults.utf16_plain": f"import sys\nsys.stdout.buffer.write('Writer name: {KOREAN}\\r\\n'.encode('utf-16-le'))\n",
}
HANG_TIMEOUT_S = 1.0
# How the host reports the crashing command: killed by SIGSEGV (POSIX), or exit code 11 (Windows'
# os.kill terminates the process with the signal number as its exit code).
CRASH_RETURNCODE = -signal.SIGSEGV if os.name == "posix" else int(signal.SIGSEGV)


@pytest.fixture(autouse=True)
def _application(qapp):
    """A QApplication before any PDF is rendered here; otherwise the report makes a QGuiApplication
    and the window tests later in the same run cannot get widgets."""
    return qapp


def _describe(check_id: str, output) -> object:
    """What a check makes of a command: the facts the host reported and the output as evidence."""
    facts = {"returncode": output.returncode, "timed_out": output.timed_out, "cancelled": output.cancelled,
             "truncated": output.truncated, "stdout_chars": len(output.stdout)}
    if output.ok:
        return outcome.ok(check_id, "The command ran.", "명령이 실행되었습니다.", facts, output.stdout[:2000])
    return outcome.error(check_id, f"The command failed (exit {output.returncode}).",
                         f"명령이 실패했습니다(종료 코드 {output.returncode}).", facts, output.stdout[:2000])


@pytest.fixture
def hostile_checks():
    """Registers one check per HOSTILE_SCRIPTS entry, each running its script through the host it is given."""
    for check_id, script in HOSTILE_SCRIPTS.items():
        timeout = HANG_TIMEOUT_S if check_id == "faults.hangs" else 20.0

        def run(host, check_id=check_id, script=script):
            return _describe(check_id, host.run([PY, "-c", script], timeout=60))

        check(check_id, title={"en": check_id, "ko": check_id},
              description={"en": "Runs a misbehaving command.", "ko": "잘못 동작하는 명령을 실행합니다."},
              platforms=("linux", "windows"), timeout=timeout)(run)
    yield sorted(HOSTILE_SCRIPTS)
    for check_id in HOSTILE_SCRIPTS:
        unregister(check_id)


def one_check_flow(folder: Path, check_id: str, flow_id: str = "faults") -> Path:
    """A flow whose first step runs `check_id`; ok, problem and unknown each end somewhere of their own."""
    path = folder / f"{flow_id}.yaml"
    path.write_text(f"""\
id: {flow_id}
title: {{en: Faults, ko: 오류}}
description: {{en: One check step, ko: 검사 단계 하나}}
start: run-it
steps:
  run-it:
    kind: check
    check: {check_id}
    prompt: {{en: Runs the check., ko: 검사를 실행합니다.}}
    on: {{ok: went-ok, problem: went-problem, unknown: went-unknown}}
  went-ok:
    kind: end
    outcome: none
    title: {{en: It went fine, ko: 정상}}
    body: {{en: Nothing found., ko: 찾은 문제 없음.}}
  went-problem:
    kind: end
    outcome: support
    title: {{en: It found a problem, ko: 문제 발견}}
    body: {{en: Send the report., ko: 보고서를 보내세요.}}
  went-unknown:
    kind: end
    outcome: support
    title: {{en: The check could not tell, ko: 검사로 알 수 없음}}
    body: {{en: Answer the questions instead., ko: 대신 질문에 답하세요.}}
""", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def example_flows():
    """The engine's example flows (tests/flows/data), for the sessions and data-folder faults."""
    from tests.conftest import EXAMPLE_FLOWS
    from troubleshooter.flows.loader import load_flows

    return load_flows([EXAMPLE_FLOWS])
