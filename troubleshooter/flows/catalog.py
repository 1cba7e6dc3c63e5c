"""The seed document's case IDs (resources/catalog.yaml), which resolution steps cite in `refs`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from troubleshooter import resources
from troubleshooter.i18n import Text


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
