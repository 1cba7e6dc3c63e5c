"""The flows' Markdown, read by one parser and rendered as HTML (window, PDF) or as plain text.

Every output goes through `parse`, so what is bold in the window is bold in the PDF and loses its
asterisks the same way in the text report. CommonMark does not close `**백업 작업**에`-style
emphasis when a punctuation mark stands inside the delimiter and a Hangul letter outside it (the
particle); `_cjk_friendly` rewrites that letter as a character reference, which renders as the
same letter but reads as punctuation to the delimiter rule, so the emphasis closes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# What plain text must not hold once rendered: leftover emphasis, code or link markup.
LEFTOVER_MARKUP = re.compile(r"\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|\]\(")

_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
_DELIMITER_RUN = re.compile(r"\*+")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    # Raw HTML stays text: a flow's `<rg>` placeholder is shown, never taken for a tag.
    return MarkdownIt("commonmark", {"html": False, "breaks": False})


def _is_wide_letter(char: str) -> bool:
    """Hangul and the other East Asian letters that follow emphasis without a space."""
    return bool(char) and unicodedata.east_asian_width(char) in "WF" and unicodedata.category(char).startswith("L")


def _is_punctuation(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "PS"


def _reference(char: str) -> str:
    return f"&#x{ord(char):X};"


def _cjk_friendly(markdown: str) -> str:
    """`markdown` with the letters next to emphasis that CommonMark would not close (or open)
    written as character references; marks inside code spans are left as they are."""
    code = [span.span() for span in _CODE_SPAN.finditer(markdown)]
    out = []
    last = 0
    open_runs: list[int] = []  # lengths of the runs still open, innermost last
    previous_end = 0
    for run in _DELIMITER_RUN.finditer(markdown):
        if any(start <= run.start() < end for start, end in code):
            continue
        if "\n\n" in markdown[previous_end:run.start()]:
            open_runs.clear()  # emphasis never spans paragraphs
        previous_end = run.end()
        before = markdown[run.start() - 1] if run.start() else ""
        after = markdown[run.end()] if run.end() < len(markdown) else ""
        length = len(run.group(0))
        if open_runs and open_runs[-1] == length and before and not before.isspace():
            open_runs.pop()
            # A closer needs: punctuation inside only with space or punctuation outside.
            if _is_punctuation(before) and _is_wide_letter(after):
                out.append(markdown[last:run.end()] + _reference(after))
                last = run.end() + 1
        elif after and not after.isspace():
            open_runs.append(length)
            # An opener needs: punctuation inside only with space or punctuation outside.
            if _is_punctuation(after) and _is_wide_letter(before):
                out.append(markdown[last:run.start() - 1] + _reference(before))
                last = run.start()
    out.append(markdown[last:])
    return "".join(out)


def parse(markdown: str):
    """The token stream of `markdown` (markdown-it-py's), emphasis next to Hangul closed."""
    return _parser().parse(_cjk_friendly(markdown or ""))


def to_html(markdown: str) -> str:
    """`markdown` as an HTML fragment in the subset Qt's rich text shows."""
    if not (markdown or "").strip():
        return ""
    return _parser().renderer.render(parse(markdown), _parser().options, {})


def to_inline_html(text: str) -> str:
    """One line of `text` (a prompt, a label) as HTML: emphasis and code, no paragraph."""
    return _parser().renderInline(_cjk_friendly(text or ""))


def with_code_font(html_text: str, families: str) -> str:
    """`html_text` with its code in `families` (CSS): Qt's own fixed-width guess is not on every machine."""
    return html_text.replace("<code>", f'<code style="font-family: {families};">')


def to_plain(markdown: str) -> str:
    """`markdown` as plain text: one line per paragraph or list item (the caller wraps them),
    list items numbered or dashed and indented by their depth, a blank line between blocks,
    links as "title (address)", and no emphasis or code marks."""
    lines: list[str] = []
    lists: list[list] = []  # per open list: [ordered, next number]
    prefix = ""
    for token in parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append([token.type == "ordered_list_open", start])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists and lines and lines[-1]:
                lines.append("")
        elif token.type == "list_item_open":
            ordered, number = lists[-1]
            marker = f"{number}. " if ordered else "- "
            lists[-1][1] += 1
            prefix = "   " * (len(lists) - 1) + marker
        elif token.type == "inline":
            text = _inline_plain(token.children or [])
            if prefix:
                lines.append(prefix + text)
                prefix = ""
            elif lists:
                lines.append("   " * len(lists) + text)
            else:
                lines.append(text)
        elif token.type == "paragraph_close" and not lists:
            lines.append("")
        elif token.type in ("code_block", "fence"):
            lines += [("   " * len(lists)) + line for line in token.content.rstrip("\n").splitlines()] + [""]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def to_plain_line(text: str) -> str:
    """A short text (a title, a note) as one line of plain text, without marks."""
    return re.sub(r"\s*\n\s*", " ", to_plain(text)).strip()


def _inline_plain(children) -> str:
    parts = []
    href = None
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append(" ")
        elif child.type == "link_open":
            href = child.attrGet("href")
            parts.append("")
        elif child.type == "link_close":
            label = parts.pop() if parts else ""
            parts.append(label)
            if href and href not in "".join(parts[-1:]):
                parts.append(f" ({href})")
            href = None
    return "".join(parts)


def leftover_markup(markdown: str) -> list[str]:
    """The marks `markdown` would still show once rendered (empty when it renders clean).
    Marks inside code spans are what the person types, so they do not count."""
    found = []
    for token in parse(markdown):
        for child in token.children or []:
            if child.type == "text":
                found += [m.group(0) for m in LEFTOVER_MARKUP.finditer(child.content)]
    return found
