"""The report as HTML in the Qt rich-text subset, from the template and stylesheet in resources/report/."""

from __future__ import annotations

import html
from string import Template

from troubleshooter.i18n import pick
from troubleshooter.markup import to_html, to_inline_html, to_plain_line, with_code_font
from troubleshooter.report.fonts import code_families, css_font_list
from troubleshooter.report.labels import (command_text, effect_label, effect_warning, finding_text, kind_label,
                                          label, localize_masks, retired_label, where_label)
from troubleshooter.report.model import ActionEntry, CheckEntry, Report
from troubleshooter.resources import resource_path

def code_fonts() -> str:
    """Commands and evidence read best in a fixed-width font; Hangul in them (localized Windows
    output) falls back to the bundled font, which every machine has. Only families installed
    here are named (Qt takes the first it knows)."""
    return css_font_list(code_families())


def render_html(report: Report, lang: str) -> str:
    """The whole report as one HTML document in `lang`."""
    template = Template(resource_path("report", "report.html").read_text(encoding="utf-8"))
    header = report.header
    subtitle = " · ".join(part for part in (
        f"{header.product} {header.version}",
        header.generated_at_display,
        header.vm.vm_name or header.host_name,
    ) if part)
    return localize_masks(template.substitute(
        lang=lang,
        title=_e(label("title", lang)),
        stylesheet=stylesheet(),
        subtitle=_e(subtitle),
        banner=_banner(report, lang),
        summary=_error_text(report, lang) + _summary(report, lang),
        machine=_machine(report, lang),
        actions=_actions(report, lang),
        answers=_answers(report, lang),
        checks=_checks(report, lang),
        path=_path(report, lang),
        support=_support(report, lang),
    ), lang)


def stylesheet() -> str:
    return resource_path("report", "report.css").read_text(encoding="utf-8")


# -- sections ------------------------------------------------------------------------------


def _banner(report: Report, lang: str) -> str:
    notes = []
    if not report.complete:
        notes.append(_e(label("incomplete_banner", lang)))
    if report.hide_identifiers:
        notes.append(_e(label("identifiers_hidden", lang)))
    if not notes:
        return ""
    return ('<table class="banner" width="100%" border="1" cellspacing="0">'
            + "".join(f"<tr><td>{note}</td></tr>" for note in notes) + "</table>")


def _error_text(report: Report, lang: str) -> str:
    """What the person pasted, first: support asks for the exact message before anything else."""
    if not report.error_text:
        return ""
    text = "<br/>".join(_e(line) for line in report.error_text.splitlines())
    return _section(label("error_text", lang), [], [f'<tr><td class="code">{text}</td></tr>'])


def _summary(report: Report, lang: str) -> str:
    outcome = report.outcome
    rows = [(label("flow", lang), f"<b>{_flow_text(report.flow_title, lang)}</b>"),
            (label("outcome", lang),
             f'<span class="outcome-{outcome.state}">{_e(pick(outcome.label, lang))}</span>'
             + (f"<br/>{_flow_text(outcome.detail, lang)}" if pick(outcome.detail, lang) else ""))]
    if outcome.fix:
        rows.append((label("fix", lang), _flow_text(outcome.fix, lang)))
    if report.actions:
        commands = [c for a in report.actions[-1:] for c in a.commands if c.shell != "portal"]
        if commands:
            rows.append((label("commands", lang), "<br/>".join(_code_inline(c.text) for c in commands)))
    body = "".join(f'<tr><td class="key">{_e(key)}</td><td>{value}</td></tr>' for key, value in rows)
    return (f'<table class="summary" width="100%" border="1" cellspacing="0" cellpadding="5">'
            f'<thead><tr><th colspan="2" class="sectionhead" style="background-color:#ffffff;">'
            f'<h2>{_e(label("summary", lang))}</h2></th></tr></thead>{body}</table>')


def _machine(report: Report, lang: str) -> str:
    header = report.header
    vm = header.vm
    unknown = f'<span class="muted">{_e(label("unknown", lang))}</span>'
    pairs = [("vm_name", _e(vm.vm_name) or unknown), ("resource_group", _e(vm.resource_group) or "-"),
             ("subscription_id", _e(vm.subscription_id) or "-"), ("location", _e(vm.location) or "-"),
             ("vm_id", _e(vm.vm_id) or "-"), ("vm_size", _e(vm.vm_size) or "-"),
             ("host_name", _e(header.host_name)), ("os_name", _e(header.os_name)),
             ("generated_at", _e(header.generated_at_display)), ("started_at", _e(header.started_at)),
             ("version", _e(f"{header.product} {header.version}")), ("session_id", _e(header.session_id))]
    rows = [f'<tr><td class="key">{_e(label(key, lang))}</td><td>{value}</td></tr>' for key, value in pairs]
    return _section(label("machine", lang), [], rows, span=2)


def _actions(report: Report, lang: str) -> str:
    if not report.actions:
        return (_section(label("actions", lang), [], [f"<tr><td>{_e(label('no_actions', lang))}</td></tr>"])
                + _tried(report, lang))
    return "".join(_action(action, number, len(report.actions), lang)
                   for number, action in enumerate(report.actions, start=1)) + _tried(report, lang)


def _tried(report: Report, lang: str) -> str:
    """Fixes tried that did not help: named, never with their commands as if still advised."""
    if not report.tried:
        return ""
    rows = [f'<tr><td>{_e(label("tried_intro", lang))}</td></tr>']
    for action in report.tried:
        refs = (f'<br/><span class="small muted">{_e(label("refs", lang))}: {_e(", ".join(action.refs))}</span>'
                if action.refs else "")
        rows.append(f"<tr><td>{_flow_text(action.title, lang)}{refs}</td></tr>")
    return _section(label("tried", lang), [], rows)


def _action(action: ActionEntry, number: int, count: int, lang: str) -> str:
    title = f"{label('actions', lang)} {number}/{count}: {to_plain_line(pick(action.title, lang))}" if count > 1 \
        else f"{label('actions', lang)}: {to_plain_line(pick(action.title, lang))}"
    rows = []
    facts = []
    if action.retired:
        rows.append(f'<tr><td class="small"><b>{_e(retired_label(action.retired, lang))}</b></td></tr>')
    if action.refs:
        facts.append(f"{_e(label('refs', lang))}: {_e(', '.join(action.refs))}")
    if action.error_codes:
        facts.append(f"{_e(label('error_codes', lang))}: {_e(', '.join(action.error_codes))}")
    if facts:
        rows.append(f'<tr><td class="small muted">{" · ".join(facts)}</td></tr>')
    body = markdown_to_html(pick(action.body, lang))
    if body:
        rows.append(f"<tr><td>{body}</td></tr>")
    for command in action.commands:
        note = f'<p class="note">{_flow_text(command.note, lang)}</p>' if pick(command.note, lang) else ""
        where = where_label(command.shell, command.text, lang)
        effect = effect_label(command.effect, lang)
        heading = f"{where} · {effect}" if effect else where
        warning = effect_warning(command.effect, lang)
        warning = f'<p class="note"><b>{_e(warning)}</b></p>' if warning else ""
        rows.append(f'<tr><td class="code"><p class="note">{_e(heading)}</p>{warning}{_pre(command_text(command.shell, command.text, lang))}{note}</td></tr>')
    if action.links:
        links = "<br/>".join(f'{_flow_text(title, lang)}: <a href="{_e(url)}">{_e(url)}</a>'
                             for title, url in action.links)
        rows.append(f"<tr><td><b>{_e(label('links', lang))}</b><br/>{links}</td></tr>")
    verdict_class = {"fixed": "outcome-resolved", "still-failing": "outcome-support"}.get(action.verdict or "",
                                                                                       "outcome-pending")
    rows.append(f'<tr><td class="verdict">{_e(label("result", lang))}: '
                f'<span class="{verdict_class}">{_e(pick(action.verdict_label, lang))}</span></td></tr>')
    return _section(title, [], rows)


def _answers(report: Report, lang: str) -> str:
    if not report.questions:
        return _section(label("answers", lang), [], [f"<tr><td>{_e(label('no_answers', lang))}</td></tr>"])
    rows = [f"<tr><td>{_flow_text(qa.prompt, lang)}</td><td><b>{_flow_text(qa.answer, lang)}</b></td></tr>"
            for qa in report.questions]
    return _section(label("answers", lang), [label("question", lang), label("answer", lang)], rows,
                    widths=("60%", "40%"))


def _checks(report: Report, lang: str) -> str:
    if not report.checks:
        return _section(label("checks", lang), [], [f"<tr><td>{_e(label('no_checks', lang))}</td></tr>"])
    rows = []
    for check in report.checks:
        rows.append(_check_row(check, lang))
        if check.evidence:
            cut = f'<p class="note">{_e(label("evidence_cut", lang))}</p>' if check.evidence_truncated else ""
            caption = f"{label('evidence', lang)}: {pick(check.title, lang)}"
            rows.append(f'<tr><td colspan="3" class="evidence"><p class="note">{_e(caption)}</p>'
                        f"{_pre(check.evidence)}{cut}</td></tr>")
    return _section(label("checks", lang), [label("check", lang), label("status", lang), label("finding", lang)],
                    rows, widths=("32%", "14%", "54%"))


def _check_row(check: CheckEntry, lang: str) -> str:
    # One line per cell where possible: Qt may split a taller row across a page break.
    role = f' <span class="small muted">({_e(label("verify", lang))})</span>' if check.role == "verify" else ""
    return (f"<tr><td>{_e(pick(check.title, lang))}{role}</td>"
            f'<td><span class="status-{check.status}">{_e(pick(check.status_label, lang))}</span></td>'
            f"<td>{_e(finding_text(pick(check.status_label, lang), pick(check.summary, lang)))}</td></tr>")


def _path(report: Report, lang: str) -> str:
    rows = []
    for entry in report.path:
        kind = kind_label(entry.kind, lang)
        via = ""
        if entry.via in ("goto", "search"):
            via = f'<br/><span class="small muted">{_e(label("via_" + entry.via, lang))}: ' \
                  f'{_flow_text(entry.flow_title, lang)}</span>'
        rows.append(f"<tr><td>{entry.number}</td><td>{_e(kind)}</td>"
                    f"<td>{_flow_text(entry.title, lang)}{via}</td><td>{_e(pick(entry.outcome, lang))}</td></tr>")
    headers = ["#", label("kind", lang), label("step", lang), label("what_happened", lang)]
    return _section(label("path", lang), headers, rows, widths=("5%", "13%", "47%", "35%"))


def _support(report: Report, lang: str) -> str:
    items = "".join(f"<li>{_e(pick(item, lang))}</li>" for item in report.support.send)
    logs = "".join(f"<li>{_code_inline(path)}</li>" for path in report.support.log_locations)
    rows = [f"<tr><td><p>{_e(label('support_intro', lang))}</p><ul>{items}</ul>"
            f"<p><b>{_e(label('logs', lang))}</b></p><ul>{logs}</ul></td></tr>"]
    return _section(label("support", lang), [], rows)


# -- pieces --------------------------------------------------------------------------------


def _section(title: str, columns: list[str], rows: list[str], widths: tuple[str, ...] | None = None,
             span: int = 1) -> str:
    """A titled table. The title and column names are header rows, which Qt repeats on every page the
    table runs onto, so a heading is never left alone at the foot of a page."""
    span = max(len(columns), span)
    head = (f'<tr><th class="sectionhead" colspan="{span}" style="background-color:#ffffff;">'
            f"<h2>{_e(title)}</h2></th></tr>")
    if columns:
        cells = "".join(f'<th class="col"{_width(widths, i)}>{_e(name)}</th>' for i, name in enumerate(columns))
        head += f"<tr>{cells}</tr>"
    return (f'<table class="section" width="100%" border="1" cellspacing="0" cellpadding="4">'
            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")


def _width(widths: tuple[str, ...] | None, index: int) -> str:
    return f' width="{widths[index]}"' if widths and index < len(widths) else ""


def _pre(text: str) -> str:
    return f'<pre style="font-family: {code_fonts()};">{_e(text)}</pre>'


def _code_inline(text: str) -> str:
    return f'<span class="code" style="font-family: {code_fonts()};">{_e(text)}</span>'


def _flow_text(text, lang: str) -> str:
    """A flow's short text in `lang` as HTML: its emphasis and code rendered, no marks left."""
    return with_code_font(to_inline_html(pick(text, lang)), code_fonts())


def _e(text: str) -> str:
    return html.escape(text or "", quote=True)


def markdown_to_html(markdown: str) -> str:
    """A flow's Markdown as an HTML fragment, by the renderer every output shares."""
    return with_code_font(to_html(markdown), code_fonts())
