"""Fixtures for the flow engine's tests: the example flows, loaded or as the program's flow folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from troubleshooter.flows.loader import load_flows

EXAMPLE_DIR = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def example_flows():
    """The two example flows (example, example-network), loaded once: flows are immutable."""
    return load_flows([EXAMPLE_DIR])


@pytest.fixture
def example_flows_dir(monkeypatch):
    """Makes the example flows the program's flows, as a flow author's VMBT_FLOWS_DIR would."""
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(EXAMPLE_DIR))
    return EXAMPLE_DIR
