"""The fleet recipes, run for real: the Ansible playbook against this machine, the Run Command script."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PROGRAM = BIN / "vm-backup-troubleshooter"


def _run(argv: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """subprocess.run, but a timeout ends the whole process group (a script's python3 included)."""
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(argv, process.returncode, out, err)


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
    env.update(HOME=str(tmp_path / "home"), ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-local"),
               ANSIBLE_REMOTE_TEMP=str(tmp_path / "ansible-remote"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_CONFIG=str(tmp_path / "no-ansible.cfg"),
               PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", QT_QPA_PLATFORM="offscreen")
    return env


@pytest.mark.slow
def test_the_playbook_leaves_one_folder_per_host_and_a_fleet_table(tmp_path):
    playbook = shutil.which("ansible-playbook", path=str(BIN)) or shutil.which("ansible-playbook")
    if playbook is None:
        pytest.skip("ansible-core is not installed (make test installs it with the 'fleet' extra)")
    results, remote = tmp_path / "results", tmp_path / "remote"
    run = _run([playbook, "-i", "localhost,", "-c", "local", str(ROOT / "fleet" / "ansible" / "collect.yml"),
                "-e", f"vmbt_command={PROGRAM}", "-e", f"vmbt_results_dir={results}",
                "-e", f"vmbt_remote_dir={remote}", "-e", "vmbt_become=false", "-e", "vmbt_no_network=true",
                "-e", "vmbt_max_mb=2", "-e", f"ansible_python_interpreter={sys.executable}"],
               _environment(tmp_path), 300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    host_folder = results / "localhost"
    document = json.loads((host_folder / "checks.json").read_text())
    assert document["host"]["name"] == socket.gethostname() and document["results"]
    with zipfile.ZipFile(host_folder / "localhost-vmbackup-logs.zip") as archive:
        assert {"checks.json", "system.json", "manifest.json"} <= set(archive.namelist())
    rows = list(csv.DictReader((results / "fleet.csv").open()))
    assert [row["host"] for row in rows] == [socket.gethostname()]
    assert "<table>" in (results / "fleet.html").read_text()
    assert not remote.exists()  # the work folder on the host is removed again
    assert "host(s)" in run.stdout


def test_the_run_command_script_prints_one_short_line_of_json(tmp_path):
    env = _environment(tmp_path) | {"VMBT_PROGRAM": str(PROGRAM), "VMBT_OUTPUT_DIR": str(tmp_path)}
    run = _run(["bash", str(ROOT / "fleet" / "runcommand" / "checks.sh")], env, 120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1 and len(lines[0].encode()) <= 4096
    line = json.loads(lines[0])
    assert line["host"] == socket.gethostname() and "linux.agent_service" in line["statuses"]
    full = json.loads(Path(line["full_output"]).read_text())
    assert set(full["results"][i]["check_id"] for i in range(len(full["results"]))) == set(line["statuses"])


def test_the_run_command_script_fits_a_noisy_vm_into_4096_bytes(tmp_path):
    # A stand-in program whose checks all found something long-winded.
    document = {"host": {"name": "noisy"}, "vm": {}, "generated_at": "2026-12-01T00:00:00+00:00",
                "results": [{"check_id": f"linux.check_{i:03d}", "status": "problem",
                             "summary": {"en": "something went wrong " * 30}} for i in range(120)]}
    fake = tmp_path / "fake-program"
    fake.write_text(f"#!/bin/sh\ncat <<'JSON'\n{json.dumps(document)}\nJSON\n")
    fake.chmod(0o755)
    env = _environment(tmp_path) | {"VMBT_PROGRAM": str(fake), "VMBT_OUTPUT_DIR": str(tmp_path)}
    run = _run(["bash", str(ROOT / "fleet" / "runcommand" / "checks.sh")], env, 60)
    assert run.returncode == 0, run.stderr
    line = json.loads(run.stdout)
    assert len(run.stdout.encode()) <= 4096 and len(line["statuses"]) == 120 and line.get("findings_cut") is True


def test_the_run_command_script_says_when_the_program_is_missing(tmp_path):
    env = _environment(tmp_path) | {"VMBT_PROGRAM": "", "PATH": "/usr/bin:/bin"}
    run = _run(["bash", str(ROOT / "fleet" / "runcommand" / "checks.sh")], env, 60)
    assert run.returncode == 1 and "not on this VM" in json.loads(run.stdout)["error"]
