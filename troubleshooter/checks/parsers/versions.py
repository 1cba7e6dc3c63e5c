"""Dotted version numbers: parse them and compare them."""

from __future__ import annotations

import re

_VERSION = re.compile(r"\d+(?:\.\d+)+")


def parse_version(text: str) -> tuple[int, ...] | None:
    match = _VERSION.search(text or "")
    return tuple(int(part) for part in match.group(0).split(".")) if match else None


def at_least(version: tuple[int, ...], minimum: tuple[int, ...]) -> bool:
    width = max(len(version), len(minimum))
    return version + (0,) * (width - len(version)) >= minimum + (0,) * (width - len(minimum))


def dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)
