"""CIM instances as Windows PowerShell 5.1's ConvertTo-Json prints them.

Property names and numbers are the same in every display language, which is why the Windows checks
read CIM instead of the localized text of ipconfig or manage-bde. What 5.1 does that a reader must
undo: one instance comes out as an object, several as an array, none as nothing at all; a DateTime
is the string "\\/Date(<ms since 1970>)\\/"; an absent property is null. A script that catches a
CIM error reports it as one object {"CimError": "<NativeErrorCode name>"}, again the same in
every language (AccessDenied, InvalidNamespace, ...).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

_DATE = re.compile(r"^/Date\((?P<ms>-?\d+)(?P<offset>[+-]\d{4})?\)/$")


class CimOutputError(ValueError):
    """The text is not the JSON a ConvertTo-Json of CIM instances prints."""


class CimQueryError(Exception):
    """The query itself failed; `code` is CIM's NativeErrorCode name (e.g. AccessDenied)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def parse_instances(text: str) -> list[dict[str, Any]]:
    """Every instance as a dict, dates as aware datetimes (UTC). Raises CimQueryError for the
    script's own error object and CimOutputError for anything that is not such JSON."""
    body = (text or "").lstrip("\ufeff").strip()
    if not body:
        return []  # ConvertTo-Json of an empty pipeline prints nothing
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise CimOutputError(f"not JSON: {exc}") from exc
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise CimOutputError("expected an object or an array of objects")
    if len(data) == 1 and "CimError" in data[0]:
        raise CimQueryError(str(data[0].get("CimError") or "Failed"), str(data[0].get("HResult") or ""))
    return [{name: _value(value) for name, value in item.items()} for item in data]


def _value(value: Any) -> Any:
    if isinstance(value, str):
        date = parse_date(value)
        return date if date is not None else value
    if isinstance(value, list):
        return [_value(item) for item in value]
    return value


def parse_date(text: str) -> datetime | None:
    """"/Date(1700000000000)/" (the JSON escape "\\/" already undone) as a UTC datetime."""
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=int(match.group("ms")))
    except OverflowError:
        return None


def as_list(value: Any) -> list[Any]:
    """A property that holds an array in CIM: null is empty; 5.1 may unwrap a one-item array."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
