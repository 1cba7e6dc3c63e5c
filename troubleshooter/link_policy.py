"""Which links the program shows as links and opens: https only, to a short list of places.

A flow's text becomes live links in the window and link annotations in the PDF. A
`javascript:` or `file:` link, or one to any other site, would let a flow file (which anyone may
write and pass with --flows) run script in a viewer, open a local file or send the person to a
look-alike page. Only these are allowed: Microsoft's documentation, its fwlink and aka.ms
redirectors, the Azure portal, and the Azure agents' own GitHub repositories.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ALLOWED_HOSTS = frozenset({"learn.microsoft.com", "docs.microsoft.com", "portal.azure.com", "aka.ms",
                           "go.microsoft.com"})
# On github.com only the agents' repositories (owner/name, compared without case as GitHub does).
ALLOWED_GITHUB_REPOSITORIES = frozenset({"azure/walinuxagent", "azure/azure-linux-extensions"})

# Bidi embeddings, overrides and isolates, zero-width characters and the byte-order mark: they
# make a command or a title read differently from what it is ("echo U+202E rm -rf / U+202C hi").
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Control characters other than the line breaks and tabs a text may hold.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def is_allowed_link(url: str) -> bool:
    """Whether `url` may be a live link: https, no user, no other port, an allowed host (and path)."""
    if not isinstance(url, str) or url != url.strip() or INVISIBLE.search(url) or CONTROL.search(url) \
            or "\\" in url or any(character.isspace() for character in url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme.lower() != "https" or parts.username is not None or parts.password is not None:
        return False
    if port not in (None, 443):
        return False
    host = (parts.hostname or "").lower()
    if host in ALLOWED_HOSTS:
        return True
    if host == "github.com":
        segments = [segment for segment in parts.path.split("/") if segment]
        return len(segments) >= 2 and f"{segments[0]}/{segments[1]}".lower() in ALLOWED_GITHUB_REPOSITORIES
    return False


def unsafe_characters(text: str) -> list[tuple[int, str]]:
    """(offset, character) for each invisible or control character in `text`."""
    return [(match.start(), match.group(0)) for pattern in (INVISIBLE, CONTROL) for match in pattern.finditer(text)]
