"""The two languages every user-facing text exists in, and how to pick one."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"

Text = Mapping[str, str]


def pick(text: Text | None, lang: str) -> str:
    """The text in `lang`, falling back to English, then to any language present."""
    if not text:
        return ""
    if lang in text and text[lang]:
        return text[lang]
    if DEFAULT_LANGUAGE in text and text[DEFAULT_LANGUAGE]:
        return text[DEFAULT_LANGUAGE]
    return next((value for value in text.values() if value), "")


def both(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


def language_for_locale(locale_name: str | None) -> str:
    """'ko_KR' -> 'ko'; anything we do not translate into -> English."""
    if locale_name and locale_name.lower().startswith("ko"):
        return "ko"
    return DEFAULT_LANGUAGE
