"""The WinHTTP proxy from the registry: the WinHttpSettings binary value that `netsh winhttp set
proxy` writes under HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections.

Unlike `netsh winhttp show proxy`, whose labels are translated, the value reads the same in every
display language. Its layout, little-endian:

    DWORD  structure version (0x18, 0x28 ...)
    DWORD  change counter
    DWORD  flags: 0x1 direct, 0x2 proxy (a proxy is written as 0x3)
    DWORD  length, then that many bytes: the proxy server list ("host:port" or "http=...;https=...")
    DWORD  length, then that many bytes: the bypass list ("<local>;168.63.129.16")
    ...    newer Windows may append more fields; they are ignored.

Without the value (never set, or reset) WinHTTP goes direct.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

WINHTTP_CONNECTIONS_KEY = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections"
WINHTTP_SETTINGS_VALUE = "WinHttpSettings"

_FLAG_PROXY = 0x2
_HEADER = struct.Struct("<III")
_LENGTH = struct.Struct("<I")


class WinHttpSettingsError(ValueError):
    """The value is not laid out as WinHTTP writes it."""


@dataclass(frozen=True)
class WinHttpSettings:
    direct: bool
    server: str
    bypass: str
    flags: int = 1
    counter: int = 0


DIRECT = WinHttpSettings(direct=True, server="", bypass="")


def parse_winhttp_settings(value: bytes | bytearray | memoryview | None) -> WinHttpSettings:
    if value is None:
        return DIRECT
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise WinHttpSettingsError(f"expected REG_BINARY, found {type(value).__name__}")
    data = bytes(value)
    if len(data) < _HEADER.size:
        raise WinHttpSettingsError(f"{len(data)} bytes is shorter than the 12-byte header")
    _version, counter, flags = _HEADER.unpack_from(data, 0)
    offset = _HEADER.size
    strings = []
    for field in ("proxy server", "bypass list"):
        if offset == len(data):
            strings.append("")  # a direct setting may end after the header
            continue
        if offset + _LENGTH.size > len(data):
            raise WinHttpSettingsError(f"the {field} length is cut off")
        (length,) = _LENGTH.unpack_from(data, offset)
        offset += _LENGTH.size
        if length > len(data) - offset:
            raise WinHttpSettingsError(f"the {field} claims {length} bytes, {len(data) - offset} remain")
        strings.append(data[offset:offset + length].split(b"\0", 1)[0].decode("utf-8", "replace").strip())
        offset += length
    server, bypass = strings
    direct = not (flags & _FLAG_PROXY) or not server
    return WinHttpSettings(direct=direct, server="" if direct else server, bypass="" if direct else bypass,
                           flags=flags, counter=counter)


def hex_dump(value: bytes | None) -> str:
    """The value as `reg query` shows REG_BINARY: one run of hex digits."""
    return "(value not set)" if value is None else bytes(value).hex().upper()
