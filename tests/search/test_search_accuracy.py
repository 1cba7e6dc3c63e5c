"""How well the product's flows are found: one query per catalog case and language, every
error code of the catalog, and the time a query and the index take."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from troubleshooter.flows.catalog import ADDENDUM_CASE_IDS, catalog
from troubleshooter.i18n import LANGUAGES
from troubleshooter.search import SearchIndex

HERE = Path(__file__).parent
QUERIES = yaml.safe_load((HERE / "queries.yaml").read_text(encoding="utf-8"))
CATALOG_CODES = yaml.safe_load((HERE / "catalog_codes.yaml").read_text(encoding="utf-8"))
MIN_TOP3 = 0.95


def _covered(index: SearchIndex) -> set[str]:
    return {ref for _, step in index.steps() for ref in step.refs}


def accuracy(index: SearchIndex, lang: str) -> tuple[float, float, list[str], list[str]]:
    """(top-1, top-3, misses, skipped ids) over the queries of one language."""
    covered = _covered(index)
    rows = [row for row in QUERIES if row["lang"] == lang]
    skipped = sorted(row["id"] for row in rows if row["id"] not in covered)
    rows = [row for row in rows if row["id"] in covered]
    top1 = top3 = 0
    misses = []
    for row in rows:
        hits = index.search(row["query"], lang, 3)
        ranks = [i for i, hit in enumerate(hits) if row["id"] in hit.refs]
        top1 += bool(ranks and ranks[0] == 0)
        top3 += bool(ranks)
        if not ranks or ranks[0] != 0:
            found = ", ".join(f"{h.step}{list(h.refs)}" for h in hits) or "nothing"
            misses.append(f"{row['id']} {'rank ' + str(ranks[0] + 1) if ranks else 'MISSED'}: "
                          f"{row['query']!r} -> {found}")
    return top1 / max(len(rows), 1), top3 / max(len(rows), 1), misses, skipped


def test_the_queries_cover_every_case_once_per_language():
    for lang in LANGUAGES:
        ids = [row["id"] for row in QUERIES if row["lang"] == lang]
        assert sorted(ids) == sorted(catalog()), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_top3_accuracy(product_index, lang, capsys):
    top1, top3, misses, skipped = accuracy(product_index, lang)
    with capsys.disabled():
        print(f"\nsearch accuracy [{lang}]: top-1 {top1:.1%}, top-3 {top3:.1%}"
              + (f"; skipped (no flow covers them yet): {' '.join(skipped)}" if skipped else ""))
        for miss in misses:
            print(f"  {miss}")
    assert len(skipped) < len(catalog()), "no flow covers any catalog case yet"
    assert top3 >= MIN_TOP3, "\n".join(misses)


@pytest.mark.parametrize("code", sorted(CATALOG_CODES))
def test_every_catalog_error_code_finds_its_case_first(product_index, code):
    cases = set(CATALOG_CODES[code])
    if not cases & _covered(product_index):
        pytest.skip(f"no flow covers {sorted(cases)} yet")
    hits = product_index.search(code, "en", 3)
    assert hits, f"{code} finds nothing"
    assert cases & set(hits[0].refs), f"{code} -> {hits[0].flow}/{hits[0].step} {hits[0].refs}"
    # the first hit shows the code that was typed among its codes, in any case
    assert code.lower() in {c.lower() for c in hits[0].error_codes}, f"{code} -> {hits[0].error_codes}"


def test_default_index_is_built_once_from_the_product_flows(product_index):
    from troubleshooter.search import default_index

    index = default_index()
    assert index is default_index()
    assert len(index) == len(product_index) > 0
    assert [h.step for h in index.search("UserErrorFsFreezeFailed", "ko", 2)] == [
        h.step for h in product_index.search("UserErrorFsFreezeFailed", "ko", 2)]


ADDENDUM_QUERIES = [row for row in QUERIES if row["id"] in ADDENDUM_CASE_IDS]


@pytest.mark.parametrize("row", ADDENDUM_QUERIES, ids=[f"{row['id']}-{row['lang']}" for row in ADDENDUM_QUERIES])
def test_each_addendum_case_is_found_by_its_own_words_in_the_first_three(product_index, row):
    hits = product_index.search(row["query"], row["lang"], 3)
    assert any(row["id"] in hit.refs for hit in hits), [(hit.step, hit.refs) for hit in hits]


def test_the_addendum_has_a_query_in_each_language():
    for lang in LANGUAGES:
        assert sorted(row["id"] for row in ADDENDUM_QUERIES if row["lang"] == lang) == list(ADDENDUM_CASE_IDS)
