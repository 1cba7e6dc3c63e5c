"""The search index kept in the data cache, so that no start builds it again.

Building the index over every fix in both languages takes about a quarter of a second and most
of `search`'s time. It is kept under a hash of what it is made from: the flow files (the compiled
flows' fingerprint: flows, schema, catalog, glossary), the search vocabulary and, in a checkout,
the search's own code. The executable carries it (written at build time beside the compiled
flows); a checkout writes it into the user's cache folder at the first search. A cache that does
not read back as an index of these flows is a miss, and the index is built again.

Two files: `search-index-<key>.json` holds the small part (the steps, codes, words, and each table's
sorted terms with where their postings start) and `search-index-<key>.postings` every term's
postings as JSON texts one after another. The second is mapped, not read: a search decodes the
few terms it asks for, so a start neither parses nor holds the whole index (about 2.5 MB).
"""

from __future__ import annotations

import base64
import json
import mmap
import os
import stat
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from troubleshooter import __version__
from troubleshooter.config import Config, current
from troubleshooter.data_cache import keep
from troubleshooter.digest import cache_hash
from troubleshooter.fileio import UnreadableFileError, read_regular_file, write_atomically

CACHE_FORMAT = 2
FAMILY = "search-index"
POSTINGS_SUFFIX = ".postings"
# The built-in flows' index is about 2.5 MB; a file far larger was not written by us.
MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_POSTINGS_BYTES = 256 * 1024 * 1024
_SOURCE_MODULES = ("search", "search_text", "search_vocabulary", "search_cache")


def index_key(config: Config | None = None, *, with_sources: bool | None = None) -> str | None:
    """The cache key of the index of the configuration's flows, or None when a file it depends on
    cannot be read (the build then says why). `with_sources`: whether the search's own code is in
    it; by default in a checkout, not in the executable (which has no source files, and which
    `write_bundled_cache` writes the key for)."""
    if with_sources is None:
        with_sources = not getattr(sys, "frozen", False)
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
    for name in _SOURCE_MODULES if with_sources else ():
        try:
            digest.update((package / f"{name}.py").read_bytes())
        except OSError:
            pass
    return digest.hexdigest()


def cache_name(key: str) -> str:
    return f"{FAMILY}-{key[:32]}.json"


class _Terms(Sequence):
    """A sorted list of terms kept as one string ("a\nb\n..."): a few hundred kilobytes, where
    twenty thousand string objects would take megabytes. Indexing makes the one term asked for."""

    def __init__(self, joined: str):
        self._joined = joined
        self._starts = array("I", [0])
        position = joined.find("\n")
        while position >= 0:
            self._starts.append(position + 1)
            position = joined.find("\n", position + 1)

    def __len__(self) -> int:
        return len(self._starts) if self._joined else 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not 0 <= index < len(self):
            raise IndexError(index)
        end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self._joined)
        return self._joined[self._starts[index]:end]


class _MappedPostings(Mapping):
    """term -> postings, each decoded from its JSON text in the mapped file at its first lookup."""

    def __init__(self, terms: _Terms, offsets: array, data):
        self._terms = terms
        self._offsets = offsets
        self._data = data
        self._decoded: dict[str, list] = {}

    def _position(self, term: object) -> int:
        index = bisect_left(self._terms, term) if isinstance(term, str) and "\n" not in term else len(self._terms)
        return index if index < len(self._terms) and self._terms[index] == term else -1

    def __getitem__(self, term: str) -> list:
        entries = self._decoded.get(term)
        if entries is None:
            index = self._position(term)
            if index < 0:
                raise KeyError(term)
            text = self._data[self._offsets[index]:self._offsets[index + 1]]
            try:
                entries = [tuple(entry) for entry in json.loads(text)]
            except (ValueError, TypeError):
                entries = []  # a damaged entry: the term is as good as unknown, the search goes on
            self._decoded[term] = entries
        return entries

    def __contains__(self, term: object) -> bool:
        return self._position(term) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


def _postings_path(path: Path) -> Path:
    return path.with_suffix(POSTINGS_SUFFIX)


def _map(path: Path, size: int):
    """The postings file, mapped read-only; its size must be the one the header names."""
    with open(path, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size != size or size > MAX_POSTINGS_BYTES:
            raise ValueError("the postings file is not the one the index names")
        if size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def read_parts(path: Path, table_names) -> tuple[dict, dict[str, Mapping]] | None:
    """The small part of the index cached at `path` and its tables `table_names` (read lazily from
    the postings file beside it), or None when they are missing or do not fit."""
    try:
        header = json.loads(read_regular_file(path, MAX_HEADER_BYTES))
        if header.get("format") != CACHE_FORMAT:
            return None
        data = _map(_postings_path(path), int(header["postings_bytes"]))
        tables = {}
        for name in table_names:
            table = header["tables"][name]
            terms = _Terms(table["terms"])
            offsets = array("I")
            offsets.frombytes(base64.b64decode(table["offsets"]))
            if sys.byteorder != "little":
                offsets.byteswap()
            if (len(offsets) != len(terms) + 1 or offsets[-1] > len(data)
                    or any(offsets[i] > offsets[i + 1] for i in range(len(terms)))):
                return None
            tables[name] = _MappedPostings(terms, offsets, data)
        return header, tables
    except (UnreadableFileError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def write_parts(header: dict, tables: dict[str, Mapping], path: Path) -> Path | None:
    """Keep an index's small part at `path` and its tables' postings beside it (older indexes there
    go); None when the folder cannot be written."""
    header = dict(header)
    data = bytearray()
    header["tables"] = {}
    for name, postings in tables.items():
        terms = sorted(postings)
        offsets = array("I")
        for term in terms:
            offsets.append(len(data))
            data += json.dumps([list(entry) for entry in postings[term]], separators=(",", ":")).encode("ascii")
        offsets.append(len(data))
        if sys.byteorder != "little":
            offsets.byteswap()
        header["tables"][name] = {"terms": "\n".join(terms), "offsets": base64.b64encode(offsets.tobytes()).decode("ascii")}
    header["format"] = CACHE_FORMAT
    header["postings_bytes"] = len(data)
    postings_path = _postings_path(path)
    try:
        write_atomically(postings_path, bytes(data))
        for old in path.parent.glob(f"{FAMILY}-*{POSTINGS_SUFFIX}"):
            if old != postings_path:
                old.unlink(missing_ok=True)
    except OSError:
        return None  # a mapped file on Windows cannot be replaced: the next start builds again
    # The header last: a header names a complete postings file.
    return keep(path.parent, path.name, header, FAMILY)
