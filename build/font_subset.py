"""The executable's copy of the Hangul font, cut to the characters Korean text really uses.

The fonts in resources/fonts carry all 11,172 Hangul syllables (8.6 MB for regular and bold), and
the one-file build inflates them again at every start. The executable keeps:

- the 2,350 syllables of KS X 1001, the set Korean text is written in (Windows' and Microsoft's
  Korean messages included), and every syllable the program's own texts use;
- Hangul Jamo and compatibility Jamo, Latin, punctuation, symbols and full-width forms.

A rarer syllable (in a host name, say) is drawn by the system's Korean font where there is one,
as for any character the font lacks. The wheel and the source tree keep the whole fonts.

    python build/font_subset.py SOURCE.ttf TARGET.ttf [TEXT_FILE ...]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANGUL_SYLLABLES = range(0xAC00, 0xD7A4)
# Everything but the syllables: Latin, punctuation, symbols, Jamo, CJK symbols, full-width forms.
KEPT_RANGES = (range(0x00, 0x7F), range(0xA0, 0x250), range(0x2000, 0x2BFF), range(0x1100, 0x1200),
               range(0x3000, 0x3100), range(0x3130, 0x3190), range(0x3200, 0x3300), range(0xA960, 0xA980),
               range(0xD7B0, 0xD800), range(0xFF00, 0xFFF0))
# The program's own texts: every Korean sentence a person reads comes from these.
OWN_TEXT_GLOBS = ("wizard_flows/*.yaml", "resources/*.yaml", "resources/report/*", "resources/translations/*.ts",
                  "troubleshooter/**/*.py", "gui/**/*.py", "build/*.py")


def ks_x_1001_syllables() -> set[str]:
    """The 2,350 precomposed syllables of KS X 1001 (EUC-KR rows 0xB0-0xC8)."""
    return {bytes([lead, trail]).decode("euc-kr") for lead in range(0xB0, 0xC9) for trail in range(0xA1, 0xFF)}


def own_text_characters(root: Path = ROOT) -> set[str]:
    found: set[str] = set()
    for pattern in OWN_TEXT_GLOBS:
        for path in root.glob(pattern):
            if path.is_file():
                found |= set(path.read_text(encoding="utf-8", errors="ignore"))
    return found


def kept_characters(extra_text: Iterable[str] = ()) -> set[str]:
    kept = ks_x_1001_syllables() | {chr(code) for block in KEPT_RANGES for code in block}
    kept |= {char for char in own_text_characters() if ord(char) in HANGUL_SYLLABLES}
    for text in extra_text:
        kept |= set(text)
    return kept


def subset_font(source: Path, target: Path, characters: set[str]) -> tuple[int, int]:
    """Write `target` with only the glyphs for `characters`; (bytes before, bytes after)."""
    import logging

    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # PyInstaller's log level would print every table
    options = subset.Options()
    options.layout_features = ["*"]     # keep kerning and Hangul composition features
    options.name_IDs = ["*"]            # the family name Qt registers must not change
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True          # PDF text extraction maps glyphs back to characters
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(char) for char in characters))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return source.stat().st_size, target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    extra = [Path(name).read_text(encoding="utf-8") for name in argv[2:]]
    before, after = subset_font(Path(argv[0]), Path(argv[1]), kept_characters(extra))
    print(f"{argv[0]}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
