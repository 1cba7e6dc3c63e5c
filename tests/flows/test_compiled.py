"""The cache of checked flows: a second start skips the check, any edit is checked again, and
the executable's bundled cache serves its first start."""

from __future__ import annotations

import shutil

import pytest

from troubleshooter import resources
from troubleshooter.checks.registry import unregister
from troubleshooter.data_cache import BUNDLED_CACHE_DIR_NAME
from troubleshooter.flows import compiled, lint_rules
from troubleshooter.flows.errors import FlowError


@pytest.fixture
def flow_copy(tmp_path, monkeypatch, example_flows_dir, example_check_outcome):
    folder = tmp_path / "flows"
    shutil.copytree(example_flows_dir, folder)
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(folder))
    return folder


def _make_the_full_check_refuse():
    """The example flow's check goes away: the linter now refuses the flows (the check is not
    registered), so from here on only flows checked before, from a cache, can load. The cache
    is keyed by the files, not by what is registered at run time."""
    unregister("example.always_ok")
    with pytest.raises(FlowError, match="'example.always_ok' is not a registered check"):
        compiled.load_checked_flows(use_cache=False)


def test_the_second_load_comes_from_the_cache(flow_copy):
    first = compiled.load_checked_flows()
    _make_the_full_check_refuse()
    second = compiled.load_checked_flows()
    assert sorted(second.flows) == sorted(first.flows)
    assert second["example"].steps["fix-vss"].commands == first["example"].steps["fix-vss"].commands


def test_an_edited_flow_is_checked_again(flow_copy):
    compiled.load_checked_flows()
    example = flow_copy / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace("next: support", "next: nowhere", 1),
                       encoding="utf-8")
    with pytest.raises(FlowError) as error:
        compiled.load_checked_flows()
    assert "'nowhere'" in str(error.value) and "example.yaml" in str(error.value)


def test_a_damaged_cache_file_is_only_a_miss(flow_copy, tmp_path):
    compiled.load_checked_flows()
    for cached in (compiled._cache_dir()).glob("flows-*.json"):
        cached.write_bytes(b'{"format": 1, "flows": [')
    assert "example" in compiled.load_checked_flows()


def test_the_bundled_cache_serves_a_first_start(flow_copy, tmp_path, monkeypatch):
    bundle = tmp_path / "bundle" / BUNDLED_CACHE_DIR_NAME
    written = compiled.write_bundled_cache(bundle)
    assert written.parent == bundle
    monkeypatch.setattr(compiled, "_bundled_cache_dir", lambda: bundle)
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path / "empty-profile"))
    _make_the_full_check_refuse()
    assert "example" in compiled.load_checked_flows()
    assert not (tmp_path / "empty-profile").exists()


def test_an_edited_glossary_checks_the_flows_again(flow_copy, tmp_path, monkeypatch):
    compiled.load_checked_flows()
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("- {en: VSS writer, ko: VSS 작성기, variants: [기록기]}\n", encoding="utf-8")
    real = resources.resource_path
    monkeypatch.setattr(resources, "resource_path",
                        lambda *parts: glossary if parts == ("glossary.yaml",) else real(*parts))
    monkeypatch.setattr(lint_rules, "resource_path", resources.resource_path)
    lint_rules.glossary.cache_clear()
    try:
        with pytest.raises(FlowError) as error:
            compiled.load_checked_flows()
    finally:
        lint_rules.glossary.cache_clear()
    assert "'기록기' is not the glossary's word for 'VSS writer'" in str(error.value)


def _cached_payload() -> tuple:
    [cached] = compiled._cache_dir().glob("flows-*.json")
    import json

    return cached, json.loads(cached.read_bytes())


def _steps_as_a_list(payload):
    entry = next(e for e in payload["flows"] if e["data"]["id"] == "example")
    entry["data"]["steps"] = list(entry["data"]["steps"].values())


def _a_missing_next_target(payload):
    entry = next(e for e in payload["flows"] if e["data"]["id"] == "example")
    entry["data"]["steps"]["fix-vss"]["next"] = "nowhere"


def _a_missing_text(payload):
    entry = next(e for e in payload["flows"] if e["data"]["id"] == "example")
    del entry["data"]["steps"]["fix-vss"]["title"]


def _a_terminal_escape_in_a_text(payload):
    entry = next(e for e in payload["flows"] if e["data"]["id"] == "example")
    entry["data"]["steps"]["fix-vss"]["title"]["ko"] += "\x1b[2J"


def _deep_nesting(payload):
    return payload  # written below as raw text: json.dumps itself would refuse the depth


@pytest.mark.parametrize("damage", [_steps_as_a_list, _a_missing_next_target, _a_missing_text,
                                    _a_terminal_escape_in_a_text, _deep_nesting])
def test_a_cache_of_the_wrong_shape_is_a_miss_and_the_flows_are_rebuilt(flow_copy, damage):
    import json

    first = compiled.load_checked_flows()
    cached, payload = _cached_payload()
    good = json.loads(json.dumps(payload))
    damage(payload)
    text = json.dumps(payload)
    if damage is _deep_nesting:
        text = text.replace('"refs": ["B17"]', '"refs": ' + "[" * 100_000 + "]" * 100_000, 1)
    cached.write_text(text, encoding="utf-8")

    flows = compiled.load_checked_flows()

    assert flows["example"].steps["fix-vss"].next == first["example"].steps["fix-vss"].next == "support"
    assert flows["example"].steps["fix-vss"].title == first["example"].steps["fix-vss"].title
    assert flows["example"].steps["fix-vss"].refs == ("B17",)
    assert _cached_payload()[1] == good  # the damaged cache was replaced by the rebuilt one


def test_a_start_page_has_the_entry_flows_before_the_flows_are_read(flow_copy):
    first = compiled.load_checked_flows()
    deferred = compiled.deferred_checked_flows()
    assert isinstance(deferred, compiled.DeferredFlows) and not deferred.loaded
    assert deferred.headings() == first.headings() and [h.id for h in deferred.headings()] == ["example"]
    assert not deferred.loaded  # the start page's whole need, answered without reading the flows
    assert deferred["example"].steps["fix-vss"].commands == first["example"].steps["fix-vss"].commands
    assert deferred.loaded and deferred.headings() == first.headings()


def test_a_cache_from_before_headings_loads_the_flows_at_once_and_keeps_their_headings(flow_copy):
    compiled.load_checked_flows()
    for headings in compiled._cache_dir().glob("flow-headings-*.json"):
        headings.unlink()
    flows = compiled.deferred_checked_flows()
    assert not isinstance(flows, compiled.DeferredFlows) and "example" in flows
    assert len(list(compiled._cache_dir().glob("flow-headings-*.json"))) == 1
    assert isinstance(compiled.deferred_checked_flows(), compiled.DeferredFlows)


@pytest.mark.parametrize("damage", [
    lambda headings: "{not json",
    lambda headings: {"headings": []},
    lambda headings: {"headings": [{**headings[0], "id": 7}]},
    lambda headings: {"headings": [{**headings[0], "title": {"en": "Only English"}}]},
    lambda headings: {"headings": [{**headings[0], "title": {"en": "Wipe\x1b[2J", "ko": "지움"}}]},
    lambda headings: {"headings": [{**headings[0], "description": ["not", "a", "text"]}]},
], ids=["not-json", "none", "id-not-a-name", "no-korean", "terminal-escape", "description-not-a-text"])
def test_damaged_headings_are_a_miss_and_the_flows_load_at_once(flow_copy, damage):
    import json

    first = compiled.load_checked_flows()
    [cached] = compiled._cache_dir().glob("flow-headings-*.json")
    damaged = damage(json.loads(cached.read_bytes())["headings"])
    cached.write_text(damaged if isinstance(damaged, str) else json.dumps(damaged), encoding="utf-8")
    flows = compiled.deferred_checked_flows()
    assert not isinstance(flows, compiled.DeferredFlows)
    assert flows.headings() == first.headings()


def test_flows_broken_after_the_start_page_raise_at_their_first_use(flow_copy):
    compiled.load_checked_flows()
    deferred = compiled.deferred_checked_flows()
    assert isinstance(deferred, compiled.DeferredFlows)
    example = flow_copy / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace("next: support", "next: nowhere", 1),
                       encoding="utf-8")
    with pytest.raises(FlowError, match="example.yaml"):
        deferred["example"]
