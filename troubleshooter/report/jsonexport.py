"""The report as a JSON-ready dict: the same content as the PDF, both languages, plus the session."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from troubleshooter.report.model import REPORT_SCHEMA, REPORT_SCHEMA_VERSION, Report


def report_to_json(report: Report) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    return {"schema": REPORT_SCHEMA, "schema_version": REPORT_SCHEMA_VERSION, **data}


def report_json_bytes(report: Report) -> bytes:
    return json.dumps(report_to_json(report), ensure_ascii=False, indent=2).encode("utf-8")
