"""`checks` and `run` on the real file system, under strace -f: no write, unlink or rename outside the
data folder and the temporary folder, and no program started that the checks' allow-list lacks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from troubleshooter.checks.registry import PROGRAMS_CHECKS_RUN

ROOT = Path(__file__).resolve().parents[2]
TRACED = ("open,openat,openat2,creat,unlink,unlinkat,rename,renameat,renameat2,mkdir,mkdirat,rmdir,truncate,"
          "chmod,fchmodat,chown,fchownat,lchown,link,linkat,symlink,symlinkat,mknod,mknodat,"
          "execve,execveat,clone,clone3,fork,vfork")
WRITE_FLAGS = re.compile(r"\bO_(?:WRONLY|RDWR|CREAT|TRUNC|APPEND)\b")
# Devices every program may open for writing; writing there changes nothing on disk.
HARMLESS = ("/dev/null", "/dev/tty", "/dev/pts/", "/dev/full")
LINE = re.compile(r"^(?P<pid>\d+)\s+(?P<call>\w+)\((?P<args>.*)\)\s+=\s+(?P<ret>-?\d+|\?)")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
DIRFD = re.compile(r"^(?:AT_FDCWD|\d+<(?P<dir>[^>]*)>)")

AUDIT_FLOW = """\
id: audit
title: {en: Read-only audit, ko: 읽기 전용 감사}
description: {en: Every Linux check in turn, ko: 모든 Linux 검사를 차례로}
start: c0
steps:
%s
  done:
    kind: end
    outcome: none
    title: {en: Done, ko: 끝}
    body: {en: Done., ko: 끝났습니다.}
"""
AUDITED_CHECKS = ("linux.agent_service", "linux.agent_version", "linux.waagent_conf", "linux.extension_status",
                  "linux.extension_python", "linux.vmbackup_conf", "linux.filesystem_state", "linux.selinux",
                  "linux.dhcp", "common.proxy", "common.resource_load")


def _audit_flow() -> str:
    steps = []
    for index, check_id in enumerate(AUDITED_CHECKS):
        after = f"c{index + 1}" if index + 1 < len(AUDITED_CHECKS) else "done"
        steps.append(f"  c{index}:\n    kind: check\n    check: {check_id}\n"
                     f"    prompt: {{en: Runs {check_id}., ko: {check_id} 검사를 실행합니다.}}\n"
                     f"    on: {{ok: {after}, problem: {after}, unknown: {after}}}")
    return AUDIT_FLOW % "\n".join(steps)


def _strace_works() -> str | None:
    if not sys.platform.startswith("linux"):
        return "strace is a Linux tool"
    if shutil.which("strace") is None:
        return "strace is not installed (CI installs it: .ci/run)"
    probe = subprocess.run(["strace", "-f", "-o", os.devnull, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"strace cannot trace here: {probe.stderr.strip()[:200]}"
    return None


pytestmark = pytest.mark.skipif(_strace_works() is not None, reason=str(_strace_works()))


@dataclass
class Trace:
    writes: list[str] = field(default_factory=list)  # "call path" outside the allowed folders
    strays: list[str] = field(default_factory=list)  # programs started by us that the allow-list lacks
    programs: list[str] = field(default_factory=list)  # every program our process started itself
    executables: list[str] = field(default_factory=list)  # ... as the path it was started by


def _calls(log: str):
    """Complete system calls, with strace's '<unfinished ...>' and '<... resumed>' halves joined."""
    pending: dict[str, str] = {}
    for raw in log.splitlines():
        pid, _, rest = raw.strip().partition(" ")
        rest = rest.strip()
        if rest.endswith("<unfinished ...>"):
            pending[pid] = rest[: -len("<unfinished ...>")]
            continue
        resumed = re.match(r"<\.\.\. \w+ resumed>(.*)$", rest)
        if resumed:
            rest = pending.pop(pid, "") + resumed.group(1)
        match = LINE.match(f"{pid} {rest}")
        if match:
            yield match


def _path(argument: str, cwd: str) -> str:
    return os.path.normpath(argument if argument.startswith("/") else os.path.join(cwd, argument))


def read_trace(log: str, main_pid: int, allowed: tuple[str, ...], cwd: str) -> Trace:
    trace = Trace()
    own_threads = {main_pid}  # the program's threads: what they start is a check's command
    commands: set[int] = set()  # processes our threads forked, before their exec
    below_commands: set[int] = set()  # everything a command started: its own business
    # Each process's first program, whoever started it: with vfork strace may log the child's exec
    # before the parent's vfork returns the child's pid.
    first_program: dict[int, list[str]] = {}
    allowed_programs = {name.lower() for names in PROGRAMS_CHECKS_RUN.values() for name in names}

    def judge(command: int) -> None:
        strings = first_program[command]
        program = os.path.basename(strings[0])
        trace.programs.append(program)
        trace.executables.append(strings[0])
        if program.lower() not in allowed_programs:
            trace.strays.append(f"{strings[0]} ({' '.join(strings[1:4])})")
        below_commands.add(command)

    for match in _calls(log):
        pid, call, args, ret = int(match["pid"]), match["call"], match["args"], match["ret"]
        if call in ("clone", "clone3", "fork", "vfork"):
            if ret.isdigit() and int(ret) > 0:
                child = int(ret)
                if pid in own_threads and "CLONE_THREAD" in args:
                    own_threads.add(child)
                elif pid in own_threads:
                    commands.add(child)
                    if child in first_program and child not in below_commands:
                        judge(child)
                else:
                    below_commands.add(child)
            continue
        strings = STRING.findall(args)
        if call in ("execve", "execveat"):
            if ret == "0" and strings:
                first_program.setdefault(pid, strings)
                if pid in commands and pid not in below_commands:
                    judge(pid)
            continue
        if call in ("open", "openat", "openat2"):
            if not WRITE_FLAGS.search(args):
                continue
            targets = strings[:1]
        elif call == "creat" or call in ("unlink", "rmdir", "mkdir", "truncate", "chmod", "chown", "lchown",
                                         "mknod", "unlinkat", "mkdirat", "fchmodat", "fchownat", "mknodat"):
            targets = strings[:1]
        else:  # rename, link, symlink and their *at forms: both names
            targets = strings[:2]
        base = cwd
        dirfd = DIRFD.match(args)
        if call.endswith("at") and dirfd and dirfd.group("dir"):
            base = dirfd.group("dir")
        for target in targets:
            path = _path(target, base)
            if path.startswith(HARMLESS) or any(path == folder or path.startswith(folder + os.sep)
                                                for folder in allowed):
                continue
            trace.writes.append(f"{call} {path} = {ret}")
    return trace


def _traced(tmp_path: Path, arguments: list[str], extra_env: dict[str, str] | None = None,
            cwd: Path | None = None) -> tuple[Trace, str]:
    data, temporary, cwd = tmp_path / "data", tmp_path / "tmp", cwd or tmp_path / "cwd"
    for folder in (data, temporary, cwd):
        folder.mkdir(exist_ok=True)
    log = tmp_path / "strace.log"
    environment = dict(os.environ, VMBT_DATA_DIR=str(data), TMPDIR=str(temporary), PYTHONDONTWRITEBYTECODE="1",
                       QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **(extra_env or {}))
    process = subprocess.Popen(["strace", "-f", "-qq", "-y", "-s", "512", "-e", f"trace={TRACED}", "-o", str(log),
                                sys.executable, "-m", "troubleshooter", *arguments],
                               cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-2000:]
    text = log.read_text(encoding="utf-8", errors="replace")
    first = re.match(r"^(\d+)\s", text)
    assert first, "strace wrote nothing"
    allowed = tuple(os.path.realpath(folder) for folder in (data, temporary)) + (str(data), str(temporary))
    return read_trace(text, int(first.group(1)), allowed, str(cwd)), out


def test_checks_writes_nothing_and_starts_only_allowed_programs(tmp_path):
    trace, out = _traced(tmp_path, ["checks", "--no-network"])
    assert "check(s)" in out
    assert trace.writes == [], "written outside the data and temporary folders:\n" + "\n".join(trace.writes)
    assert trace.strays == [], "programs not on PROGRAMS_CHECKS_RUN:\n" + "\n".join(trace.strays)
    assert trace.programs, "the audit saw no command at all, so it proves nothing"


@pytest.mark.parametrize("command", [["checks", "--no-network"], ["collect", "--no-network", "--max-mb", "1"]])
def test_under_a_hostile_path_only_programs_of_the_system_folders_start(tmp_path, command):
    """Fake programs earlier on PATH and in the current folder (an empty PATH entry) are never run."""
    from tests.faults.test_hostile_path import hostile_environment
    from troubleshooter.checks.host.programs import SYSTEM_PROGRAM_FOLDERS

    env, cwd, marker = hostile_environment(tmp_path)
    if command[0] == "collect":
        command = [*command, "--out", str(tmp_path / "tmp" / "out.zip")]
    trace, _ = _traced(tmp_path, command, {"PATH": env["PATH"]}, cwd=cwd)
    assert trace.executables, "the audit saw no command at all, so it proves nothing"
    elsewhere = [path for path in trace.executables if os.path.dirname(path) not in SYSTEM_PROGRAM_FOLDERS]
    assert elsewhere == [], f"started from outside the system folders: {elsewhere}"
    assert not marker.exists()


def test_run_writes_only_its_reports(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "audit.yaml").write_text(_audit_flow(), encoding="utf-8")
    reports = tmp_path / "tmp" / "reports"  # the user's chosen place; here inside the temporary folder
    reports.mkdir(parents=True)  # the program never creates a folder for a report
    arguments = ["run", "--flow", "audit", "--platform", "linux", "--no-network",
                 "--pdf", str(reports / "r.pdf"), "--json", str(reports / "r.json"), "--text", str(reports / "r.txt")]
    trace, _ = _traced(tmp_path, arguments, {"VMBT_FLOWS_DIR": str(flows)})
    assert (reports / "r.pdf").stat().st_size > 0 and (reports / "r.json").exists()
    assert trace.writes == [], "written outside the data and temporary folders:\n" + "\n".join(trace.writes)
    assert trace.strays == [], "programs not on PROGRAMS_CHECKS_RUN:\n" + "\n".join(trace.strays)
    assert trace.programs


def test_the_audit_sees_a_stray_write_and_a_stray_program(tmp_path):
    """The reader of the trace is itself tested: a write to the real file system and a program
    started by our own process are caught, a command's own child is not blamed."""
    log = "\n".join([
        '100 clone(child_stack=NULL, flags=CLONE_VM|CLONE_THREAD|CLONE_SIGHAND) = 101',
        '101 vfork() = 200',
        '200 execve("/usr/bin/systemctl", ["systemctl", "status"], 0x1 /* 3 vars */) = 0',
        '200 clone(child_stack=NULL, flags=SIGCHLD) = 201',
        '201 execve("/usr/bin/pager", ["pager"], 0x1 /* 3 vars */) = 0',
        '101 clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD}, 88) = 300',
        '300 execve("/usr/bin/curl", ["curl", "http://x"], 0x1 /* 3 vars */) = 0',
        '100 openat(AT_FDCWD, "/etc/waagent.conf", O_RDONLY|O_CLOEXEC) = 3',
        '100 openat(AT_FDCWD, "/etc/waagent.conf", O_WRONLY|O_TRUNC <unfinished ...>',
        '100 <... openat resumed>) = 3',
        f'100 openat(AT_FDCWD, "{tmp_path}/data/s.json", O_WRONLY|O_CREAT, 0600) = 4',
        '100 renameat2(AT_FDCWD, "/var/lib/x.tmp", AT_FDCWD, "/var/lib/x", 0) = -1 ENOENT (No such file)',
    ])
    trace = read_trace(log, 100, (f"{tmp_path}/data",), "/")
    assert trace.writes == ["openat /etc/waagent.conf = 3", "renameat2 /var/lib/x.tmp = -1",
                            "renameat2 /var/lib/x = -1"]
    assert trace.programs == ["systemctl", "curl"] and trace.executables == ["/usr/bin/systemctl", "/usr/bin/curl"]
    assert trace.strays == ["/usr/bin/curl (curl http://x)"]


def test_a_command_whose_exec_is_logged_before_its_vfork_returns_is_judged_by_its_first_program():
    """With vfork the parent waits until the child has run exec, so strace may log the child's exec
    before the parent's vfork returns its pid. A pyenv shim then execs bash in the same process:
    that second program is the command's own, not one our process started (it made the audit flaky
    on a busy machine)."""
    log = "\n".join([
        '100 clone(child_stack=NULL, flags=CLONE_VM|CLONE_THREAD|CLONE_SIGHAND) = 101',
        '101 vfork( <unfinished ...>',
        '200 execve("/root/.pyenv/shims/python3", ["python3", "--version"], 0x1 /* 3 vars */) = 0',
        '101 <... vfork resumed>) = 200',
        '200 execve("/usr/bin/bash", ["bash", "/root/.pyenv/shims/python3", "--version"], 0x1 /* 3 vars */) = 0',
        '101 vfork( <unfinished ...>',
        '300 execve("/usr/bin/curl", ["curl", "http://x"], 0x1 /* 3 vars */) = 0',
        '101 <... vfork resumed>) = 300',
    ])
    trace = read_trace(log, 100, (), "/")
    assert trace.programs == ["python3", "curl"]
    assert trace.strays == ["/usr/bin/curl (curl http://x)"]
