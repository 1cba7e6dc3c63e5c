"""The search tests' own small flow and its index (the product's index is the suite's `product_index`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from troubleshooter.flows.loader import load_flows
from troubleshooter.search import SearchIndex

SEARCH_DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def mini_index() -> SearchIndex:
    return SearchIndex(load_flows([SEARCH_DATA / "mini_flows.yaml"]))
