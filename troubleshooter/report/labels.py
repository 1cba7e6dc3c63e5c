"""The report's own headings and captions in both languages, shared by the HTML and text renderers.

The words themselves are data, `resources/report-texts.yaml`, read once on first use (the window
imports this module before its first paint and needs none of them until a report or a fix)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from troubleshooter.i18n import pick

REPORT_TEXTS_FILE = "report-texts.yaml"
PORTAL_SEPARATOR = re.compile(r"\s+>\s+")

# The names this module had when the words were written here, and the catalog's section each is.
_SECTIONS = {"LABELS": "labels", "KIND_LABELS": "kinds", "WHERE_LABELS": "where", "EFFECT_LABELS": "effects",
             "EFFECT_WARNINGS": "effect_warnings", "PORTAL_MENUS_KO": "portal_menus_ko"}


@lru_cache(maxsize=1)
def report_texts() -> dict[str, Any]:
    """The catalog, through the flows' safe YAML loader (a broken file names its line)."""
    from troubleshooter.data_cache import cached_data
    from troubleshooter.resources import resource_path

    return cached_data(resource_path(REPORT_TEXTS_FILE), parse_report_texts, _looks_like_report_texts)


def write_bundled_cache(directory) -> Any:
    """The catalog's parsed form into `directory`, the executable's bundled cache (build time)."""
    from troubleshooter.data_cache import write_cache
    from troubleshooter.resources import resource_path

    path = resource_path(REPORT_TEXTS_FILE)
    return write_cache(path, parse_report_texts(path), directory)


def parse_report_texts(path) -> dict[str, Any]:
    from troubleshooter.flows.yamlsafe import load_yaml

    data, _positions = load_yaml(path.read_text(encoding="utf-8"), str(path))
    return data


def _looks_like_report_texts(data: Any) -> bool:
    """Every section this module reads is a map: a cache that is not this is not trusted."""
    return isinstance(data, dict) and all(isinstance(data.get(section), dict)
                                          for section in (*_SECTIONS.values(), "retired"))


def __getattr__(name: str):
    if name in _SECTIONS:
        return report_texts()[_SECTIONS[name]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def kind_label(kind: str, lang: str) -> str:
    """The name of a kind of step (question, check, fix…); the kind itself when it has none."""
    return pick(report_texts()["kinds"].get(kind, {}), lang) or kind


_ANNOTATION = re.compile(r"^(?P<menu>.*?)\s*\((?P<note>[^()]*)\)$")


def portal_segments(text: str) -> list[str]:
    """The menu names of a portal path, without our notes in parentheses, values after '=' or
    alternatives after '|': "Overview (Location)" gives "Overview"."""
    names = []
    for part in PORTAL_SEPARATOR.split(text.strip()):
        match = _ANNOTATION.match(part)
        menu = match["menu"] if match else part
        for alternative in menu.split(" | "):
            names.append(alternative.split(" = ")[0].strip())
    return names


def _korean_segment(part: str, texts: dict) -> str:
    menus, notes = texts["portal_menus_ko"], texts.get("portal_annotations_ko") or {}
    match = _ANNOTATION.match(part)
    menu, note = (match["menu"], match["note"]) if match else (part, None)
    shown = " | ".join(" = ".join([menus.get(head, head), *rest]) for head, *rest in
                       (alternative.split(" = ") for alternative in menu.split(" | ")))
    return f"{shown} ({notes.get(note, note)})" if note is not None else shown


def portal_path(text: str, lang: str) -> str:
    """A portal path ("Recovery Services vault > Backup items > (VM)") in the portal's language."""
    if lang != "ko":
        return text
    texts = report_texts()
    # Menus are separated by " > "; a placeholder such as <VM> holds a '>' of its own.
    return " > ".join(_korean_segment(part, texts) for part in PORTAL_SEPARATOR.split(text.strip()))


def command_text(shell: str, text: str, lang: str) -> str:
    """What a command card shows and copies: portal paths in the portal's language, commands as they are."""
    return portal_path(text, lang) if shell == "portal" else text


_SUDO = re.compile(r"(?:^|[\s;&|(])sudo\s")


def where_key(shell: str, text: str) -> str:
    """The place a command runs (docs/effects-and-places.md), from its shell and its own words."""
    if shell == "portal":
        return shell
    if text.lstrip().startswith("az "):
        return "azcli"
    from troubleshooter.flows.command_effects import AZ_CMDLET

    if shell == "powershell" and AZ_CMDLET.search(text):
        return "azpowershell"
    if shell == "bash" and _SUDO.search(text):
        return "bash_root"
    return shell


def where_label(shell: str, text: str, lang: str) -> str:
    key = where_key(shell, text)
    where = report_texts()["where"]
    return pick(where[key], lang) if key in where else shell


def effect_label(effect: str | None, lang: str) -> str:
    effects = report_texts()["effects"]
    return pick(effects[effect], lang) if effect in effects else ""


def effect_warning(effect: str | None, lang: str) -> str:
    warnings = report_texts()["effect_warnings"]
    return pick(warnings[effect], lang) if effect in warnings else ""


def retired_label(date: str | None, lang: str) -> str:
    return pick(report_texts()["retired"], lang).replace("{date}", date) if date else ""


def finding_text(status_word: str, summary: str) -> str:
    """The summary without a leading repeat of the status word ("Skipped: …" beside "Skipped")."""
    for separator in (":", "："):
        prefix = status_word + separator
        if summary.casefold().startswith(prefix.casefold()):
            return summary[len(prefix):].lstrip()
    return summary


def label(key: str, lang: str) -> str:
    return pick(report_texts()["labels"][key], lang)


def localize_masks(text: str, lang: str) -> str:
    """A rendered report with each masked identifier shown in the reader's language."""
    from troubleshooter.redact import IDENTIFIER_MASK

    shown = label("hidden_identifier", lang)
    return text if shown == IDENTIFIER_MASK else text.replace(IDENTIFIER_MASK, shown)
