"""The linter's rules about what a flow's texts may carry: links only as `link_policy` allows, no
invisible (bidi, zero-width) or control character in any text, command or title, and nothing that
the reports' redaction would take for a secret (every report redacts every string it holds, so such
a sentence would reach the reader as "***").

Markdown turns `[t](url)`, `<url>` and a bare http(s) URL into live links (Qt's GitHub dialect
does), so all three are judged; a URL inside `code` is text, not a link, and is left alone."""

from __future__ import annotations

import re
from typing import Iterator

from troubleshooter.flows.errors import FlowProblem
from troubleshooter.flows.lint_rules import _at, _at_text, _strings
from troubleshooter.flows.model import Flow, FlowSet
from troubleshooter.link_policy import is_allowed_link, unsafe_characters

_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# (a target may hold one level of parentheses, as markdown allows: javascript:alert(1))
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?P<url>(?:[^()\s>]|\([^()\s]*\))+)")
_AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^>\s]*)>")
_BARE_URL = re.compile(r"(?<![\w(<])(?P<url>(?:https?|ftp|file)://[^\s<>)\]\"'`]+|www\.[^\s<>)\]\"'`]+)",
                       re.IGNORECASE)


def _links(path: tuple, text: str) -> Iterator[str]:
    if path and path[-1] == "url":
        yield text
        return
    if "commands" in path and path[-1] == "text":
        return  # a command is shown as code, never as a link
    prose = _CODE.sub(lambda match: " " * len(match.group(0)), text)
    for pattern in (_MARKDOWN_LINK, _AUTOLINK, _BARE_URL):
        for match in pattern.finditer(prose):
            yield match.group("url").rstrip(".,;:")


TEXT_LOOKS_LIKE_A_SECRET = "text-looks-like-a-secret"


def text_safety_problems(flows: FlowSet) -> list[FlowProblem]:
    from troubleshooter.redact import redact_text

    problems = []
    for flow in flows:
        if flow.source is None:
            continue
        for path, text in _strings(flow.source, ()):
            for offset, character in unsafe_characters(text):
                problems.append(_at_text(flow, path, character, f"U+{ord(character):04X} "
                                         "(an invisible or control character) in a text: it can make a command or "
                                         "a title read differently from what it is; remove it",
                                         text[:offset].count(character)))
            for url in _links(path, text):
                if not is_allowed_link(url):
                    problems.append(_where(flow, path, url))
            if redact_text(text) != text:
                problems.append(_at(flow, path, "the reports would show part of this text as *** (it reads like a "
                                    "secret to the redaction, for example 'password: <word>'); reword it",
                                    TEXT_LOOKS_LIKE_A_SECRET))
    return problems


def _where(flow: Flow, path: tuple, url: str) -> FlowProblem:
    message = (f"the link '{url[:120]}' is not allowed: links must be https:// to learn.microsoft.com, "
               "docs.microsoft.com, go.microsoft.com, aka.ms, portal.azure.com or the agents' GitHub repositories")
    return _at(flow, path, message) if path and path[-1] == "url" else _at_text(flow, path, url, message)
