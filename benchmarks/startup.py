"""Time to first window: the bare QWizard (the reference), the app from source and the executable.

Reuses build/measure_startup.py: the same bare QWizard script, the same VMBT_EXIT_AFTER_SHOW
hook (build/vmbt_entry.py prints VMBT_WINDOW_SHOWN at the first expose and exits), the same
spawn-to-marker timing, programs taken in turns so a busy machine slows all of them alike.

The one-file build starts its program from a per-user cache (build/onefile_cache.py): `executable`
is every start but the first on a machine (the cache filled by the warm-up launch),
`executable-first-start` the first (its program's folder removed before each launch), both through
measure_startup.OneFileCaches, in a folder of the bench's own that the cache accepts.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SUFFIX = ".exe" if sys.platform == "win32" else ""
EXECUTABLE = ROOT / "dist" / f"VMBackupTroubleshooter{_SUFFIX}"
# The one-folder build `make exe` leaves beside it: no unpacking at each start.
ONEDIR_EXECUTABLE = ROOT / "dist" / "onedir" / "VMBackupTroubleshooter" / f"VMBackupTroubleshooter{_SUFFIX}"
TIMEOUT_S = 60.0
FIRST_START = "executable-first-start"


def _measure_startup_module():
    spec = importlib.util.spec_from_file_location("measure_startup", ROOT / "build" / "measure_startup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_first_window(runs: int, environment: dict[str, str]) -> tuple[dict[str, list[float]], list[str]]:
    """Seconds from spawn to first window per program: `bare`, `source`, and `executable`, `onedir` when built;
    and what went wrong with a build that would not start (it is left out, the rest is still measured)."""
    measure_startup = _measure_startup_module()
    with tempfile.TemporaryDirectory(prefix="vmbt-bench-startup-") as scratch, \
            measure_startup.onefile_cache.accepted_folder(".vmbt-bench-cache-") as private:
        caches = measure_startup.OneFileCaches(private)
        bare_script = Path(scratch) / "bare_wizard.py"
        bare_script.write_text(measure_startup.BARE_WIZARD, encoding="utf-8")
        programs = {"bare": [sys.executable, str(bare_script)],
                    "source": measure_startup.source_command(sys.executable)}
        if EXECUTABLE.exists():
            programs["executable"] = [str(EXECUTABLE)]
            programs[FIRST_START] = [str(EXECUTABLE)]
        if ONEDIR_EXECUTABLE.exists():
            programs["onedir"] = [str(ONEDIR_EXECUTABLE)]
        environment = dict(environment, VMBT_EXIT_AFTER_SHOW="1", VMBT_NO_NETWORK="1", QT_QPA_PLATFORM="offscreen",
                           VMBT_DATA_DIR=scratch, XDG_CONFIG_HOME=scratch)
        problems = []
        if private is None and EXECUTABLE.exists():
            problems.append("executable: no folder here that the one-file cache accepts, so every start unpacked "
                            "into a temporary folder")
        times: dict[str, list[float]] = {name: [] for name in programs}
        for run in range(runs + 1):  # run 0 warms the page cache (and a one-file build's unpacking); not counted
            for name, command in list(programs.items()):
                try:
                    _first, shown = measure_startup.time_to_window(command, caches.environment(name, environment),
                                                                   TIMEOUT_S)
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


def measure_bare_window(runs: int, environment: dict[str, str]) -> list[float]:
    """Seconds from spawn to the bare QWizard's first window, for a bench that measures only other parts."""
    measure_startup = _measure_startup_module()
    with tempfile.TemporaryDirectory(prefix="vmbt-bench-bare-") as scratch:
        bare_script = Path(scratch) / "bare_wizard.py"
        bare_script.write_text(measure_startup.BARE_WIZARD, encoding="utf-8")
        environment = dict(environment, QT_QPA_PLATFORM="offscreen")
        times = [measure_startup.time_to_window([sys.executable, str(bare_script)], environment, TIMEOUT_S)[1]
                 for _run in range(runs + 1)]
    return times[1:]  # the first launch warms the page cache


def measure_on_x11(runs: int, environment: dict[str, str]) -> dict[str, dict[str, list[float]]] | None:
    """The same launches drawn on a private Xvfb server, where the one-file build's splash (a Tk
    window the bootloader maps before unpacking) can be seen: per program, seconds to the first
    mapped window (`first`) and to the wizard (`main`). None when Xvfb is not installed."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return None
    measure_startup = _measure_startup_module()
    display = _free_display()
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_display(display)
        with tempfile.TemporaryDirectory(prefix="vmbt-bench-x11-") as scratch, \
                measure_startup.onefile_cache.accepted_folder(".vmbt-bench-cache-") as private:
            caches = measure_startup.OneFileCaches(private)
            bare_script = Path(scratch) / "bare_wizard.py"
            bare_script.write_text(measure_startup.BARE_WIZARD, encoding="utf-8")
            programs = {"bare": [sys.executable, str(bare_script)],
                        "source": measure_startup.source_command(sys.executable)}
            if EXECUTABLE.exists():
                programs["executable"] = [str(EXECUTABLE)]
            x11_environment = {key: value for key, value in environment.items() if key != "QT_QPA_PLATFORM"}
            x11_environment.update(DISPLAY=display, VMBT_EXIT_AFTER_SHOW="1", VMBT_NO_NETWORK="1",
                                   VMBT_DATA_DIR=scratch, XDG_CONFIG_HOME=scratch)
            watcher = measure_startup.X11MapWatcher(display)
            try:
                times = {name: {"first": [], "main": []} for name in programs}
                for run in range(runs + 1):  # run 0 warms caches; not counted
                    for name, command in programs.items():
                        first, main_window = measure_startup.time_to_window(
                            command, caches.environment(name, x11_environment), TIMEOUT_S, watcher)
                        if run:
                            times[name]["first"].append(first)
                            times[name]["main"].append(main_window)
            finally:
                watcher.close()
        return times
    finally:
        server.terminate()
        server.wait(timeout=10)


def _free_display() -> str:
    number = 90
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return f":{number}"


def _wait_for_display(display: str, timeout: float = 10.0) -> None:
    socket_path = Path(f"/tmp/.X11-unix/X{display.lstrip(':')}")
    deadline = time.monotonic() + timeout
    while not socket_path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Xvfb did not start on {display}")
        time.sleep(0.05)


def measure_start_phases(runs: int, environment: dict[str, str]) -> dict[str, dict[str, list[float]]]:
    """Where the built programs' start goes, per launch: `before_python` (spawn to the program's entry's
    first line: for the one-file build its launcher, then the one-folder program's bootloader and
    interpreter) and `in_python` (imports, the flows, the window and its first paint). The one file
    warm and at its first start, and the one-folder build, in turns, so their differences before
    Python are the launcher and the unpacking into the cache. Empty when neither is built."""
    measure_startup = _measure_startup_module()
    programs = {name: [str(path)] for name, path in (("executable", EXECUTABLE), (FIRST_START, EXECUTABLE),
                                                     ("onedir", ONEDIR_EXECUTABLE))
                if path.exists()}
    phases: dict[str, dict[str, list[float]]] = {name: {"before_python": [], "in_python": []} for name in programs}
    with tempfile.TemporaryDirectory(prefix="vmbt-bench-phases-") as scratch, \
            measure_startup.onefile_cache.accepted_folder(".vmbt-bench-cache-") as private:
        caches = measure_startup.OneFileCaches(private)
        environment = dict(environment, VMBT_EXIT_AFTER_SHOW="1", VMBT_NO_NETWORK="1", QT_QPA_PLATFORM="offscreen",
                           VMBT_DATA_DIR=scratch, XDG_CONFIG_HOME=scratch)
        for run in range(runs + 1):  # run 0 warms the page cache; not counted
            for name, command in list(programs.items()):
                try:
                    total, in_python = measure_startup.time_phases(command, caches.environment(name, environment),
                                                                   TIMEOUT_S)
                except RuntimeError:
                    del programs[name], phases[name]  # measured (and explained) with the first window
                    continue
                if run:
                    phases[name]["before_python"].append(total - in_python)
                    phases[name]["in_python"].append(in_python)
    return phases


def measure_cpu_to_window(runs: int, environment: dict[str, str]) -> dict[str, list[float]]:
    """CPU seconds (user + system, the whole process tree) each program spends from spawn to exit
    right after its first window, programs in turns. Unlike wall time, a machine busy with other
    work hardly moves it, so its ratio to the bare QWizard is the steadier figure. POSIX only
    (empty elsewhere): it reads the children's rusage."""
    try:
        import resource
    except ImportError:
        return {}
    measure_startup = _measure_startup_module()
    cpu: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="vmbt-bench-cpu-") as scratch, \
            measure_startup.onefile_cache.accepted_folder(".vmbt-bench-cache-") as private:
        caches = measure_startup.OneFileCaches(private)
        bare_script = Path(scratch) / "bare_wizard.py"
        bare_script.write_text(measure_startup.BARE_WIZARD, encoding="utf-8")
        programs = {"bare": [sys.executable, str(bare_script)],
                    "source": measure_startup.source_command(sys.executable)}
        programs.update({name: [str(path)] for name, path in (("executable", EXECUTABLE), ("onedir", ONEDIR_EXECUTABLE))
                         if path.exists()})
        environment = dict(environment, VMBT_EXIT_AFTER_SHOW="1", VMBT_NO_NETWORK="1", QT_QPA_PLATFORM="offscreen",
                           VMBT_DATA_DIR=scratch, XDG_CONFIG_HOME=scratch)
        cpu = {name: [] for name in programs}
        for run in range(runs + 1):  # run 0 warms the page cache; not counted
            for name, command in list(programs.items()):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                finished = subprocess.run(command, env=caches.environment(name, environment), stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, timeout=TIMEOUT_S)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if measure_startup.MARKER.encode() not in finished.stdout:
                    if name in ("bare", "source"):
                        raise RuntimeError(f"{name} showed no window")
                    del programs[name], cpu[name]
                    continue
                if run:
                    cpu[name].append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return cpu
