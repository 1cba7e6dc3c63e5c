"""Bytes from a command or a file, in whatever encoding the tool chose, as text with \\n line ends."""

from __future__ import annotations

import codecs
import locale
import sys


def decode_output(data: bytes) -> str:
    """Bytes from a command, in whatever encoding it chose, as text with \\n line ends.

    Windows tools write UTF-16 with a BOM (PowerShell redirected), the OEM code page (cp949 on a
    Korean server, cp850 in France) or UTF-8; a cut at the output cap may split a character.
    """
    if not data:
        return ""
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", "replace")
    elif _looks_like_utf16le(data):
        text = data[: len(data) // 2 * 2].decode("utf-16-le", "replace")
    else:
        text = _decode_single_byte_family(data)
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _looks_like_utf16le(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    odd_zeros = sample[1::2].count(0)
    even_zeros = sample[0::2].count(0)
    return odd_zeros > len(sample) // 4 and even_zeros < odd_zeros // 4


def _candidate_encodings() -> list[str]:
    names = ["utf-8"]
    if sys.platform.startswith("win"):
        try:
            import ctypes

            names.append(f"cp{ctypes.windll.kernel32.GetOEMCP()}")  # type: ignore[attr-defined]
            names.append(f"cp{ctypes.windll.kernel32.GetACP()}")  # type: ignore[attr-defined]
        except (OSError, AttributeError):
            pass
    names.append(locale.getpreferredencoding(False) or "utf-8")
    names.append("cp949")
    unique: list[str] = []
    for name in names:
        try:
            normal = codecs.lookup(name).name
        except LookupError:
            continue
        if normal not in unique:
            unique.append(normal)
    return unique


def _decode_single_byte_family(data: bytes) -> str:
    for encoding in _candidate_encodings():
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                return data[: exc.start].decode("utf-8", "replace")
    return data.decode("utf-8", "replace")
