"""`lint` on the command line: file:line:col: message and exit 1 for problems, a summary and 0 for none."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from troubleshooter.cli import main
from troubleshooter.flows.catalog import supplementary_ids

HERE = Path(__file__).parent
EXAMPLE_DIR = HERE / "data"
BROKEN_DIR = EXAMPLE_DIR / "broken"
REPO = HERE.parent.parent
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>\S.+)$")
# The examples cite three seed cases and no current one; the supplementary count appears once
# the catalog holds supplementary cases (C28 on).
EXAMPLE_SUMMARY = ("2 flows, 12 steps, 3 resolutions, seed cases covered 3/54, current cases covered 0/27"
                   + (f", supplementary cases covered 0/{len(supplementary_ids())}" if supplementary_ids() else "")
                   + ", addendum cases covered 0/29")


def _subprocess(*args: str, flows_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if flows_dir is not None:
        env["VMBT_FLOWS_DIR"] = str(flows_dir)
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("fixture, line", [("tab_indent.yaml", "8:1"), ("dangling_next.yaml", "11:40"),
                                           ("duplicate_key.yaml", "15:5")])
def test_lint_command_prints_file_line_column_message_and_exits_1(fixture, line):
    path = f"tests/flows/data/broken/{fixture}"

    finished = _subprocess("-m", "troubleshooter", "lint", path)

    assert finished.returncode == 1, finished.stderr
    lines = finished.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:{line}: ")
    assert finished.stderr.strip() == "1 problem(s) found"


@pytest.mark.parametrize("fixture", sorted(p.name for p in BROKEN_DIR.iterdir()))
def test_every_broken_fixture_fails_lint_with_well_formed_lines(fixture, capsys, example_check_outcome):
    assert main(["lint", str(BROKEN_DIR / fixture)]) == 1

    out = capsys.readouterr().out.splitlines()
    assert out and all(PROBLEM_LINE.match(line) for line in out), out
    assert all(int(PROBLEM_LINE.match(line)["line"]) >= 1 for line in out)


def test_lint_of_the_examples_passes_with_a_one_line_summary(capsys, example_check_outcome):
    assert main(["lint", str(EXAMPLE_DIR)]) == 0

    assert capsys.readouterr().out.splitlines() == [EXAMPLE_SUMMARY]


def test_lint_without_files_reads_the_flow_folder(capsys, example_check_outcome, example_flows_dir):
    assert main(["lint"]) == 0

    assert capsys.readouterr().out.splitlines() == [EXAMPLE_SUMMARY]


def test_lint_subprocess_of_the_examples_exits_0():
    finished = _subprocess(str(HERE / "cli_with_example_check.py"), "lint", "tests/flows/data")

    assert (finished.returncode, finished.stdout, finished.stderr) == (0, EXAMPLE_SUMMARY + "\n", "")


def test_a_check_the_program_does_not_have_fails_lint(capsys):
    # Without the example check registered, the example flow names an unknown check.
    assert main(["lint", str(EXAMPLE_DIR)]) == 1

    out = capsys.readouterr().out
    assert f"{EXAMPLE_DIR / 'example.yaml'}:17:5: check 'example.always_ok' is not a registered check" in out


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "missing.yaml")]) == 1

    assert f"{tmp_path / 'missing.yaml'}:1:1: cannot read the file: it does not exist" in capsys.readouterr().out
