"""Starts benchmarks.window_probe in a child process and reads back its one `PROBE {json}` line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 120


def run_probe(mode: str, environment: dict[str, str], flow_cache: Path | None = None) -> dict:
    """`flow_cache`: a cache folder (checked flows, text catalogs, search vocabulary: see
    benchmarks.__main__.warm_caches) the probe's fresh data folder starts with, as every start but the
    very first from a checkout (and every start of the executable, which carries its own) has it;
    without it the probe parses and lints the YAML."""
    with tempfile.TemporaryDirectory(prefix="vmbt-bench-probe-") as scratch:
        if flow_cache is not None:
            shutil.copytree(flow_cache, Path(scratch) / flow_cache.name)
        environment = dict(environment, QT_QPA_PLATFORM="offscreen", VMBT_DATA_DIR=scratch, XDG_CONFIG_HOME=scratch)
        finished = subprocess.run([sys.executable, "-m", "benchmarks.window_probe", mode], cwd=ROOT, env=environment,
                                  capture_output=True, text=True, timeout=TIMEOUT_S)
    for line in finished.stdout.splitlines():
        if line.startswith("PROBE "):
            return json.loads(line[len("PROBE "):])
    raise RuntimeError(f"probe {mode} gave no result (exit {finished.returncode}):\n{finished.stderr[-2000:]}")
