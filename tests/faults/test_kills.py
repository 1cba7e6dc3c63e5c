"""SIGKILL at random moments, 50 times each: during an autosaved walk and while a PDF is being saved."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers.autosave_walker import EXAMPLE_DIR
from tests.helpers.killed_walks import kill_at_random_moments
from tests.helpers.sigkill import kill_when
from troubleshooter.flows.loader import load_flows

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50
WORKERS = 3

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def test_a_walk_killed_fifty_times_always_resumes(tmp_path):
    flows = load_flows([EXAMPLE_DIR])
    outcomes = kill_at_random_moments(tmp_path, flows, kills=KILLS, seed=20261126 + KILLS, workers=WORKERS)

    assert all(code == -signal.SIGKILL for code, _ in outcomes)
    commits = sorted(count for _, count in outcomes)
    assert commits[0] < commits[-1], f"the kills landed at different moments: {commits}"


def _save_and_kill(folder: Path, delay_fraction: float) -> tuple[int, int]:
    """Start the saver, kill it a random part of two saves after it is ready; (saves reported, exit code)."""
    folder.mkdir()
    target = folder / "report.pdf"
    process = subprocess.Popen([sys.executable, "-m", "tests.faults.pdf_saver", str(target)], cwd=ROOT,
                               env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def moment() -> None:
        ready = process.stdout.readline().split()
        assert ready and ready[0] == "READY", process.stderr.read()
        # Within the first two saves: about half the kills land before the first one is done.
        time.sleep(delay_fraction * 2 * float(ready[1]))

    saved = sum(1 for line in kill_when(process, moment).splitlines() if line.startswith("SAVED "))
    return saved, process.returncode


def _assert_whole_or_absent(folder: Path, saved: int) -> str:
    """The target is absent or a complete PDF; nothing else there looks like the report. Returns what was found."""
    target = folder / "report.pdf"
    others = [path for path in folder.iterdir() if path != target]
    for other in others:  # an interrupted save's temporary file: hidden, and never named like a PDF
        assert other.name.startswith(".report.pdf.") and other.suffix == ".tmp", other.name
    if not target.exists():
        assert saved == 0, "a save that was reported done is on disk"
        return "absent"
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), f"{len(data)} bytes, cut short"
    assert len(PdfReader(target).pages) > 1
    return "complete" + (" + temporary file" if others else "")


def test_a_pdf_save_killed_fifty_times_leaves_the_file_whole_or_absent(tmp_path):
    randomness = random.Random(7 * KILLS)
    fractions = [randomness.random() for _ in range(KILLS)]

    def one_run(index: int):
        folder = tmp_path / f"save-{index}"
        saved, returncode = _save_and_kill(folder, fractions[index])
        return saved, returncode, _assert_whole_or_absent(folder, saved)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(one_run, range(KILLS)))

    assert all(code == -signal.SIGKILL for _, code, _ in outcomes), "the saver is killed, never ends by itself"
    seen = {found for _, _, found in outcomes}
    counts = {kind: sum(found == kind for _, _, found in outcomes) for kind in sorted(seen)}
    print(f"after {KILLS} kills: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()))
    assert "absent" in seen and any(kind.startswith("complete") for kind in seen), \
        f"the kills landed both before the first save and after one: {sorted(seen)}"


def test_a_save_after_an_interrupted_one_replaces_the_file(tmp_path):
    """A temporary file left by a killed save does not stop the next save, nor become the report."""
    from tests.faults.pdf_saver import long_report
    from troubleshooter.report import write_pdf

    target = tmp_path / "report.pdf"
    leftover = tmp_path / ".report.pdf.k1ll3d.tmp"
    leftover.write_bytes(b"%PDF-1.4\n% cut short by a kill")
    write_pdf(long_report(), target, overwrite=True)
    assert target.read_bytes().rstrip().endswith(b"%%EOF")
    assert leftover.read_bytes().endswith(b"cut short by a kill")
