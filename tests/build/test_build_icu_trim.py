"""Trimming ICU's data: which items stay, and that the rewritten table still reads back."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from icu_trim import keep_icu_item, parse_common_data, trim_common_data


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

    assert (result.kept, result.dropped, result.zeroed_bytes) == (2, 2, 48 + 64)
    package = parse_common_data(buffer)
    assert [entry.name for entry in package.entries] == ["icudt73l/en.res", "icudt73l/ko.res"]
    start = package.toc_offset
    assert buffer[start + package.entries[0].data_offset:][:32] == b"E" * 32
    assert buffer[start + package.entries[1].data_offset:][:16] == b"K" * 16
    assert b"D" * 8 not in buffer and b"G" * 8 not in buffer


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
