"""Shrinks Qt's ICU data library (libicudata, 32 MB) to the parts an English/Korean widgets app uses.

QtCore links ICU and cannot start without libicudata, but most of the data is for other
languages (collation for Chinese, dictionaries for Thai or Khmer word breaking, names of
currencies and units in 700 locales) and for legacy code pages that Qt never converts here
(Python decodes command output itself). ICU looks items up by name in a table of contents at
the start of its data package, and falls back to the root locale for a locale it does not
have, as it does for any locale it was built without.

Two ways, the first when the GNU assembler and linker are there (binutils, which PyInstaller
needs on Linux anyway): write a new package with only the kept items and link it into a new
libicudata exporting the same symbol (about 5 MB); or rewrite the table of contents in place
and zero the dropped items, so the file keeps its 32 MB but compresses to 1.6 MB. The first
also saves unpacking 27 MB of zeros at every start of the one-file executable (about 0.1 s).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The locales the program speaks; their regional variants (en_GB, ko_KP) are kept with them.
KEPT_LANGUAGES = ("en", "ko")

# In every tree: the fallback locale, the shared key pool and the list of available locales.
_ALWAYS_KEPT_STEMS = frozenset({"root", "pool", "res_index"})

# Trees whose locale data Qt never asks for: transliteration rules (all of it).
_DROPPED_TREES = frozenset({"translit"})

_LOCALE_STEM = re.compile(r"^([a-z]{2,3})(_[A-Za-z0-9]+)*$")


def keep_icu_item(name: str) -> bool:
    """Whether the ICU data item `icudt73l/<tree>/<file>` stays.

    Kept: every item that is not per-locale (Unicode properties, normalization, time zones,
    plural rules, break rules), root and the en/ko locales in every tree, root and en/ko
    collation. Dropped: other locales, word-break dictionaries, transliteration and code-page
    converters (.cnv).
    """
    parts = name.split("/")
    file_name = parts[-1]
    tree = parts[1] if len(parts) > 2 else ""
    stem, _, extension = file_name.rpartition(".")
    if tree in _DROPPED_TREES:
        return False
    if extension in ("cnv", "dict"):
        return False
    if extension != "res":
        return True  # Unicode data (.icu, .nrm, .spp, .cfu), break rules (.brk), collation base
    if stem in _ALWAYS_KEPT_STEMS:
        return True
    locale = _LOCALE_STEM.match(stem)
    if locale is None:
        return True  # supplementalData, zoneinfo64, metaZones, likelySubtags, ...
    return locale.group(1) in KEPT_LANGUAGES


@dataclass(frozen=True)
class TocEntry:
    name: str
    name_offset: int
    data_offset: int


@dataclass(frozen=True)
class CommonData:
    header_offset: int       # where the package (and the icudt*_dat symbol) starts
    toc_offset: int          # where the entry count sits; item offsets count from here
    entries: list[TocEntry]  # sorted by name, as ICU's binary search needs


_HEADER_MAGIC = b"\xda\x27"
_FORMAT = b"CmnD"


def parse_common_data(buffer: bytes | bytearray) -> CommonData:
    """Find ICU's common data (format "CmnD", little-endian) in a library or .dat file."""
    format_at = buffer.find(_FORMAT)
    while format_at != -1:
        header = format_at - 12  # DataHeader: size(2) magic(2) UDataInfo: size(2) reserved(2) flags(4) format
        if header >= 0 and buffer[header + 2:header + 4] == _HEADER_MAGIC and buffer[header + 8] == 0:
            break
        format_at = buffer.find(_FORMAT, format_at + 1)
    else:
        raise ValueError("no little-endian ICU common data (CmnD) found")
    header_size = struct.unpack_from("<H", buffer, header)[0]
    toc = header + header_size
    count = struct.unpack_from("<I", buffer, toc)[0]
    entries = []
    for index in range(count):
        name_offset, data_offset = struct.unpack_from("<II", buffer, toc + 4 + 8 * index)
        name_end = buffer.index(b"\0", toc + name_offset)
        entries.append(TocEntry(buffer[toc + name_offset:name_end].decode("ascii"), name_offset, data_offset))
    return CommonData(header, toc, entries)


@dataclass(frozen=True)
class TrimResult:
    kept: int
    dropped: int
    removed_bytes: int  # zeroed in place, or left out of the relinked library


def trim_common_data(buffer: bytearray, keep=keep_icu_item) -> TrimResult:
    """Rewrite the table of contents in place to list only kept items, and zero the others' bytes."""
    data = parse_common_data(buffer)
    toc, entries = data.toc_offset, data.entries
    kept = [entry for entry in entries if keep(entry.name)]
    zeroed = 0
    # An item runs up to the next one's start; the last item's end is unknown, so it stays as is.
    for index, entry in enumerate(entries[:-1]):
        if keep(entry.name):
            continue
        end = entries[index + 1].data_offset
        buffer[toc + entry.data_offset:toc + end] = bytes(end - entry.data_offset)
        zeroed += end - entry.data_offset
    struct.pack_into("<I", buffer, toc, len(kept))
    for index, entry in enumerate(kept):
        struct.pack_into("<II", buffer, toc + 4 + 8 * index, entry.name_offset, entry.data_offset)
    # The freed table slots are never read (the count says so); zero them for compression.
    unused_slots_start = toc + 4 + 8 * len(kept)
    unused_slots_end = toc + 4 + 8 * len(entries)
    buffer[unused_slots_start:unused_slots_end] = bytes(unused_slots_end - unused_slots_start)
    return TrimResult(len(kept), len(entries) - len(kept), zeroed)


def write_trimmed_library(source: Path, destination: Path) -> TrimResult:
    buffer = bytearray(source.read_bytes())
    result = trim_common_data(buffer)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(bytes(buffer))
    return result


_ITEM_ALIGNMENT = 16  # ICU's pkgdata aligns every item so that its structures can be read in place


def compact_common_data(buffer: bytes, end: int, keep=keep_icu_item) -> bytes:
    """A new package holding only the kept items; `end` is where the last item ends in `buffer`."""
    data = parse_common_data(buffer)
    toc, entries = data.toc_offset, data.entries
    header = bytes(buffer[data.header_offset:toc])
    spans = {entry.name: (toc + entry.data_offset,
                          toc + entries[index + 1].data_offset if index + 1 < len(entries) else end)
             for index, entry in enumerate(entries)}
    kept = [entry.name for entry in entries if keep(entry.name)]
    table_size = 4 + 8 * len(kept)
    names = bytearray()
    name_offsets = []
    for name in kept:
        name_offsets.append(table_size + len(names))
        names += name.encode("ascii") + b"\0"
    # Items start aligned relative to the package start (the header is a multiple of 16 long).
    names += bytes(-(len(header) + table_size + len(names)) % _ITEM_ALIGNMENT)
    items = bytearray()
    data_offsets = []
    for name in kept:
        start, stop = spans[name]
        data_offsets.append(table_size + len(names) + len(items))
        items += buffer[start:stop]
        items += bytes(-len(items) % _ITEM_ALIGNMENT)
    table = struct.pack("<I", len(kept)) + b"".join(
        struct.pack("<II", name_offset, data_offset) for name_offset, data_offset in zip(name_offsets, data_offsets))
    return header + table + bytes(names) + bytes(items)


_DYNAMIC_SYMBOL = re.compile(r"^([0-9a-f]+)\s+g\s+DO\s+\.rodata\s+([0-9a-f]+)\s+(icudt\d+_dat)\s*$", re.MULTILINE)
_SONAME = re.compile(r"SONAME\s+(\S+)")


def can_relink() -> bool:
    return all(shutil.which(tool) for tool in ("objdump", "as", "ld"))


def write_compact_library(source: Path, destination: Path) -> TrimResult:
    """Link a new libicudata holding the compacted package under the original symbol and soname."""
    symbols = subprocess.run(["objdump", "-T", "-p", str(source)], capture_output=True, text=True, check=True).stdout
    symbol = _DYNAMIC_SYMBOL.search(symbols)
    soname = _SONAME.search(symbols)
    if symbol is None or soname is None:
        raise ValueError(f"{source}: no icudt*_dat data symbol or no soname")
    buffer = source.read_bytes()
    package = parse_common_data(buffer)
    end = package.header_offset + int(symbol.group(2), 16)
    compact = compact_common_data(buffer, end)
    kept = len(parse_common_data(compact).entries)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="icu-") as scratch:
        package_file = Path(scratch) / "icudata.dat"
        package_file.write_bytes(compact)
        assembly = Path(scratch) / "icudata.s"
        name = symbol.group(3)
        assembly.write_text(
            "\t.section .rodata\n"
            f"\t.globl {name}\n\t.type {name}, @object\n\t.balign {_ITEM_ALIGNMENT}\n"
            f"{name}:\n\t.incbin \"{package_file}\"\n\t.size {name}, . - {name}\n"
            "\t.section .note.GNU-stack,\"\",@progbits\n", encoding="ascii")
        object_file = Path(scratch) / "icudata.o"
        subprocess.run(["as", "-o", str(object_file), str(assembly)], check=True)
        subprocess.run(["ld", "-shared", "-soname", soname.group(1), "-o", str(destination), str(object_file)],
                       check=True)
    return TrimResult(kept, len(package.entries) - kept, len(buffer) - destination.stat().st_size)


def write_smaller_library(source: Path, destination: Path) -> tuple[str, TrimResult]:
    """The compact library when binutils can link one, else the zeroed copy."""
    if can_relink():
        return "relinked", write_compact_library(source, destination)
    return "zeroed", write_trimmed_library(source, destination)
