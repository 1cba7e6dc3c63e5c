"""What a check found: a status, a summary in both languages, facts and trimmed evidence."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field, replace

from troubleshooter.i18n import Text

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from typing import Any

# What one check may put in front of a person. A tool that prints megabytes on one line must not
# make the report, the window or `checks --json` slow: every field is cut to these sizes (UTF-8
# bytes, marker included) and says how much was cut.
SUMMARY_LIMIT = 1024
FACT_LIMIT = 4096
EVIDENCE_LIMIT = 64 * 1024
# One line of evidence: a person reads lines, and a line of megabytes costs the window and the PDF
# their layout time for nothing.
EVIDENCE_LINE_LIMIT = 2048
FACT_NAME_LIMIT = 200
# facts["reason"] of a check skipped because this program lacks the rights it needs to look.
NEEDS_ADMIN = "needs_admin"


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
    from datetime import datetime, timezone  # the first check needs it, the first window does not

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class CheckResult:
    """A check's verdict: its status, what it found and the evidence."""

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
        """A result read back (a saved session): cleaned again, since the file may come from anywhere."""
        return clean_result(cls(check_id=str(data["check_id"]), status=Status(data["status"]),
                                summary=dict(data.get("summary") or {}), facts=dict(data.get("facts") or {}),
                                evidence=str(data.get("evidence") or ""),
                                duration=float(data.get("duration") or 0.0),
                                finished_at=str(data.get("finished_at") or "")))

    @property
    def needs_admin(self) -> bool:
        """The check did not look because the program runs without administrator (root) rights."""
        return self.status is Status.SKIPPED and self.facts.get("reason") == NEEDS_ADMIN

    def cleaned(self) -> "CheckResult":
        """This result with every secret redacted and every field capped (see `clean_result`)."""
        return clean_result(self)


def cut_marker(cut: int) -> str:
    return f"… ({cut} bytes cut)"


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _with_marker(kept: str, cut: int, limit: int, at_line: bool) -> str:
    """`kept` shortened until it fits in `limit` bytes together with the marker for `cut` bytes."""
    data = kept.encode("utf-8", "surrogatepass")
    # The marker is longest when everything goes; room for that one always fits the real one.
    room = max(0, limit - _utf8_size(cut_marker(cut + len(data))) - 1)
    if len(data) > room:
        cut += len(data) - room
        kept = data[:room].decode("utf-8", "ignore")
        cut += room - _utf8_size(kept)
    if at_line and "\n" in kept[len(kept) * 3 // 4:]:
        shorter = kept.rsplit("\n", 1)[0]
        cut += _utf8_size(kept) - _utf8_size(shorter)
        kept = shorter
    separator = ("\n" if at_line else " ") if kept else ""
    return f"{kept}{separator}{cut_marker(cut)}"


def cap_text(text: str, limit: int, *, at_line: bool = False) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, ending with "… (N bytes cut)" when anything went."""
    text = text if isinstance(text, str) else str(text)
    if len(text) * 4 <= limit or _utf8_size(text) <= limit:
        return text
    return _with_marker(text, 0, limit, at_line)


def redact_and_cap(text: str, limit: int, *, at_line: bool = False) -> str:
    """`text` redacted, then cut to `limit` bytes.

    A text far longer than the limit is first cut to about twice the limit, so a megabyte from one
    tool costs no more to redact than what will be shown. That first cut ends at a word boundary,
    so no half of a secret is left at its end unrecognised."""
    text = text if isinstance(text, str) else str(text)
    rough = 2 * limit + 4096
    if len(text) <= rough:
        return cap_text(_cap_lines(_redact(text)) if at_line else _redact(text), limit, at_line=at_line)
    head = text[:rough]
    tail_start = rough * 3 // 4
    boundary = max(head.rfind(mark, tail_start) for mark in " \n\t")
    if boundary < 0:
        boundary = max(head.rfind(mark, tail_start) for mark in "&;,\"'=:/<>()[]{}")
    head = head[:boundary] if boundary > 0 else head
    dropped = _utf8_size(text) - _utf8_size(head)
    redacted = _redact(head)
    if at_line:
        # The last line goes on past the cut: what is kept of it is counted in the one final marker.
        *whole, last = redacted.split("\n")
        data = last.encode("utf-8", "surrogatepass")
        if len(data) > EVIDENCE_LINE_LIMIT:
            kept = data[:EVIDENCE_LINE_LIMIT - 64].decode("utf-8", "ignore")
            dropped += len(data) - _utf8_size(kept)
            last = kept
        redacted = "\n".join([*(_cap_lines(line) for line in whole), last])
    return _with_marker(redacted, dropped, limit, at_line)


def _cap_lines(text: str) -> str:
    """Each line cut to EVIDENCE_LINE_LIMIT bytes, with its own marker."""
    if not any(len(line) > EVIDENCE_LINE_LIMIT // 4 for line in text.split("\n")):
        return text
    return "\n".join(cap_text(line, EVIDENCE_LINE_LIMIT) for line in text.split("\n"))


def _json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))


def cap_fact(value: Any, limit: int = FACT_LIMIT) -> Any:
    """A fact whose JSON form fits in `limit` bytes: long strings cut, long lists and dicts shortened,
    each with a marker saying how much went."""
    if _json_size(value) <= limit:
        return value
    if isinstance(value, str):
        return cap_text(value, limit - 2)
    if isinstance(value, (list, tuple)):
        kept: list[Any] = []
        budget = limit - 2 - 40  # the brackets and the closing marker item
        for item in value:
            item = cap_fact(item, max(40, budget - 2))
            size = _json_size(item) + 2
            if size > budget:
                break
            kept.append(item)
            budget -= size
        cut = _json_size(value) - _json_size(kept)
        return [*kept, cut_marker(max(cut, 1))]
    if isinstance(value, dict):
        kept_dict: dict[str, Any] = {}
        budget = limit - 2 - 40
        for key, item in value.items():
            key = cap_text(str(key), FACT_NAME_LIMIT)
            item = cap_fact(item, max(40, budget - _json_size(key) - 4))
            size = _json_size(key) + _json_size(item) + 4
            if size > budget:
                break
            kept_dict[key] = item
            budget -= size
        cut = _json_size(value) - _json_size(kept_dict)
        kept_dict["…"] = cut_marker(max(cut, 1))
        return kept_dict
    return cap_text(json.dumps(value, ensure_ascii=False, default=str), limit - 2)


def _precut_strings(value: Any, depth: int = 0) -> Any:
    """Strings in facts cut to about twice a fact's size before they are redacted (see `redact_and_cap`)."""
    if isinstance(value, str):
        return redact_and_cap(value, FACT_LIMIT) if len(value) > 2 * FACT_LIMIT + 4096 else value
    if depth > 50:
        return value
    if isinstance(value, dict):
        return {key: _precut_strings(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_precut_strings(item, depth + 1) for item in value)
    return value


def clean_result(found: CheckResult) -> CheckResult:
    """What may leave a check: secrets redacted first (so a cut cannot split one into an unrecognised
    half), then the summary, each fact and the evidence capped."""
    summary = {lang: redact_and_cap(str(text), SUMMARY_LIMIT) for lang, text in (found.summary or {}).items()}
    facts = {cap_text(str(name), FACT_NAME_LIMIT): cap_fact(value)
             for name, value in _redact_data(_precut_strings(dict(found.facts or {}))).items()}
    evidence = redact_and_cap(found.evidence or "", EVIDENCE_LIMIT, at_line=True)
    return replace(found, summary=summary, facts=facts, evidence=evidence)


# The redaction rules compile a few dozen patterns; the window imports this module at start-up but
# needs them only when a check has run or a saved walk is read.
def _redact(text: str) -> str:
    from troubleshooter.redact import redact_text

    return redact_text(text)


def _redact_data(value):
    from troubleshooter.redact import redact_data

    return redact_data(value)
