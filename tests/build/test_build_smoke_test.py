"""The smoke test's way of running a step: a step whose program has ended passes with its whole output
even when another process still holds its pipes (Wine's desktop process does), and fails when what
holds them is the program itself, left running."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

import smoke_test

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the stand-in programs are shell scripts")


def stand_in(folder: Path, name: str, body: str) -> Path:
    program = folder / name
    program.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    program.chmod(0o755)
    return program


def end_left_behind(pid_file: Path) -> None:
    if pid_file.is_file():
        for pid in pid_file.read_text().split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_a_step_whose_pipes_another_process_keeps_open_ends_with_its_whole_output(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(smoke_test, "OUTPUT_GRACE", 0.5)
    pid_file = tmp_path / "left.pid"
    # As Wine's desktop process: started by the step, handed its standard handles, outliving it.
    program = stand_in(tmp_path, "VMBackupTroubleshooter",
                       f'echo "VM Backup Troubleshooter 1.0"\necho warned >&2\n'
                       f'sleep 60 &\necho $! > {pid_file}\nexit 0\n')
    smoke = smoke_test.Smoke(program, tmp_path)
    started = time.monotonic()
    try:
        result = smoke.run("--version", ["--version"])
    finally:
        end_left_behind(pid_file)
    assert time.monotonic() - started < 20
    assert result.stdout == "VM Backup Troubleshooter 1.0\n"
    assert result.stderr == "warned\n"
    assert "held open by a process outside the program" in capsys.readouterr().out


def test_a_step_that_leaves_its_program_running_fails_and_names_it(tmp_path, monkeypatch):
    monkeypatch.setattr(smoke_test, "OUTPUT_GRACE", 0.5)
    pid_file = tmp_path / "left.pid"
    # The launcher's program, as in the cache: a copy of sleep under the program's name.
    (tmp_path / "program").mkdir()
    left_program = tmp_path / "program" / "VMBackupTroubleshooter"
    shutil.copy2(shutil.which("sleep"), left_program)
    launcher = tmp_path / "launcher"
    launcher.mkdir()
    program = stand_in(launcher, "VMBackupTroubleshooter",
                       f'{left_program} 60 &\necho $! > {pid_file}\necho started\nexit 0\n')
    smoke = smoke_test.Smoke(program, tmp_path)
    try:
        with pytest.raises(smoke_test.SmokeFailure, match="left its program running"):
            smoke.run("lint", ["lint"])
    finally:
        end_left_behind(pid_file)
