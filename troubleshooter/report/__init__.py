"""The printable summary of a walk: model, HTML, PDF, printing, JSON, text and saving.

The names below load their modules on first use (PEP 562): the window imports this package at
start-up, and the report code is needed only when a report is made.
"""

from __future__ import annotations

import importlib

_HOMES = {
    "report_json_bytes": "jsonexport", "report_to_json": "jsonexport",
    "REPORT_SCHEMA": "model", "REPORT_SCHEMA_VERSION": "model", "Report": "model", "build_report": "model",
    "ReportSaveError": "save", "save_report_file": "save",
    "render_html": "html", "render_text": "text",
    "write_pdf": "pdf", "print_report": "pdf", "render_pdf_bytes": "pdf",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
