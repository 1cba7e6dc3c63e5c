"""What `lint` says about the text catalogs, as file:line:col: message.

Both catalogs, the checks' (resources/check-texts.yaml) and the report's (report-texts.yaml): their
schema, both languages, the same placeholders in each, the glossary's words and 합니다체 in the
Korean. The checks' also: an entry for every check the program has and none for a check it lacks,
and, from the checks' source files where they are at hand (the executable carries none), that
every message a check names exists and every message is named."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from troubleshooter.checks.registry import BUILTIN_CHECK_MODULES, builtin_check_ids
from troubleshooter.checks.texts import (CATALOG_FILE, PLACEHOLDER, SCHEMA_FILE, CheckTexts, catalog_path,
                                         load_check_texts, texts_in)
from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.flows.markup_lint import leftover_problems
from troubleshooter.flows.yamlsafe import Positions, load_yaml, position_of
from troubleshooter.i18n import LANGUAGES
from troubleshooter.report.labels import REPORT_TEXTS_FILE
from troubleshooter.resources import resource_path

REPORT_SCHEMA_FILE = "report-texts.schema.json"

# The outcome helpers that name a message by its key (the second argument).
STATUS_FUNCTIONS = frozenset({"ok", "problem", "warning", "skipped", "error", "text"})


def text_catalog_problems() -> list[FlowProblem]:
    """Everything wrong with the program's text catalogs: what `lint` adds to the flows'."""
    return check_text_problems() + report_text_problems()


def check_text_problems(path: Path | None = None, check_ids: Iterable[str] | None = None,
                        sources: Iterable[Path] | None = None) -> list[FlowProblem]:
    """Everything wrong with the catalog at `path` (the program's own by default). `check_ids`
    and `sources` default to the program's checks and their modules' files."""
    path = path or catalog_path()
    try:
        texts = load_check_texts(path)
    except FlowError as exc:
        return list(exc.problems)
    problems = _schema_problems(texts.file, texts.data, texts.positions, SCHEMA_FILE)
    if problems:
        return sorted(problems)
    problems += _text_problems(texts.file, texts.positions, texts_in(texts))
    problems += leftover_problems(texts.file, texts.positions, texts.data, plain=True)
    if check_ids is None:
        check_ids = builtin_check_ids()
        if sources is None:
            sources = _builtin_sources(BUILTIN_CHECK_MODULES)
    problems += _coverage_problems(texts, set(check_ids))
    if sources:
        problems += _usage_problems(texts, list(sources))
    return sorted(problems)


def report_text_problems(path: Path | None = None) -> list[FlowProblem]:
    """Everything wrong with the report's catalog at `path` (the program's own by default)."""
    path = path or resource_path(REPORT_TEXTS_FILE)
    try:
        data, positions = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except FlowError as exc:
        return list(exc.problems)
    problems = _schema_problems(str(path), data, positions, REPORT_SCHEMA_FILE)
    if problems:
        return sorted(problems)
    items = [((section, key), text) for section, entries in data.items() if section in _REPORT_TEXT_SECTIONS
             for key, text in entries.items()] + [(("retired",), data["retired"])]
    return sorted(_text_problems(str(path), positions, items)
                  + leftover_problems(str(path), positions, data, plain=True))


# The report catalog's sections that hold texts in both languages (portal_menus_ko is a dictionary).
_REPORT_TEXT_SECTIONS = ("labels", "kinds", "where", "effects", "effect_warnings")


def _at(texts: CheckTexts, path: tuple, message: str) -> FlowProblem:
    return _problem_at(texts.file, texts.positions, path, message)


def _problem_at(file: str, positions: Positions, path: tuple, message: str) -> FlowProblem:
    line, column = position_of(positions, path)
    return FlowProblem(file, line, column, message)


def _schema_problems(file: str, data, positions: Positions, schema_file: str) -> list[FlowProblem]:
    import jsonschema

    schema = json.loads(resource_path(schema_file).read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = []
    for error in validator.iter_errors(data):
        where = "/".join(str(part) for part in error.absolute_path) or "the catalog"
        problems.append(_problem_at(file, positions, tuple(error.absolute_path), f"{where}: {error.message}"))
    return problems


def _text_problems(file: str, positions: Positions, items) -> list[FlowProblem]:
    """Placeholders, invisible characters, the glossary and 합니다체 in each (path, {en, ko}) of a catalog."""
    from troubleshooter.flows.lint_rules import ADDRESSING_MESSAGE, addressing_endings, casual_endings, glossary_variants

    def at(path: tuple, message: str) -> FlowProblem:
        return _problem_at(file, positions, path, message)

    from troubleshooter.link_policy import unsafe_characters

    problems = []
    for path, text in items:
        for lang in LANGUAGES:
            for _offset, character in unsafe_characters(text[lang]):
                problems.append(at(path + (lang, "__value__"),
                                   f"U+{ord(character):04X} (an invisible or control character) in the {lang} "
                                   "text: it can make a text read differently from what it is; remove it"))
            leftover = PLACEHOLDER.sub("", text[lang])
            if "{" in leftover or "}" in leftover:
                problems.append(at(path + (lang, "__value__"),
                                    f"a brace that is not a placeholder in the {lang} text: placeholders are "
                                    "{name} (lower case, digits, _)"))
        en, ko = (set(PLACEHOLDER.findall(text[lang])) for lang in LANGUAGES)
        if en != ko:
            problems.append(at(path, f"the placeholders differ: en has {sorted(en)}, ko has {sorted(ko)}"))
        where = path + ("ko", "__value__")
        for _offset, variant, term, english in glossary_variants(text["ko"]):
            problems.append(at(where, f"'{variant}' is not the glossary's word for '{english}': "
                                              f"write '{term}' (resources/glossary.yaml)"))
        for _offset, word in casual_endings(text["ko"]):
            problems.append(at(where, f"'{word}' ends a sentence in 해요체/반말; these texts are "
                                              "합니다체 (-ㅂ니다/-습니다)"))
        for _offset, word in addressing_endings(text["ko"]):
            problems.append(at(where, f"'{word}' {ADDRESSING_MESSAGE}"))
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
    # Besides the checks: outcome itself, and the runner and the walk, which answer for a check
    # that gives no answer of its own (cancelled, out of time, skipped).
    for name in [*modules, "troubleshooter.checks.outcome", "troubleshooter.checks.runner",
                 "troubleshooter.flows.session", "troubleshooter.walk"]:
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
    if name not in STATUS_FUNCTIONS or len(call.args) < 2:
        return False
    key, after = call.args[1], call.args[2] if len(call.args) > 2 else None
    # Two texts in a row are the older inline form (en, ko), not a key.
    inline = isinstance(after, ast.Constant) and isinstance(after.value, str)
    return isinstance(key, ast.Constant) and isinstance(key.value, str) and not inline


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
