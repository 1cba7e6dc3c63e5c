"""Fixtures for the flow engine's tests: the example flows, and helpers to write flow files."""

from __future__ import annotations

from pathlib import Path

import pytest

from troubleshooter.flows.loader import load_flows

FLOWS_TESTS_DIR = Path(__file__).parent
EXAMPLE_DIR = FLOWS_TESTS_DIR / "data"
BROKEN_DIR = EXAMPLE_DIR / "broken"


@pytest.fixture(scope="session")
def example_flows():
    """The two example flows (example, example-network), loaded once: flows are immutable."""
    return load_flows([EXAMPLE_DIR])


@pytest.fixture
def example_flows_dir(monkeypatch):
    """Makes the example flows the program's flows, as a flow author's VMBT_FLOWS_DIR would."""
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(EXAMPLE_DIR))
    return EXAMPLE_DIR


@pytest.fixture
def flow_file(tmp_path):
    """Writes text (or bytes) to a .yaml file in a fresh folder and returns its path."""

    def write(content: str | bytes, name: str = "flow.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
