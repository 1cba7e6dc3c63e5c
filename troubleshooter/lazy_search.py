"""The search index for a front end, read from the data cache (or built) by the first search
rather than at the start: a first page never waits for it, and a walk that never searches never
holds it. The window's DeferredSearch adds getting it ready between keystrokes."""

from __future__ import annotations

from troubleshooter.config import Config
from troubleshooter.flows.model import FlowSet


class LazySearch:
    """search(query, lang=, limit=, platform=) over `flows`."""

    def __init__(self, flows: FlowSet, config: Config | None = None):
        self._flows = flows
        self._config = config
        self._index = None
        self._key: str | None = None  # the index's cache key, when already worked out

    def build(self) -> None:
        if self._index is None:
            from troubleshooter.search import cached_index

            self._index = cached_index(self._flows, self._config, key=self._key)

    def release(self) -> None:
        """Let the index go (a walk has begun): the cache gives it back quickly if the person
        returns to search, and the walk's later pages reuse its memory."""
        self._index = None

    def search(self, query: str, lang: str = "en", limit: int = 5, platform: str | None = None):
        self.build()
        return self._index.search(query, lang=lang, limit=limit, platform=platform)
