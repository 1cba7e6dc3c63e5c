"""The command line's one way out: every byte printed is UTF-8, whatever the console or code page.

Windows Python writes a pipe or a file in the ANSI code page (cp1252, cp949, ...), so `checks
--json | ...` failed on the first Hangul letter and `search --lang ko > out.txt` printed '?' for
each. A console gets Unicode from Python either way (Hangul shows on a Korean console), so only
the redirected streams change. `use_utf8` runs once at the start of the command line; `write`
is the function to print through, so a later rule for what reaches a terminal has one place.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from typing import TextIO

ENCODING = "utf-8"
FALLBACK_SIZE = (80, 24)


def use_utf8(*streams: TextIO | None) -> None:
    """Re-encode the standard streams (or the ones given) as UTF-8; characters that cannot be
    encoded at all (a lone surrogate from a file name) become '?' rather than a crash."""
    for stream in streams or (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue  # a windowed program without a console, or a test's capture
        if (stream.encoding or "").lower().replace("-", "").replace("_", "") != "utf8":
            stream.reconfigure(encoding=ENCODING, errors="replace")


def write(text: str, stream: TextIO | None = None) -> None:
    """Print `text` as it is (add the newline yourself) and flush, so a pipe reader sees it at once."""
    stream = stream or sys.stdout
    stream.write(text)
    stream.flush()


def terminal_size(fallback: tuple[int, int] = FALLBACK_SIZE) -> os.terminal_size:
    """Columns and lines of the terminal, as shutil.get_terminal_size gives them (COLUMNS and
    LINES first, then standard output's terminal, then `fallback`). shutil would bring zlib, bz2
    and lzma with it, a twentieth of the terminal wizard's first screen."""
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())
    except (AttributeError, ValueError, OSError):
        size = os.terminal_size(fallback)
    measured = []
    for variable, found, default in (("COLUMNS", size.columns, fallback[0]), ("LINES", size.lines, fallback[1])):
        try:
            value = int(os.environ[variable])
        except (KeyError, ValueError):
            value = 0
        measured.append(value if value > 0 else found if found > 0 else default)
    return os.terminal_size(measured)
