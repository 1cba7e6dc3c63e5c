"""SELinux mode from `getenforce`, `sestatus` or /sys/fs/selinux/enforce."""

from __future__ import annotations

import re

_MODES = ("enforcing", "permissive", "disabled")
_CURRENT = re.compile(r"^\s*Current mode:\s*(\w+)", re.IGNORECASE | re.MULTILINE)
_STATUS = re.compile(r"^\s*SELinux status:\s*(\w+)", re.IGNORECASE | re.MULTILINE)
_CONFIG = re.compile(r"^\s*Mode from config file:\s*(\w+)", re.IGNORECASE | re.MULTILINE)


def parse_selinux_mode(text: str) -> str | None:
    """The running mode: 'enforcing', 'permissive' or 'disabled'; None when the text says nothing."""
    text = text or ""
    current = _CURRENT.search(text)
    if current and current.group(1).lower() in _MODES:
        return current.group(1).lower()
    status = _STATUS.search(text)
    if status and status.group(1).lower() == "disabled":
        return "disabled"
    for line in text.splitlines():
        word = line.strip().lower()
        if word in _MODES:
            return word
    return None


def parse_config_mode(text: str) -> str | None:
    """The mode set for the next boot: `Mode from config file` in sestatus or SELINUX= in the config."""
    config = _CONFIG.search(text or "")
    if config:
        return config.group(1).lower()
    for line in (text or "").splitlines():
        key, _, value = line.strip().partition("=")
        if key.strip() == "SELINUX" and value.strip().lower() in _MODES:
            return value.strip().lower()
    return None
