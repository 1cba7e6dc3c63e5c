"""Remove secrets (passwords, tokens, signatures, keys) and optionally identifiers from text that leaves the program."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"
IDENTIFIER_MASK = "[hidden]"

# Query-string and key=value parameters whose value is a credential. SAS tokens sign with
# `sig`; the rest are the usual names for passwords, keys and secrets in URLs, connection
# strings and config files.
_SECRET_PARAMETERS = (
    "sig", "signature", "password", "passwd", "pwd", "pass", "accountkey", "sharedaccesskey",
    "client_secret", "clientsecret", "secret", "access_token", "refresh_token", "id_token",
    "token", "apikey", "api_key", "api-key", "x-ms-signature",
    "sharedaccesssignature", "sastoken", "sas_token",
)

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # scheme://user:password@host  (proxy URLs, git remotes, connection URLs)
    (re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.\-]*://)[^\s/@:'\"<>]*:[^\s/@'\"<>]*@", re.IGNORECASE),
     r"\g<scheme>" + MASK + ":" + MASK + "@"),
    # scheme://token@host (a user part alone is often a token, e.g. https://ghp_xxx@github.com)
    (re.compile(r"(?P<scheme>\b(?:https?|socks[45]?h?)://)[^\s/@:'\"<>]{16,}@", re.IGNORECASE),
     r"\g<scheme>" + MASK + "@"),
    # Authorization: Bearer/Basic/SharedKey ... and bare "Bearer eyJ..." tokens
    (re.compile(r"(?P<head>\b(?:proxy-)?authorization\s*[:=]\s*)"
                r"(?P<kind>(?:bearer|basic|sharedkey|sharedaccesssignature|negotiate|ntlm|digest)\s+)?"
                r"""[^\r\n"']+""", re.IGNORECASE),
     r"\g<head>\g<kind>" + MASK),
    (re.compile(r"(?P<head>\bbearer\s+)[A-Za-z0-9\-._~+/]{8,}=*", re.IGNORECASE), r"\g<head>" + MASK),
    # JSON web tokens anywhere (three base64url parts, the first one a JSON header)
    (re.compile(r"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*"), MASK),
    # key=value pairs in query strings, connection strings and command lines
    (re.compile(r"(?P<head>(?<![A-Za-z0-9_\-])(?:" + "|".join(re.escape(p) for p in _SECRET_PARAMETERS)
                + r")\s*=\s*)(?P<quote>[\"']?)(?P<value>[^\s&;\"'<>]+)",
                re.IGNORECASE),
     r"\g<head>\g<quote>" + MASK),
    # "password": "x" in JSON or YAML
    (re.compile(r"(?P<head>[\"']?(?:password|passwd|pwd|secret|client_secret|clientsecret|accountkey|"
                r"access_token|token|api_?key)[\"']?\s*:\s*)(?P<quote>[\"']?)(?P<value>[^\s,\"'}]+)",
                re.IGNORECASE),
     r"\g<head>\g<quote>" + MASK),
    # command-line options: --password x, -Password x, /p:x, /password:x, -p x (mysql style kept out)
    (re.compile(r"(?P<head>(?<![\w/])(?:--?(?:password|passwd|pwd|pass|secret|client-secret|clientsecret|"
                r"token|access-token|account-key|accountkey|sas-token|sastoken|api-key|apikey)"
                r"|-(?:Password|Credential|AccessToken|SasToken|AccountKey|ClientSecret))"
                r"(?:\s+|=|:))(?P<quote>[\"']?)(?P<value>[^\s\"']+)",
                re.IGNORECASE),
     r"\g<head>\g<quote>" + MASK),
    (re.compile(r"(?P<head>(?<![\w:])/(?:p|pw|pwd|pass|password|passwd)\s*:\s*)(?P<quote>[\"']?)(?P<value>[^\s\"']+)",
                re.IGNORECASE),
     r"\g<head>\g<quote>" + MASK),
    # PEM private keys
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL),
     "-----PRIVATE KEY " + MASK + "-----"),
]


def redact_text(text: str) -> str:
    """The text with every credential we recognise replaced by ***; other words are untouched."""
    if not text:
        return text
    return redact_text_counted(text)[0]


def redact_text_counted(text: str) -> tuple[str, int]:
    """The redacted text and how many credentials were replaced (for the collect manifest)."""
    if not text:
        return text, 0
    total = 0
    for pattern, replacement in _PATTERNS:
        text, count = pattern.subn(replacement, text)
        total += count
    return text, total


_GUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
_IPV4 = re.compile(r"(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])")
# IPv6: at least two colons and hex groups; kept strict enough not to eat times like 01:50:10.
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)(?:[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){2,7}"
                   r"(?:%[0-9A-Za-z]+)?(?![0-9A-Fa-f:])")
# Well-known platform addresses are the same on every Azure VM and help support read the evidence.
_PUBLIC_PLATFORM_ADDRESSES = {"168.63.129.16", "169.254.169.254", "127.0.0.1", "0.0.0.0", "255.255.255.255"}


def _looks_like_ipv6(candidate: str) -> bool:
    groups = [group for group in candidate.split("%")[0].split(":") if group]
    # Times such as 10:30:00 have three short decimal groups; "std::" and "d::" have one group.
    if "::" in candidate:
        return len(groups) >= 2
    return len(groups) >= 4 or (len(groups) >= 3 and any(c in "abcdefABCDEF" for c in "".join(groups)))


def mask_identifiers(text: str, identifiers: Iterable[str] = ()) -> str:
    """The text with the given identifiers (subscription, vmId, host name...), GUIDs and IP addresses masked."""
    if not text:
        return text
    for identifier in sorted({i for i in identifiers if i and len(i.strip()) >= 2}, key=len, reverse=True):
        text = re.sub(r"(?<![\w\-])" + re.escape(identifier.strip()) + r"(?![\w\-])", IDENTIFIER_MASK, text,
                      flags=re.IGNORECASE)
    text = _GUID.sub(IDENTIFIER_MASK, text)
    text = _IPV4.sub(lambda m: m.group(0) if m.group(0) in _PUBLIC_PLATFORM_ADDRESSES else IDENTIFIER_MASK, text)
    text = _IPV6.sub(lambda m: IDENTIFIER_MASK if _looks_like_ipv6(m.group(0)) and m.group(0) != "::1"
                     else m.group(0), text)
    return text
