"""Reads flow files: safe YAML, JSON Schema structure, then the typed graph of flows.model."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from troubleshooter import resources
from troubleshooter.config import FLOWS_DIR_ENV, Config, current
from troubleshooter.fileio import UnreadableFileError, read_regular_file
from troubleshooter.resources import flow_files
from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.flows.build import flow_from_data
from troubleshooter.flows.model import Flow, FlowSet
from troubleshooter.flows.yamlsafe import (FLOW_SIZE_ADVICE, MAX_FILE_BYTES, Positions, load_yaml, position_of,
                                           too_large_message)

if TYPE_CHECKING:
    import jsonschema



@lru_cache(maxsize=1)
def _validator() -> "jsonschema.protocols.Validator":
    import jsonschema  # imported here: only a flow file that is not in the compiled cache needs it

    schema = json.loads(resources.flow_schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _where(path: Iterable[Any]) -> str:
    parts = list(path)
    if not parts:
        return "the flow"
    if parts[0] == "steps" and len(parts) >= 2:
        where = f"step '{parts[1]}'"
        rest = parts[2:]
    else:
        where, rest = "", parts
    for part in rest:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where


_STEP_KINDS = "choice, check, info, resolution, goto, end"
_PLAIN_TYPES = {"object": "a map of 'key: value' lines", "array": "a list", "string": "text",
                "boolean": "true or false", "integer": "a whole number", "number": "a number"}
_PATTERN_MEANINGS = {
    r"^[a-z0-9][a-z0-9-]*$": "an id of lowercase letters, digits and hyphens (like 'agent-missing')",
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$": "a check id like 'windows.vss_writers'",
    r"^[A-Z][0-9]{2}$": "a catalog case ID like 'B17'",
    r"^https://": "a link that starts with https://",
}


def _short(value: Any, limit: int = 60) -> str:
    """A value for a message; a runaway value must not flood the terminal."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 5] + "...'"


def _did_you_mean(word: Any, choices: Iterable[str], cutoff: float = 0.7) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe(error: "jsonschema.ValidationError") -> str:
    """Turn a JSON Schema error into a sentence about the flow file: what is wrong, what is expected."""
    where = _where(error.absolute_path)
    v = error.validator
    if "propertyNames" in error.relative_schema_path:
        meaning = _PATTERN_MEANINGS.get(error.schema.get("pattern", ""), "a plain name")
        return f"{_short(error.instance)} in {where} is not a valid name; expected {meaning}"
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted((k for k in error.instance if k not in allowed), key=str) \
            if isinstance(error.instance, dict) else []
        keys = ", ".join(f"'{k}'{_did_you_mean(k, allowed)}" for k in extra)
        noun = "key" if len(extra) == 1 else "keys"
        return f"unknown {noun} {keys} in {where}; allowed keys are {', '.join(allowed)}"
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        if missing in ("en", "ko"):
            return f"{where} has no '{missing}' text; every text needs both 'en' and 'ko'"
        if missing == "kind":
            return f"{where} has no 'kind'; expected one of {_STEP_KINDS}"
        return f"{where} is missing the required key '{missing}'"
    if v == "enum" and error.absolute_path and error.absolute_path[-1] == "kind":
        step = _where(list(error.absolute_path)[:-1])
        return (f"unknown step kind {_short(error.instance)} in {step}"
                f"{_did_you_mean(error.instance, _STEP_KINDS.split(', '), cutoff=0.75)}; "
                f"expected one of {_STEP_KINDS}")
    if v == "enum":
        return (f"{where} is {_short(error.instance)}; expected one of "
                f"{', '.join(map(str, error.validator_value))}")
    if v == "const":
        return f"{where} must be {error.validator_value!r}"
    if v == "type":
        expected = _PLAIN_TYPES.get(str(error.validator_value), str(error.validator_value))
        if error.schema.get("description", "").startswith("A text in both"):
            return (f"{where} must be a text in both languages like {{en: ..., ko: ...}}, "
                    f"not {_type_name(error.instance)}")
        hint = "; put it in quotes to make it text" if expected == "text" and \
            isinstance(error.instance, (int, float, bool)) else ""
        return f"{where} must be {expected}, not {_type_name(error.instance)}{hint}"
    if v in ("minLength", "pattern") and error.schema.get("type") == "string" and \
            error.absolute_path and error.absolute_path[-1] in ("en", "ko"):
        return f"{where} is empty; write the text in both languages"
    if v == "pattern":
        meaning = _PATTERN_MEANINGS.get(error.validator_value, f"text matching {error.validator_value}")
        return f"{where} is {_short(error.instance)}; expected {meaning}"
    if v in ("minItems", "minProperties"):
        return f"{where} is empty; it needs at least one entry"
    if v == "uniqueItems":
        return f"{where} lists the same entry twice; list each one once"
    if v == "minLength":
        return f"{where} is empty; write something there"
    return f"{where}: {error.message[:200]}"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {dict: "a map", list: "a list", str: "text", int: "a number", float: "a number",
            type(None): "nothing (an empty value)"}.get(type(value), type(value).__name__)


def _structure_problems(data: Any, positions: Positions, file: str) -> list[FlowProblem]:
    if not isinstance(data, dict):
        return [FlowProblem(file, 1, 1,
                            f"the file holds {_type_name(data)}; expected a mapping with id, title, start and steps")]
    problems = []
    for error in _validator().iter_errors(data):
        # An if/then wrapper reports the inner error, which says more than the wrapper.
        leaves = [error]
        while leaves and leaves[0].context:
            leaves = sorted(leaves[0].context, key=lambda e: len(e.absolute_path), reverse=True)[:1]
        for leaf in leaves:
            path = tuple(leaf.absolute_path)
            if "propertyNames" in leaf.relative_schema_path:
                path += (leaf.instance,)  # point at the bad name itself, not at its parent
            elif leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                allowed = leaf.schema.get("properties", {})
                path += (next((k for k in leaf.instance if k not in allowed), ""),)
            line, column = position_of(positions, path)
            problems.append(FlowProblem(file, line, column, _describe(leaf)))
    return sorted(set(problems))


def parse_flow(text: str, file: str) -> Flow:
    """One flow from YAML text. Raises FlowError with every structural problem found."""
    data, positions = load_yaml(text, file)
    problems = _structure_problems(data, positions, file)
    if problems:
        raise FlowError(problems)
    return flow_from_data(data, file, positions)


def read_flow_file(path: Path) -> Flow:
    """One flow from a file: only a regular file, and a huge one is refused before it is read."""
    return parse_flow(read_source_text(path), str(path))


def read_source_text(path: Path, what: str = "the file") -> str:
    """The UTF-8 text of a YAML source the program reads (a flow, the search vocabulary): only a
    regular file, a huge one refused before it is read; a problem is a FlowError at file:line:col."""
    file = str(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except UnreadableFileError as exc:
        if exc.too_large_size is not None:
            raise FlowError([FlowProblem(file, 1, 1, too_large_message(exc.too_large_size, FLOW_SIZE_ADVICE))]) from None
        raise FlowError([FlowProblem(file, 1, 1, f"cannot read {what}: {exc.reason}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FlowError([FlowProblem(file, line, column,
                                     f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} here is not "
                                     "valid UTF-8); save it as UTF-8")]) from None


def missing_flows_dir_problem(config: Config | None = None) -> FlowProblem:
    config = config or current()
    folder = resources.flows_dir(config)
    named_by = f"named by {FLOWS_DIR_ENV}" if config.flows_dir else "of the program"
    what = "is not a folder" if folder.exists() else "does not exist"
    return FlowProblem(str(folder), 1, 1, f"the flow folder {named_by} {what}")


def load_flows(paths: Iterable[Path] | None = None, config: Config | None = None) -> FlowSet:
    """Load every flow file; raises one FlowError listing the problems of all files together."""
    flows: list[Flow] = []
    problems: list[FlowProblem] = []
    seen: dict[str, Flow] = {}
    if paths is None and not resources.flows_dir(config).is_dir():
        raise FlowError([missing_flows_dir_problem(config)])
    for path in flow_files(paths, config):
        try:
            flow = read_flow_file(path)
        except FlowError as exc:
            problems.extend(exc.problems)
            continue
        if flow.id in seen:
            line, column = position_of(flow.positions, ("id",))
            problems.append(FlowProblem(flow.file, line, column,
                                        f"flow id '{flow.id}' is already used by {seen[flow.id].file}; "
                                        "each flow needs its own id"))
            continue
        seen[flow.id] = flow
        flows.append(flow)
    if problems:
        raise FlowError(problems)
    return FlowSet(flows)
