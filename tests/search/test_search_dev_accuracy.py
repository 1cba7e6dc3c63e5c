"""Top-3 accuracy on the development sets (queries_dev.yaml over the product's flows,
queries_current_dev.yaml over them plus today's codes), reported for each half: `tune`, which
the search was adjusted against, and `check`, which was only measured."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from troubleshooter.flows.loader import load_flows
from troubleshooter.resources import flows_dir
from troubleshooter.search import SearchIndex

HERE = Path(__file__).parent
MIN_TOP3 = 0.90  # the bound the held-out set must meet


@pytest.fixture(scope="module")
def current_index() -> SearchIndex:
    return SearchIndex(load_flows(sorted(flows_dir().glob("*.yaml")) + [HERE / "data" / "current_cases.yaml"]))


def _top3(index: SearchIndex, rows: list[dict]) -> tuple[float, list[str]]:
    found, misses = 0, []
    for row in rows:
        hits = index.search(row["query"], row["lang"], 3)
        if any(row["id"] in hit.refs for hit in hits):
            found += 1
        else:
            misses.append(f"{row['id']} {row['lang']}: {row['query'][:80]!r} -> {[h.step for h in hits]}")
    return found / len(rows), misses


@pytest.mark.parametrize("split", ["tune", "check"])
@pytest.mark.parametrize("queries, index_name", [("queries_dev.yaml", "product_index"),
                                                 ("queries_current_dev.yaml", "current_index")])
def test_top3_on_each_half_of_the_development_sets(request, queries, index_name, split, capsys):
    rows = [row for row in yaml.safe_load((HERE / queries).read_text(encoding="utf-8")) if row["split"] == split]
    index = request.getfixturevalue(index_name)
    covered = {ref for _, step in index.steps() for ref in step.refs}
    assert rows and all(row["id"] in covered for row in rows), "a query for a case no step covers"
    top3, misses = _top3(index, rows)
    with capsys.disabled():
        print(f"\n{queries} [{split}]: top-3 {top3:.1%} of {len(rows)}")
        for miss in misses:
            print(f"  {miss}")
    assert top3 >= MIN_TOP3, "\n".join(misses)
