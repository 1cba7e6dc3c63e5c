"""The checks' texts, from one catalog (resources/check-texts.yaml): per check id its title, its
description and its named messages, each in English and Korean, with `{name}` placeholders.

`check_texts()` is the catalog the registry and `outcome` read; `check_text_problems()` is what
`lint` reports about it (file:line:col: message), from the catalog alone and, where the checks'
source files are at hand, from the messages they name."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.flows.yamlsafe import Positions, load_yaml, position_of
from troubleshooter.i18n import LANGUAGES, Text
from troubleshooter.resources import resource_path

CATALOG_FILE = "check-texts.yaml"
SCHEMA_FILE = "check-texts.schema.json"
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# The outcome helpers that name a message by its key (the second argument).
STATUS_FUNCTIONS = frozenset({"ok", "problem", "warning", "skipped", "error", "text"})


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
    data, positions = load_yaml(path.read_text(encoding="utf-8"), str(path))
    if not isinstance(data, dict):
        raise FlowError([FlowProblem(str(path), 1, 1, "the catalog must be a map with 'checks' and 'shared'")])
    return CheckTexts(str(path), data, positions)


@lru_cache(maxsize=1)
def check_texts() -> CheckTexts:
    return load_check_texts()


# -- lint ------------------------------------------------------------------------------------------

def check_text_problems(path: Path | None = None, check_ids: Iterable[str] | None = None,
                        sources: Iterable[Path] | None = None) -> list[FlowProblem]:
    """Everything wrong with the catalog: its schema, both languages, the same placeholders in
    each, the glossary's words and 합니다체 in the Korean, an entry for every registered check and
    none for a check that does not exist, and, from the checks' source files (when they are
    there: the executable carries none), every message named exists and every message is named."""
    path = path or catalog_path()
    try:
        texts = load_check_texts(path)
    except FlowError as exc:
        return list(exc.problems)
    problems = _schema_problems(texts)
    if problems:
        return sorted(problems)
    problems += _text_problems(texts)
    if check_ids is None:
        from troubleshooter.checks.registry import BUILTIN_CHECK_MODULES, builtin_check_ids

        check_ids = builtin_check_ids()
        if sources is None:
            sources = _builtin_sources(BUILTIN_CHECK_MODULES)
    problems += _coverage_problems(texts, set(check_ids))
    if sources:
        problems += _usage_problems(texts, list(sources))
    return sorted(problems)


def _at(texts: CheckTexts, path: tuple, message: str) -> FlowProblem:
    line, column = position_of(texts.positions, path)
    return FlowProblem(texts.file, line, column, message)


def _schema_problems(texts: CheckTexts) -> list[FlowProblem]:
    import jsonschema

    schema = json.loads(resource_path(SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = []
    for error in validator.iter_errors(texts.data):
        where = "/".join(str(part) for part in error.absolute_path) or "the catalog"
        problems.append(_at(texts, tuple(error.absolute_path), f"{where}: {error.message}"))
    return problems


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


def _text_problems(texts: CheckTexts) -> list[FlowProblem]:
    from troubleshooter.flows.lint_rules import casual_endings, glossary_variants

    problems = []
    for path, text in texts_in(texts):
        for lang in LANGUAGES:
            leftover = PLACEHOLDER.sub("", text[lang])
            if "{" in leftover or "}" in leftover:
                problems.append(_at(texts, path + (lang,), f"a brace that is not a placeholder in the {lang} text: "
                                                           "placeholders are {name} (lower case, digits, _)"))
        en, ko = (set(PLACEHOLDER.findall(text[lang])) for lang in LANGUAGES)
        if en != ko:
            problems.append(_at(texts, path, f"the placeholders differ: en has {sorted(en)}, ko has {sorted(ko)}"))
        where = path + ("ko", "__value__")
        for _offset, variant, term, english in glossary_variants(text["ko"]):
            problems.append(_at(texts, where, f"'{variant}' is not the glossary's word for '{english}': "
                                              f"write '{term}' (resources/glossary.yaml)"))
        for _offset, word in casual_endings(text["ko"]):
            problems.append(_at(texts, where, f"'{word}' ends a sentence in 해요체/반말; the checks' texts are "
                                              "합니다체 (-ㅂ니다/-습니다, or -십시오 to the reader)"))
    return problems


def _coverage_problems(texts: CheckTexts, check_ids: set[str]) -> list[FlowProblem]:
    listed = set(texts.data.get("checks") or {})
    problems = [_at(texts, ("checks", check_id), f"{check_id} is not a check the program has")
                for check_id in sorted(listed - check_ids)]
    problems += [_at(texts, ("checks",), f"the check {check_id} has no entry (title, description, messages)")
                 for check_id in sorted(check_ids - listed)]
    return problems


# -- which messages the checks name ----------------------------------------------------------------

def _builtin_sources(modules: Iterable[str]) -> list[Path]:
    import importlib.util

    paths = []
    for name in [*modules, "troubleshooter.checks.outcome"]:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        if origin is None or origin.suffix != ".py" or not origin.is_file():
            return []  # a frozen build has no sources to read; the tests read them
        paths.append(origin)
    return paths


@dataclass(frozen=True)
class MessageUse:
    check_id: str | None  # None: named outside any check (a helper, or outcome itself)
    key: str
    file: str
    line: int
    column: int


def message_uses(source: Path) -> list[MessageUse]:
    """Every message a module names: `outcome.ok(check_id, "key", …)` and the like, and inside
    outcome.py its own `skipped(check_id, "key", …)`. Inside a function registered with
    `@check("id", …)` the message belongs to that check; anywhere else it must be shared."""
    tree = ast.parse(source.read_text(encoding="utf-8"), str(source))
    in_outcome = source.name == "outcome.py"
    uses: list[MessageUse] = []

    def visit(node: ast.AST, check_id: str | None) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            check_id = _registered_id(node) or check_id
        if isinstance(node, ast.Call) and _names_message(node, in_outcome):
            key = node.args[1]
            uses.append(MessageUse(check_id, key.value, str(source), key.lineno, key.col_offset + 1))
        for child in ast.iter_child_nodes(node):
            visit(child, check_id)

    visit(tree, None)
    return uses


def _registered_id(function: ast.AST) -> str | None:
    for decorator in function.decorator_list:
        if (isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "check"
                and decorator.args and isinstance(decorator.args[0], ast.Constant)):
            return decorator.args[0].value
    return None


def _names_message(call: ast.Call, in_outcome: bool) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "outcome":
        name = func.attr
    elif in_outcome and isinstance(func, ast.Name):
        name = func.id
    else:
        return False
    # Two texts in a row are the old inline form (en, ko), not a key.
    second_is_text = len(call.args) > 2 and isinstance(call.args[2], ast.Constant) and isinstance(call.args[2].value, str)
    return (name in STATUS_FUNCTIONS and len(call.args) >= 2 and isinstance(call.args[1], ast.Constant)
            and isinstance(call.args[1].value, str) and not second_is_text and not isinstance(call.args[1], ast.JoinedStr))


def _usage_problems(texts: CheckTexts, sources: list[Path]) -> list[FlowProblem]:
    checks = texts.data.get("checks") or {}
    shared = texts.data.get("shared") or {}
    problems, used = [], set()
    for source in sources:
        for use in message_uses(source):
            own = (checks.get(use.check_id) or {}).get("messages") or {} if use.check_id else {}
            if use.key in own:
                used.add(("checks", use.check_id, "messages", use.key))
            elif use.key in shared:
                used.add(("shared", use.key))
            else:
                whose = f"the check {use.check_id}" if use.check_id else "the shared messages"
                problems.append(FlowProblem(use.file, use.line, use.column,
                                            f"the message '{use.key}' is not in {CATALOG_FILE} under {whose}"))
    for path, _text in texts_in(texts):
        if path[-2:-1] == ("messages",) or path[0] == "shared":
            if path not in used:
                problems.append(_at(texts, path, f"the message '{path[-1]}' is not used by any check"))
    for check_id, entry in checks.items():
        for key in (entry.get("messages") or {}):
            if key in shared:
                problems.append(_at(texts, ("checks", check_id, "messages", key),
                                    f"the message '{key}' hides the shared message of the same name"))
    return problems
