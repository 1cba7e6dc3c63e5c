"""The report as plain text: for the clipboard and for pasting into a support ticket (fits 100 columns)."""

from __future__ import annotations

import re
import textwrap
import unicodedata

from troubleshooter.i18n import pick
from troubleshooter.markup import to_plain, to_plain_line
from troubleshooter.report.labels import (command_text, effect_label, effect_warning, finding_text, kind_label,
                                          label, localize_masks, retired_label, where_label)
from troubleshooter.report.model import Report

WIDTH = 92


def render_text(report: Report, lang: str) -> str:
    lines: list[str] = []
    header = report.header
    title = f"{header.product} {header.version}: {label('title', lang)}"
    lines += [title, "=" * min(_columns(title), WIDTH), ""]
    if not report.complete:
        lines += _wrap(label("incomplete_banner", lang)) + [""]
    if report.hide_identifiers:
        lines += _wrap(label("identifiers_hidden", lang)) + [""]

    if report.error_text:
        lines += _heading(label("error_text", lang))
        lines += [line for text in report.error_text.splitlines() for line in _wrap(text, indent="  ")] + [""]

    lines += _heading(label("summary", lang))
    summary = [(label("flow", lang), _plain(report.flow_title, lang)),
               (label("outcome", lang), pick(report.outcome.label, lang))]
    if pick(report.outcome.detail, lang):
        summary.append(("", _plain(report.outcome.detail, lang)))
    if report.outcome.fix:
        summary.append((label("fix", lang), _plain(report.outcome.fix, lang)))
    lines += _pairs(summary)

    lines += _heading(label("machine", lang))
    vm = header.vm
    unknown = label("unknown", lang)
    lines += _pairs([(label("vm_name", lang), vm.vm_name or unknown),
                     (label("resource_group", lang), vm.resource_group or "-"),
                     (label("subscription_id", lang), vm.subscription_id or "-"),
                     (label("location", lang), vm.location or "-"),
                     (label("vm_id", lang), vm.vm_id or "-"),
                     (label("vm_size", lang), vm.vm_size or "-"),
                     (label("host_name", lang), header.host_name),
                     (label("os_name", lang), header.os_name),
                     (label("generated_at", lang), header.generated_at_display),
                     (label("started_at", lang), header.started_at),
                     (label("version", lang), f"{header.product} {header.version}"),
                     (label("session_id", lang), header.session_id)])

    lines += _heading(label("actions", lang))
    if not report.actions:
        lines += [label("no_actions", lang), ""]
    for number, action in enumerate(report.actions, start=1):
        lines += _wrap(f"{number}. {_plain(action.title, lang)}")
        if action.retired:
            lines += _wrap(retired_label(action.retired, lang), indent="   ")
        if action.refs:
            lines += _wrap(f"{label('refs', lang)}: {', '.join(action.refs)}", indent="   ")
        if action.error_codes:
            lines += _wrap(f"{label('error_codes', lang)}: {', '.join(action.error_codes)}", indent="   ")
        lines += _markdown(pick(action.body, lang), indent="   ")
        for command in action.commands:
            effect = effect_label(command.effect, lang)
            where = where_label(command.shell, command.text, lang)
            lines.append(f"   [{where}{' · ' + effect if effect else ''}]")
            if effect_warning(command.effect, lang):
                lines += _wrap(effect_warning(command.effect, lang), indent="     ")
            lines += [f"     {line}" for line in command_text(command.shell, command.text, lang).splitlines()]
            if _plain(command.note, lang):
                lines += _wrap(_plain(command.note, lang), indent="     ")
        for title, url in action.links:
            lines += _wrap(f"{_plain(title, lang)}: {url}", indent="   ")
        lines += _wrap(f"{label('result', lang)}: {pick(action.verdict_label, lang)}", indent="   ")
        lines.append("")

    if report.tried:
        lines += _heading(label("tried", lang))
        lines += _wrap(label("tried_intro", lang)) + [""]
        for action in report.tried:
            lines += _wrap(f"- {_plain(action.title, lang)}", indent="", subsequent="  ")
            if action.refs:
                lines += _wrap(f"{label('refs', lang)}: {', '.join(action.refs)}", indent="  ")
        lines.append("")

    lines += _heading(label("answers", lang))
    if not report.questions:
        lines += [label("no_answers", lang), ""]
    for qa in report.questions:
        lines += _wrap(f"Q: {_plain(qa.prompt, lang)}")
        lines += _wrap(f"A: {_plain(qa.answer, lang)}")
        lines.append("")

    lines += _heading(label("checks", lang))
    if not report.checks:
        lines += [label("no_checks", lang), ""]
    for check in report.checks:
        role = f" ({label('verify', lang)})" if check.role == "verify" else ""
        lines += _wrap(f"[{pick(check.status_label, lang).upper()}] {pick(check.title, lang)}{role}")
        lines += _wrap(finding_text(pick(check.status_label, lang), pick(check.summary, lang)), indent="   ")
        if check.evidence:
            lines.append(f"   {label('evidence', lang)}:")
            for line in check.evidence.splitlines():
                lines += _wrap(line, indent="     | ", keep_spaces=True)
            if check.evidence_truncated:
                lines.append(f"     {label('evidence_cut', lang)}")
        lines.append("")

    lines += _heading(label("path", lang))
    for entry in report.path:
        via = ""
        if entry.via == "goto":
            via = f" [{label('via_goto', lang)}]"
        elif entry.via == "search":
            via = f" [{label('via_search', lang)}]"
        kind = kind_label(entry.kind, lang)
        lines += _wrap(f"{entry.number:2}. {kind}: {_plain(entry.title, lang)}{via}")
        if pick(entry.outcome, lang):  # an answer's label or a check's finding: plain text already
            lines += _wrap(f"-> {pick(entry.outcome, lang)}", indent="      ")
    lines.append("")

    lines += _heading(label("support", lang))
    lines += _wrap(label("support_intro", lang))
    for item in report.support.send:
        lines += _wrap(f"- {pick(item, lang)}", indent="  ")
    lines.append(f"{label('logs', lang)}:")
    lines += [f"  {path}" for path in report.support.log_locations]
    return localize_masks("\n".join(lines).rstrip() + "\n", lang)


def _plain(text, lang: str) -> str:
    """A flow's text in `lang`, its marks rendered away."""
    return to_plain_line(pick(text, lang))


def _markdown(markdown: str, indent: str) -> list[str]:
    """A flow's Markdown as wrapped plain text; a list item's later lines align under its words."""
    lines = []
    for line in to_plain(markdown).splitlines():
        if not line.strip():
            lines.append("")
            continue
        words = line.lstrip()
        marker = re.match(r"(\d+\. |- )", words)
        hanging = " " * (len(line) - len(words) + (len(marker.group(0)) if marker else 0))
        lines += _wrap(line, indent=indent, subsequent=indent + hanging)
    return lines


def _heading(text: str) -> list[str]:
    return [text, "-" * min(_columns(text), WIDTH)]


def _pairs(pairs: list[tuple[str, str]]) -> list[str]:
    width = max((_columns(key) for key, _ in pairs), default=0) + 2
    out = []
    for key, value in pairs:
        prefix = f"{key}:" + " " * (width - _columns(key) - 1) if key else " " * width
        wrapped = _wrap(value, indent=prefix) if value else [prefix.rstrip()]
        out.append(wrapped[0])
        out += [" " * width + line.lstrip() for line in wrapped[1:]]
    return out + [""]


def _wrap(text: str, indent: str = "", keep_spaces: bool = False, subsequent: str | None = None) -> list[str]:
    # Lines break between words only: a link or a command copied from the ticket must work, so a
    # long one runs past the width. Evidence (keep_spaces) is a log excerpt: its long lines are
    # broken, never cut, so nothing is lost when pasted into a ticket.
    if subsequent is None:
        subsequent = indent if keep_spaces else " " * len(indent)
    return textwrap.wrap(text, width=_width_for(indent + text), initial_indent=indent,
                         subsequent_indent=subsequent,
                         break_long_words=keep_spaces, break_on_hyphens=False,
                         drop_whitespace=not keep_spaces, replace_whitespace=False) or [indent.rstrip()]


def _columns(text: str) -> int:
    """Terminal columns `text` takes: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _width_for(text: str) -> int:
    """Characters per line so that Hangul still fits WIDTH terminal columns."""
    columns = _columns(text)
    if columns <= len(text) or not text:
        return WIDTH
    return max(40, int(WIDTH * len(text) / columns))
