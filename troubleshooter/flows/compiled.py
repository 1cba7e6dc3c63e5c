"""A cache of flows that already passed the schema and the linter, so start-up skips both.

The key is a hash of everything the verdict depends on: the program version, the schema, the
catalog, the list of check modules and every flow file's name and bytes. Any edit misses the
cache and the flows are checked in full again; a damaged or unwritable cache is only a miss.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from troubleshooter import __version__, resources
from troubleshooter.resources import flow_files
from troubleshooter.checks.registry import BUILTIN_CHECK_MODULES
from troubleshooter.flows.build import flow_from_data
from troubleshooter.flows.errors import FlowError
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.store import data_dir, write_atomically

CACHE_FORMAT = 1


def fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{CACHE_FORMAT}\0{__version__}\0{','.join(BUILTIN_CHECK_MODULES)}\0".encode())
    for path in (resources.flow_schema_path(), resources.resource_path("catalog.yaml"), *files):
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cache_dir() -> Path:
    return data_dir() / "cache"


def _cache_file(key: str) -> Path:
    return _cache_dir() / f"flows-{key[:32]}.json"


def load(files: list[Path]) -> FlowSet | None:
    """The checked flows for exactly these files, or None when they are not cached."""
    try:
        payload = json.loads(_cache_file(fingerprint(files)).read_bytes())
        return FlowSet([flow_from_data(entry["data"], entry["file"]) for entry in payload["flows"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(files: list[Path], flows: FlowSet) -> None:
    """Remember that these files passed; older cache files are removed."""
    target = _cache_file(fingerprint(files))
    payload = {"format": CACHE_FORMAT, "flows": [{"file": f.file, "data": f.source} for f in flows]}
    try:
        write_atomically(target, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        for old in _cache_dir().glob("flows-*.json"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only profile only costs the full check at the next start


def load_checked_flows(paths: Iterable[Path] | None = None, *, use_cache: bool = True) -> FlowSet:
    """Flows that passed both the schema and the graph rules; raises FlowError otherwise.

    Flow files that passed before (same bytes, same program) come from the cache, which spares
    start-up the YAML parser, the schema and the linter.
    """
    files = flow_files(paths)
    if use_cache and (cached := load(files)) is not None:
        return cached
    from troubleshooter.flows.lint import lint_paths

    report = lint_paths(files)
    if not report.ok:
        raise FlowError(report.problems)
    if use_cache:
        save(files, report.flows)
    return report.flows
