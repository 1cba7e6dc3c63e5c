"""`icacls PATH`: the path, then one `PRINCIPAL:(perms)` entry per line."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ENTRY = re.compile(r"(?P<principal>[^\s:()][^:()]*?):(?P<perms>(?:\([A-Z,]+\))+)\s*$", re.IGNORECASE)
_SUMMARY = re.compile(r"^\s*Successfully processed", re.IGNORECASE)


@dataclass(frozen=True)
class AccessEntry:
    principal: str
    flags: tuple[str, ...]  # inheritance flags such as OI, CI, IO
    rights: frozenset[str]  # F, M, RX, R, W ... (also the detailed ones like WD, AD)

    def key(self) -> tuple[str, frozenset[str]]:
        return self.principal.lower(), self.rights


_INHERITANCE = {"OI", "CI", "IO", "NP", "I"}


def parse_icacls(text: str, path: str) -> list[AccessEntry]:
    entries: list[AccessEntry] = []
    lowered_path = path.lower().rstrip("\\")
    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line.strip() or _SUMMARY.match(line):
            continue
        position = line.lower().find(lowered_path)
        if position >= 0:
            line = line[position + len(lowered_path):]
        match = _ENTRY.search(line.strip())
        if not match:
            continue
        groups = re.findall(r"\(([A-Z,]+)\)", match.group("perms"), re.IGNORECASE)
        flags = tuple(group.upper() for group in groups if group.upper() in _INHERITANCE)
        rights = frozenset(right.upper() for group in groups if group.upper() not in _INHERITANCE
                           for right in group.split(","))
        entries.append(AccessEntry(match.group("principal").strip(), flags, rights))
    return entries
