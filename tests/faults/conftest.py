"""Hostile commands as temporary checks, and one-check flows to run them through the session and window."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from tests.helpers.qt_application import qapplication_first  # noqa: F401 - an autouse fixture
from troubleshooter.checks import outcome
from troubleshooter.checks.registry import check, unregister

PY = sys.executable
KOREAN = "백업 실패: 스냅샷 확장을 찾을 수 없습니다 (오류 0x800423f4)"

# Tiny programs standing in for a system tool that misbehaves.
# The tree-building scripts write every process id they start to the file named by PID_FILE_ENV.
PID_FILE_ENV = "FAULTS_PID_FILE"
_TREE = """\
import os, subprocess, sys, time
def note():
    with open(os.environ["FAULTS_PID_FILE"], "a") as f:
        f.write(f"{os.getpid()}\\n")
def spawn(level, **how):
    return subprocess.Popen([sys.executable, "-c", "SCRIPT = " + repr(SCRIPT) + "\\n" + SCRIPT, str(level)], **how)
def whole_tree_started():  # four processes: this one, a child and two grandchildren
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with open(os.environ["FAULTS_PID_FILE"]) as f:
            if len(f.read().split()) >= 4:
                return
        time.sleep(0.02)
level = int(sys.argv[1]) if len(sys.argv) > 1 else 0
note()
if level == 0:
    if DETACH:  # a careless daemonising tool: the child leaves the session and the pipes
        spawn(1, start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
              stderr=subprocess.DEVNULL)
        whole_tree_started()
        print("started", flush=True)
        sys.exit(0)
    spawn(1)
    whole_tree_started()
    print("started", flush=True)
    time.sleep(120)
elif level == 1:
    spawn(2)  # a grandchild
    if os.fork() == 0:  # a grandchild that calls setsid and lets go of the pipes
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        note()
        time.sleep(120)
        os._exit(0)
    time.sleep(120)
else:
    time.sleep(120)
"""


def _tree_script(detach: bool) -> str:
    body = f"DETACH = {detach}\n" + _TREE
    return f"SCRIPT = {body!r}\n" + body


HOSTILE_SCRIPTS = {
    # Children, grandchildren and a grandchild that called setsid; then it hangs.
    "faults.hangs": _tree_script(detach=False),
    # The same tree, but the command itself exits at once, as a careless daemonising tool does.
    "faults.daemonizes": _tree_script(detach=True),
    "faults.crashes": "import os, signal, sys\nsys.stdout.write('half a line'); sys.stdout.flush()\n"
                      "os.kill(os.getpid(), signal.SIGSEGV)\n",
    "faults.floods": "import sys\nchunk = b'flood ' * 174763\n"  # 1 MiB, written 100 times
                     "for _ in range(100):\n    sys.stdout.buffer.write(chunk)\n",
    "faults.cp949": f"import sys\nsys.stdout.buffer.write({KOREAN!r}.encode('cp949') + b'\\r\\n')\n",
    "faults.utf16_bom": f"import sys\nsys.stdout.buffer.write({KOREAN!r}.encode('utf-16')"
                        " + '\\r\\n'.encode('utf-16-le'))\n",
    "faults.utf16_plain": f"import sys\nsys.stdout.buffer.write('Writer name: {KOREAN}\\r\\n'.encode('utf-16-le'))\n",
}
HANG_TIMEOUT_S = 4.0  # the tree of four Python processes starts well within it, even on a busy machine
# How the host reports the crashing command: killed by SIGSEGV (POSIX), or exit code 11 (Windows'
# os.kill terminates the process with the signal number as its exit code).
CRASH_RETURNCODE = -signal.SIGSEGV if os.name == "posix" else int(signal.SIGSEGV)


def _describe(check_id: str, output) -> object:
    """What a check makes of a command: the facts the host reported and the output as evidence."""
    facts = {"returncode": output.returncode, "timed_out": output.timed_out, "cancelled": output.cancelled,
             "truncated": output.truncated, "stdout_chars": len(output.stdout)}
    # The whole output goes in, as a careless check would pass it: the cap is the program's, not ours.
    if output.ok:
        return outcome.ok(check_id, "The command ran.", "명령이 실행되었습니다.", facts, output.stdout)
    return outcome.error(check_id, f"The command failed (exit {output.returncode}).",
                         f"명령이 실패했습니다(종료 코드 {output.returncode}).", facts, output.stdout)


@pytest.fixture
def tree_pid_file(tmp_path, monkeypatch) -> Path:
    """Where the tree-building scripts write the id of every process they start."""
    path = tmp_path / "tree-pids.txt"
    path.write_text("", encoding="ascii")
    monkeypatch.setenv(PID_FILE_ENV, str(path))
    return path


@pytest.fixture
def hostile_checks(tree_pid_file):
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
    body: {{en: Send the report., ko: 보고서를 보냅니다.}}
  went-unknown:
    kind: end
    outcome: support
    title: {{en: The check could not tell, ko: 검사로 알 수 없음}}
    body: {{en: Answer the questions instead., ko: 대신 질문에 답합니다.}}
""", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def example_flows():
    """The engine's example flows (tests/flows/data), for the sessions and data-folder faults."""
    from tests.conftest import EXAMPLE_FLOWS
    from troubleshooter.flows.loader import load_flows

    return load_flows([EXAMPLE_FLOWS])
