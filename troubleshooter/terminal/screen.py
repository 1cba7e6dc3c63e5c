"""What the terminal can show: its width, whether it takes escape codes, and text wrapped to fit.

Standard library only. The Azure Serial Console is a VT100 at 80 columns, possibly without
colour; the classic Windows console (Server 2012 R2, 2016) shows escape codes as litter unless
virtual-terminal processing can be switched on. So the wizard needs only three things of a
terminal: a carriage return (for the live "running… 3 s" line), its width, and, where it is
known to take them, bold and the eight basic colours. Width counts display columns: Hangul and
other wide characters take two.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from troubleshooter.cli.output import terminal_size

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from typing import TextIO

MAX_WIDTH = 100
DEFAULT_WIDTH = 80
# Terminals known to take the eight ANSI colours; a VT100 (the Serial Console) takes bold only.
COLOUR_TERMS = ("xterm", "screen", "tmux", "rxvt", "linux", "vt220-color", "ansi", "cygwin", "putty", "konsole",
                "gnome", "alacritty", "foot", "kitty", "wezterm")
BOLD_ONLY_TERMS = ("vt100", "vt102", "vt220", "vt320")
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
STATUS_COLOURS = {"ok": "32", "problem": "31", "warning": "33", "error": "31", "skipped": "33"}


def columns(text: str) -> int:
    """Display columns `text` takes: wide (Hangul, CJK) characters two, combining marks none."""
    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in "WF" else 1
    return width


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """`text` in lines of at most `width` display columns, broken only at spaces.

    A word wider than a line (a URL, a long path) gets a line of its own, whole: a cut one
    would not work when copied."""
    hanging = indent if hanging is None else hanging
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = indent, columns(indent)
        start = True
        for word in paragraph.split():
            need = columns(word) + (0 if start else 1)
            if not start and used + need > width:
                lines.append(line)
                line, used, start = hanging, columns(hanging), True
                need = columns(word)
            line += ("" if start else " ") + word
            used += need
            start = False
        lines.append(line if not start else line.rstrip())
    return lines


# Shells where a new line between two statements runs them the same as "; " does.
STATEMENT_SHELLS = ("bash", "powershell")


def command_lines(shell: str, command: str, width: int) -> list[str]:
    """A command's lines as shown: a line wider than `width` is broken only after a "; " outside
    quotes, where bash and PowerShell run the next line as the next statement, so a paste of the
    lines does what the one line did. A portal path is clicked, not pasted: it breaks after a " > ".
    Anything else is shown whole, however wide."""
    lines: list[str] = []
    for line in command.splitlines() or [""]:
        if columns(line) <= width:
            lines.append(line)
        elif shell in STATEMENT_SHELLS:
            lines += _statements(line)
        elif shell == "portal":
            lines += _menu_steps(line, width)
        else:
            lines.append(line)
    return lines


def _menu_steps(path: str, width: int) -> list[str]:
    """A portal path in lines of at most `width` columns, each but the last ending in ">"."""
    lines: list[str] = []
    for part in path.split(" > "):
        if lines and columns(lines[-1]) + 3 + columns(part) + len(" >") <= width:  # room for its own " >"
            lines[-1] += " > " + part
        else:
            if lines:
                lines[-1] += " >"
            lines.append(part)
    return lines


def _statements(line: str) -> list[str]:
    parts, start, quote = [], 0, ""
    for index, character in enumerate(line):
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character == ";" and line[index + 1:index + 2] == " ":
            parts.append(line[start:index + 1].rstrip(";").rstrip())
            start = index + 2
    parts.append(line[start:])
    return [part for part in parts if part.strip()] if not quote else [line]


@dataclass
class Style:
    """Which escape codes the terminal takes: none, bold only, or bold and the basic colours."""

    bold: bool = False
    colour: bool = False


def detect_style(stream: TextIO, environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> Style:
    """Plain text unless the terminal is known to take escape codes; NO_COLOR and TERM=dumb mean plain."""
    if not _is_terminal(stream) or "NO_COLOR" in environ:
        return Style()
    if platform == "win32":
        return Style(True, True) if _windows_vt_enabled(stream) else Style()
    term = environ.get("TERM", "").lower()
    if not term or term == "dumb":
        return Style()
    if term.startswith(BOLD_ONLY_TERMS):
        return Style(bold=True)
    return Style(True, term.startswith(COLOUR_TERMS) or "color" in term)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _windows_vt_enabled(stream: TextIO) -> bool:
    """Switch on virtual-terminal processing in a Windows console; False where it cannot be
    (Server 2012 R2, 2016's classic console): escape codes would show as text there."""
    try:
        import ctypes
        import msvcrt

        kernel32 = ctypes.windll.kernel32
        handle = msvcrt.get_osfhandle(stream.fileno())
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        enable_vt = 0x0004  # ENABLE_VIRTUAL_TERMINAL_PROCESSING
        return bool(mode.value & enable_vt) or bool(kernel32.SetConsoleMode(handle, mode.value | enable_vt))
    except (ImportError, AttributeError, OSError, ValueError):
        return False


class Screen:
    """Writes to the terminal: lines wrapped to its width, bold and colour where it takes them,
    and one line that is rewritten in place (a check's seconds)."""

    def __init__(self, out: TextIO | None = None, style: Style | None = None, width: int | None = None):
        self.out = out or sys.stdout
        self.style = style if style is not None else detect_style(self.out)
        self._width = width
        self._live = 0  # columns of the line being rewritten, 0 when none

    @property
    def width(self) -> int:
        if self._width is not None:
            return self._width
        measured = terminal_size((DEFAULT_WIDTH, 24)).columns
        return max(40, min(MAX_WIDTH, measured))

    @property
    def height(self) -> int:
        return terminal_size((DEFAULT_WIDTH, 24)).lines

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.style.bold else text

    def status(self, status: str, word: str) -> str:
        """A check's status word: always the word, coloured where the terminal takes colour."""
        colour = STATUS_COLOURS.get(status)
        if self.style.colour and colour:
            return f"\x1b[1;{colour}m{word}\x1b[0m"
        return self.bold(word)

    def line(self, text: str = "") -> None:
        self.end_live()
        self.out.write(text + "\n")

    def para(self, text: str, indent: str = "", hanging: str | None = None) -> None:
        """Text wrapped to the width; styled words count by their letters only."""
        for line in wrap(text, self.width - 1, indent, hanging):
            self.line(line)

    def verbatim(self, text: str, indent: str = "    ") -> None:
        """A command or evidence line as it is: never wrapped, so a paste runs what was shown."""
        for line in text.splitlines() or [""]:
            self.line(indent + line)

    def live(self, text: str) -> None:
        """Rewrite the current line (carriage return, which every terminal and console takes)."""
        padding = max(0, self._live - columns(text))
        self.out.write("\r" + text + " " * padding)
        self.out.flush()
        self._live = columns(text)

    def end_live(self) -> None:
        if self._live:
            self.out.write("\n")
            self._live = 0

    def flush(self) -> None:
        self.out.flush()
