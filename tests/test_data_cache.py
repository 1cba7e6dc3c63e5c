"""The text catalogs come from their JSON cache after the first read, so a later start of the
window never loads the YAML parser; a damaged or foreign cache is only a miss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from troubleshooter import data_cache
from troubleshooter.checks.texts import catalog_path, check_texts, load_check_texts
from troubleshooter.report import labels

ROOT = Path(__file__).resolve().parents[1]

# What a window's first check page and summary read, in a fresh process: did YAML load?
READ_BOTH = """
import sys
from troubleshooter.checks.texts import check_texts
from troubleshooter.report.labels import kind_label
title = check_texts().title("linux.agent_service")["ko"]
print(title, kind_label("resolution", "ko"), "yaml" in sys.modules)
"""


def _read_in_a_fresh_process(data_dir: Path) -> list[str]:
    environment = {**os.environ, "VMBT_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", READ_BOTH], capture_output=True, text=True, timeout=60,
                          env=environment, check=True)
    return done.stdout.split()


@pytest.fixture
def fresh_catalogs():
    check_texts.cache_clear()
    labels.report_texts.cache_clear()
    yield
    check_texts.cache_clear()
    labels.report_texts.cache_clear()


def test_the_second_start_reads_the_catalogs_without_the_yaml_parser(tmp_path):
    first = _read_in_a_fresh_process(tmp_path)
    second = _read_in_a_fresh_process(tmp_path)

    assert first[-1] == "True"  # the first read parses the YAML and writes the cache
    assert second[-1] == "False"
    assert second[:-1] == first[:-1] and first[0]  # the same Korean words either way
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.json")) == ["check", "report"]


def test_a_damaged_cache_is_a_miss_and_the_texts_stay_right(monkeypatch, tmp_path, fresh_catalogs):
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path))
    expected = load_check_texts().data
    check_texts()
    [cached] = (tmp_path / "cache").glob("check-texts-*.json")
    for damage in ('{"checks": {"linux.agent_service": {"title": "not a text"}}}', "[1, 2", '"just a string"'):
        cached.write_text(damage, encoding="utf-8")
        check_texts.cache_clear()

        assert check_texts().data == expected


def test_an_edited_catalog_misses_the_old_cache(monkeypatch, tmp_path, fresh_catalogs):
    edited = tmp_path / "check-texts.yaml"
    edited.write_text(catalog_path().read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path / "profile"))
    parse = lambda path: load_check_texts(path).data  # noqa: E731
    looks_right = lambda data: isinstance(data, dict)  # noqa: E731
    before = data_cache.cached_data(edited, parse, looks_right)
    edited.write_text(edited.read_text(encoding="utf-8").replace("Azure Linux agent running",
                                                                 "Azure Linux agent is running"), encoding="utf-8")

    after = data_cache.cached_data(edited, parse, looks_right)

    assert before["checks"]["linux.agent_service"]["title"]["en"] == "Azure Linux agent running"
    assert after["checks"]["linux.agent_service"]["title"]["en"] == "Azure Linux agent is running"
    assert len(list((tmp_path / "profile" / "cache").glob("check-texts-*.json"))) == 1  # the old one went


def test_the_executable_carries_the_catalogs_parsed(monkeypatch, tmp_path, fresh_catalogs):
    from troubleshooter.checks import texts

    bundle = tmp_path / "bundle" / data_cache.BUNDLED_CACHE_DIR_NAME
    texts.write_bundled_cache(bundle)
    labels.write_bundled_cache(bundle)
    # The executable's folder first, then the user's (which it must not need to write).
    monkeypatch.setattr(data_cache, "cache_directories", lambda: [bundle, tmp_path / "read-only-profile" / "cache"])
    monkeypatch.setattr(texts, "load_check_texts", lambda *_: pytest.fail("the catalog was parsed again"))
    monkeypatch.setattr(labels, "parse_report_texts", lambda *_: pytest.fail("the report's words were parsed again"))

    assert check_texts().title("linux.agent_service")["en"] == "Azure Linux agent running"
    assert labels.kind_label("resolution", "en")
    assert not (tmp_path / "read-only-profile").exists()  # nothing written on the VM beyond need
