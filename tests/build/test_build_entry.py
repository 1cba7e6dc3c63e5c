"""The frozen entry script: which launches open the window, and the start-up measurement summary."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BUILD_DIR = Path(__file__).resolve().parents[2] / "build"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"vmbt_build_{name}", BUILD_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


entry = _load("vmbt_entry")


@pytest.mark.parametrize("argv, opens", [
    ([], True), (["--lang", "ko"], True),
    (["checks", "--json"], False), (["search", "COM"], False), (["run", "--flow", "x"], False), (["lint"], False),
    (["collect", "--out", "x.zip"], False), (["summarize", "walk.json"], False),
    (["--version"], False), (["--self-test"], False), (["--help"], False),
])
def test_only_a_launch_without_a_command_opens_the_window(argv, opens):
    assert entry._opens_window(argv) is opens


def test_no_command_of_the_command_line_waits_for_a_desktop():
    """A support bundle is collected over ssh, without a display: every command is headless."""
    from troubleshooter.cli import COMMANDS

    assert [command for command in COMMANDS if entry._opens_window([command])] == []


def test_the_pdf_check_applies_to_run_with_pdf_only():
    assert entry._writes_pdf(["run", "--flow", "f", "--pdf", "out.pdf"])
    assert entry._writes_pdf(["run", "--flow", "f", "--pdf=out.pdf"])
    assert not entry._writes_pdf(["run", "--flow", "f", "--json", "out.json"])


def test_startup_summary_compares_each_column_with_the_bare_wizard():
    measure = _load("measure_startup")
    times = {measure.REFERENCE: {"first": [0.1, 0.2, 0.3], "main": [0.1, 0.2, 0.3]},
             "onefile": {"first": [0.3, 0.4, 0.5], "main": [1.0, 2.0, 3.0]}}
    summary = measure.summarize(times)
    assert summary["onefile"]["first_ratio_to_bare"] == pytest.approx(2.0)
    assert summary["onefile"]["main_ratio_to_bare"] == pytest.approx(10.0)
    assert summary["onefile"]["main_max_s"] == 3.0
