"""This machine's Debian mirror and release, read from its own apt configuration.

The Linux build fetches Debian source packages and makes a Debian 11 root from the mirror apt already
uses, so no address is written into the project.
"""

from __future__ import annotations

import re
from pathlib import Path


class AptError(Exception):
    """apt's configuration does not say what is needed: a message for the build log."""


def mirror() -> str:
    """The Debian archive's URI (deb822 `.sources` files or one-line `sources.list`)."""
    sources = sorted(Path("/etc/apt/sources.list.d").glob("*.sources")) + [Path("/etc/apt/sources.list")]
    for source in sources:
        try:
            text = source.read_text(encoding="utf-8")
        except OSError:
            continue
        for pattern in (r"^URIs:\s*(\S+/debian)/?\s*$", r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+/debian)/?\s"):
            found = re.search(pattern, text, re.MULTILINE)
            if found:
                return found.group(1)
    raise AptError("no Debian mirror in /etc/apt/sources.list(.d)")


def release() -> str:
    """This machine's Debian code name (bookworm on the build machine)."""
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError as exc:
        raise AptError(f"/etc/os-release: {exc}") from None
    found = re.search(r"^VERSION_CODENAME=\"?([a-z]+)\"?$", text, re.MULTILINE)
    if not found:
        raise AptError("/etc/os-release names no VERSION_CODENAME: not a Debian machine")
    return found.group(1)
