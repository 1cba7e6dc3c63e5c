"""The search index kept in the data cache, so that no start builds it again.

Building the index over every fix in both languages takes about a quarter of a second and most
of `search`'s time. Its form (troubleshooter.search.SearchIndex.to_data) is kept as JSON under a
hash of what it is made from: the flow files (the compiled flows' fingerprint: flows, schema,
catalog, glossary), the search vocabulary and, in a checkout, the search's own code. The
executable carries it (written at build time beside the compiled flows); a checkout writes it into
the user's cache folder at the first search. A cache that does not read back as an index of these
flows is a miss, and the index is built again.
"""

from __future__ import annotations

import json
from pathlib import Path

from troubleshooter import __version__
from troubleshooter.config import Config, current
from troubleshooter.data_cache import cache_directories, keep
from troubleshooter.digest import cache_hash
from troubleshooter.fileio import UnreadableFileError, read_regular_file
from troubleshooter.flows.model import FlowSet

CACHE_FORMAT = 1
FAMILY = "search-index"
# The built-in flows' index is about 2.5 MB; a file far larger was not written by us.
MAX_CACHE_BYTES = 64 * 1024 * 1024
_SOURCE_MODULES = ("search", "search_text", "search_vocabulary", "search_cache")


def index_key(config: Config | None = None) -> str | None:
    """The cache key of the index of the configuration's flows, or None when a file it depends on
    cannot be read (the build then says why)."""
    from troubleshooter.flows.compiled import fingerprint
    from troubleshooter.resources import flow_files
    from troubleshooter.search_vocabulary import _fingerprint, _program_files

    flows_key = fingerprint(flow_files(None, config or current()))
    words_key = _fingerprint(_program_files())
    if flows_key is None or words_key is None:
        return None
    digest = cache_hash(f"{CACHE_FORMAT}\0{__version__}\0{flows_key}\0{words_key}\0".encode())
    # A checkout's edit of the ranking code changes the index without a new version; the
    # executable has no source files, and its version names its code.
    package = Path(__file__).resolve().parent
    for name in _SOURCE_MODULES:
        try:
            digest.update((package / f"{name}.py").read_bytes())
        except OSError:
            pass
    return digest.hexdigest()


def cache_name(key: str) -> str:
    return f"{FAMILY}-{key[:32]}.json"


def load(flows: FlowSet, path: Path):
    """The index cached at `path` over `flows`, or None when it is missing or does not fit."""
    from troubleshooter.search import SearchIndex

    try:
        return SearchIndex.from_data(flows, json.loads(read_regular_file(path, MAX_CACHE_BYTES)))
    except (UnreadableFileError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def save(index, path: Path) -> Path | None:
    """Keep `index` at `path` (older indexes beside it go); None when the folder cannot be written."""
    return keep(path.parent, path.name, index.to_data(), FAMILY)


def cached_index(flows: FlowSet, config: Config | None = None):
    """The index of `flows` (the configuration's flows), from the cache or built and then kept."""
    from troubleshooter.search import SearchIndex

    key = index_key(config)
    if key is not None:
        for directory in cache_directories():
            index = load(flows, directory / cache_name(key))
            if index is not None:
                return index
    index = SearchIndex(flows)
    if key is not None:
        save(index, (config or current()).cache_dir / cache_name(key))
    return index


def write_bundled_cache(directory: Path) -> Path:
    """Build the built-in flows' index and write it into `directory` (the executable's bundled
    cache folder, beside the compiled flows). Raises FlowError or VocabularyError."""
    from troubleshooter.flows.compiled import load_checked_flows
    from troubleshooter.search import SearchIndex

    key = index_key()
    target = save(SearchIndex(load_checked_flows()), directory / cache_name(key or ""))
    if key is None or target is None:
        raise OSError(f"cannot write the search index's cache into {directory}")
    return target
