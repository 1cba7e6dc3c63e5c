"""Whatever text reaches the loader, the outcome is a Flow or a FlowError, never a crash."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.flows.lint import lint_flows
from troubleshooter.flows.loader import parse_flow
from troubleshooter.flows.model import Flow, FlowSet

EXAMPLE_TEXT = (Path(__file__).parent / "data" / "example.yaml").read_text(encoding="utf-8")
EXAMPLE_DATA = yaml.safe_load(EXAMPLE_TEXT)
NETWORK_FLOW = parse_flow((Path(__file__).parent / "data" / "example_network.yaml").read_text(encoding="utf-8"),
                          "example_network.yaml")

FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = st.sampled_from(["id", "title", "start", "steps", "kind", "next", "options", "on", "en", "ko",
                        "ok", "problem", "unknown", "refs", "check", "prompt", "body", "flow", "yes", "no"])
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=20) | st.sampled_from(["choice", "check", "end", "goto", "B17", "a.b"]))
YAML_TREES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                          | st.dictionaries(KEYS | st.text(max_size=8), children, max_size=5), max_leaves=30)


def _outcome(text: str) -> str:
    try:
        result = parse_flow(text, "fuzz.yaml")
    except FlowError as error:
        assert error.problems, "a FlowError always says what is wrong"
        for problem in error.problems:
            assert problem.file == "fuzz.yaml" and problem.line >= 1 and problem.column >= 1
            assert problem.message
        return "refused"
    assert isinstance(result, Flow)
    # A flow that passed the schema must also survive the graph rules, however odd its graph.
    problems = lint_flows(FlowSet([result] + ([NETWORK_FLOW] if result.id != NETWORK_FLOW.id else [])))
    assert all(isinstance(p, FlowProblem) for p in problems)
    return "loaded"


@FUZZ
@given(st.text())
def test_arbitrary_text(text):
    _outcome(text)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("abc :-[]{},?&*!|>'\"#%@`\t\n ") + ["\u00a0", "가", "\ufeff"])))
def test_text_made_of_yaml_punctuation(text):
    _outcome(text)


@FUZZ
@given(YAML_TREES)
def test_arbitrary_yaml_trees(tree):
    _outcome(yaml.safe_dump(tree, allow_unicode=True))


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, prefix + (index,))


EXAMPLE_PATHS = [path for path in _paths(EXAMPLE_DATA) if path]
MUTATIONS = st.sampled_from(["drop", "rename", "replace"])


def _mutate(data, path, mutation, replacement, new_key):
    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if mutation == "drop":
        del parent[last]
    elif mutation == "rename" and isinstance(parent, dict):
        parent[new_key] = parent.pop(last)
    else:
        parent[last] = replacement
    return data


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(EXAMPLE_PATHS), MUTATIONS, SCALARS | YAML_TREES, KEYS), min_size=1,
                max_size=3))
def test_mutated_example_flow(mutations):
    data = EXAMPLE_DATA
    for path, mutation, replacement, new_key in mutations:
        try:
            data = _mutate(data, path, mutation, replacement, new_key)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    _outcome(yaml.safe_dump(data, allow_unicode=True))


def test_the_example_itself_loads():
    assert _outcome(EXAMPLE_TEXT) == "loaded"
