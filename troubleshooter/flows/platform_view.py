"""What a step shows on one OS: the one place that decides it, for the window, the report and the
headless run alike.

Texts carry their OS in the Markdown the flows already write: a heading line `**Windows**` or
`**Linux**` with the list under it, a list item or paragraph that opens with `**Windows:**`,
`Linux:` or `**Linux** (LVM …):`, and sentences inside a paragraph that open with `Windows:`.
Commands, links and options carry a `platform`/`platforms` field. On a VM whose OS is known,
the other OS's parts are left out, and ordered lists are numbered again so that the numbers a
person reads count only the steps shown.
"""

from __future__ import annotations

import dataclasses
import re
from types import MappingProxyType

from troubleshooter.flows.model import ChoiceStep, EndStep, InfoStep, ResolutionStep, Step

PLATFORM_NAMES = {"windows": "Windows", "linux": "Linux"}
_OS = "|".join(PLATFORM_NAMES.values())
# `**Windows**` alone on its line: the list under it is for that OS.
_HEADING = re.compile(rf"^\*\*(?P<os>{_OS})\*\*\s*:?\s*$")
# A list item or paragraph that opens with the OS and a colon (`**Linux:**`, `Linux:`,
# `**Linux** (LVM or RAID volumes):`, `**Linux**(LVM 또는 RAID 볼륨):`).
_OS_LEAD = rf"(?:\*\*)?(?P<os>{_OS})(?::\*\*|\*\*)?(?:\s*\([^()\n]*\))?\s*:?(?:\*\*)?(?=\s)"
_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>\d+[.)]|[-*+])\s+")
_LEADS_WITH_OS = re.compile(rf"^{_OS_LEAD}")
# Inside a paragraph, a sentence that opens with an OS and a colon starts that OS's part.
_SENTENCE_OS = re.compile(rf"(?:(?<=^)|(?<=[.;。)]\s))(?:\*\*)?(?P<os>{_OS})(?:\*\*)?(?:\s*\([^()\n]*\))?\s*:(?:\*\*)?\s",
                          re.M)
# "**The Windows agent is installed but does not answer.**": an item led by a bold sentence about one OS.
_BOLD_SENTENCE_LEAD = re.compile(rf"^\*\*(?:The )?(?P<os>{_OS}) [^*]*[.。]\*\*")
# "(Windows: …; Linux: …)" inside a sentence: each OS's part of the parenthesis.
_EITHER_IN_PARENTHESES = re.compile(
    rf"\((?:\*\*)?(?P<os1>{_OS})(?:\*\*)?:\s*(?P<part1>[^()]+?)[;,]\s*(?:\*\*)?(?P<os2>{_OS})(?:\*\*)?:\s*"
    rf"(?P<part2>[^()]+?)\)")
# "`VmSnapshot` (Windows) or `VmSnapshotLinux` (Linux)": a name for each OS.
_EITHER_NAME = re.compile(rf"(?P<part1>`[^`\n]+`)\s?\((?P<os1>{_OS})\)\s(?:or|또는)\s"
                          rf"(?P<part2>`[^`\n]+`)\s?\((?P<os2>{_OS})\)")
_ORDERED = re.compile(r"^(?P<number>\d+)(?P<rest>[.)]\s.*)$")


def _lead_os(line: str) -> str | None:
    """The OS a list item's or paragraph's first line names with a colon, else None."""
    body = line[_ITEM.match(line).end():] if _ITEM.match(line) else line
    bold = _BOLD_SENTENCE_LEAD.match(body)
    if bold is not None:
        return bold.group("os").lower()
    found = _LEADS_WITH_OS.match(body)
    if found is None:
        return None
    # "**Windows Azure Guest Agent** is …" names a product, not the OS: the OS word must be
    # followed by its colon (or a parenthesis and then the colon).
    if ":" not in found.group(0) and not re.match(r"\s*:", body[found.end():]):
        return None
    return found.group("os").lower()


def _blocks(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """The text cut into blocks, each with the OS it is for (None: both)."""
    blocks: list[tuple[str | None, list[str]]] = []
    section: str | None = None  # the OS of the heading whose list we are in
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = _HEADING.match(line.strip())
        if heading:
            section = heading.group("os").lower()
            blocks.append((section, [line]))
            i += 1
            continue
        if not line.strip():
            blocks.append((None, [line]))  # kept; runs of blank lines are closed up at the end
            i += 1
            continue
        item = _ITEM.match(line)
        # A block: this line and what continues it (indented lines; for a paragraph, every line
        # up to the blank one).
        block = [line]
        i += 1
        while i < len(lines) and lines[i].strip() and not _ITEM.match(lines[i]) \
                and not _HEADING.match(lines[i].strip()) \
                and (item is None or lines[i].startswith((" ", "\t"))):
            block.append(lines[i])
            i += 1
        if section is not None and item is None and not line.startswith((" ", "\t")):
            section = None  # a paragraph after the heading's list is for both again
        # A paragraph is cut by its sentences (`_sentences_for`); a list item goes whole.
        blocks.append(((_lead_os(line) if item else None) or section, block))
    return blocks


def _sentences_for(paragraph: str, platform: str) -> str:
    """A paragraph with its sentences for the other OS left out ("Windows: … Linux: …")."""
    marks = list(_SENTENCE_OS.finditer(paragraph))
    if not marks:
        return paragraph
    parts = [(None, paragraph[:marks[0].start()])]
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(paragraph)
        parts.append((mark.group("os").lower(), paragraph[mark.start():end]))
    kept = "".join(text for os_name, text in parts if os_name in (None, platform))
    return kept.strip()  # empty: the whole paragraph was for the other OS


def _either_or(text: str, platform: str) -> str:
    """The VM's OS's part of "(Windows: …; Linux: …)" and "`a` (Windows) or `b` (Linux)"."""
    def keep_own(found: re.Match, parenthesis: bool) -> str:
        for number in ("1", "2"):
            if found.group(f"os{number}").lower() == platform:
                part = found.group(f"part{number}").strip()
                return f"({found.group(f'os{number}')}: {part})" if parenthesis else part
        return found.group(0)

    text = _EITHER_IN_PARENTHESES.sub(lambda found: keep_own(found, True), text)
    return _EITHER_NAME.sub(lambda found: keep_own(found, False), text)


def _renumber(blocks: list[tuple[bool, list[str]]]) -> list[str]:
    """The kept lines, ordered lists counted again: a list keeps the number it started with
    (even when its first item was left out), and each kept item counts one on."""
    out: list[str] = []
    start: int | None = None  # the number the current list started with, None outside a list
    count = 0
    for keep, lines in blocks:
        for line in lines:
            found = _ORDERED.match(line)
            if found:
                if start is None:
                    start, count = int(found.group("number")), 0
                if keep:
                    out.append(f"{start + count}{found.group('rest')}")
                    count += 1
                continue
            if line.strip() and not line.startswith((" ", "\t")):
                start = None  # a paragraph at the margin ends the list
            if keep:
                out.append(line)
    return out


def platform_text(text: str, platform: str | None) -> str:
    """`text` (Markdown) as a VM of `platform` shows it; unchanged when the platform is unknown."""
    if platform not in PLATFORM_NAMES or not text or not re.search(_OS, text):
        return text
    other = [name for key, name in PLATFORM_NAMES.items() if key != platform]
    if not any(name in text for name in other):
        return text
    kept: list[tuple[bool, list[str]]] = []
    changed = False
    for os_name, block in _blocks(text.split("\n")):
        if os_name not in (None, platform) or (len(block) == 1 and _HEADING.match(block[0].strip())):
            # The other OS's part; or this OS's heading, which on a page for this OS alone says nothing.
            changed = True
            kept.append((False, block))
            continue
        joined = "\n".join(block)
        filtered = _either_or(joined, platform)
        filtered = _sentences_for(filtered, platform) if not _ITEM.match(block[0]) else filtered
        changed |= filtered != joined
        kept.append((bool(filtered) or not joined.strip(), filtered.split("\n")))
    if not changed:
        return text
    result = re.sub(r"\n{3,}", "\n\n", "\n".join(_renumber(kept))).strip("\n")
    return result + ("\n" if text.endswith("\n") else "")


def _text_for(value, platform: str | None):
    if value is None:
        return None
    return MappingProxyType({lang: platform_text(text, platform) for lang, text in value.items()})


def _applies(platforms: frozenset[str], platform: str | None) -> bool:
    return platform is None or not platforms or platform in platforms


# Steps are immutable and live as long as their FlowSet; a page asks for its step's view often.
_VIEWS: dict[tuple[int, str], tuple[Step, Step]] = {}


def step_for_platform(step: Step, platform: str | None) -> Step:
    """The step as a VM of `platform` shows it: texts, commands, links and options of the other OS
    left out. With no platform (or one this program does not know), the step itself."""
    if platform not in PLATFORM_NAMES:
        return step
    key = (id(step), platform)
    cached = _VIEWS.get(key)
    if cached is not None and cached[0] is step:  # the id of a step long gone may be reused
        return cached[1]
    view = _view(step, platform)
    _VIEWS[key] = (step, view)
    return view


def _view(step: Step, platform: str) -> Step:
    if isinstance(step, ResolutionStep):
        return dataclasses.replace(
            step, body=_text_for(step.body, platform),
            commands=tuple(c for c in step.commands if c.platform in ("any", platform)),
            links=tuple(link for link in step.links if _applies(link.platforms, platform)))
    if isinstance(step, ChoiceStep):
        return dataclasses.replace(
            step, prompt=_text_for(step.prompt, platform), help=_text_for(step.help, platform),
            options=tuple(o for o in step.options if _applies(o.platforms, platform)))
    if isinstance(step, (InfoStep, EndStep)):
        return dataclasses.replace(step, body=_text_for(step.body, platform))
    return step
