"""Safe YAML reading for the flows and every other YAML file of the program: positions for every
node, and refusal of what YAML allows but none of them needs (duplicate keys, anchors and aliases,
tags, huge or deeply nested files)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.flows.limits import MAX_FILE_BYTES, UNPRINTABLE

# The largest real flow is about 36 KB with about 800 YAML values. Pure-Python YAML reads about
# 2 MB or 70,000 values a second, so these bounds, 14 and 25 times the largest flow, keep even a
# hostile file far inside the 2 s a load may take (MAX_FILE_BYTES lives in flows/limits.py).
MAX_DEPTH = 40
MAX_NODES = 20_000

Path_ = tuple[Any, ...]
Positions = dict[Path_, tuple[int, int]]


class FlowYamlLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false. YAML 1.1 also reads on/off/yes/no as
    booleans, which turns a check step's `on:` key and a `yes`/`no` option id into True/False.
    Dates stay text too: no flow field is a date, and `2024-01-01` as an id must not change type."""


# bool comes back below in its YAML 1.2 form; `<<` (merge) and `=` (value) are plain text here.
_NOT_IN_FLOWS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge",
                 "tag:yaml.org,2002:value")
FlowYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_IN_FLOWS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FlowYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

# PyYAML's wording, and what it means for a person editing a flow file.
_PLAIN_YAML_PROBLEMS = (
    ("'\\t'", "a tab character is used for indentation; YAML needs spaces"),
    ("tab character", "a tab character is used for indentation; YAML needs spaces"),
    ("mapping values are not allowed here",
     "a ':' appears where no key can start; put text that contains ': ' in quotes, "
     "or check that the line above is complete"),
    ("could not find expected ':'",
     "expected 'key: value' here; the line has no ':' after its key, or a text needs quotes"),
    ("expected <block end>",
     "the indentation does not line up: this line is indented differently from the lines of "
     "its block; indent it like its siblings"),
    ("found unexpected end of stream",
     "a quoted text is not closed; add the closing quote"),
    # Inside [ ] and { } PyYAML ends a plain text at any of , ? : [ ] { } - a '?' in a
    # question is the usual culprit, so the message names the quoting fix first.
    ("expected ',' or ']'",
     "inside [ ... ] a text ended early or the ']' is missing; put texts that contain "
     ", ? : [ ] { } in quotes, and close the list with ']'"),
    ("expected ',' or '}'",
     "inside { ... } a text ended early or the '}' is missing; put texts that contain "
     ", ? : [ ] { } in quotes, and close the map with '}'"),
    ("that cannot start any token",
     "this character cannot start a value; put the text in quotes"),
)


def _problem(file: str, mark: Any, message: str) -> FlowError:
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    return FlowError([FlowProblem(file, line, column, message)])


def _explain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "invalid YAML"
    for pyyaml_words, plain in _PLAIN_YAML_PROBLEMS:
        if pyyaml_words in problem:
            return f"not valid YAML: {plain}"
    return f"not valid YAML: {problem}"


def _yaml_error_mark(exc: yaml.MarkedYAMLError) -> Any:
    # A missing ':' or closing quote is noticed lines later; where the key or the quoted text
    # starts is where to look.
    late = ("could not find expected ':'", "found unexpected end of stream")
    if exc.problem and any(words in exc.problem for words in late) and exc.context_mark:
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _reader_problem(text: str, file: str, exc: yaml.reader.ReaderError) -> FlowError:
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return FlowError([FlowProblem(file, line, column,
                                  f"the file contains the control character U+{character:04X}, which YAML "
                                  "does not allow; delete it (the program's YAML files hold plain text only)")])


class _Container:
    """A mapping or list being built from the event stream."""

    __slots__ = ("value", "path", "pending_key", "key_mark")

    def __init__(self, value: dict | list, path: Path_):
        self.value = value
        self.path = path
        self.pending_key: str | None = None  # a mapping's key waiting for its value
        self.key_mark: Any = None


def _key_text(event: yaml.Event, file: str) -> str:
    if not isinstance(event, yaml.ScalarEvent):
        raise _problem(file, event.start_mark,
                       "a key must be plain text, not a list or a map; write it as 'name: value'")
    # Keys are names (step ids, option ids, field names): the text as written, never 404 → int.
    return _printable(event.value, file, event)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(text: str, file: str, event: yaml.Event) -> str:
    if _SURROGATE.search(text):
        # "\ud83d\ude00" (a pair, as JSON writes an emoji) is one character, not two halves.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    bad = UNPRINTABLE.search(text)
    if bad is not None:
        code = ord(bad.group())
        what = "half of a surrogate pair" if 0xD800 <= code <= 0xDFFF else "control character"
        raise _problem(file, event.start_mark,
                       f"the text contains the {what} U+{code:04X} (written as an escape such as \\e, \\0 "
                       "or \\x01); texts hold printable characters only, with newlines and tabs: remove it")
    return text


class _TreeBuilder:
    """Builds plain Python data from parser events with an explicit stack, never recursion, so
    deep nesting cannot overflow; counts and depth are checked before anything is built."""

    def __init__(self, text: str, file: str):
        self.file = file
        self.loader = FlowYamlLoader(text)
        self.positions: Positions = {}
        self.stack: list[_Container] = []
        self.root: Any = None
        self.has_root = False
        self.nodes = 0
        self.documents = 0

    def build(self) -> tuple[Any, Positions]:
        loader = self.loader
        try:
            while loader.check_event():
                self._take(loader.get_event())
        finally:
            loader.dispose()
        return self.root, self.positions

    def _take(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _problem(self.file, event.start_mark,
                               "a second YAML document starts here (---); the file must hold exactly one")
            return
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _problem(self.file, event.start_mark,
                           "anchors and aliases (&name, *name) are not allowed in the program's YAML "
                           "files; write the text out where it is needed")
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()
            return
        if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _problem(self.file, event.start_mark,
                           f"the file has more than {MAX_NODES} YAML values, far more than any of the "
                           "program's YAML files needs (a big flow can be split into flows joined by goto steps)")
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise _problem(self.file, event.start_mark,
                           f"the tag '{tag}' is not allowed in the program's YAML files; write the value without "
                           "it (put it in quotes to make it text)")
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.value, dict) and parent.pending_key is None:
            self._take_key(parent, event)
            return
        path = self._child_path(parent)
        if isinstance(event, yaml.ScalarEvent):
            value: Any = self._scalar(event)
        else:
            if len(self.stack) >= MAX_DEPTH:
                raise _problem(self.file, event.start_mark,
                               f"nested more than {MAX_DEPTH} levels deep; a flow needs fewer than 10")
            value = {} if isinstance(event, yaml.MappingStartEvent) else []
        self._attach(parent, path, value, event)
        if not isinstance(event, yaml.ScalarEvent):
            self.stack.append(_Container(value, path))

    def _take_key(self, parent: _Container, event: yaml.Event) -> None:
        key = _key_text(event, self.file)
        if key in parent.value:
            first = self.positions.get(parent.path + (key,), (0, 0))[0]
            raise _problem(self.file, event.start_mark,
                           f"duplicate key '{key}' (already given on line {first}); each key may appear "
                           "once: remove or rename one of them")
        parent.pending_key = key
        parent.key_mark = event.start_mark

    def _child_path(self, parent: _Container | None) -> Path_:
        if parent is None:
            return ()
        if isinstance(parent.value, dict):
            return parent.path + (parent.pending_key,)
        return parent.path + (len(parent.value),)

    def _attach(self, parent: _Container | None, path: Path_, value: Any, event: yaml.Event) -> None:
        start = (event.start_mark.line + 1, event.start_mark.column + 1)
        if parent is None:
            self.root, self.has_root = value, True
            self.positions[()] = start
        elif isinstance(parent.value, dict):
            key = parent.pending_key
            parent.value[key] = value
            # The key's own line is where a person looks for a field; __value__ is the value's.
            self.positions[path] = (parent.key_mark.line + 1, parent.key_mark.column + 1)
            self.positions[path + ("__value__",)] = start
            parent.pending_key = None
        else:
            parent.value.append(value)
            self.positions[path] = start

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        loader = self.loader
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = loader.construct_object(node)
            return _printable(value, self.file, event) if isinstance(value, str) else value
        except ValueError as exc:
            if "integer string conversion" in str(exc):
                raise _problem(self.file, event.start_mark,
                               "this number is too long to read; put it in quotes if it is meant as text") from None
            raise _problem(self.file, event.start_mark, f"cannot read this value: {exc}") from None
        except yaml.constructor.ConstructorError as exc:
            raise _problem(self.file, event.start_mark,
                           f"cannot read this value ({exc.problem}); put it in quotes if it is meant as text") from None
        except (OverflowError, KeyError, TypeError) as exc:
            raise _problem(self.file, event.start_mark,
                           f"cannot read this value ({exc}); put it in quotes if it is meant as text") from None
        finally:
            loader.constructed_objects.clear()


def load_yaml(text: str, file: str) -> tuple[Any, Positions]:
    """Parse one YAML document. Returns the data and the (line, column) of every path in it.

    Mapping keys are always text. Raises FlowError naming the file, line and column for
    anything unreadable or refused.
    """
    # Counting characters first spares encoding a huge text just to learn that it is huge.
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", errors="surrogatepass")) > MAX_FILE_BYTES:
        raise FlowError([FlowProblem(file, 1, 1, too_large_message())])
    if not text.strip():
        raise FlowError([FlowProblem(file, 1, 1,
                                     "the file is empty; expected a flow with id, title, start and steps")])
    try:
        builder = _TreeBuilder(text, file)  # the reader refuses control characters right here
        data, positions = builder.build()
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(text, file, exc) from None
    except yaml.MarkedYAMLError as exc:
        raise _problem(file, _yaml_error_mark(exc), _explain_yaml_error(exc)) from None
    except yaml.YAMLError as exc:
        raise _problem(file, None, f"not valid YAML: {exc}") from None
    if not builder.has_root:
        raise FlowError([FlowProblem(file, 1, 1, "the file holds only comments; expected a flow with "
                                                 "id, title, start and steps")])
    return data, positions


# What a flow author can do about a flow file that is too large (the flow loader adds it).
FLOW_SIZE_ADVICE = "a flow file is far smaller (split a big one into flows joined by goto steps)"


def too_large_message(size: int | None = None, advice: str = "the program's YAML files are far smaller") -> str:
    size_text = f" ({size / (1024 * 1024):.1f} MiB)" if size is not None else ""
    return f"the file is larger than {MAX_FILE_BYTES // 1024} KiB{size_text}; {advice}"


def position_of(positions: Positions, path: Path_) -> tuple[int, int]:
    """The position of `path`, or of its closest ancestor that has one."""
    path = tuple(path)
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return positions.get((), (1, 1))
