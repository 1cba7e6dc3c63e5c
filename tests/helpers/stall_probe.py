"""How long the Qt event loop was blocked: the window froze for as long as it could not tick."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer


class StallProbe:
    """A precise timer on the GUI thread, every `interval_ms`; the longest gap between its ticks
    (`longest_ms`) is the longest the event loop was blocked while the probe ran.

        with StallProbe(10) as probe:
            ...  # drive the window
        assert probe.longest_ms < 100
    """

    def __init__(self, interval_ms: int):
        self.longest_ms = 0
        self.ticks = 0
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_tick)

    def __enter__(self) -> "StallProbe":
        self._clock.start()
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.stop()

    def _on_tick(self) -> None:
        self.ticks += 1
        self.longest_ms = max(self.longest_ms, self._clock.restart())
