"""The command line's one way out: every byte printed is UTF-8, whatever the console or code page.

Windows Python writes a pipe or a file in the ANSI code page (cp1252, cp949, ...), so `checks
--json | ...` failed on the first Hangul letter and `search --lang ko > out.txt` printed '?' for
each. A console gets Unicode from Python either way (Hangul shows on a Korean console), so only
the redirected streams change. `use_utf8` runs once at the start of the command line; `write`
is the function to print through, so a later rule for what reaches a terminal has one place.
"""

from __future__ import annotations

import sys
from typing import TextIO

ENCODING = "utf-8"


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
