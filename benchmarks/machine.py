"""What the figures were measured on: CPU, cores, memory, OS, Python and PySide6, date."""

from __future__ import annotations

import os
import platform
import sys
from datetime import datetime, timezone

import psutil


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _os_name() -> str:
    try:
        return platform.freedesktop_os_release().get("PRETTY_NAME", platform.platform())
    except OSError:
        return platform.platform()


def describe_machine() -> dict[str, str]:
    import PySide6

    return {
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "os": f"{_os_name()} ({platform.system()} {platform.release()})",
        "python": sys.version.split()[0],
        "pyside6": PySide6.__version__,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }
