"""The case IDs resolution steps cite in `refs` (resources/catalog.yaml): the seed document's 54
cases, and the cases of Microsoft's current pages that the seed lacks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from troubleshooter import resources
from troubleshooter.i18n import Text

# C01-C27 are the current main pages' cases the seed lacks; C28 and later come from the
# supplementary pages (file recovery, archive tier) and are counted on their own.
CURRENT_CASE_IDS = tuple(f"C{n:02d}" for n in range(1, 28))
# C51-C79: the addendum (shared/seed/current-docs-addendum.md), counted on their own as well.
ADDENDUM_CASE_IDS = tuple(f"C{n:02d}" for n in range(51, 80))
_CURRENT_PAGES_ID = re.compile(r"^C\d{2}$")


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    title: Text


@lru_cache(maxsize=1)
def catalog() -> dict[str, Case]:
    raw = yaml.safe_load(resources.resource_path("catalog.yaml").read_text(encoding="utf-8"))
    return {case_id: Case(case_id, entry["group"], {"en": entry["en"], "ko": entry["ko"]})
            for case_id, entry in raw.items()}


def seed_ids() -> list[str]:
    """The seed document's cases: every catalog ID that is not a C-number."""
    return [case_id for case_id in catalog() if not _CURRENT_PAGES_ID.match(case_id)]


def supplementary_ids() -> list[str]:
    """Cases from the supplementary pages (C28-C50) that the catalog holds."""
    return [case_id for case_id in catalog()
            if _CURRENT_PAGES_ID.match(case_id) and case_id not in CURRENT_CASE_IDS and case_id not in ADDENDUM_CASE_IDS]
