"""`tune2fs -l` / `dumpe2fs -h` superblock listings: the fields that tell whether a filesystem is clean."""

from __future__ import annotations


def parse_superblock(text: str) -> dict[str, str]:
    """Field name -> value for every `Name:   value` line."""
    fields: dict[str, str] = {}
    for line in (text or "").splitlines():
        name, separator, value = line.partition(":")
        if separator and name.strip() and not name.startswith(" "):
            fields.setdefault(name.strip(), value.strip())
    return fields


def filesystem_state(fields: dict[str, str]) -> str | None:
    """'clean', 'not clean', 'clean with errors', 'not clean with errors', or None when absent."""
    state = fields.get("Filesystem state")
    return " ".join(state.split()).lower() if state else None


def state_is_clean(state: str) -> bool:
    return state == "clean"
