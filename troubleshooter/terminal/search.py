"""The search index for the terminal wizard, built by the first search rather than at the start."""

from __future__ import annotations

from troubleshooter.flows.model import FlowSet


class LazySearch:
    """search(query, lang=, limit=, platform=) over `flows`; the first page need not wait for the index."""

    def __init__(self, flows: FlowSet):
        self._flows = flows
        self._index = None

    def search(self, query: str, lang: str = "en", limit: int = 5, platform: str | None = None):
        if self._index is None:
            from troubleshooter.search import SearchIndex

            self._index = SearchIndex(self._flows)
        return self._index.search(query, lang=lang, limit=limit, platform=platform)
