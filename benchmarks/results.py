"""The table printed by `make bench`, benchmarks/RESULTS.md, and the comparison with the previous run."""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks.stats import Figure

RESULTS_FILE = Path(__file__).resolve().parent / "RESULTS.md"
# A figure that grew by more than this since the previous run (its ratio when it has one) is flagged.
WORSE_BY = 0.20
_JSON_BLOCK = re.compile(r"<!-- figures-json -->\s*```json\n(?P<json>.*?)\n```", re.DOTALL)


def format_value(value: float | None, unit: str) -> str:
    if value is None or value != value:  # NaN: nothing measured
        return "-"
    if unit == "s":
        if value < 0.01:
            return f"{value * 1000:.2f} ms"
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "bytes":
        return f"{value / 2**20:.1f} MiB" if value >= 2**20 else f"{value / 1024:.0f} KiB"
    return f"{value:g}"


def growth(figure: Figure, before: dict | None) -> float | None:
    """How much worse (+) or better (-) than the previous run: ratio against ratio when both have one, else
    median against median; 0 within the figure's resolution; None when there is nothing to compare."""
    if not before:
        return None
    if before.get("median") is not None and abs(figure.median - before["median"]) <= figure.resolution:
        return 0.0
    if figure.ratio is not None and before.get("ratio"):
        return figure.ratio / before["ratio"] - 1
    if before.get("median"):
        return figure.median / before["median"] - 1
    return None


def _verdict(figure: Figure) -> str:
    return {True: "met", False: "NOT MET", None: "-"}[figure.met]


def _rows(figures: list[Figure], previous: dict[str, dict]) -> list[list[str]]:
    rows = []
    for figure in figures:
        ratio = f"{figure.ratio:.3g}x" if figure.ratio is not None else "-"
        change = "-"
        grew = growth(figure, previous.get(figure.key))
        if grew is not None:
            change = f"{grew:+.0%}" + (" WORSE" if grew > WORSE_BY else "")
        rows.append([figure.label, f"{format_value(figure.median, figure.unit)} ± "
                     f"{format_value(figure.spread, figure.unit)}", str(len(figure.samples)), ratio,
                     figure.target or "-", _verdict(figure), change])
    return rows


HEADINGS = ["figure", "median ± spread", "runs", "ratio", "target", "verdict", "vs previous"]


def table_text(figures: list[Figure], previous: dict[str, dict]) -> str:
    rows = [HEADINGS] + _rows(figures, previous)
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def regressions(figures: list[Figure], previous: dict[str, dict]) -> list[str]:
    worse = []
    for figure in figures:
        grew = growth(figure, previous.get(figure.key))
        if grew is not None and grew > WORSE_BY:
            what = "ratio" if figure.ratio is not None and previous[figure.key].get("ratio") else "median"
            worse.append(f"{figure.label}: {what} {grew:+.0%} since the previous run")
    return worse


def read_previous(path: Path = RESULTS_FILE) -> dict[str, dict]:
    """The figures of the last run, from the JSON block of RESULTS.md; empty when there is none."""
    try:
        match = _JSON_BLOCK.search(path.read_text(encoding="utf-8"))
        return json.loads(match.group("json"))["figures"] if match else {}
    except (OSError, ValueError, KeyError):
        return {}


def markdown(figures: list[Figure], machine: dict[str, str], previous: dict[str, dict],
             notes: list[str], elapsed: float) -> str:
    rows = [HEADINGS] + _rows(figures, previous)
    table = ["| " + " | ".join(row) + " |" for row in rows]
    table.insert(1, "|" + "|".join("---" for _ in HEADINGS) + "|")
    worse = regressions(figures, previous)
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m benchmarks`); the previous run's figures are read from the JSON",
        "block at the end. Time figures are also given as a ratio to the bare PySide6 QWizard's time to first",
        "window measured in the same run (offscreen, spawned from Python); memory as a ratio to the bare",
        "QWizard's peak. \"± spread\" is half the range of the runs. \"vs previous\" compares the ratio when",
        f"there is one, else the median; more than {WORSE_BY:.0%} worse is flagged WORSE.",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in machine.items()],
        f"- bench wall time: {elapsed:.0f} s",
        "",
        "## Figures",
        "",
        *table,
        "",
        "## Worse than the previous run",
        "",
        *([f"- {item}" for item in worse] or ["- none" if previous else "- no previous run to compare with"]),
        "",
        "## Notes",
        "",
        *[f"- {note}" for note in notes],
        *[f"- {figure.label}: {figure.note}" for figure in figures if figure.note],
        "",
        "<!-- figures-json -->",
        "```json",
        json.dumps({"machine": machine, "figures": {figure.key: figure.to_dict() for figure in figures}},
                   indent=1, ensure_ascii=False),
        "```",
        "",
    ]
    return "\n".join(lines)
