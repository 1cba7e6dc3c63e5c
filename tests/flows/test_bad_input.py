"""Broken flow files: each problem is reported at its file, line and column, in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from troubleshooter.flows.errors import FlowError
from troubleshooter.flows.lint import lint_paths
from troubleshooter.flows.loader import load_flows, parse_flow

EXAMPLE_DIR = Path(__file__).parent / "data"
BROKEN_DIR = EXAMPLE_DIR / "broken"

# fixture under data/broken/ -> every problem expected: (file name, line, column, words in the message)
CASES = {
    "not_yaml.yaml": [("not_yaml.yaml", 9, 6, "indentation does not line up")],
    "tab_indent.yaml": [("tab_indent.yaml", 8, 1, "a tab character is used for indentation; YAML needs spaces")],
    "duplicate_key.yaml": [("duplicate_key.yaml", 15, 5, "duplicate key 'title' (already given on line 13)")],
    "wrong_type.yaml": [("wrong_type.yaml", 9, 5, "step 'ask'.options must be a list, not text")],
    "unknown_kind.yaml": [("unknown_kind.yaml", 7, 5,
                           "unknown step kind 'question' in step 'ask'; expected one of choice, check, info")],
    "unknown_key.yaml": [("unknown_key.yaml", 11, 3, "step 'more' is missing the required key 'next'"),
                         ("unknown_key.yaml", 15, 5, "unknown key 'nxet' (did you mean 'next'?) in step 'more'")],
    "missing_ko.yaml": [("missing_ko.yaml", 8, 5, "step 'ask'.prompt has no 'ko' text; every text needs both")],
    "empty_en.yaml": [("empty_en.yaml", 8, 14, "step 'ask'.prompt.en is empty; write the text in both languages")],
    "dangling_next.yaml": [("dangling_next.yaml", 11, 40,
                            "option 'b' of step 'ask' leads to step 'dnoe', which does not exist "
                            "(did you mean 'done'?)")],
    "unreachable_step.yaml": [("unreachable_step.yaml", 11, 3, "step 'forgotten' cannot be reached")],
    "inescapable_loop.yaml": [("inescapable_loop.yaml", 12, 3, "step 'round-one' is in a loop with no way out"),
                              ("inescapable_loop.yaml", 17, 3, "step 'round-two' is in a loop with no way out")],
    "unknown_check.yaml": [("unknown_check.yaml", 8, 5, "check 'windows.vss_writerz' is not a registered check")],
    "unknown_catalog_id.yaml": [("unknown_catalog_id.yaml", 8, 17,
                                 "'Z99' is not a case ID of the catalog (resources/catalog.yaml); "
                                 "expected one of B01-B24")],
    "goto_missing_flow.yaml": [("goto_missing_flow.yaml", 14, 5,
                                "step 'to-network' jumps to flow 'netwrok', which does not exist; known flows: broken")],
    "goto_missing_step": [("entry.yaml", 15, 5, "goto of step 'to-piece' leads to step 'fix-dsn' of flow 'piece', "
                                               "which does not exist (did you mean 'fix-dns'?)")],
    "duplicate_flow_id": [("second.yaml", 2, 1, "flow id 'broken' is already used by")],
    "empty.yaml": [("empty.yaml", 1, 1, "the file is empty; expected a flow with id, title, start and steps")],
    "missing_start_step.yaml": [("missing_start_step.yaml", 4, 1,
                                 "start step 'aks' does not exist in flow 'broken' (did you mean 'ask'?)")],
    "missing_start_key.yaml": [("missing_start_key.yaml", 2, 1, "the flow is missing the required key 'start'")],
    "duplicate_option_id.yaml": [("duplicate_option_id.yaml", 12, 10,
                                  "option id 'a' appears twice in step 'ask' (first as option 1)")],
    "not_utf8.yaml": [("not_utf8.yaml", 8, 37, "the file is not UTF-8 text (byte 0xBE here is not valid UTF-8); "
                                               "save it as UTF-8")],
    "no_option_on_windows.yaml": [("no_option_on_windows.yaml", 9, 5, "step 'ask' offers no option on windows")],
    "anchors.yaml": [("anchors.yaml", 8, 13, "anchors and aliases (&name, *name) are not allowed")],
    "yes_no_ids.yaml": [("yes_no_ids.yaml", 16, 50, "unknown key 'off' in step 'nope'.on; allowed keys are ok, problem")],
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_each_broken_file_is_reported_where_the_problem_is(fixture):
    report = lint_paths([BROKEN_DIR / fixture])

    found = [(Path(p.file).name, p.line, p.column) for p in report.problems]
    assert found == [case[:3] for case in CASES[fixture]], "\n".join(map(str, report.problems))
    for problem, (_, _, _, words) in zip(report.problems, CASES[fixture]):
        assert words in problem.message
        assert str(problem).startswith(f"{problem.file}:{problem.line}:{problem.column}: ")


def test_at_least_twenty_kinds_of_broken_files_are_covered():
    assert len(CASES) >= 20
    on_disk = {p.name for p in BROKEN_DIR.iterdir()}
    assert on_disk == set(CASES), "every fixture has an expectation and every expectation a fixture"


def test_problems_of_several_files_are_reported_together(tmp_path):
    for name in ("tab_indent.yaml", "duplicate_key.yaml", "empty.yaml"):
        (tmp_path / name).write_bytes((BROKEN_DIR / name).read_bytes())

    with pytest.raises(FlowError) as caught:
        load_flows([tmp_path])

    assert [Path(p.file).name for p in caught.value.problems] == [
        "duplicate_key.yaml", "empty.yaml", "tab_indent.yaml"]


def test_yes_no_on_off_stay_text_as_in_yaml_1_2():
    flow = parse_flow((EXAMPLE_DIR / "example.yaml").read_text(encoding="utf-8"), "example.yaml")

    ask = flow.steps["ask-vss"]
    assert [o.id for o in ask.options] == ["yes", "no"]
    assert set(flow.steps["run-vss-check"].on) == {"ok", "problem", "unknown"}


@pytest.mark.parametrize("text, line, column, words", [
    ("id: !!python/object:os.system x\n", 1, 5, "the tag '!!python/object:os.system' is not allowed"),
    ("id: !!bool maybe\n", 1, 5, "the tag '!!bool' is not allowed"),
    ("id: a\n---\nid: b\n", 2, 1, "a second YAML document starts here (---)"),
    ("id: a\ntitle: \x00\n", 2, 8, "the control character U+0000"),
    ("id: " + "9" * 5000 + "\n", 1, 5, "this number is too long to read; put it in quotes"),
    ("? [a, b]\n: c\n", 1, 3, "a key must be plain text, not a list or a map"),
    ("# only a comment\n", 1, 1, "the file holds only comments"),
    ("- a\n- b\n", 1, 1, "the file holds a list; expected a mapping with id, title, start and steps"),
    ("id: a\ntitle: {en: Is it on?, ko: 켜져 있나요}\n", 2, 21, "inside { ... } a text ended early"),
    ("id: a\ntitle: x: y\n", 2, 9, "a ':' appears where no key can start; put text that contains ': ' in quotes"),
    ('id: "open\n', 1, 5, "a quoted text is not closed; add the closing quote"),
    ("id: Bad_Id\n", 1, 1, "id is 'Bad_Id'; expected an id of lowercase letters, digits and hyphens"),
    ("id: <<\n", 1, 1, "id is '<<'; expected an id of lowercase letters"),
    ("id: 404\n", 1, 1, "id must be text, not a number; put it in quotes to make it text"),
    ("id: a\nsteps: {Bad_Step: {kind: end}}\n", 2, 9, "'Bad_Step' in steps is not a valid name"),
])
def test_yaml_level_problems_are_explained(text, line, column, words):
    with pytest.raises(FlowError) as caught:
        parse_flow(text, "f.yaml")

    problem = next((p for p in caught.value.problems if words in p.message), None)
    assert problem is not None, str(caught.value)
    assert (problem.file, problem.line, problem.column) == ("f.yaml", line, column)


def test_a_huge_value_is_not_echoed_whole_in_the_message():
    with pytest.raises(FlowError) as caught:
        parse_flow("id: " + "Ab " * 20_000 + "\n", "f.yaml")

    assert len(str(caught.value)) < 1000


# Every way a step leads on: an option's or a fix's `next`, a check's routes, a goto's target.
ROUTE_KEYS = ("next", "ok", "problem", "warning", "unknown", "flow", "step")


@pytest.mark.parametrize("key", ROUTE_KEYS)
def test_a_dangling_route_in_the_real_flows_is_named_never_a_crash(key, tmp_path):
    """The graph rules (loops, known answers, likely first, ...) walk the routes; one that leads
    nowhere must come out as a problem at its file, not as a KeyError from a rule."""
    import re
    import shutil

    from troubleshooter.resources import flows_dir

    folder = tmp_path / "flows"
    shutil.copytree(flows_dir(), folder)
    route = re.compile(rf"((?:^[ \t]+(?:- )?|[{{,][ \t]*){key}: )([a-z0-9-]+)", re.MULTILINE)
    changed = []
    for file in sorted(folder.glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        broken, count = route.subn(r"\1nowhere-\2", text, count=1)
        if count:
            file.write_text(broken, encoding="utf-8")
            changed.append(file.name)
    assert changed, f"no '{key}:' route in the flows"
    report = lint_paths([folder])
    named = {Path(problem.file).name for problem in report.problems if "nowhere-" in problem.message}
    assert not report.ok and named == set(changed)
