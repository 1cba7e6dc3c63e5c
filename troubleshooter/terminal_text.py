"""Text from outside the program (file names, host names, a search query) made safe to print.

A file name may hold a terminal's escape sequences (ESC ] 0 ; title BEL retitles the window,
ESC [ 2 J clears it), a newline that forges a line of output, bidi controls that show text in an
order other than the one it has, or bytes that are not UTF-8 (kept by Python as lone surrogates,
which no UTF-8 writer can write). `escape_controls` shows each of them as a visible escape, so
what is printed (or named in a zip) is exactly what is there, and nothing acts on the terminal.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 and C1 controls and DEL; bidi embeddings, overrides and isolates; zero-width characters and
# the byte-order mark; lone surrogates (a name's bytes that are not UTF-8, under surrogateescape).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    character = match.group(0)
    code = ord(character)
    if character in _NAMED:
        return _NAMED[character]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, keep: str = "") -> str:
    """`text` with every control, bidi, zero-width and undecodable character shown as an escape;
    characters in `keep` (say "\\n" for a text of several lines) stay as they are."""
    if keep:
        return _UNSAFE.sub(lambda match: match.group(0) if match.group(0) in keep else _escape(match), text)
    return _UNSAFE.sub(_escape, text)


def has_controls(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def print_escaped(*values: object, sep: str = " ", end: str = "\n", file=None) -> None:
    """print(), with each line's control characters escaped (the line breaks between lines stay)."""
    import sys

    text = sep.join(str(value) for value in values)
    print(escape_controls(text, keep="\n"), end=end, file=file if file is not None else sys.stdout)
