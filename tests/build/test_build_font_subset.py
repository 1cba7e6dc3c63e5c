"""build/font_subset.py: the executable's Hangul fonts keep every syllable the program writes."""

from __future__ import annotations

from pathlib import Path

import pytest

import font_subset

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "resources" / "fonts"
pytest.importorskip("fontTools")


@pytest.fixture(scope="module")
def subset_regular(tmp_path_factory):
    target = tmp_path_factory.mktemp("fonts") / "NanumBarunGothic.ttf"
    before, after = font_subset.subset_font(FONTS / "NanumBarunGothic.ttf", target, font_subset.kept_characters())
    return target, before, after


def cmap_of(path: Path) -> set[str]:
    from fontTools.ttLib import TTFont

    return {chr(code) for code in TTFont(str(path)).getBestCmap()}


def family_of(path: Path) -> str:
    from fontTools.ttLib import TTFont

    return TTFont(str(path))["name"].getDebugName(1)


def test_every_korean_character_of_the_flows_and_the_program_is_kept(subset_regular):
    target, before, after = subset_regular
    kept = cmap_of(target)
    original = cmap_of(FONTS / "NanumBarunGothic.ttf")
    written = {char for path in (ROOT / "wizard_flows").glob("*.yaml")
               for char in path.read_text(encoding="utf-8") if char in original}
    assert written - kept == set()
    assert font_subset.ks_x_1001_syllables() <= kept
    assert "똠" in original and "똠" not in kept  # outside KS X 1001: left to the system's font
    assert after < before * 0.4


def test_the_family_name_qt_registers_is_unchanged(subset_regular, qapp):
    from PySide6.QtGui import QFontDatabase

    target, _before, _after = subset_regular
    assert family_of(target) == family_of(FONTS / "NanumBarunGothic.ttf")
    font_id = QFontDatabase.addApplicationFont(str(target))
    assert font_id >= 0
    assert QFontDatabase.applicationFontFamilies(font_id) == [family_of(FONTS / "NanumBarunGothic.ttf")]
