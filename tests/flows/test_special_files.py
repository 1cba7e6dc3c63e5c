"""Special files in the flow folder (a symlink to /dev/zero, a FIFO, a folder named x.yaml, a
symlink loop, a missing VMBT_FLOWS_DIR): one `file: message` line from `lint` and `run`, never a
traceback, a MemoryError or a hang."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from troubleshooter.flows.limits import MAX_FILE_BYTES as MAX_FLOW_BYTES

HERE = Path(__file__).parent
REPO = HERE.parent.parent
EXAMPLE_DIR = HERE / "data"
CLI = str(HERE / "cli_with_example_check.py")
# A hang shows up as this timeout; a healthy refusal takes well under a second plus start-up.
COMMAND_TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and symlinks as a POSIX user makes them")


def _plant(folder: Path, kind: str) -> Path:
    bad = folder / "bad.yaml"
    if kind == "symlink to /dev/zero":
        bad.symlink_to("/dev/zero")
    elif kind == "FIFO":
        os.mkfifo(bad)
    elif kind == "folder named x.yaml":
        bad.mkdir()
        (bad / "inside.yaml").write_text("id: inside\n", encoding="utf-8")
    elif kind == "symlink loop":
        bad.symlink_to(folder / "bad2.yaml")
        (folder / "bad2.yaml").symlink_to(bad)
    return bad


SPECIAL = {
    "symlink to /dev/zero": "it is a character device, not a regular file",
    "FIFO": "it is a FIFO (named pipe), not a regular file",
    "folder named x.yaml": "it is a folder, not a regular file",
    "symlink loop": "it is a symbolic link that loops back on itself",
}


def _run(*args: str, flows_dir: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, VMBT_FLOWS_DIR=str(flows_dir), VMBT_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, CLI, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=COMMAND_TIMEOUT_S)


@pytest.mark.parametrize("command", [["lint"], ["run", "--flow", "example", "--no-checks"]])
@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_a_special_file_in_the_flow_folder_is_one_line_never_a_traceback(tmp_path, kind, command):
    folder = tmp_path / "flows"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("broken"))
    bad = _plant(folder, kind)

    finished = _run(*command, flows_dir=folder, data_dir=tmp_path / "data")

    output = finished.stdout + finished.stderr
    assert finished.returncode != 0
    assert "Traceback" not in output and "Error:" not in output.replace("FlowError", ""), output
    lines = [line for line in output.splitlines() if line.startswith(str(bad) + ":")]
    assert len(lines) == 1, output
    assert SPECIAL[kind] in lines[0]
    assert len(output) < 4000


def test_a_missing_flows_folder_is_named_in_one_line(tmp_path):
    missing = tmp_path / "no-such-folder"

    for command in (["lint"], ["run", "--flow", "example", "--no-checks"]):
        finished = _run(*command, flows_dir=missing, data_dir=tmp_path / "data")

        output = finished.stdout + finished.stderr
        assert finished.returncode != 0
        assert "Traceback" not in output, output
        assert f"{missing}:1:1: the flow folder named by VMBT_FLOWS_DIR does not exist" in output


def test_the_loader_reads_no_more_than_the_limit_of_a_file_that_stats_as_empty(tmp_path):
    """A regular file that stats as empty yet holds megabytes (/proc/kallsyms) gets past the size
    check, as a file that grows after the check would, so only the bounded read stops it. The load
    runs in a child whose address space is capped, so a reader without its bound fails there
    instead of taking the machine's memory."""
    source = Path("/proc/kallsyms")
    try:
        big_enough = source.stat().st_size == 0 and len(source.read_bytes()) > 4 * MAX_FLOW_BYTES
    except OSError:
        big_enough = False
    if not big_enough:
        pytest.skip("needs Linux's /proc/kallsyms, readable and larger than 2 MiB")
    (tmp_path / "bad.yaml").symlink_to(source)
    child = textwrap.dedent(f"""
        import resource, sys, tracemalloc
        resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))
        from troubleshooter.flows.errors import FlowError
        from troubleshooter.flows.loader import load_flows
        tracemalloc.start()
        try:
            load_flows([{str(tmp_path)!r}])
        except FlowError as exc:
            print("REFUSED", exc)
        print("PEAK", tracemalloc.get_traced_memory()[1])
    """)

    finished = subprocess.run([sys.executable, "-c", child], cwd=REPO, capture_output=True, text=True,
                              timeout=COMMAND_TIMEOUT_S)

    assert finished.returncode == 0, finished.stderr[-2000:]
    assert "REFUSED" in finished.stdout and "larger than 512 KiB" in finished.stdout, finished.stdout
    peak = int(finished.stdout.split("PEAK")[1])
    assert peak < 4 * MAX_FLOW_BYTES


def test_a_link_to_an_endless_device_is_refused_before_a_byte_is_read(tmp_path):
    from troubleshooter.flows.errors import FlowError
    from troubleshooter.flows.loader import load_flows

    _plant(tmp_path, "symlink to /dev/zero")
    with pytest.raises(FlowError) as caught:
        load_flows([tmp_path])
    assert "not a regular file" in str(caught.value)
