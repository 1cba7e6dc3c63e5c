"""Starts benchmarks.window_probe in a child process and reads back its one `PROBE {json}` line."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 120


def run_probe(mode: str, environment: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="vmbt-bench-probe-") as scratch:
        environment = dict(environment, QT_QPA_PLATFORM="offscreen", VMBT_DATA_DIR=scratch, XDG_CONFIG_HOME=scratch)
        finished = subprocess.run([sys.executable, "-m", "benchmarks.window_probe", mode], cwd=ROOT, env=environment,
                                  capture_output=True, text=True, timeout=TIMEOUT_S)
    for line in finished.stdout.splitlines():
        if line.startswith("PROBE "):
            return json.loads(line[len("PROBE "):])
    raise RuntimeError(f"probe {mode} gave no result (exit {finished.returncode}):\n{finished.stderr[-2000:]}")
