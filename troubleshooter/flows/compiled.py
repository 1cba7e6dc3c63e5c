"""A cache of flows that already passed the schema and the linter, so start-up skips both.

The key is a hash of everything the verdict depends on: the program version, the schema, the
catalog, the list of check modules and every flow file's name and bytes. Any edit misses the
cache and the flows are checked in full again; a damaged or unwritable cache is only a miss.

Beside each cache lie the headings of its entry flows (id, title, description): a start page
needs nothing else, so `deferred_checked_flows` shows it before the flows are read, built and
verified, and does that at their first use (the person's first answer or search).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from troubleshooter import __version__, resources
from troubleshooter.data_cache import bundled_cache_dir, keep
from troubleshooter.digest import cache_hash
from troubleshooter.config import Config, current
from troubleshooter.resources import flow_files
from troubleshooter.checks.builtin import BUILTIN_CHECK_MODULES
from troubleshooter.flows.model import FlowHeading, FlowSet
from troubleshooter.fileio import UnreadableFileError, read_regular_file
from troubleshooter.flows.limits import MAX_FILE_BYTES, UNPRINTABLE

CACHE_FORMAT = 1
# The cache of the built-in flows is about 0.5 MB; a file far larger was not written by us.
MAX_CACHE_BYTES = 32 * 1024 * 1024
HEADINGS_FAMILY = "flow-headings"
MAX_HEADINGS_BYTES = 1024 * 1024


def fingerprint(files: list[Path]) -> str | None:
    """The cache key of `files`, or None when one of them cannot be read as a flow file (the full
    check then says which and why)."""
    digest = cache_hash()
    digest.update(f"{CACHE_FORMAT}\0{__version__}\0{','.join(BUILTIN_CHECK_MODULES)}\0".encode())
    # Everything the linter reads decides whether the flows pass: the glossary too.
    for path in (resources.flow_schema_path(), resources.resource_path("catalog.yaml"),
                 resources.resource_path("glossary.yaml"), *files):
        try:
            data = read_regular_file(path, MAX_FILE_BYTES)
        except UnreadableFileError:
            return None
        digest.update(str(path.name).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _cache_dir(config: Config | None = None) -> Path:
    return (config or current()).cache_dir


# The executable carries the cache of its own flows (written by the spec at build time), so even
# its first start on a VM skips the check; the user's cache serves flows edited in a checkout.
def _bundled_cache_dir() -> Path:
    return bundled_cache_dir()


def _cache_name(key: str) -> str:
    return f"flows-{key[:32]}.json"


def _headings_name(key: str) -> str:
    return f"{HEADINGS_FAMILY}-{key[:32]}.json"


def load(key: str, config: Config | None = None) -> FlowSet | None:
    """The checked flows cached under `key` (the fingerprint of their files), or None.

    The cache is verified before it is trusted: a file of the wrong shape (damaged, or written
    by something else) is a miss, and the flows are checked in full again."""
    # Only a load needs these: a start page drawn from the headings does not wait for them.
    from troubleshooter.flows.build import flow_from_data
    from troubleshooter.flows.verify import verify_flows

    name = _cache_name(key)
    for directory in (_bundled_cache_dir(), _cache_dir(config)):
        try:
            entries = json.loads(read_regular_file(directory / name, MAX_CACHE_BYTES))["flows"]
            built = []
            # Flows from the cache are never linted or cached again: each flow's parsed source
            # (about as large as the flow itself) goes as soon as the flow is built, and its
            # memory serves the next one, so the window's peak never holds both whole.
            while entries:
                entry = entries.pop(0)
                built.append(flow_from_data(entry["data"], entry["file"], keep_source=False))
            flows = FlowSet(built)
        except (UnreadableFileError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue
        if not verify_flows(flows):
            continue
        return flows
    return None


def _text(value, optional: bool = False) -> bool:
    if value is None:
        return optional
    return (isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip()
                                            and not UNPRINTABLE.search(value[lang]) for lang in ("en", "ko")))


def load_headings(key: str, config: Config | None = None) -> list[FlowHeading] | None:
    """The entry flows' headings cached beside the flows under `key`, or None. A file of another
    shape, or with a text a flow could not hold, is a miss, as for the flows themselves."""
    name = _headings_name(key)
    for directory in (_bundled_cache_dir(), _cache_dir(config)):
        try:
            entries = json.loads(read_regular_file(directory / name, MAX_HEADINGS_BYTES))["headings"]
            if entries and all(isinstance(e["id"], str) and e["id"] and not UNPRINTABLE.search(e["id"])
                               and _text(e["title"]) and _text(e.get("description"), optional=True)
                               for e in entries):
                return [FlowHeading(e["id"], e["title"], e.get("description")) for e in entries]
        except (UnreadableFileError, ValueError, KeyError, TypeError, RecursionError):
            continue
    return None


def save(key: str, flows: FlowSet, directory: Path | None = None) -> Path | None:
    """Remember that the files fingerprinted as `key` passed (in `directory`, by default the
    user's cache), with their entry flows' headings; older cache files there are removed.
    Returns the flows' file written, or None."""
    directory = directory or _cache_dir()
    payload = {"format": CACHE_FORMAT, "flows": [{"file": Path(f.file).name, "data": f.source} for f in flows]}
    target = keep(directory, _cache_name(key), payload, "flows")
    if target is not None:
        save_headings(key, flows, directory)
    return target


def save_headings(key: str, flows: FlowSet, directory: Path) -> Path | None:
    headings = [{"id": h.id, "title": dict(h.title),
                 "description": dict(h.description) if h.description is not None else None}
                for h in flows.headings()]
    return keep(directory, _headings_name(key), {"format": CACHE_FORMAT, "headings": headings}, HEADINGS_FAMILY)


class DeferredFlows(FlowSet):
    """The checked flows, read at their first use; until then only the entry flows' headings
    are at hand, which is all a start page shows. A load that fails raises FlowError there."""

    def __init__(self, headings: list[FlowHeading], load_flows: Callable[[], FlowSet]):
        self._headings = list(headings)
        self._load_flows = load_flows
        self._loaded = None
        self._lock = threading.Lock()  # the window's search may ask from a worker thread

    # FlowSet's methods all read self._flows, which here loads the flows first.
    @property
    def _flows(self):
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = self._load_flows().flows
        return self._loaded

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def headings(self) -> list[FlowHeading]:
        return list(self._headings) if self._loaded is None else super().headings()


def deferred_checked_flows(config: Config | None = None) -> FlowSet:
    """The checked flows for a front end that shows its start page first: DeferredFlows when the
    cache of these very files has their headings, else the flows loaded (and cached) now."""
    config = config or current()
    key = fingerprint(flow_files(None, config))
    if key is None:
        return load_checked_flows(config=config)
    headings = load_headings(key, config)
    if headings is None:
        flows, from_cache = _cached_or_checked(key, None, config)
        if from_cache:  # a cache from before the headings were kept (a check writes both)
            save_headings(key, flows, config.cache_dir)
        return flows
    # The load fingerprints the files again: it walks them as they are at the first answer.
    return DeferredFlows(headings, lambda: load_checked_flows(config=config))


def load_checked_flows(paths: Iterable[Path] | None = None, *, use_cache: bool = True,
                       config: Config | None = None) -> FlowSet:
    """Flows that passed both the schema and the graph rules; raises FlowError otherwise.

    Flow files that passed before (same bytes, same program) come from the cache, which spares
    start-up the YAML parser, the schema and the linter.
    """
    config = config or current()
    paths = list(paths) if paths is not None else None
    files = flow_files(paths, config)
    if not use_cache:
        return _checked(paths, config)
    key = fingerprint(files)
    if key is None:
        return _checked(paths, config)
    return _cached_or_checked(key, paths, config)[0]


def _cached_or_checked(key: str, paths: list[Path] | None, config: Config) -> tuple[FlowSet, bool]:
    """The flows fingerprinted as `key` from the cache, or checked now and cached (with their
    headings); and whether they came from the cache."""
    if (cached := load(key, config)) is not None:
        return cached, True
    flows = _checked(paths, config)
    save(key, flows, config.cache_dir)
    return flows, False


def write_bundled_cache(directory: Path) -> Path:
    """Check the built-in flows and write their cache into `directory`, for the executable's
    bundle (its folder there is BUNDLED_CACHE_DIR_NAME). Raises FlowError for broken flows."""
    files = flow_files()
    flows = _checked(None)
    target = save(fingerprint(files) or "", flows, directory)
    if target is None:
        raise OSError(f"cannot write the compiled flows into {directory}")
    return target


def _checked(paths: Iterable[Path] | None, config: Config | None = None) -> FlowSet:
    # The paths as given, not flow_files' expansion of them: expanding twice would read the
    # files inside a folder that is merely named x.yaml.
    # Imported on a miss only: the linter brings YAML, the schema and every rule, which a start
    # with an unchanged cache never needs (the linter itself never imports this module).
    from troubleshooter.flows.errors import FlowError
    from troubleshooter.flows.linter import lint_paths

    report = lint_paths(paths, config)
    if not report.ok:
        raise FlowError(report.problems)
    return report.flows
