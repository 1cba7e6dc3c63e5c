"""What a check found: a status, a summary in both languages, facts and trimmed evidence."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from troubleshooter.i18n import Text


class Status(str, enum.Enum):
    OK = "ok"
    PROBLEM = "problem"
    WARNING = "warning"
    SKIPPED = "skipped"
    ERROR = "error"

    @property
    def route(self) -> str:
        """The branch of a check step this status takes (warning may be routed on its own)."""
        if self in (Status.OK, Status.PROBLEM, Status.WARNING):
            return self.value
        return "unknown"


STATUS_LABELS: dict[Status, Text] = {
    Status.OK: {"en": "OK", "ko": "정상"},
    Status.PROBLEM: {"en": "Problem", "ko": "문제"},
    Status.WARNING: {"en": "Warning", "ko": "경고"},
    Status.SKIPPED: {"en": "Skipped", "ko": "건너뜀"},
    Status.ERROR: {"en": "Error", "ko": "오류"},
}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class CheckResult:
    check_id: str
    status: Status
    summary: Text
    facts: dict[str, Any] = field(default_factory=dict)
    evidence: str = ""
    duration: float = 0.0
    finished_at: str = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return {"check_id": self.check_id, "status": self.status.value, "summary": dict(self.summary),
                "facts": self.facts, "evidence": self.evidence, "duration": round(self.duration, 3),
                "finished_at": self.finished_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CheckResult":
        return cls(check_id=str(data["check_id"]), status=Status(data["status"]),
                   summary=dict(data.get("summary") or {}), facts=dict(data.get("facts") or {}),
                   evidence=str(data.get("evidence") or ""), duration=float(data.get("duration") or 0.0),
                   finished_at=str(data.get("finished_at") or ""))
