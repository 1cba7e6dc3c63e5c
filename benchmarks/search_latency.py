"""Search: per-query latency over the catalog queries in both languages, and the index build time."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.stats import percentile
from troubleshooter import search_text
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.search import SearchIndex

QUERIES_FILE = Path(__file__).resolve().parent.parent / "tests" / "search" / "queries.yaml"
# What a person or an attacker may paste (tests/search/test_search_robustness.py asserts the answers).
HOSTILE_FILE = QUERIES_FILE.parent / "hostile_queries.json"
# A pasted log of about 1 MB with the error code at its end.
MEGABYTE_PASTE = ("Error log line with nothing useful in it. " * 25000)[:1_000_000] + " ExtensionFailedVssWriterInBadState"
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


def hostile_queries() -> list[str]:
    data = json.loads(HOSTILE_FILE.read_text(encoding="utf-8"))
    return data["queries"] + ["".join(text * times for text, times in parts) for parts in data["repeated"]]


def slowest_query_seconds(index: SearchIndex, queries: list[str]) -> float:
    """The longest answer among `queries`, each asked once in both languages."""
    slowest = 0.0
    for query in queries:
        for lang in ("en", "ko"):
            started = time.perf_counter()
            index.search(query, lang, LIMIT)
            slowest = max(slowest, time.perf_counter() - started)
    return slowest


# One search from the command line, as an admin runs it over many VMs (the data cache warm).
SEARCH_COMMAND = [sys.executable, "-m", "troubleshooter", "search", "--json", "UserErrorGuestAgentStatusUnavailable"]


def load_index_seconds(flows, index: SearchIndex) -> float:
    """Seconds to read `index` back from its cache file and answer a first query, as a second start does."""
    from troubleshooter.search import load_index, save_index

    with tempfile.TemporaryDirectory(prefix="vmbt-bench-index-") as folder:
        path = Path(folder) / "index.json"
        save_index(index, path)
        forget_word_caches()
        started = time.perf_counter()
        loaded = load_index(flows, path)
        loaded.search("UserErrorGuestAgentStatusUnavailable", "en", LIMIT)
        return time.perf_counter() - started


def spawn_seconds(command: list[str]) -> float:
    """Spawn to exit of `command` (its output discarded), from the repository's root."""
    started = time.perf_counter()
    subprocess.run(command, cwd=QUERIES_FILE.parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, timeout=120)
    return time.perf_counter() - started
