"""The `search` command: prints the fixes that match an error message or code, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from troubleshooter.cli.output import write
from troubleshooter.config import Config
from troubleshooter.i18n import LANGUAGES
from troubleshooter.terminal_text import escape_controls, print_escaped

if TYPE_CHECKING:
    from troubleshooter.search import SearchIndex, SearchHit

EXIT_OK = 0
EXIT_PROBLEMS = 1
FIX_PREVIEW_LINES = 4
PREVIEW_LINE_CHARS = 160

_LABELS = {
    "en": {"codes": "Error codes", "cases": "Cases", "open": "Open in the wizard", "none": "No fix matches",
           "try": "Try the exact error message or code from the backup job.",
           "other_os": "Not for this VM's OS", "retired": "Retired {date}: for older deployments only"},
    "ko": {"codes": "오류 코드", "cases": "사례", "open": "마법사에서 열기", "none": "일치하는 해결 방법이 없습니다",
           "try": "백업 작업에 표시된 오류 메시지나 오류 코드를 그대로 입력해 봅니다.",
           "other_os": "이 VM의 운영 체제에는 해당하지 않습니다", "retired": "{date}에 사용 중지됨: 이전 배포에만 해당합니다"},
}


def add_parser(sub) -> None:
    search = sub.add_parser("search", help="find the fix for an error message or code")
    search.add_argument("text", nargs="+", help="the error message, code or words to look for")
    search.add_argument("--lang", dest="search_lang", choices=LANGUAGES, help="language of the answer")
    search.add_argument("--limit", type=int, default=5, help="how many matches to show (default 5)")
    search.add_argument("--json", action="store_true", help="print the matches as JSON")
    search.add_argument("--platform", dest="search_platform", choices=("windows", "linux"),
                        help="the VM's OS: fixes for the other OS come last, marked")


def default_index() -> SearchIndex:
    """The built-in flows' index; the search module is imported only when a search runs."""
    from troubleshooter.search import default_index as built_in_index

    return built_in_index()


def query_language(query: str, requested: str | None) -> str:
    """The asked-for language, else Korean for a query with Hangul in it, else English."""
    from troubleshooter.search_text import contains_hangul

    if requested:
        return requested
    return "ko" if contains_hangul(query) else "en"


def run(args: argparse.Namespace, config: Config | None = None) -> int:
    from troubleshooter.flows.errors import FlowError
    from troubleshooter.search_vocabulary import VocabularyError

    query = " ".join(args.text or [])
    lang = query_language(query, getattr(args, "search_lang", None) or getattr(args, "lang", None))
    try:
        index = default_index()
    except FlowError as exc:
        for problem in exc.problems:
            print_escaped(problem, file=sys.stderr)
        what = "search vocabulary" if isinstance(exc, VocabularyError) else "built-in flows"
        print_escaped(f"The {what} did not load, so there is nothing to search.", file=sys.stderr)
        return EXIT_PROBLEMS
    hits = index.search(query, lang, max(0, args.limit), platform=getattr(args, "search_platform", None))
    if args.json:
        write(json.dumps([hit.to_dict() for hit in hits], ensure_ascii=False, indent=2) + "\n")
    else:
        write(render_hits(hits, lang, query))
    return EXIT_OK


def render_hits(hits: list[SearchHit], lang: str, query: str) -> str:
    """A ranked list a person can read: title, cases, codes, where to open it, the fix's start."""
    labels = _LABELS.get(lang, _LABELS["en"])
    if not hits:
        shown = escape_controls(" ".join(query.split())[:80])  # the query as typed, escapes shown, never run
        return f"{labels['none']}: \"{shown}\"\n{labels['try']}\n"
    lines: list[str] = []
    for rank, hit in enumerate(hits, 1):
        lines.append(f"{rank}. {hit.title}  [{', '.join(hit.refs)}]  ({hit.score:.1f})")
        if hit.platform_mismatch:
            lines.append(f"   ! {labels['other_os']}")
        if hit.retired:
            lines.append(f"   ! {labels['retired'].format(date=hit.retired)}")
        if hit.error_codes:
            lines.append(f"   {labels['codes']}: {', '.join(hit.error_codes)}")
        lines.append(f"   {labels['open']}: {hit.flow}/{hit.step}")
        body_lines = [line.strip().replace("**", "") for line in hit.text.splitlines()[1:] if line.strip()]
        for line in body_lines[:FIX_PREVIEW_LINES]:
            lines.append(f"   | {_shorten(line)}")
        if len(body_lines) > FIX_PREVIEW_LINES:
            lines.append("   | ...")
        lines.append("")
    return escape_controls("\n".join(lines), keep="\n")


def _shorten(line: str) -> str:
    return line if len(line) <= PREVIEW_LINE_CHARS else line[:PREVIEW_LINE_CHARS - 1].rstrip() + "…"
