"""Extension handler status files (`N.status`): the JSON the agent and the extensions write."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

_DOTNET_DATE = re.compile(r"/Date\((?P<ms>-?\d+)\)/")


@dataclass(frozen=True)
class ExtensionStatus:
    name: str
    operation: str
    status: str  # transitioning, warning, error, success, or "" when unreadable
    code: str
    message: str
    timestamp: datetime | None
    inner: "ExtensionStatus | None" = None  # the backup extension's own status, when wrapped


class StatusFileError(ValueError):
    """The file is not a status document."""


def parse_status_file(text: str) -> ExtensionStatus:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise StatusFileError(f"not JSON: {exc}") from exc
    return _parse_document(data)


def _parse_document(data: Any) -> ExtensionStatus:
    if isinstance(data, list):
        if not data:
            raise StatusFileError("empty status list")
        data = data[0]
    if not isinstance(data, dict) or not isinstance(data.get("status"), dict):
        raise StatusFileError("no 'status' object")
    status = data["status"]
    message = status.get("formattedMessage")
    if isinstance(message, dict):
        message = message.get("message")
    return ExtensionStatus(name=str(status.get("name") or ""), operation=str(status.get("operation") or ""),
                           status=str(status.get("status") or "").strip().lower(),
                           code=str(status.get("code") if status.get("code") is not None else ""),
                           message=str(message or "").strip(), timestamp=parse_timestamp(data.get("timestampUTC")),
                           inner=_wrapped_status(status.get("substatus")))


def _wrapped_status(substatus: Any) -> ExtensionStatus | None:
    """VMSnapshotLinux hands its own status document to the agent as a JSON string in a substatus."""
    if not isinstance(substatus, list):
        return None
    for entry in substatus:
        if not isinstance(entry, dict):
            continue
        for field_name in ("name", "formattedMessage"):
            value = entry.get(field_name)
            if isinstance(value, dict):
                value = value.get("message")
            if isinstance(value, str) and value.lstrip().startswith(("[", "{")):
                try:
                    return _parse_document(json.loads(value))
                except (json.JSONDecodeError, StatusFileError):
                    continue
    return None


def parse_timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    dotnet = _DOTNET_DATE.search(value.replace("\\/", "/"))
    if dotnet:
        return datetime.fromtimestamp(int(dotnet.group("ms")) / 1000, tz=timezone.utc)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def status_number(path: str) -> int:
    """7 for '.../status/7.status'; -1 when the name is not a number."""
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].split(".", 1)[0]
    return int(stem) if stem.isdigit() else -1
