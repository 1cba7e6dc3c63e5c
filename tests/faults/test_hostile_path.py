"""Programs planted earlier on PATH (and in the current folder, an empty PATH entry) never run:
every command is started by its absolute path in a fixed system folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.host.programs import SYSTEM_PROGRAM_FOLDERS, system_program

ROOT = Path(__file__).resolve().parents[2]
# Every program a check or collect starts by name, and what a careless lookup would find first.
PLANTED = ("tune2fs", "systemctl", "journalctl", "waagent", "python3", "python", "getenforce", "true", "uname")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="PATH and the system folders here are POSIX ones")


def plant_programs(folder: Path, marker: Path) -> None:
    """A fake of each program, which notes its own name in `marker` when run."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in PLANTED:
        fake = folder / name
        fake.write_text(f"#!/bin/sh\necho {name} >> {marker}\n", encoding="ascii")
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def hostile_environment(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    marker = tmp_path / "ran.txt"
    plant_programs(tmp_path / "evil-bin", marker)
    cwd = tmp_path / "cwd"
    plant_programs(cwd, marker)  # found through the empty PATH entry, the current folder
    path = os.pathsep.join([str(tmp_path / "evil-bin"), "", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
    return dict(os.environ, PATH=path, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"), cwd, marker


def test_a_program_is_looked_up_only_in_the_system_folders(tmp_path, monkeypatch):
    env, cwd, _ = hostile_environment(tmp_path)
    monkeypatch.setenv("PATH", env["PATH"])
    monkeypatch.chdir(cwd)
    found = system_program("true")
    assert found is not None and os.path.dirname(found) in SYSTEM_PROGRAM_FOLDERS
    assert LocalHost().which("systemctl") in (None, *(f"{folder}/systemctl" for folder in SYSTEM_PROGRAM_FOLDERS))


def test_a_command_by_name_runs_the_system_program_with_a_clean_path(tmp_path, monkeypatch):
    env, cwd, marker = hostile_environment(tmp_path)
    monkeypatch.setenv("PATH", env["PATH"])
    monkeypatch.chdir(cwd)
    output = LocalHost().run(["sh", "-c", 'echo "$PATH"; true'])
    assert output.ok, output.stderr
    assert output.stdout.strip().split(os.pathsep) == list(SYSTEM_PROGRAM_FOLDERS)
    assert not marker.exists(), f"a planted program ran: {marker.read_text()}"


def test_a_command_that_is_not_in_a_system_folder_is_not_found(tmp_path, monkeypatch):
    env, cwd, marker = hostile_environment(tmp_path)
    (tmp_path / "evil-bin" / "vmbt-only-here").write_text(f"#!/bin/sh\necho x >> {marker}\n")
    (tmp_path / "evil-bin" / "vmbt-only-here").chmod(0o755)
    monkeypatch.setenv("PATH", env["PATH"])
    output = LocalHost().run(["vmbt-only-here"])
    assert output.not_found and not marker.exists()


@pytest.mark.parametrize("command", [["checks", "--no-network"], ["collect", "--no-network", "--max-mb", "1"]])
def test_checks_and_collect_never_run_a_planted_program(tmp_path, command):
    env, cwd, marker = hostile_environment(tmp_path)
    env["VMBT_DATA_DIR"] = str(tmp_path / "data")
    if command[0] == "collect":
        command = [*command, "--out", str(tmp_path / "out.zip")]
    done = subprocess.run([sys.executable, "-m", "troubleshooter", *command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not marker.exists(), f"planted programs ran: {marker.read_text().split()}"
