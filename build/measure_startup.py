"""Time from spawning a program to its first window on screen, against a bare PySide6 QWizard.

Each program runs with QT_QPA_PLATFORM=offscreen and VMBT_EXIT_AFTER_SHOW=1: it prints
`VMBT_WINDOW_SHOWN <seconds>` once its first window is exposed and exits (build/vmbt_entry.py
does this for the app, frozen or not). The time counted is wall time in this process from just
before the spawn to reading that line, so a one-file build's unpacking is included. Programs
run in turns (bare, app, bare, app, ...) so a busy machine slows all of them alike.

    python build/measure_startup.py                       # bare, source, onedir, onefile if built
    python build/measure_startup.py --runs 9 --json out.json --max-ratio 3
    python build/measure_startup.py --program mine=/path/to/exe
    python build/measure_startup.py --x11-display :99    # on a real X server (e.g. Xvfb)

With --x11-display the programs draw through X11 instead of offscreen, and the first window is
the first top-level window the X server maps (seen through a root-window MapNotify
subscription): that is the bootloader's splash for a build that has one, shown while it
unpacks. `first_*` columns are that first window; `main_*` the wizard's own window.

The one-file build keeps its program in a per-user cache (build/onefile_cache.py). Every program
runs with a cache of this script's own: `onefile` finds it filled by the warm-up launch (every
start but the first on a machine), `onefile-first-start` finds its program's folder removed before
each launch (the first start: the launcher unpacks the program, then starts it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "VMBT_WINDOW_SHOWN"
REFERENCE = "bare-qwizard"
FIRST_START_SUFFIX = "-first-start"
sys.path.insert(0, str(Path(__file__).resolve().parent))
import onefile_cache  # noqa: E402

BARE_WIZARD = f'''
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

class FirstExpose(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and isinstance(watched, QWindow) and watched.isExposed():
            print("{MARKER}", flush=True)
            os._exit(0)
        return False

app = QApplication(sys.argv)
probe = FirstExpose()
app.installEventFilter(probe)
wizard = QWizard()
page = QWizardPage()
page.setTitle("Backup fails")
layout = QVBoxLayout(page)
layout.addWidget(QLabel("What do you see?"))
wizard.addPage(page)
wizard.show()
sys.exit(app.exec())
'''


def source_command(python: str) -> list[str]:
    """The program from source through the executable's entry, build/vmbt_entry.py, run as a module:
    from its cached bytecode, as `python -m troubleshooter` runs. Run as a script, Python would
    compile it at every start (about 2.5 ms), which no installed or frozen copy does."""
    return [python, "-c", "import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); "
                          "runpy.run_module('vmbt_entry', run_name='__main__', alter_sys=True)",
            str(ROOT / "build")]


def default_programs(python: str) -> dict[str, list[str]]:
    suffix = ".exe" if sys.platform == "win32" else ""
    programs = {"source": source_command(python)}
    onedir = ROOT / "dist" / "onedir" / "VMBackupTroubleshooter" / f"VMBackupTroubleshooter{suffix}"
    onefile = ROOT / "dist" / f"VMBackupTroubleshooter{suffix}"
    if onedir.exists():
        programs["onedir"] = [str(onedir)]
    if onefile.exists():
        programs["onefile"] = [str(onefile)]
        programs["onefile" + FIRST_START_SUFFIX] = [str(onefile)]
    return programs


class OneFileCaches:
    """Gives each launch the one-file build's cache it should find: filled for a warm start, without
    the program's folder for a program named `...-first-start`. The other programs get the same
    XDG_CACHE_HOME (Qt and fontconfig keep caches there too), so only the launcher's cache differs.
    `private` is a folder the cache accepts (onefile_cache.accepted_folder); with None every start of
    the one-file build unpacks into a temporary folder, which the caller should say."""

    _VARIABLE = "LOCALAPPDATA" if sys.platform == "win32" else "XDG_CACHE_HOME"

    def __init__(self, private: Path | None):
        self.private = private

    def environment(self, name: str, environment: dict[str, str]) -> dict[str, str]:
        if self.private is None:
            return environment
        first_start = name.endswith(FIRST_START_SUFFIX)
        parent = self.private / ("first-start" if first_start else "warm")
        parent.mkdir(mode=0o700, exist_ok=True)
        if first_start:
            import shutil

            shutil.rmtree(parent / onefile_cache.APP_FOLDER, ignore_errors=True)
        return dict(environment, **{self._VARIABLE: str(parent)})


class X11MapWatcher:
    """Reports when any top-level window is mapped on an X display (libX11 through ctypes)."""

    _SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
    _MAP_NOTIFY = 19

    def __init__(self, display: str):
        import ctypes

        self._xlib = ctypes.CDLL("libX11.so.6")
        self._xlib.XOpenDisplay.restype = ctypes.c_void_p
        self._xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        for name in ("XDefaultRootWindow", "XConnectionNumber", "XPending", "XFlush", "XCloseDisplay"):
            getattr(self._xlib, name).argtypes = [ctypes.c_void_p]
        self._xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        self._xlib.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self._xlib.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        self._display = self._xlib.XOpenDisplay(display.encode())
        if not self._display:
            raise RuntimeError(f"cannot open X display {display}")
        root = self._xlib.XDefaultRootWindow(self._display)
        self._xlib.XSelectInput(self._display, root, self._SUBSTRUCTURE_NOTIFY_MASK)
        self._xlib.XFlush(self._display)
        self._event = ctypes.create_string_buffer(192)  # sizeof(XEvent) on 64-bit
        self._ctypes = ctypes
        self.fileno = self._xlib.XConnectionNumber(self._display)

    def drain(self) -> bool:
        """Read pending events; True when one of them was a window being mapped."""
        mapped = False
        while self._xlib.XPending(self._display):
            self._xlib.XNextEvent(self._display, self._event)
            if self._ctypes.c_int.from_buffer(self._event).value == self._MAP_NOTIFY:
                mapped = True
        return mapped

    def close(self) -> None:
        self._xlib.XCloseDisplay(self._display)


def time_to_window(command: list[str], environment: dict[str, str], timeout: float,
                   x11: X11MapWatcher | None = None) -> tuple[float, float]:
    """(seconds to the first window, seconds to the main window) for one launch."""
    first, main_window, _output = _launch(command, environment, timeout, x11)
    return first, main_window


def time_phases(command: list[str], environment: dict[str, str], timeout: float) -> tuple[float, float]:
    """(seconds from spawn to the window, seconds of that spent inside Python) for one launch.

    The program reports the second figure itself: build/vmbt_entry.py prints the time since its
    own first line ran. The difference is what happened before Python ran the entry: for a
    one-file build, unpacking and the interpreter's start; for the others, the interpreter's start.
    """
    _first, main_window, output = _launch(command, environment, timeout, None)
    return main_window, in_python_seconds(output)


def in_python_seconds(output: bytes) -> float:
    words = output.split(MARKER.encode(), 1)[1].split()
    if not words:
        raise RuntimeError("the window marker carried no time")
    return float(words[0])


def _launch(command: list[str], environment: dict[str, str], timeout: float,
            x11: X11MapWatcher | None) -> tuple[float, float, bytes]:
    if os.name == "nt" and x11 is None:
        return _launch_with_a_reader_thread(command, environment, timeout)
    import selectors

    if x11 is not None:
        x11.drain()  # forget windows of earlier runs
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    first = None
    output = b""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ, "stdout")
    if x11 is not None:
        selector.register(x11.fileno, selectors.EVENT_READ, "x11")
    try:
        while time.perf_counter() - started < timeout:
            for key, _ in selector.select(timeout=0.5):
                now = time.perf_counter() - started
                if key.data == "x11":
                    if x11.drain() and first is None:
                        first = now
                    continue
                chunk = os.read(process.stdout.fileno(), 4096)
                if not chunk:
                    raise RuntimeError("exited")
                output += chunk
                if MARKER.encode() in output:
                    process.wait(timeout=timeout)
                    output += process.stdout.read()
                    return (first if first is not None else now), now, output
    except RuntimeError:
        pass
    finally:
        selector.close()
        if process.poll() is None:
            process.kill()
        process.wait()
    error = process.stderr.read().decode(errors="replace").strip()[-2000:]
    raise RuntimeError(f"{' '.join(command)} showed no window (exit {process.returncode}):\n{error}")


def _launch_with_a_reader_thread(command: list[str], environment: dict[str, str],
                                 timeout: float) -> tuple[float, float, bytes]:
    """_launch for Windows, where select() takes sockets only: a thread reads the pipe. Under Wine
    the desktop process can hold the pipe open after the program has exited (build/smoke_test.py),
    so what follows the marker is awaited for a moment, never to the end of the pipe."""
    import queue
    import threading

    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    chunks: queue.Queue[bytes] = queue.Queue()

    def read() -> None:
        while chunk := os.read(process.stdout.fileno(), 4096):
            chunks.put(chunk)
        chunks.put(b"")

    threading.Thread(target=read, daemon=True).start()
    output = b""
    try:
        while time.perf_counter() - started < timeout:
            try:
                chunk = chunks.get(timeout=0.5)
            except queue.Empty:
                continue
            now = time.perf_counter() - started
            if not chunk:
                break
            output += chunk
            if MARKER.encode() in output:
                process.wait(timeout=timeout)
                while True:
                    try:
                        output += chunks.get(timeout=2)
                    except queue.Empty:
                        break
                    if output.endswith(b"\n"):
                        break
                return now, now, output
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    raise RuntimeError(f"{' '.join(command)} showed no window (exit {process.returncode}):\n{output[-2000:]!r}")


def measure(programs: dict[str, list[str]], runs: int, timeout: float,
            x11_display: str | None = None) -> dict[str, dict[str, list[float]]]:
    with tempfile.TemporaryDirectory(prefix="vmbt-startup-") as scratch, \
            onefile_cache.accepted_folder(".vmbt-startup-cache-") as private:
        caches = OneFileCaches(private)
        environment = dict(os.environ, VMBT_EXIT_AFTER_SHOW="1", VMBT_NO_NETWORK="1", VMBT_DATA_DIR=scratch)
        x11 = None
        if x11_display:
            environment.pop("QT_QPA_PLATFORM", None)
            environment["DISPLAY"] = x11_display
            x11 = X11MapWatcher(x11_display)
        else:
            environment["QT_QPA_PLATFORM"] = "offscreen"
        try:
            for name, command in programs.items():  # warm the page cache and the one-file cache; not counted
                time_to_window(command, caches.environment(name, environment), timeout, x11)
            times = {name: {"first": [], "main": []} for name in programs}
            for _ in range(runs):
                for name, command in programs.items():
                    first, main_window = time_to_window(command, caches.environment(name, environment), timeout,
                                                        x11)
                    times[name]["first"].append(first)
                    times[name]["main"].append(main_window)
        finally:
            if x11 is not None:
                x11.close()
    return times


def summarize(times: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, float]]:
    summary = {}
    for name, series in times.items():
        row = {"runs": len(series["main"])}
        for kind, values in series.items():
            row[f"{kind}_s"] = values
            row[f"{kind}_median_s"] = statistics.median(values)
            row[f"{kind}_min_s"] = min(values)
            row[f"{kind}_max_s"] = max(values)
            reference = statistics.median(times[REFERENCE][kind])
            row[f"{kind}_ratio_to_bare"] = statistics.median(values) / reference
        summary[name] = row
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per program (default 7)")
    parser.add_argument("--python", default=sys.executable, help="the Python with PySide6 for bare and source")
    parser.add_argument("--program", action="append", default=[], metavar="NAME=PATH",
                        help="measure this executable instead of the default set (repeatable)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--x11-display", metavar="DISPLAY", help="draw on this X server instead of offscreen")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--max-ratio", type=float, metavar="R",
                        help="exit 1 when any program's first window takes over R times the bare QWizard's "
                             "(the one file's first start on a machine, which unpacks once, is not held to it)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="vmbt-bare-") as folder:
        bare_script = Path(folder) / "bare_wizard.py"
        bare_script.write_text(BARE_WIZARD, encoding="utf-8")
        programs = {REFERENCE: [args.python, str(bare_script)]}
        if args.program:
            for item in args.program:
                name, _, path = item.partition("=")
                programs[name] = [path]
        else:
            programs.update(default_programs(args.python))
        try:
            summary = summarize(measure(programs, args.runs, args.timeout, args.x11_display))
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 2

    mode = f"X11 {args.x11_display}" if args.x11_display else "offscreen"
    print(f"{mode}, {args.runs} runs each; seconds from spawn; x bare = median / the bare QWizard's median of the same column")
    print(f"{'program':<20}{'first win':>10}{'x bare':>8}{'main win':>10}{'x bare':>8}{'min':>8}{'max':>8}")
    for name, row in summary.items():
        print(f"{name:<20}{row['first_median_s']:>10.3f}{row['first_ratio_to_bare']:>8.2f}"
              f"{row['main_median_s']:>10.3f}{row['main_ratio_to_bare']:>8.2f}"
              f"{row['main_min_s']:>8.3f}{row['main_max_s']:>8.3f}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if args.max_ratio is not None:
        # The first start on a machine unpacks once: the limit is for every start after it.
        slow = [name for name, row in summary.items()
                if row["first_ratio_to_bare"] > args.max_ratio and not name.endswith(FIRST_START_SUFFIX)]
        if slow:
            print(f"slower than {args.max_ratio}x the bare QWizard: {', '.join(slow)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
