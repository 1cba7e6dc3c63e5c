"""Forgetting the search vocabulary a test has loaded or broken: the vocabulary is read once per
process, and every per-word cache and the default index are built from it."""

from __future__ import annotations

from troubleshooter import search, search_text, search_vocabulary


def forget_vocabulary() -> None:
    search_vocabulary.vocabulary.cache_clear()
    search._build_default_index.cache_clear()
    for value in vars(search_text).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()
