"""Trimming ICU's data: which items stay, and that the rewritten table still reads back."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from icu_trim import (can_relink, compact_common_data, keep_icu_item, parse_common_data, trim_common_data,
                      write_compact_library)


@pytest.mark.parametrize("name", [
    "icudt73l/nfkc.nrm", "icudt73l/uts46.nrm", "icudt73l/unames.icu", "icudt73l/cnvalias.icu",
    "icudt73l/root.res", "icudt73l/pool.res", "icudt73l/res_index.res", "icudt73l/en.res",
    "icudt73l/en_GB.res", "icudt73l/ko.res", "icudt73l/ko_KR.res", "icudt73l/supplementalData.res",
    "icudt73l/zoneinfo64.res", "icudt73l/metaZones.res", "icudt73l/likelySubtags.res",
    "icudt73l/coll/ucadata.icu", "icudt73l/coll/root.res", "icudt73l/coll/ko.res",
    "icudt73l/brkitr/line.brk", "icudt73l/brkitr/root.res", "icudt73l/zone/ko.res",
    "icudt73l/zone/pool.res", "icudt73l/curr/en.res",
])
def test_keeps_unicode_data_and_the_english_and_korean_locales(name):
    assert keep_icu_item(name)


@pytest.mark.parametrize("name", [
    "icudt73l/de.res", "icudt73l/zh_Hant_TW.res", "icudt73l/coll/zh.res", "icudt73l/coll/ja.res",
    "icudt73l/brkitr/cjdict.dict", "icudt73l/brkitr/thaidict.dict", "icudt73l/translit/root.res",
    "icudt73l/ibm-1390_P110-2003.cnv", "icudt73l/gb18030.cnv", "icudt73l/zone/fr.res",
    "icudt73l/unit/haw.res",
])
def test_drops_other_locales_dictionaries_transliteration_and_code_pages(name):
    assert not keep_icu_item(name)


def _common_data(items: list[tuple[str, bytes]]) -> bytearray:
    """A little-endian ICU common data package as ICU's pkgdata lays it out."""
    header = bytearray(32)
    struct.pack_into("<H2s", header, 0, len(header), b"\xda\x27")
    struct.pack_into("<HHBBBB4s", header, 4, 20, 0, 0, 0, 2, 0, b"CmnD")
    names = b""
    name_offsets = []
    table_size = 4 + 8 * len(items)
    for name, _ in items:
        name_offsets.append(table_size + len(names))
        names += name.encode() + b"\0"
    names += bytes(-len(names) % 16)
    data = b""
    data_offsets = []
    for _, payload in items:
        data_offsets.append(table_size + len(names) + len(data))
        data += payload
    table = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", name_offset, data_offset) for name_offset, data_offset in zip(name_offsets, data_offsets))
    return bytearray(b"\x7fELF-padding" + bytes(20) + header + table + names + data)


def test_trim_rewrites_the_table_and_zeroes_dropped_items():
    items = [("icudt73l/de.res", b"D" * 48), ("icudt73l/en.res", b"E" * 32),
             ("icudt73l/gb18030.cnv", b"G" * 64), ("icudt73l/ko.res", b"K" * 16)]
    buffer = _common_data(items)
    result = trim_common_data(buffer)

    assert (result.kept, result.dropped, result.removed_bytes) == (2, 2, 48 + 64)
    package = parse_common_data(buffer)
    assert [entry.name for entry in package.entries] == ["icudt73l/en.res", "icudt73l/ko.res"]
    start = package.toc_offset
    assert buffer[start + package.entries[0].data_offset:][:32] == b"E" * 32
    assert buffer[start + package.entries[1].data_offset:][:16] == b"K" * 16
    assert b"D" * 8 not in buffer and b"G" * 8 not in buffer


def test_compact_package_holds_only_kept_items_aligned_and_intact():
    items = [("icudt73l/de.res", b"D" * 48), ("icudt73l/en.res", b"E" * 20 + bytes(12)),
             ("icudt73l/gb18030.cnv", b"G" * 64), ("icudt73l/ko.res", b"K" * 16)]
    buffer = bytes(_common_data(items))
    compact = compact_common_data(buffer, end=len(buffer))

    package = parse_common_data(compact)
    assert package.header_offset == 0
    assert [entry.name for entry in package.entries] == ["icudt73l/en.res", "icudt73l/ko.res"]
    for entry, payload in zip(package.entries, (b"E" * 20, b"K" * 16)):
        start = package.toc_offset + entry.data_offset
        assert start % 16 == 0
        assert compact[start:start + len(payload)] == payload
    assert b"D" * 8 not in compact and b"G" * 8 not in compact


def test_parse_rejects_a_file_without_common_data():
    with pytest.raises(ValueError, match="CmnD"):
        parse_common_data(b"\x7fELF" + bytes(100))


def test_the_installed_icu_data_trims_to_what_qt_needs(tmp_path):
    pyside6 = pytest.importorskip("PySide6")
    libraries = sorted((Path(pyside6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not libraries:
        pytest.skip("PySide6's Linux wheel ships libicudata")
    buffer = bytearray(libraries[-1].read_bytes())
    before = [entry.name for entry in parse_common_data(buffer).entries]
    trim_common_data(buffer)
    after = [entry.name for entry in parse_common_data(buffer).entries]

    assert after == sorted(after), "ICU finds items by binary search"
    prefix = after[0].split("/")[0]
    for needed in ("nfkc.nrm", "uts46.nrm", "root.res", "pool.res", "ko.res", "en.res", "zoneinfo64.res",
                   "coll/ucadata.icu", "coll/ko.res"):
        assert f"{prefix}/{needed}" in after
    assert len(after) < len(before) / 3


PROBE = """
import functools, sys
from PySide6.QtCore import QCollator, QLocale
words = ["스냅샷", "백업", "가상"]
print(sorted(words, key=functools.cmp_to_key(QCollator(QLocale("ko_KR")).compare)), QLocale("tr_TR").toUpper("i"))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or not can_relink(), reason="needs Linux and binutils")
def test_the_relinked_library_serves_korean_collation_to_qt(tmp_path):
    """QtCore loads the relinked library in place of the wheel's (LD_PRELOAD wins by soname)."""
    import os
    import subprocess

    pyside6 = pytest.importorskip("PySide6")
    [source] = sorted((Path(pyside6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))[-1:]
    library = tmp_path / source.name
    result = write_compact_library(source, library)
    assert library.stat().st_size < 8_000_000 and result.dropped > 3 * result.kept
    environment = dict(os.environ, LD_PRELOAD=str(library), QT_QPA_PLATFORM="offscreen")
    output = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=environment,
                            check=True, timeout=60).stdout
    assert output.split() == ["['가상',", "'백업',", "'스냅샷']", "İ"]
