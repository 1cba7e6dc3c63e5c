"""The search index is kept in the data cache like the flows: no start after the first builds it
again (not the window's first key, not `search`), and a cache that does not fit is only a miss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from troubleshooter import search_cache
from troubleshooter.search import SearchIndex, load_index, save_index, write_bundled_index

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [entry for entry in yaml.safe_load((Path(__file__).parent / "queries.yaml").read_text(encoding="utf-8"))]

# `search` in a fresh process in which building an index fails: only a cached one can answer.
SEARCH_WITHOUT_BUILDING = """
import sys
import troubleshooter.search as search
def refuse(*args, **kwargs):
    raise SystemExit("the index was built again")
search._bm25f_postings = refuse
from troubleshooter.cli import main
sys.exit(main(["search", "--json", "UserErrorGuestAgentStatusUnavailable"]))
"""


def _run(code: str, data_dir: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "VMBT_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=environment)


def test_a_second_search_from_the_command_line_builds_no_index(tmp_path):
    first = _run("from troubleshooter.cli import main; import sys; "
                 "sys.exit(main(['search', '--json', 'UserErrorGuestAgentStatusUnavailable']))", tmp_path)
    assert first.returncode == 0, first.stderr
    second = _run(SEARCH_WITHOUT_BUILDING, tmp_path)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)


def test_the_cached_index_ranks_exactly_as_a_built_one(flows, tmp_path):
    built = SearchIndex(flows)
    save_index(built, tmp_path / "index.json")
    loaded = load_index(flows, tmp_path / "index.json")
    assert loaded is not None
    for entry in QUERIES:
        for platform in (None, "linux"):
            assert ([h.to_dict() for h in loaded.search(entry["query"], entry["lang"], platform=platform)]
                    == [h.to_dict() for h in built.search(entry["query"], entry["lang"], platform=platform)])


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],
    lambda text: "[]",
    lambda text: text.replace('"steps"', '"stepz"'),
    lambda text: text.replace("fix-", "fox-", 1),  # the flows changed since: a step it names is gone
])
def test_a_cache_that_does_not_fit_is_a_miss(flows, tmp_path, damage):
    path = tmp_path / "index.json"
    save_index(SearchIndex(flows), path)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert load_index(flows, path) is None


def test_a_cut_postings_file_is_a_miss(flows, tmp_path):
    path = tmp_path / "index.json"
    save_index(SearchIndex(flows), path)
    postings = path.with_suffix(search_cache.POSTINGS_SUFFIX)
    postings.write_bytes(postings.read_bytes()[:-10])
    assert load_index(flows, path) is None


def test_the_executable_finds_the_index_it_was_built_with(flows, tmp_path, monkeypatch):
    """The bundled index is written from a checkout and read by the executable, which has no
    source files: both must name it alike."""
    write_bundled_index(tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    name = search_cache.cache_name(search_cache.index_key())
    assert load_index(flows, tmp_path / name) is not None
