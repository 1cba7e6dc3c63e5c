"""`vssadmin list writers` in any language: blocks of indented lines, the state read from its `[n]`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_STATE = re.compile(r"\[(?P<number>\d+)\]\s*(?P<word>.*)$")
_QUOTED = re.compile(r"'(?P<name>[^']*)'")
_GUID = re.compile(r"\{[0-9a-fA-F-]{36}\}|\{ID\}")

STABLE = 1
# The documented VSS_WRITER_STATE numbers, so a report reads the same whatever language Windows speaks.
STATE_NAMES = {0: "Unknown", 1: "Stable", 2: "Waiting for freeze", 3: "Waiting for thaw",
               4: "Waiting for post-snapshot", 5: "Waiting for backup complete", 6: "Failed at identify",
               7: "Failed at prepare backup", 8: "Failed at prepare snapshot", 9: "Failed at freeze",
               10: "Failed at thaw", 11: "Failed at post-snapshot", 12: "Failed at backup complete",
               13: "Failed at pre-restore", 14: "Failed at post-restore", 15: "Failed at backup shutdown"}


@dataclass(frozen=True)
class Writer:
    name: str
    writer_id: str
    state: int
    state_text: str
    last_error: str

    @property
    def stable(self) -> bool:
        return self.state == STABLE


def parse_writers(text: str) -> list[Writer]:
    """Writers in order. Field labels are not read (they are translated); the layout is: a line
    with the quoted name, then id, instance id, `[n] state` and last error in that order."""
    writers: list[Writer] = []
    block: list[str] = []

    def finish() -> None:
        writer = _writer_from_block(block)
        if writer is not None:
            writers.append(writer)
        block.clear()

    for raw in (text or "").replace("\r", "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if _QUOTED.search(line) and ":" in line and not _GUID.search(line) and not _STATE.search(_value(line)):
            finish()
            block.append(line)
        elif block:
            block.append(line)
    finish()
    return writers


def _value(line: str) -> str:
    return line.split(":", 1)[1].strip() if ":" in line else line


def _writer_from_block(block: list[str]) -> Writer | None:
    if not block:
        return None
    name_match = _QUOTED.search(_value(block[0])) or _QUOTED.search(block[0])
    state_index = next((i for i, line in enumerate(block) if _STATE.search(_value(line))), None)
    if name_match is None or state_index is None:
        return None
    state = _STATE.search(_value(block[state_index]))
    guids = [m.group(0) for line in block[1:state_index] for m in [_GUID.search(line)] if m]
    last_error = _value(block[state_index + 1]) if state_index + 1 < len(block) else ""
    return Writer(name=name_match.group("name"), writer_id=guids[0] if guids else "",
                  state=int(state.group("number")), state_text=state.group("word").strip(),
                  last_error=last_error)
