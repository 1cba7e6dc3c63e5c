"""The program's own Korean outside the flows (the terminal wizard's texts, the command line's
words, the window's translations) speaks 합니다체 as the flows and text catalogs do: no sentence
addresses the reader with -십시오."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from troubleshooter.cli.search import _LABELS as SEARCH_LABELS
from troubleshooter.flows.lint_rules import addressing_endings
from troubleshooter.terminal.texts import TEXTS as TERMINAL_TEXTS

ROOT = Path(__file__).resolve().parents[1]


def _korean_texts() -> list[tuple[str, str]]:
    found = [(f"terminal/texts.py:{key}", texts["ko"]) for key, texts in TERMINAL_TEXTS.items() if "ko" in texts]
    found += [(f"cli/search.py:{key}", text) for key, text in SEARCH_LABELS["ko"].items()]
    tree = ElementTree.parse(ROOT / "resources" / "translations" / "vmbt_ko.ts")
    found += [(f"vmbt_ko.ts:{message.findtext('source')!r}", message.findtext("translation") or "")
              for message in tree.iter("message")]
    return found


def test_no_program_text_addresses_the_reader():
    texts = _korean_texts()
    assert len(texts) > 100
    assert [f"{where}: {text}" for where, text in texts if addressing_endings(text)] == []
