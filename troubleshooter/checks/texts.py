"""The checks' texts, from one catalog (resources/check-texts.yaml): per check id its title, its
description and its named messages, each in English and Korean, with `{name}` placeholders.

`check_texts()` is the catalog the registry and `outcome` read; `troubleshooter.text_lint`
holds what `lint` says about it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.i18n import Text
from troubleshooter.resources import resource_path

if TYPE_CHECKING:
    from troubleshooter.flows.yamlsafe import Positions

CATALOG_FILE = "check-texts.yaml"
SCHEMA_FILE = "check-texts.schema.json"
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class CheckTextsError(LookupError):
    """A check named a message (or a check id) the catalog does not hold."""


@dataclass(frozen=True)
class CheckTexts:
    file: str
    data: Mapping[str, Any]
    positions: Positions

    def entry(self, check_id: str) -> Mapping[str, Any] | None:
        return (self.data.get("checks") or {}).get(check_id)

    def title(self, check_id: str) -> Text:
        return dict(self._entry(check_id)["title"])

    def description(self, check_id: str) -> Text:
        return dict(self._entry(check_id)["description"])

    def template(self, check_id: str, key: str) -> Text:
        """The message `key` of the check, or the shared one of that name."""
        entry = self.entry(check_id) or {}
        found = (entry.get("messages") or {}).get(key) or (self.data.get("shared") or {}).get(key)
        if found is None:
            raise CheckTextsError(f"{self.file}: no message '{key}' for the check {check_id} "
                                  "(nor a shared one)")
        return found

    def render(self, check_id: str, key: str, values: Mapping[str, Any]) -> dict[str, str]:
        """The message in both languages, its placeholders filled; a value may itself be a
        text in both languages (a fragment from `render`), each language taking its own."""
        return {lang: fill(text, values, lang) for lang, text in self.template(check_id, key).items()}

    def _entry(self, check_id: str) -> Mapping[str, Any]:
        entry = self.entry(check_id)
        if entry is None:
            raise CheckTextsError(f"{self.file}: no entry for the check {check_id}")
        return entry


def fill(template: str, values: Mapping[str, Any], lang: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise CheckTextsError(f"the placeholder {{{name}}} has no value")
        given = values[name]
        return given[lang] if isinstance(given, Mapping) else str(given)

    return PLACEHOLDER.sub(value, template)


def catalog_path() -> Path:
    return resource_path(CATALOG_FILE)


def load_check_texts(path: Path | None = None) -> CheckTexts:
    """Read the catalog through the flows' safe YAML loader; raises FlowError (file:line:col)."""
    path = path or catalog_path()
    from troubleshooter.flows.yamlsafe import load_yaml  # the parser loads only when the cache misses

    data, positions = load_yaml(path.read_text(encoding="utf-8"), str(path))
    if not isinstance(data, dict):
        raise FlowError([FlowProblem(str(path), 1, 1, "the catalog must be a map with 'checks' and 'shared'")])
    return CheckTexts(str(path), data, positions)


@lru_cache(maxsize=1)
def check_texts() -> CheckTexts:
    """The program's catalog, read once; unchanged since the last read, it comes from the JSON
    cache and the YAML parser stays unloaded (line numbers are the linter's business)."""
    from troubleshooter.data_cache import cached_data

    path = catalog_path()
    data = cached_data(path, lambda source: load_check_texts(source).data, _looks_like_catalog)
    return CheckTexts(str(path), data, {})


def write_bundled_cache(directory: Path) -> Path | None:
    """The catalog's parsed form into `directory`, the executable's bundled cache (build time)."""
    from troubleshooter.data_cache import write_cache

    return write_cache(catalog_path(), load_check_texts().data, directory)


def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) for lang in ("en", "ko"))


def _looks_like_catalog(data: Any) -> bool:
    """The shape the registry and outcome read: a cache that is not this is not trusted."""
    if not isinstance(data, dict) or not isinstance(data.get("checks"), dict):
        return False
    if not all(_is_text(text) for text in (data.get("shared") or {}).values()):
        return False
    for entry in data["checks"].values():
        if not (isinstance(entry, dict) and _is_text(entry.get("title")) and _is_text(entry.get("description"))):
            return False
        if not all(_is_text(text) for text in (entry.get("messages") or {}).values()):
            return False
    return True


def texts_in(texts: CheckTexts) -> Iterator[tuple[tuple, Mapping[str, str]]]:
    """(path, {en, ko}) for every text of the catalog: titles, descriptions, messages."""
    for check_id, entry in (texts.data.get("checks") or {}).items():
        base = ("checks", check_id)
        yield base + ("title",), entry["title"]
        yield base + ("description",), entry["description"]
        for key, message in (entry.get("messages") or {}).items():
            yield base + ("messages", key), message
    for key, message in (texts.data.get("shared") or {}).items():
        yield ("shared", key), message
