"""The program's own YAML data (the text catalogs) as JSON the second time it is read.

The window reads the checks' texts at its first check page and the report's at the summary.
Parsing them needs the YAML parser and the safe loader, about 4 MB resident and 30 ms, for data
that changes only with the program. So what the safe loader made of a file is kept as JSON under
a hash of the file's bytes and the program's version: the executable carries it (written at
build time beside the compiled flows), a checkout writes it into the user's cache folder at the
first read. A cache that does not read back as JSON of the expected shape is a miss.
"""

from __future__ import annotations

import json
from pathlib import Path
from collections.abc import Callable

from troubleshooter import __version__, resources
from troubleshooter.digest import cache_hash
from troubleshooter.fileio import UnreadableFileError, read_regular_file

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from typing import Any

CACHE_FORMAT = 1
MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_CACHE_BYTES = 8 * 1024 * 1024
# Beside the compiled flows, in the executable and in the user's cache folder.
BUNDLED_CACHE_DIR_NAME = "compiled-flows"


def _key(path: Path, data: bytes) -> str:
    digest = cache_hash(f"{CACHE_FORMAT}\0{__version__}\0{path.name}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def cache_name(path: Path, key: str) -> str:
    return f"{path.stem}-{key[:32]}.json"


def bundled_cache_dir() -> Path:
    """Where the executable carries the caches it was built with."""
    return resources.base_dir() / BUNDLED_CACHE_DIR_NAME


def cache_directories() -> list[Path]:
    """Where a cache is looked for: the executable's bundled one, then the user's cache folder."""
    from troubleshooter.config import current

    return [bundled_cache_dir(), current().cache_dir]


def cached_data(path: Path, parse: Callable[[Path], Any], looks_right: Callable[[Any], bool]) -> Any:
    """What `parse(path)` returns, from the cache when the file is unchanged. `looks_right` checks
    the shape of a cached value before it is trusted; `parse` raises for a broken file."""
    try:
        key = _key(path, read_regular_file(path, MAX_SOURCE_BYTES))
    except UnreadableFileError:
        return parse(path)  # it says what is wrong with the file
    name = cache_name(path, key)
    for directory in cache_directories():
        try:
            value = json.loads(read_regular_file(directory / name, MAX_CACHE_BYTES))
        except (UnreadableFileError, ValueError, RecursionError):
            continue
        if looks_right(value):
            return value
    value = parse(path)
    write_cache(path, value, cache_directories()[-1], key)
    return value


def write_cache(path: Path, value: Any, directory: Path, key: str | None = None) -> Path | None:
    """Keep `value` as the parsed form of `path` in `directory`; older caches of that file there
    go. Best effort: a folder that cannot be written only costs a parse at the next start."""
    try:
        key = key or _key(path, read_regular_file(path, MAX_SOURCE_BYTES))
    except UnreadableFileError:
        return None
    return keep(directory, cache_name(path, key), value, path.stem)


def keep(directory: Path, name: str, value: Any, family: str) -> Path | None:
    """Write `value` as JSON to `directory`/`name`, all or nothing, and remove the older files of
    its family (`family-*.json`) there. None when the folder cannot be written: a read-only
    profile only costs the full check or parse at the next start."""
    from troubleshooter.fileio import write_atomically

    target = directory / name
    try:
        write_atomically(target, json.dumps(value, ensure_ascii=False).encode("utf-8"))
        for old in directory.glob(f"{family}-*.json"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        return None
    return target
