"""First-hit and top-3 accuracy on the development sets of realistic reports (queries_dev.yaml and
queries_addendum_dev.yaml over the product's flows, queries_current_dev.yaml over them plus today's
codes), reported for each half: `tune`, which the search and the flows' words were adjusted
against, and `check`, which was only measured."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from troubleshooter.flows.loader import load_flows
from troubleshooter.resources import flows_dir
from troubleshooter.search import SearchIndex

HERE = Path(__file__).parent
# The bounds the held-out set of real reports must meet (issue 21): the right fix first for 92%,
# within the first three for 95%.
MIN_FIRST = 0.92
MIN_TOP3 = 0.95


@pytest.fixture(scope="module")
def current_index() -> SearchIndex:
    return SearchIndex(load_flows(sorted(flows_dir().glob("*.yaml")) + [HERE / "data" / "current_cases.yaml"]))


def _accuracy(index: SearchIndex, rows: list[dict]) -> tuple[float, float, list[str]]:
    """(first-hit, top-3, misses) over `rows`; a miss is any row whose fix is not first."""
    first = top3 = 0
    misses = []
    for row in rows:
        hits = index.search(row["query"], row["lang"], 3)
        ranks = [i for i, hit in enumerate(hits) if row["id"] in hit.refs]
        first += bool(ranks and ranks[0] == 0)
        top3 += bool(ranks)
        if not ranks or ranks[0]:
            where = f"rank {ranks[0] + 1}" if ranks else "MISSED"
            misses.append(f"{row['id']} {row['lang']} {where}: {row['query'][:80]!r} -> {[h.step for h in hits]}")
    return first / len(rows), top3 / len(rows), misses


@pytest.mark.parametrize("split", ["tune", "check"])
@pytest.mark.parametrize("queries, index_name", [("queries_dev.yaml", "product_index"),
                                                 ("queries_addendum_dev.yaml", "product_index"),
                                                 ("queries_current_dev.yaml", "current_index")])
def test_first_and_top3_on_each_half_of_the_development_sets(request, queries, index_name, split, capsys):
    rows = [row for row in yaml.safe_load((HERE / queries).read_text(encoding="utf-8")) if row["split"] == split]
    index = request.getfixturevalue(index_name)
    covered = {ref for _, step in index.steps() for ref in step.refs}
    assert rows and all(row["id"] in covered for row in rows), "a query for a case no step covers"
    first, top3, misses = _accuracy(index, rows)
    with capsys.disabled():
        print(f"\n{queries} [{split}]: first {first:.1%}, top-3 {top3:.1%} of {len(rows)}")
        for miss in misses:
            print(f"  {miss}")
    assert first >= MIN_FIRST and top3 >= MIN_TOP3, "\n".join(misses)
