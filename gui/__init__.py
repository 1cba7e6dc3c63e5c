"""The Qt window: a thin view that walks a person through the flows held by the core."""

from gui.pyside_scan import scan_names_not_sources

# Before any window module is imported: see gui/pyside_scan.py.
scan_names_not_sources()
