"""Safe YAML reading for flow files: positions for every node, and refusal of what YAML allows
but a flow never needs (duplicate keys, anchors and aliases, huge or deeply nested files)."""

from __future__ import annotations

from typing import Any

import re

import yaml

from troubleshooter.flows.errors import FlowError, FlowProblem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000

Path_ = tuple[Any, ...]


class FlowYamlLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false. YAML 1.1 also reads on/off/yes/no as
    booleans, which turns a check step's `on:` key and a `yes`/`no` option id into True/False."""


FlowYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FlowYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Positions = dict[Path_, tuple[int, int]]


def _problem(file: str, mark: Any, message: str) -> FlowError:
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    return FlowError([FlowProblem(file, line, column, message)])


def _explain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "invalid YAML"
    if "'\\t'" in problem or "\\t" in problem:
        return "a tab character is used for indentation; YAML needs spaces"
    return f"not valid YAML: {problem}"


def _prescan(text: str, file: str) -> None:
    """Walk the event stream (PyYAML's parser is iterative) to refuse bombs before building."""
    depth = 0
    events = 0
    try:
        for event in yaml.parse(text, Loader=FlowYamlLoader):
            events += 1
            if events > MAX_NODES:
                raise _problem(file, event.start_mark,
                               f"the file has more than {MAX_NODES} YAML nodes; a flow is far smaller")
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _problem(file, event.start_mark,
                               "anchors and aliases (&name, *name) are not allowed in flow files; "
                               "write the text out where it is needed")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _problem(file, event.start_mark,
                                   f"nested more than {MAX_DEPTH} levels deep; a flow needs far fewer")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _problem(file, exc.problem_mark or exc.context_mark, _explain_yaml_error(exc)) from None
    except yaml.YAMLError as exc:
        raise _problem(file, None, f"not valid YAML: {exc}") from None


def _to_python(node: yaml.Node, path: Path_, positions: Positions, file: str) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _problem(file, key_node.start_mark, "a key must be plain text")
            key = _scalar(key_node, file)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                first = positions.get(path + (key,), (0, 0))[0]
                raise _problem(file, key_node.start_mark,
                               f"duplicate key '{key}' (already given on line {first}); "
                               "each key may appear once")
            result[key] = _to_python(value_node, path + (key,), positions, file)
            positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            positions[path + (key, "__value__")] = (value_node.start_mark.line + 1,
                                                    value_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, path + (index,), positions, file)
                for index, item in enumerate(node.value)]
    return _scalar(node, file)


def _scalar(node: yaml.Node, file: str) -> Any:
    loader = FlowYamlLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise _problem(file, node.start_mark, f"cannot read this value: {exc.problem}") from None
    except (ValueError, OverflowError) as exc:
        raise _problem(file, node.start_mark, f"cannot read this value: {exc}") from None
    finally:
        loader.dispose()


def load_yaml(text: str, file: str) -> tuple[Any, Positions]:
    """Parse one YAML document. Returns the data and the (line, column) of every path in it.

    Raises FlowError naming the file, line and column for anything unreadable.
    """
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_FILE_BYTES:
        raise FlowError([FlowProblem(file, 1, 1,
                                     f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; "
                                     "a flow file is a few hundred kilobytes at most")])
    if not text.strip():
        raise FlowError([FlowProblem(file, 1, 1,
                                     "the file is empty; expected a flow with id, title, start and steps")])
    _prescan(text, file)
    loader = FlowYamlLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _problem(file, exc.problem_mark or exc.context_mark, _explain_yaml_error(exc)) from None
    except yaml.YAMLError as exc:
        raise _problem(file, None, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise FlowError([FlowProblem(file, 1, 1,
                                     "the file holds no YAML document; expected a flow with id, title, start and steps")])
    positions: Positions = {}
    return _to_python(node, (), positions, file), positions


def position_of(positions: Positions, path: Path_) -> tuple[int, int]:
    """The position of `path`, or of its closest ancestor that has one."""
    path = tuple(path)
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return positions.get((), (1, 1))
