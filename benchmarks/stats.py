"""Repeated measurement and the summary of one figure: median, spread, ratio to a reference."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Figure:
    """One measured quantity. `samples` are seconds, bytes or counts; `unit` says which."""

    key: str
    label: str
    unit: str
    samples: list[float] = field(default_factory=list)
    target: str = ""
    met: bool | None = None
    ratio_to: str | None = None  # key of the reference figure, for time figures
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def spread(self) -> float:
        """Half the range between the lowest and highest sample, as a plus/minus."""
        return (max(self.samples) - min(self.samples)) / 2 if len(self.samples) > 1 else 0.0


def repeat(function: Callable[[], float], runs: int) -> list[float]:
    return [function() for _ in range(runs)]


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
