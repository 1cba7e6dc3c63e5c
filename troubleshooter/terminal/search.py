"""The search index for the terminal wizard, read from the data cache by the first search rather
than at the start (the first screen never waits for it)."""

from __future__ import annotations

from troubleshooter.config import Config
from troubleshooter.flows.model import FlowSet


class LazySearch:
    """search(query, lang=, limit=, platform=) over `flows`; the first page need not wait for the index."""

    def __init__(self, flows: FlowSet, config: Config | None = None):
        self._flows = flows
        self._config = config
        self._index = None

    def search(self, query: str, lang: str = "en", limit: int = 5, platform: str | None = None):
        if self._index is None:
            from troubleshooter.search import cached_index

            self._index = cached_index(self._flows, self._config)
        return self._index.search(query, lang=lang, limit=limit, platform=platform)
