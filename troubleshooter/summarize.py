"""Many VMs' check results in one table, one row per host and one column per check (the
`summarize` command around it is troubleshooter/cli/summarize.py).

Reads `checks --json` documents (and the bare result lists older versions printed) and the
zips of `collect`, one by one or from folders, as a fleet run leaves them. Every input is
treated as untrusted: sizes are bounded before anything is read, a bad file is named and
skipped, and the HTML escapes every value it shows.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from troubleshooter.checks.result import Status
from troubleshooter.fileio import UnreadableFileError, read_regular_file
from troubleshooter.terminal_text import escape_controls

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# A collect zip is capped at --max-mb (25 MB by default); a larger one is no zip that collect wrote.
MAX_ZIP_BYTES = 512 * 1024 * 1024
STATUS_NAMES = tuple(status.value for status in Status)
# Colours for the HTML table; each text colour reaches at least 4.5:1 on its background.
_CELL_COLOURS = {
    "ok": ("#e6f4ea", "#0d5323"), "problem": ("#fce8e6", "#8a1c12"), "warning": ("#fef7e0", "#6b4a00"),
    "error": ("#f3e8fd", "#5b1f8f"), "skipped": ("#f1f3f4", "#3c4043"), "": ("#ffffff", "#3c4043"),
}


class SummaryInputError(Exception):
    """One input could not be read as check results; the message names it and says why."""


@dataclass
class HostRow:
    host: str
    source: str
    platform: str = ""
    vm: dict = field(default_factory=dict)
    generated_at: str = ""
    statuses: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)

    @property
    def problems(self) -> int:
        return sum(1 for status in self.statuses.values() if status in ("problem", "error"))


def read_inputs(paths: list[Path]) -> tuple[list[HostRow], list[str]]:
    """Rows from every readable input, newest per host, and a message for each input skipped."""
    rows: dict[str, HostRow] = {}
    notes: list[str] = []
    for path in _expand(paths):
        try:
            row = read_one(path)
        except SummaryInputError as exc:
            notes.append(str(exc))
            continue
        kept = rows.get(row.host)
        if kept is None or row.generated_at > kept.generated_at:
            if kept is not None:
                notes.append(f"{kept.source}: an older result for {row.host} than {row.source}; the newer one is shown")
            rows[row.host] = row
        else:
            notes.append(f"{row.source}: an older result for {row.host} than {kept.source}; the newer one is shown")
    return sorted(rows.values(), key=lambda row: row.host.lower()), notes


def _expand(paths: list[Path]):
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in (".json", ".zip") and p.is_file()
                              and p.name != "manifest.json")
        else:
            yield path


def _read_input(path: Path, limit: int) -> bytes:
    """A regular file only (a FIFO would hang, /dev/zero never end), of at most `limit` bytes."""
    try:
        return read_regular_file(path, limit)
    except UnreadableFileError as exc:
        raise SummaryInputError(f"{path}: {exc.reason}; not read") from None


def read_one(path: Path) -> HostRow:
    if path.suffix.lower() == ".zip":
        return _from_zip(path)
    data = _read_input(path, MAX_DOCUMENT_BYTES)
    return _from_document(_parse(data, str(path)), str(path), fallback_host=path.parent.name or path.stem)


def _from_zip(path: Path) -> HostRow:
    data = _read_input(path, MAX_ZIP_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            checks = _member(archive, "checks.json", path)
            if checks is None:
                raise SummaryInputError(f"{path}: a zip without checks.json, so not one that `collect` wrote")
            system = _member(archive, "system.json", path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise SummaryInputError(f"{path}: not a readable zip ({exc})") from None
    row = _from_document(_parse(checks, f"{path}:checks.json"), str(path), fallback_host=path.stem)
    if system is not None and not row.vm:
        facts = _parse(system, f"{path}:system.json")
        if isinstance(facts, dict) and isinstance(facts.get("vm"), dict):
            row.vm = {str(k): str(v) for k, v in facts["vm"].items()}
    return row


def _member(archive: zipfile.ZipFile, name: str, path: Path) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_DOCUMENT_BYTES:
        raise SummaryInputError(f"{path}: {name} claims {info.file_size} bytes; not read")
    with archive.open(info) as member:
        data = member.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise SummaryInputError(f"{path}: {name} is larger than it claims; not read")
    return data


def _parse(data: bytes, where: str):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise SummaryInputError(f"{where}: not JSON ({exc})") from None


def _from_document(document, source: str, *, fallback_host: str) -> HostRow:
    if isinstance(document, list):  # the bare list that `checks --json` printed before 0.2
        results, host, platform, vm, generated = document, fallback_host, "", {}, ""
    elif isinstance(document, dict) and isinstance(document.get("results"), list):
        host_info = document.get("host") if isinstance(document.get("host"), dict) else {}
        results = document["results"]
        host = _text(host_info.get("name")) or fallback_host
        platform = _text(host_info.get("platform"))
        vm = {str(k): _text(v) for k, v in document.get("vm", {}).items()} if isinstance(document.get("vm"), dict) \
            else {}
        generated = _text(document.get("generated_at"))
    else:
        raise SummaryInputError(f"{source}: not the output of `checks --json`")
    row = HostRow(host=host, source=source, platform=platform, vm=vm, generated_at=generated)
    for item in results:
        if not isinstance(item, dict) or not isinstance(item.get("check_id"), str):
            raise SummaryInputError(f"{source}: a result without a check id; not the output of `checks --json`")
        status = item.get("status")
        row.statuses[item["check_id"]] = status if status in STATUS_NAMES else "error"
        summary = item.get("summary")
        row.summaries[item["check_id"]] = _text(summary.get("en")) if isinstance(summary, dict) else ""
    return row


def _text(value) -> str:
    return value[:500] if isinstance(value, str) else ""


def check_columns(rows: list[HostRow]) -> list[str]:
    return sorted({check_id for row in rows for check_id in row.statuses})


def table_rows(rows: list[HostRow]) -> tuple[list[str], list[list[str]]]:
    columns = check_columns(rows)
    header = ["host", "vm", "platform", "checked_at", "problems", *columns]
    body = [[row.host, row.vm.get("vm_name", ""), row.platform, row.generated_at, str(row.problems),
             *(row.statuses.get(check_id, "") for check_id in columns)] for row in rows]
    return header, body


def render_text(rows: list[HostRow]) -> str:
    header, body = table_rows(rows)
    # The check ids share prefixes (linux., windows., common.); the last part is enough on screen.
    shown = header[:5] + [column.split(".", 1)[-1] for column in header[5:]]
    # A host name or check id may hold a terminal's escape sequences: shown escaped, never acted on.
    shown = [escape_controls(cell) for cell in shown]
    body = [[escape_controls(cell) for cell in line] for line in body]
    widths = [max(len(line[i]) for line in [shown, *body]) for i in range(len(shown))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in [shown, *body]]
    return "\n".join(lines)


# Characters a spreadsheet reads past before it looks for a formula, and those that start one
# (the full-width forms too, which some spreadsheets take for their ASCII twins).
_SPREADSHEET_SKIPS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(cell: str) -> str:
    """A cell no spreadsheet runs as a formula: control characters out, and a leading quote when
    what is left starts like a formula after any whitespace."""
    cleaned = _SPREADSHEET_SKIPS.sub(lambda match: " " if match.group(0).isspace() else "", cell)
    return "'" + cleaned if cleaned.lstrip().startswith(_FORMULA_STARTS) else cleaned


def render_csv(rows: list[HostRow]) -> str:
    header, body = table_rows(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The header too: its check ids come from the files read.
    writer.writerows([[csv_cell(cell) for cell in line] for line in [header, *body]])
    return buffer.getvalue()


def render_html(rows: list[HostRow]) -> str:
    header, _ = table_rows(rows)
    columns = header[5:]
    escape = html.escape
    head = "".join(f"<th>{escape(column)}</th>" for column in header[:5])
    head += "".join(f'<th class="check"><span>{escape(column)}</span></th>' for column in columns)
    lines = []
    for row in rows:
        cells = [row.host, row.vm.get("vm_name", ""), row.platform, row.generated_at, str(row.problems)]
        tds = "".join(f"<td>{escape(cell)}</td>" for cell in cells)
        for column in columns:
            status = row.statuses.get(column, "")
            tip = escape(row.summaries.get(column, ""), quote=True)
            tds += f'<td class="{escape(status)}" title="{tip}">{escape(status or "–")}</td>'
        lines.append(f"<tr>{tds}</tr>")
    styles = "\n".join(f"td.{name} {{ background: {bg}; color: {fg}; }}" for name, (bg, fg) in _CELL_COLOURS.items()
                       if name)
    legend = " ".join(f'<span class="{name}" style="background:{bg};color:{fg};padding:2px 6px">{name}</span>'
                      for name, (bg, fg) in _CELL_COLOURS.items() if name)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>VM backup checks: {len(rows)} host(s)</title>
<style>
body {{ font-family: "Segoe UI", "DejaVu Sans", sans-serif; color: #202124; background: #ffffff; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #c4c7c5; padding: 3px 6px; font-size: 13px; white-space: nowrap; }}
th.check {{ vertical-align: bottom; }}
th.check span {{ writing-mode: vertical-rl; transform: rotate(180deg); }}
{styles}
</style></head><body>
<h1>VM backup checks: {len(rows)} host(s)</h1>
<p>One row per host, one column per check. Hover over a cell for the check's summary. {legend}</p>
<table><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(lines)}
</tbody></table></body></html>
"""
