"""PySide6 reads the whole source of every module imported after it; this has it look at the module's names instead.

For its `__feature__` switches (snake_case, true_property) PySide notes, at each import, whether
the new module uses PySide, by searching its source text for "PySide6"; linecache keeps every
file read that way. For the window's 170 modules that is about 7 MB held to the end and a file
read per import. The program selects no feature, so the answer only has to tell modules that
use PySide from the rest, and the names a module holds say that without reading a file.
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_SCAN = "_mod_uses_pyside"


def holds_pyside_names(module: ModuleType) -> bool:
    """Whether the module holds a PySide6 module, class, enum or function among its names."""
    try:
        for value in list(vars(module).values()):
            origin = getattr(value, "__module__", None)
            if not isinstance(origin, str):
                origin = getattr(value, "__name__", None) if isinstance(value, ModuleType) else None
            if isinstance(origin, str) and origin.startswith("PySide6"):
                return True
    except Exception:  # PySide's own scan also answers "no" when it cannot look
        return False
    return False


def scan_names_not_sources() -> bool:
    """Replace PySide's source search with holds_pyside_names; False when this PySide has none to replace."""
    import PySide6  # noqa: F401 - loads shiboken and its feature module

    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _SCAN, None)):
        return False
    setattr(feature, _SCAN, holds_pyside_names)
    return True
