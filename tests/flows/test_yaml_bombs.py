"""Hostile flow files are refused quickly, with a clear message, without eating memory."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from troubleshooter.flows.errors import FlowError
from troubleshooter.flows.loader import load_flows, parse_flow

TIME_LIMIT_S = 2.0  # required by the issue: a bad file must not freeze the program
MEMORY_LIMIT_BYTES = 100 * 1024 * 1024

BILLION_LAUGHS = """\
id: laughs
title: {en: Laughs, ko: 웃음}
start: a
steps:
  a:
    kind: end
    title: &l0 {en: lol, ko: lol}
    body: {en: x, ko: x}
l1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]
l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]
l3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]
l4: &l4 [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]
l5: &l5 [*l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4]
l6: &l6 [*l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5]
l7: &l7 [*l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6]
l8: &l8 [*l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7]
l9: &l9 [*l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8]
"""

BOMBS = {
    "billion laughs": (BILLION_LAUGHS, "anchors and aliases (&name, *name) are not allowed"),
    "10,000-deep flow-style nesting": ("id: " + "[" * 10_000 + "]" * 10_000 + "\n", "nested more than 40 levels"),
    "10,000-deep block-style nesting": ("id:\n" + "- " * 10_000 + "x\n", "nested more than 40 levels"),
    "700-deep block mappings": ("".join(" " * depth + "k:\n" for depth in range(700)) + " " * 700 + "x\n",
                                  "nested more than 40 levels"),
    "a quarter million tiny values": ("[" + ",".join(["1"] * 250_000) + "]\n", "more than 20000 YAML values"),
    "a 2 MB single line": ("id: " + "ab " * 700_000 + "\n", "the file is larger than 512 KiB"),
}


def _refuse(load) -> tuple[FlowError, float, int]:
    """Run `load`, which must raise FlowError; return it, the seconds taken and the peak memory."""
    started = time.perf_counter()
    with pytest.raises(FlowError) as caught:
        load()
    elapsed = time.perf_counter() - started
    # Memory is measured on a second run: tracemalloc slows Python code down several times.
    tracemalloc.start()
    try:
        with pytest.raises(FlowError):
            load()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return caught.value, elapsed, peak


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bomb_text_is_refused_fast_and_small(name):
    text, words = BOMBS[name]

    error, elapsed, peak = _refuse(lambda: parse_flow(text, "bomb.yaml"))

    assert words in str(error)
    assert str(error).startswith("bomb.yaml:")
    assert elapsed < TIME_LIMIT_S, f"{name}: {elapsed:.2f} s"
    assert peak < MEMORY_LIMIT_BYTES, f"{name}: {peak / 1e6:.1f} MB"


@pytest.mark.parametrize("name", ["billion laughs", "10,000-deep flow-style nesting"])
def test_bomb_file_in_the_flow_folder_is_refused(name, tmp_path):
    (tmp_path / "bomb.yaml").write_text(BOMBS[name][0], encoding="utf-8")

    error, elapsed, _ = _refuse(lambda: load_flows([tmp_path]))

    assert error.problems[0].file == str(tmp_path / "bomb.yaml")
    assert elapsed < TIME_LIMIT_S


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:
        line = b"# " + b"x" * 1021 + b"\n"
        for _ in range(50 * 1024):
            out.write(line)

    error, elapsed, peak = _refuse(lambda: load_flows([path]))

    assert str(error) == (f"{path}:1:1: the file is larger than 512 KiB (50.0 MiB); a flow file is far "
                          "smaller (split a big one into flows joined by goto steps)")
    assert elapsed < TIME_LIMIT_S
    assert peak < 5 * 1024 * 1024, f"{peak / 1e6:.1f} MB: the file was read into memory"


def test_a_50_mb_text_handed_over_directly_is_refused_fast():
    text = "x" * (50 * 1024 * 1024)

    error, elapsed, peak = _refuse(lambda: parse_flow(text, "huge.yaml"))

    assert "the file is larger than 512 KiB" in str(error)
    assert elapsed < TIME_LIMIT_S
    assert peak < MEMORY_LIMIT_BYTES


REFUSED_IN_ANY_FILE = {
    "anchor": "words: &shared [a, b]\nmore: *shared\n",
    "second document": "a: 1\n---\nb: 2\n",
    "tag": "a: !!python/name:os.system x\n",
    "control character": "a: \"x\x07\"\n",
}


@pytest.mark.parametrize("kind", sorted(REFUSED_IN_ANY_FILE))
def test_a_refusal_in_another_yaml_file_does_not_speak_of_flows(kind):
    """The search vocabulary, the text catalogs and the endpoints file are read by the same loader."""
    from troubleshooter.flows.errors import FlowError
    from troubleshooter.flows.yamlsafe import load_yaml

    with pytest.raises(FlowError) as refused:
        load_yaml(REFUSED_IN_ANY_FILE[kind], "resources/search-vocabulary.yaml")
    message = str(refused.value)
    assert message.startswith("resources/search-vocabulary.yaml:")
    assert "flow" not in message.lower()
