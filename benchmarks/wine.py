"""The Windows executable's start under Wine: its wizard window (cache warm) against a bare QWizard
from the same Windows Python under Wine, in the same run (build/measure_startup.py, run by the
Windows Python). Measured only where `make exe-windows` left its Windows Python and .exe."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from benchmarks.stats import Figure

ROOT = Path(__file__).resolve().parent.parent
EXECUTABLE = ROOT / "dist" / "VMBackupTroubleshooter.exe"
WINE_WIZARD_WINDOW = 4.0
TIMEOUT_S = 1800


def wine_figures(runs: int) -> tuple[list[Figure], list[str]]:
    sys.path.insert(0, str(ROOT / "build"))
    import wine_python

    folder = wine_python.cache_folder()
    if not (folder / wine_python.COMPLETE).is_file() or not EXECUTABLE.is_file():
        return [], ["Windows under Wine: not measured; `make exe-windows` sets up the Windows Python and builds "
                    "the .exe (bench does neither, they take minutes)."]
    with tempfile.TemporaryDirectory(prefix="vmbt-bench-wine-") as scratch:
        results = Path(scratch) / "startup.json"
        completed = wine_python.run_python(
            folder, ["build/measure_startup.py", "--runs", str(runs), "--program",
                     f"exe={wine_python.windows_path(EXECUTABLE)}", "--json", wine_python.windows_path(results)],
            extra={"QT_QPA_PLATFORM": "offscreen"}, capture=True, timeout=TIMEOUT_S)
        if completed.returncode != 0 or not results.is_file():
            # measure_startup.py says which launch failed on its standard output, Wine on its error
            said = b"\n".join(stream.strip() for stream in (completed.stdout or b"", completed.stderr or b""))
            error = said.decode("utf-8", errors="replace")[-1500:] or "(it printed nothing)"
            return [], [f"Windows under Wine: measure_startup.py failed ({completed.returncode}): {error}"]
        summary = json.loads(results.read_text(encoding="utf-8"))
    bare, executable = summary["bare-qwizard"], summary["exe"]
    figures = [
        Figure("wine.bare", "Wine: first window, bare QWizard of the Windows Python (reference)", "s",
               bare["main_s"], reference=bare["main_median_s"]),
        Figure("wine.executable", "Wine: wizard window, the .exe (one file, cache warm)", "s", executable["main_s"],
               reference=bare["main_median_s"], limit=WINE_WIZARD_WINDOW, limit_on_ratio=True,
               target=f"<= {WINE_WIZARD_WINDOW:g}x bare"),
    ]
    return figures, ["Windows under Wine: build/measure_startup.py run by the Windows Python under Wine, offscreen; "
                     "the .exe's launcher finds its program in a warm %LOCALAPPDATA% cache of the bench's own."]
