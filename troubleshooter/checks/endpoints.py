"""The network targets the checks talk to, read from resources/endpoints.yaml or the file the
configuration names (VMBT_ENDPOINTS), and checked against resources/endpoints.schema.json."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from troubleshooter.config import Config, current
from troubleshooter.fileio import UnreadableFileError, read_regular_file
from troubleshooter.flows.errors import FlowError
from troubleshooter.resources import resource_path

if TYPE_CHECKING:
    from troubleshooter.flows.yamlsafe import Positions

# A real endpoints file is a few hundred bytes.
MAX_ENDPOINTS_BYTES = 64 * 1024
SCHEMA_FILE = "endpoints.schema.json"


class EndpointsError(ValueError):
    """The endpoints file is missing a field or has one of the wrong shape.

    The message is one line (a check's summary shows it): the first problem, and how many more
    there are; `problems` lists them all, each `file:line:col: ...`.
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


@dataclass(frozen=True)
class Endpoints:
    platform_address: str
    platform_ports: tuple[int, ...]
    metadata_url: str
    dns_names: tuple[str, ...]
    storage_host: str
    storage_port: int
    source: str


def endpoints_path(config: Config | None = None) -> Path:
    return (config or current()).endpoints_file or resource_path("endpoints.yaml")


def load_endpoints(path: Path | None = None, config: Config | None = None) -> Endpoints:
    from troubleshooter.flows.yamlsafe import load_yaml  # a network check's first step, not the window's start

    path = path or endpoints_path(config)
    # Read like a flow file: only a regular file, bounded, no aliases (an alias bomb costs
    # gigabytes in yaml.safe_load), no tags, limited nesting; a problem names file:line:col.
    try:
        raw = read_regular_file(path, MAX_ENDPOINTS_BYTES)
    except UnreadableFileError as exc:
        raise EndpointsError(str(exc)) from None
    try:
        data, positions = load_yaml(raw.decode("utf-8-sig"), str(path))
    except UnicodeDecodeError:
        raise EndpointsError(f"{path}: the file is not UTF-8 text; save it as UTF-8") from None
    except FlowError as exc:
        raise EndpointsError(str(exc.problems[0])) from None
    if not isinstance(data, dict):
        raise EndpointsError(f"{path}: expected a mapping with {', '.join(_schema()['required'])}")
    problems = _problems(data, positions, str(path))
    if problems:
        more = f" (and {len(problems) - 1} more problem(s) in the file)" if len(problems) > 1 else ""
        raise EndpointsError(problems[0] + more, problems)
    storage = data["storage_endpoint"]
    return Endpoints(platform_address=data["platform_address"],
                     platform_ports=tuple(int(port) for port in data["platform_ports"]),
                     metadata_url=data["metadata_url"], dns_names=tuple(data["dns_names"]),
                     storage_host=storage["host"], storage_port=int(storage["port"]), source=str(path))


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(resource_path(SCHEMA_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema  # only a check that sends packets needs it, not the window's start

    schema = _schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _problems(data: dict, positions: Positions, file: str) -> list[str]:
    """One `file:line:col: what is wrong; what was expected` per problem, in the file's order."""
    from troubleshooter.flows.yamlsafe import position_of

    found = set()  # jsonschema reports a `required` once per missing field, each naming them all
    for error in _validator().iter_errors(data):
        line, column = position_of(positions, tuple(error.absolute_path))
        found.update((line, column, f"{file}:{line}:{column}: {sentence}") for sentence in _describe(error))
    return [message for _line, _column, message in sorted(found)]


def _field(path: tuple) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else (f".{part}" if index else str(part))
                   for index, part in enumerate(path)) or "the file"


def _describe(error) -> list[str]:
    where = _field(tuple(error.absolute_path))
    if error.validator != "required":
        expected = error.schema.get("description") or error.message[:200]
        return [f"{where} is {_shown(error.instance)}; expected {expected}"]
    sentences = []
    properties = error.schema["properties"]
    unknown = [str(key) for key in error.instance if key not in properties]
    for missing in (name for name in error.validator_value if name not in error.instance):
        expected = properties[missing].get("description") or _schema()["$defs"]["port"]["description"]
        near = difflib.get_close_matches(missing, unknown, n=1, cutoff=0.7)
        hint = f" (is '{near[0]}' meant to be it?)" if near else ""
        inside = "" if where == "the file" else f" in {where}"
        sentences.append(f"missing the required field '{missing}'{inside}: {expected}{hint}")
    return sentences


def _shown(value: Any, limit: int = 60) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 5] + "...'"
