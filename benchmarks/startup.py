"""Time to first window: the bare QWizard (the reference), the app from source and the executable.

Reuses build/measure_startup.py: the same bare QWizard script, the same VMBT_EXIT_AFTER_SHOW
hook (build/vmbt_entry.py prints VMBT_WINDOW_SHOWN at the first expose and exits), the same
spawn-to-marker timing, programs taken in turns so a busy machine slows all of them alike.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SUFFIX = ".exe" if sys.platform == "win32" else ""
EXECUTABLE = ROOT / "dist" / f"VMBackupTroubleshooter{_SUFFIX}"
# The one-folder build `make exe` leaves beside it: no unpacking at each start.
ONEDIR_EXECUTABLE = ROOT / "dist" / "onedir" / "VMBackupTroubleshooter" / f"VMBackupTroubleshooter{_SUFFIX}"
TIMEOUT_S = 60.0


def _measure_startup_module():
    spec = importlib.util.spec_from_file_location("measure_startup", ROOT / "build" / "measure_startup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_first_window(runs: int, environment: dict[str, str]) -> tuple[dict[str, list[float]], list[str]]:
    """Seconds from spawn to first window per program: `bare`, `source`, and `executable`, `onedir` when built;
    and what went wrong with a build that would not start (it is left out, the rest is still measured)."""
    measure_startup = _measure_startup_module()
    with tempfile.TemporaryDirectory(prefix="vmbt-bench-startup-") as scratch:
        bare_script = Path(scratch) / "bare_wizard.py"
        bare_script.write_text(measure_startup.BARE_WIZARD, encoding="utf-8")
        programs = {"bare": [sys.executable, str(bare_script)],
                    "source": [sys.executable, str(ROOT / "build" / "vmbt_entry.py")]}
        if EXECUTABLE.exists():
            programs["executable"] = [str(EXECUTABLE)]
        if ONEDIR_EXECUTABLE.exists():
            programs["onedir"] = [str(ONEDIR_EXECUTABLE)]
        environment = dict(environment, VMBT_EXIT_AFTER_SHOW="1", VMBT_NO_NETWORK="1", QT_QPA_PLATFORM="offscreen",
                           VMBT_DATA_DIR=scratch, XDG_CONFIG_HOME=scratch)
        problems = []
        times: dict[str, list[float]] = {name: [] for name in programs}
        for run in range(runs + 1):  # run 0 warms the page cache (and a one-file build's unpacking); not counted
            for name, command in list(programs.items()):
                try:
                    _first, shown = measure_startup.time_to_window(command, environment, TIMEOUT_S)
                except RuntimeError as exc:
                    if name in ("bare", "source"):
                        raise
                    # Another helper may be rebuilding dist/ right now.
                    problems.append(f"{name} left out: {str(exc).splitlines()[0]}")
                    del programs[name], times[name]
                    continue
                if run:
                    times[name].append(shown)
    return times, problems
