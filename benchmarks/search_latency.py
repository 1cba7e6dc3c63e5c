"""Search: per-query latency over the catalog queries in both languages, and the index build time."""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from benchmarks.stats import percentile
from troubleshooter import search_text
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.search import SearchIndex

QUERIES_FILE = Path(__file__).resolve().parent.parent / "tests" / "search" / "queries.yaml"
# The start page asks for this many hits.
LIMIT = 6


def catalog_queries() -> list[tuple[str, str]]:
    rows = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    return [(str(row["query"]), str(row["lang"])) for row in rows]


def forget_word_caches() -> None:
    """Empty the per-word caches (stems, trigrams, Hangul bigrams), so a run starts as a fresh program does."""
    for value in vars(search_text).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def build_index_seconds(flows=None) -> tuple[float, SearchIndex]:
    """Seconds to build the index over the flows (already loaded), as the window does at start-up,
    with cold word caches."""
    flows = flows or load_checked_flows()
    forget_word_caches()
    started = time.perf_counter()
    index = SearchIndex(flows)
    return time.perf_counter() - started, index


def query_latencies(index: SearchIndex, queries: list[tuple[str, str]]) -> tuple[float, float]:
    """(median, 99th percentile) seconds per query, each query asked once (its words seen for the first time
    unless the flows' texts have them)."""
    latencies = []
    for query, lang in queries:
        started = time.perf_counter()
        index.search(query, lang, LIMIT)
        latencies.append(time.perf_counter() - started)
    return percentile(latencies, 0.5), percentile(latencies, 0.99)
