"""One measured figure: its samples, median and spread, ratio to a reference, target and verdict."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass
class Figure:
    """One measured quantity. `samples` are in `unit` (s, ms, bytes, pages, count).

    A figure with a `reference` (the same unit, measured in the same run) is also shown as a
    ratio to it. `limit` is the target: on the ratio when `limit_on_ratio`, else on the median.
    Every figure here is better when lower.
    """

    key: str
    label: str
    unit: str
    samples: list[float] = field(default_factory=list)
    reference: float | None = None
    reference_label: str = ""
    limit: float | None = None
    limit_on_ratio: bool = False
    target: str = ""
    note: str = ""
    # The smallest change in the median the measurement can tell apart (a probe's tick, say); a smaller
    # change is not flagged as a regression however large it is in percent.
    resolution: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def spread(self) -> float:
        """Half the range between the lowest and highest sample, shown as a plus/minus."""
        return (max(self.samples) - min(self.samples)) / 2 if len(self.samples) > 1 else 0.0

    @property
    def ratio(self) -> float | None:
        if self.reference is None or not self.samples or self.reference <= 0:
            return None
        return self.median / self.reference

    @property
    def met(self) -> bool | None:
        if self.limit is None or not self.samples:
            return None
        value = self.ratio if self.limit_on_ratio else self.median
        return value is not None and value <= self.limit

    def to_dict(self) -> dict:
        return {"label": self.label, "unit": self.unit, "median": self.median, "spread": self.spread,
                "samples": self.samples, "ratio": self.ratio, "reference": self.reference,
                "limit": self.limit, "limit_on_ratio": self.limit_on_ratio, "target": self.target,
                "met": self.met, "note": self.note}


def percentile(values: list[float], fraction: float) -> float:
    """The value at `fraction` (0..1) of the sorted values, by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
