"""Lint rule: every text of every flow, rendered by the one Markdown renderer, shows no markup."""

from __future__ import annotations

from typing import Any, Iterator

from troubleshooter import markup
from troubleshooter.flows.errors import FlowProblem
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.yamlsafe import position_of
from troubleshooter.i18n import LANGUAGES


def texts_in(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """(path, language, text) for every {en, ko} text inside `data` (a flow's or a catalog's YAML)."""
    if isinstance(data, dict):
        if data and set(data) <= set(LANGUAGES) and all(isinstance(v, str) for v in data.values()):
            for lang, text in data.items():
                yield path + (lang,), lang, text
            return
        for key, value in data.items():
            yield from texts_in(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts_in(value, path + (index,))


def leftover_problems(file: str, positions, data: Any, *, plain: bool = False) -> list[FlowProblem]:
    """Texts of `data` that still show markup once rendered; `plain` texts (the catalogs' words, shown
    as they are) may hold none at all."""
    problems = []
    for path, lang, text in texts_in(data):
        leftover = markup.LEFTOVER_MARKUP.findall(text) if plain else markup.leftover_markup(text)
        if leftover:
            line, column = position_of(positions, path + ("__value__",)) if positions else (1, 1)
            marks = ", ".join(sorted(set(leftover)))
            problems.append(FlowProblem(file, line, column,
                                        f"the {lang} text still shows {marks} once rendered: pair each mark, "
                                        "or put what the person types in `code`"))
    return problems


def markup_problems(flows: FlowSet) -> list[FlowProblem]:
    return [problem for flow in flows if flow.source is not None
            for problem in leftover_problems(flow.file, flow.positions, flow.source)]
