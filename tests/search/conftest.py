"""Indexes for the search tests: a small flow written for them, and the product's flows."""

from __future__ import annotations

from pathlib import Path

import pytest

from troubleshooter.flows.errors import FlowError
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.loader import load_flows
from troubleshooter.search import SearchIndex

SEARCH_DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def mini_index() -> SearchIndex:
    return SearchIndex(load_flows([SEARCH_DATA / "mini_flows.yaml"]))


@pytest.fixture(scope="session")
def product_index() -> SearchIndex:
    """The index the command and the wizard use, over wizard_flows/."""
    try:
        return SearchIndex(load_checked_flows())
    except FlowError as exc:
        pytest.fail(f"the built-in flows do not load, so search has nothing to rank:\n{exc}")
