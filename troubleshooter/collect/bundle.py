"""One zip for a support ticket: the walk's report, the checks, the system's facts and the logs.

Read-only on the VM: logs are opened read-only (without touching their access time where the
OS allows it), never followed through links, never rotated, moved or truncated. Every text is
redacted for secrets before it enters the zip, with the checks' own redaction. The zip keeps
under its size cap by sharing the cap among the files and keeping each file's newest part, and
is written through a temporary file, so a cancel or a crash leaves nothing half-written.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import platform as platform_module
import socket
import threading
import time
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable

import psutil

from troubleshooter import __version__
from troubleshooter.checks.host import Host, LocalHost, decode_output
from troubleshooter.collect import DEFAULT_MAX_MB, DEFAULT_MAX_READ_SECONDS, DEFAULT_MAX_UNPACK_MB, DEFAULT_SINCE_DAYS
from troubleshooter.collect.sources import (EventQuery, LINUX_JOURNAL_UNITS, LogSource, WINDOWS_EVENTS,
                                            never_collected_reason, sources_for)
from troubleshooter.collect.safe_files import (Refused, list_tree, log_owners, open_without_links,
                                               refuse_unless_collectable)
from troubleshooter.redact import mask_identifiers, redact_text_counted
from troubleshooter.terminal_text import escape_controls

MIB = 1024 * 1024
# Room kept free in the cap for the manifest and the zip's own headers.
_MANIFEST_ROOM = 64 * 1024
_PER_ENTRY_ROOM = 512
_COMMAND_TIMEOUT = 60.0
NOT_PRESENT = "not present on this VM"

ProgressCallback = Callable[[int, int, str], None]


class CollectCancelled(Exception):
    """The person cancelled; nothing was written."""


class CollectError(Exception):
    """The zip could not be written; the message says why in words a person can act on."""


@dataclass
class ManifestEntry:
    """One file of the zip, or one that was left out (`skipped` says why)."""

    source: str  # the path on the VM, or what produced the entry
    name: str | None = None  # the entry's name in the zip
    original_size: int | None = None
    bytes_included: int = 0
    sha256: str | None = None  # of the entry as stored in the zip
    redactions: int = 0
    cut_bytes: int = 0  # older bytes left out to keep the zip under its cap
    modified: str | None = None
    about: str = ""
    skipped: str | None = None
    raw_path_hex: str | None = None  # the path's bytes, when `source` shows some of them escaped


@dataclass
class CollectOptions:
    out: Path
    since_days: int = DEFAULT_SINCE_DAYS
    max_mb: float = DEFAULT_MAX_MB
    hide_identifiers: bool = False
    no_network: bool = False
    lang: str = "en"
    session: object | None = None  # a troubleshooter.flows.session.Session whose report to include
    overwrite: bool = False
    max_unpack_mb: float = DEFAULT_MAX_UNPACK_MB
    max_read_seconds: float = DEFAULT_MAX_READ_SECONDS


@dataclass
class CollectResult:
    path: Path
    size: int
    entries: list[ManifestEntry] = field(default_factory=list)

    @property
    def included(self) -> list[ManifestEntry]:
        return [entry for entry in self.entries if entry.skipped is None]

    @property
    def skipped(self) -> list[ManifestEntry]:
        return [entry for entry in self.entries if entry.skipped is not None]


@dataclass
class _Candidate:
    """Text that may go into the zip: a file to read (its newest part) or a command's output."""

    entry: ManifestEntry
    weight: int
    size: int
    local_path: Path | None = None
    text: str | None = None
    gzipped: bool = False
    mtime: float | None = None
    anchor: Path | None = None  # the folder the file's path is opened from, link by link (None: its drive's root)
    owners: frozenset[int] = frozenset()


def collect_bundle(options: CollectOptions, host: Host | None = None, *,
                   progress: ProgressCallback | None = None,
                   cancel_event: threading.Event | None = None) -> CollectResult:
    """Write the support zip to `options.out` and return what went into it."""
    host = host or LocalHost()
    cancel_event = cancel_event or threading.Event()
    tracker = _Progress(progress, cancel_event)
    cap = int(options.max_mb * MIB)
    if cap < 256 * 1024:
        raise CollectError("--max-mb is too small to hold even the checks and the manifest; use at least 0.25")

    tracker.stage("checks")
    results = _run_checks(host, options.no_network, cancel_event)
    identifiers = _identifiers(results)
    scrub = _Scrubber(identifiers if options.hide_identifiers else None)

    generated: list[tuple[str, bytes, ManifestEntry]] = []
    document = _checks_document(results, host.platform)
    generated.append(scrub.entry("checks.json", "vm-backup-troubleshooter checks --json",
                                 json.dumps(document, ensure_ascii=False, indent=2),
                                 "every local check, as `checks --json` prints it"))
    generated.append(scrub.entry("system.json", "this machine", json.dumps(
        _system_facts(host, options, document["vm"]), ensure_ascii=False, indent=2),
        "OS, host, uptime, memory, disks and the options of this collection"))
    report_entries, report_skips = _report_entries(options, scrub)
    generated += report_entries

    candidates, skipped = _file_candidates(host, options.since_days)
    command_candidates, command_skips = _command_candidates(host, options.since_days, cancel_event)
    candidates += command_candidates
    skipped += command_skips + report_skips
    tracker.total = len(candidates) + 2

    fixed_cost = sum(len(zlib.compress(data, 6)) + _PER_ENTRY_ROOM for _, data, _ in generated)
    budget = cap - _MANIFEST_ROOM - fixed_cost - _PER_ENTRY_ROOM * (len(candidates) + len(skipped) + 1)
    if budget < 0:
        raise CollectError(f"--max-mb {options.max_mb:g} cannot hold the checks and the report; "
                           "allow a larger zip")
    shares = _share_budget(candidates, budget)

    read: list[tuple[str, bytes, ManifestEntry, float | None]] = []
    reading = _ReadingBudget(options.max_unpack_mb, options.max_read_seconds)
    for candidate, share in zip(candidates, shares):
        tracker.step(candidate.entry.source)
        data = _read_candidate(candidate, share, scrub, reading)
        if data is None:
            skipped.append(candidate.entry)
        else:
            read.append((candidate.entry.name, data, candidate.entry, candidate.mtime))

    tracker.step("zip")
    entries = [entry for _, _, entry in generated] + [entry for _, _, entry, _ in read] + skipped
    payload = _zip_bytes([(name, data, entry, None) for name, data, entry in generated] + read, entries,
                         reading.summary())
    if len(payload) > cap:  # deflate never grows text this much; a broken promise must not pass silently
        raise CollectError(f"the zip came to {len(payload)} bytes, over the cap of {cap}")
    tracker.step("write")
    from troubleshooter.report.save import ReportSaveError, save_report_file

    try:
        path = save_report_file(options.out, payload, overwrite=options.overwrite)
    except ReportSaveError as exc:
        raise CollectError(str(exc)) from exc
    return CollectResult(Path(path), len(payload), entries)


class _Progress:
    def __init__(self, callback: ProgressCallback | None, cancel_event: threading.Event):
        self.callback = callback
        self.cancel_event = cancel_event
        self.done = 0
        self.total = 1

    def stage(self, what: str) -> None:
        self._check()
        if self.callback:
            self.callback(self.done, self.total, what)

    def step(self, what: str) -> None:
        self._check()
        self.done += 1
        if self.callback:
            self.callback(min(self.done, self.total), self.total, what)

    def _check(self) -> None:
        if self.cancel_event.is_set():
            raise CollectCancelled()


class _Scrubber:
    """Secrets out always; identifiers out when the person asked to hide them."""

    def __init__(self, identifiers: list[str] | None):
        self.identifiers = identifiers

    def text(self, text: str) -> tuple[str, int]:
        text, count = redact_text_counted(text)
        if self.identifiers is not None:
            text = mask_identifiers(text, self.identifiers)
        return text, count

    def entry(self, name: str, source: str, text: str, about: str) -> tuple[str, bytes, ManifestEntry]:
        clean, count = self.text(text)
        data = clean.encode("utf-8")
        return name, data, ManifestEntry(source=source, name=name, original_size=len(text.encode("utf-8")),
                                         bytes_included=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                         redactions=count, about=about)


def _run_checks(host: Host, no_network: bool, cancel_event: threading.Event):
    from troubleshooter.checks.runner import CheckRunner, applicable_check_ids

    results = []
    lock = threading.Lock()

    def keep(found) -> None:
        with lock:
            results.append(found)

    runner = CheckRunner(host=host, max_workers=8, no_network=no_network)
    ids = applicable_check_ids(host.platform)
    runner.start(ids, keep)
    while not runner.wait(0.1):
        if cancel_event.is_set():
            runner.cancel()
            runner.wait(5)
            raise CollectCancelled()
    order = {check_id: index for index, check_id in enumerate(ids)}
    return sorted(results, key=lambda found: order.get(found.check_id, len(order)))


def _checks_document(results, platform: str) -> dict:
    from troubleshooter.checks.document import checks_document
    from troubleshooter.checks.registry import all_checks

    return checks_document(results, {check_id: spec.title for check_id, spec in all_checks().items()},
                           platform=platform)


def _identifiers(results) -> list[str]:
    from troubleshooter.checks.document import vm_identity

    names = {socket.gethostname(), socket.getfqdn()}
    names |= {value for key, value in vm_identity(results).items() if key in ("vm_name", "vm_id", "subscription_id",
                                                                             "resource_group")}
    return sorted(name for name in names if name and name != "localhost")


def _system_facts(host: Host, options: CollectOptions, vm: dict) -> dict:
    memory = psutil.virtual_memory()
    disks = []
    for partition in psutil.disk_partitions(all=False):
        try:
            usage = psutil.disk_usage(partition.mountpoint)
        except OSError:
            continue
        disks.append({"mount": partition.mountpoint, "device": partition.device, "fstype": partition.fstype,
                      "total_gb": round(usage.total / 1024 ** 3, 1), "used_percent": usage.percent})
    boot = datetime.fromtimestamp(psutil.boot_time(), timezone.utc)
    os_release = ""
    if host.platform == "linux":
        try:
            os_release = host.read_text("/etc/os-release", 64 * 1024)
        except OSError:
            pass
    return {
        "program_version": __version__,
        "collected_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "platform": host.platform,
        "os": _os_name(),
        "os_release": _os_release_fields(os_release),
        "host_name": socket.gethostname(),
        "vm": vm,
        "boot_time": boot.isoformat(timespec="seconds"),
        "uptime_hours": round((datetime.now(timezone.utc) - boot).total_seconds() / 3600, 1),
        "cpu_count": psutil.cpu_count(),
        "memory_total_gb": round(memory.total / 1024 ** 3, 1),
        "memory_used_percent": memory.percent,
        "disks": disks,
        "administrator": _elevated(host),
        "options": {"since_days": options.since_days, "max_mb": options.max_mb,
                    "hide_identifiers": options.hide_identifiers, "no_network": options.no_network},
    }


def _os_name() -> str:
    """platform.platform() would ask the processor's name from a `uname` found on PATH."""
    return "-".join(part for part in (platform_module.system(), platform_module.release(),
                                      platform_module.machine()) if part)


def _os_release_fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key in ("NAME", "VERSION", "ID", "VERSION_ID", "PRETTY_NAME"):
            fields[key] = value.strip().strip('"')
    return fields


def default_zip_name(vm_name: str | None = None, now: datetime | None = None) -> str:
    now = now or datetime.now()
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in (vm_name or socket.gethostname()))[:60]
    return f"vmbackup-logs-{name or 'vm'}-{now:%Y%m%d-%H%M}.zip"


def _elevated(host: Host) -> bool:
    try:
        return bool(host.is_elevated())
    except Exception:  # noqa: BLE001 - unknown is reported as not elevated
        return False


def _report_entries(options: CollectOptions, scrub: _Scrubber):
    """The walk's report as PDF, JSON and text, when there is a walk."""
    if options.session is None:
        return [], [ManifestEntry(source="the walk's report", skipped="no walk: start the wizard, or pass "
                                                                     "--session, to include its report")]
    from troubleshooter.report import build_report, render_text, report_json_bytes

    report = build_report(options.session, hide_identifiers=options.hide_identifiers)
    lang = options.lang
    entries = [scrub.entry("report/report.json", "the walk's report", report_json_bytes(report).decode("utf-8"),
                           "the walk's report as JSON"),
               scrub.entry("report/report.txt", "the walk's report", render_text(report, lang),
                           "the walk's report as text")]
    skips = []
    try:
        from troubleshooter.report.pdf import render_pdf_bytes

        pdf = render_pdf_bytes(report, lang=lang)
    except Exception as exc:  # noqa: BLE001 - no graphics stack here: the JSON and text still go in
        skips.append(ManifestEntry(source="the walk's report", name="report/report.pdf",
                                   skipped=f"the PDF could not be made here ({type(exc).__name__}: {exc}); "
                                           "the JSON and text versions are included"))
    else:
        # The PDF is made from the same redacted report model as the text and the JSON.
        entries.append(("report/report.pdf", pdf, ManifestEntry(
            source="the walk's report", name="report/report.pdf", original_size=len(pdf), bytes_included=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(), about="the walk's report as PDF")))
    return entries, skips


def _zip_name(source: str, platform: str) -> str:
    if platform == "windows":
        pure = PureWindowsPath(source)
        parts = [pure.drive.rstrip(":")] + list(pure.parts[1:])
    else:
        parts = list(PurePosixPath(source).parts[1:])
    # A newline, an escape sequence or a byte that is not UTF-8 never reaches an entry's name.
    return "files/" + "/".join(escape_controls(part) for part in parts if part not in ("", "..", "."))


def _manifest_entry(vm_path: str, platform: str, about: str) -> ManifestEntry:
    """The manifest shows the path escaped, and keeps its raw bytes when escaping changed it."""
    shown = escape_controls(vm_path)
    entry = ManifestEntry(source=shown, name=_zip_name(vm_path, platform), about=about)
    if shown != vm_path:
        entry.raw_path_hex = os.fsencode(vm_path).hex() if platform != "windows" else \
            vm_path.encode("utf-16-le", "surrogatepass").hex()
    return entry


def _anchor(host: Host) -> Path | None:
    """The folder standing in for the machine's root in tests; None on the machine itself."""
    root = getattr(host, "root", None)
    return Path(root) if root is not None else None


def _file_candidates(host: Host, since_days: int) -> tuple[list[_Candidate], list[ManifestEntry]]:
    oldest = time.time() - since_days * 86400
    candidates: list[_Candidate] = []
    skipped: list[ManifestEntry] = []
    seen: set[str] = set()
    anchor = _anchor(host)
    for source in sources_for(host.platform):
        owners = log_owners(source.written_by)
        try:
            paths = _expand(host, source, anchor)
        except Refused as exc:
            skipped.append(ManifestEntry(source=source.pattern, about=source.about, skipped=str(exc)))
            continue
        if not paths:
            skipped.append(ManifestEntry(source=source.pattern, about=source.about, skipped=NOT_PRESENT))
        for vm_path in paths:
            if vm_path in seen:
                continue
            seen.add(vm_path)
            entry = _manifest_entry(vm_path, host.platform, source.about)
            local = host.local_path(vm_path)
            reason = never_collected_reason(PureWindowsPath(vm_path).name if host.platform == "windows"
                                            else PurePosixPath(vm_path).name)
            try:
                info = _opened_info(local, anchor)
            except Refused as exc:
                entry.skipped = str(exc)
                skipped.append(entry)
                continue
            except OSError as exc:
                entry.skipped = f"could not be read: {exc.strerror or exc}"
                skipped.append(entry)
                continue
            entry.original_size = info.st_size
            entry.modified = datetime.fromtimestamp(info.st_mtime, timezone.utc).isoformat(timespec="seconds")
            if reason:
                entry.skipped = f"never collected: {reason}"
            else:
                try:
                    refuse_unless_collectable(info, owners)
                except Refused as exc:
                    entry.skipped = str(exc)
            if not entry.skipped and _is_log(vm_path) and info.st_mtime < oldest:
                entry.skipped = f"last changed {entry.modified[:10]}, before the last {since_days} day(s) (--since)"
            if entry.skipped:
                skipped.append(entry)
                continue
            candidates.append(_Candidate(entry, source.weight, info.st_size, local_path=local,
                                         gzipped=vm_path.endswith(".gz"), mtime=info.st_mtime,
                                         anchor=anchor, owners=owners))
    return candidates, skipped


def _opened_info(local: Path, anchor: Path | None) -> os.stat_result:
    """What the file is, as its open descriptor says (never a name looked at before opening)."""
    fd = open_without_links(local, anchor)
    try:
        return os.fstat(fd)
    finally:
        os.close(fd)


def _is_log(vm_path: str) -> bool:
    """Logs age out with --since; configuration and status files count however old they are."""
    name = vm_path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return ".log" in name or name.startswith(("syslog", "messages", "audit.log")) or name.endswith(".gz")


def _expand(host: Host, source: LogSource, anchor: Path | None) -> list[str]:
    """The paths a source names; each is opened without links later. Raises Refused when a
    source's folder is itself a link."""
    if not source.tree:
        try:
            return host.glob(source.pattern)
        except OSError:
            return []
    try:
        found = list_tree(host.local_path(source.pattern), anchor)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError:
        return []
    separator = "\\" if host.platform == "windows" else "/"
    return [source.pattern.rstrip("\\/") + separator + separator.join(parts) for parts in found]


def _command_candidates(host: Host, since_days: int, cancel_event: threading.Event):
    candidates: list[_Candidate] = []
    skipped: list[ManifestEntry] = []
    since = datetime.now() - timedelta(days=since_days)
    if host.platform == "windows":
        for query in WINDOWS_EVENTS:
            if cancel_event.is_set():
                raise CollectCancelled()
            argv = _wevtutil_argv(query, since_days)
            candidate, skip = _command_candidate(host, argv, f"events/{query.log}.txt", query.about)
            candidates += [candidate] if candidate else []
            skipped += [skip] if skip else []
    else:
        argv = ["journalctl", "--no-pager", "--output=short-iso", "--since", since.strftime("%Y-%m-%d %H:%M:%S")]
        for unit in LINUX_JOURNAL_UNITS:
            argv += ["--unit", unit]
        candidate, skip = _command_candidate(host, argv, "journal/agent.txt",
                                             "the agent's messages in the systemd journal")
        candidates += [candidate] if candidate else []
        skipped += [skip] if skip else []
    return candidates, skipped


def _wevtutil_argv(query: EventQuery, since_days: int) -> list[str]:
    providers = " or ".join(f"Provider[@Name='{name}']" for name in query.providers)
    window = since_days * 86_400_000
    xpath = f"*[System[({providers}) and TimeCreated[timediff(@SystemTime) <= {window}]]]"
    # Newest first and at most 5,000 events: the budget keeps the newest part anyway.
    return ["wevtutil", "qe", query.log, f"/q:{xpath}", "/f:text", "/rd:true", "/c:5000"]


def _command_candidate(host: Host, argv: list[str], name: str, about: str):
    source = " ".join(argv)
    program = argv[0]
    if host.which(program) is None:
        return None, ManifestEntry(source=source, name=name, about=about, skipped=f"{program} is not on this VM")
    output = host.run(argv, timeout=_COMMAND_TIMEOUT)
    if output.cancelled:
        raise CollectCancelled()
    if output.timed_out:
        return None, ManifestEntry(source=source, name=name, about=about,
                                   skipped=f"{program} did not finish within {_COMMAND_TIMEOUT:.0f} s")
    if output.returncode != 0:
        said = (output.stderr or output.stdout).strip().splitlines()
        return None, ManifestEntry(source=source, name=name, about=about,
                                   skipped=f"{program} failed: {said[0][:200] if said else f'exit {output.returncode}'}")
    text = output.stdout
    if not text.strip() or text.strip() in ("-- No entries --", "No events were found."):
        return None, ManifestEntry(source=source, name=name, about=about, skipped="nothing to collect")
    entry = ManifestEntry(source=source, name=name, about=about, original_size=len(text.encode("utf-8")))
    # Newest first from wevtutil; the cut keeps the tail, so put the newest last.
    if program == "wevtutil":
        text = "\n\n".join(reversed(text.strip().split("\n\n")))
    return _Candidate(entry, 1, entry.original_size, text=text), None


def _share_budget(candidates: list[_Candidate], budget: int) -> list[int]:
    """Each candidate's byte allowance: small files whole, the rest split by weight (water-filling)."""
    shares = [0] * len(candidates)
    order = sorted(range(len(candidates)), key=lambda i: candidates[i].size / candidates[i].weight)
    remaining_weight = sum(candidate.weight for candidate in candidates)
    remaining = max(budget, 0)
    for index in order:
        candidate = candidates[index]
        fair = remaining * candidate.weight // remaining_weight if remaining_weight else 0
        shares[index] = min(candidate.size, fair) if not candidate.gzipped else fair
        remaining -= shares[index]
        remaining_weight -= candidate.weight
    return shares


class _BudgetSpent(Exception):
    pass


class _ReadingBudget:
    """What the whole run may unpack from compressed logs, and how long it may read logs for."""

    def __init__(self, max_unpack_mb: float, max_read_seconds: float):
        self.max_unpack_mb = max_unpack_mb
        self.max_read_seconds = max_read_seconds
        self.unpack_left = int(max_unpack_mb * MIB)
        self.deadline = time.monotonic() + max_read_seconds
        self.cut: list[str] = []

    def check_time(self) -> None:
        if time.monotonic() >= self.deadline:
            raise _BudgetSpent(f"not read: the {self.max_read_seconds:g} s for reading logs (--max-read-seconds) "
                               "were used up")

    def unpacked(self, count: int) -> None:
        self.unpack_left -= count
        if self.unpack_left < 0:
            raise _BudgetSpent(f"cut: the {self.max_unpack_mb:g} MB of text this run may unpack from compressed "
                               "logs (--max-unpack-mb) were used up, and a log's newest part is at its end")
        self.check_time()

    def summary(self) -> dict:
        return {"unpack_mb": self.max_unpack_mb, "read_seconds": self.max_read_seconds, "cut": self.cut}


def _read_candidate(candidate: _Candidate, share: int, scrub: _Scrubber, reading: _ReadingBudget) -> bytes | None:
    entry = candidate.entry
    if share <= 0:
        entry.skipped = "no room left under --max-mb"
        return None
    try:
        if candidate.text is not None:
            raw = candidate.text.encode("utf-8")
            total = len(raw)
            data = raw[max(0, total - share):]
        else:
            reading.check_time()
            if candidate.gzipped:
                data, total = _read_gzip_tail(_open_read_only(candidate), share, reading)
            else:
                data, total = _read_file_tail(_open_read_only(candidate), share)
    except _BudgetSpent as exc:
        entry.skipped = str(exc)
        reading.cut.append(entry.source)
        return None
    except Refused as exc:
        entry.skipped = str(exc)
        return None
    except OSError as exc:
        entry.skipped = f"could not be read: {exc.strerror or exc}"
        return None
    if _looks_binary(data):
        entry.skipped = "a binary file, not a log that can be read or redacted"
        return None
    cut = total - len(data)
    if cut > 0:
        data = _from_next_line(data)
        cut = total - len(data)
    text = decode_output(data)
    if cut > 0:
        text = _drop_cut_blocks(text)
        text = f"[... {cut} older bytes left out to keep the zip under its size cap ...]\n" + text
    clean, count = scrub.text(text)
    stored = clean.encode("utf-8")
    entry.bytes_included = len(stored)
    entry.cut_bytes = cut
    entry.redactions = count
    entry.sha256 = hashlib.sha256(stored).hexdigest()
    if candidate.gzipped:
        entry.name = entry.name[:-3] if entry.name.endswith(".gz") else entry.name
        entry.about += " (decompressed)"
    return stored


def _open_read_only(candidate: _Candidate) -> int:
    """A read-only descriptor opened link by link, judged again on what was opened (the file may
    have been swapped since it was listed), that never blocks on a FIFO and keeps the access time."""
    fd = open_without_links(candidate.local_path, candidate.anchor, keep_access_time=True)
    try:
        refuse_unless_collectable(os.fstat(fd), candidate.owners)
    except Refused:
        os.close(fd)
        raise
    return fd


def _read_file_tail(fd: int, share: int) -> tuple[bytes, int]:
    try:
        size = os.fstat(fd).st_size
        start = max(0, size - share)
        chunks = []
        wanted = size - start
        while wanted > 0:
            chunk = os.pread(fd, min(wanted, MIB), start) if hasattr(os, "pread") else _seek_read(fd, start, wanted)
            if not chunk:
                break
            chunks.append(chunk)
            start += len(chunk)
            wanted -= len(chunk)
        return b"".join(chunks), size
    finally:
        os.close(fd)


def _seek_read(fd: int, offset: int, wanted: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, min(wanted, MIB))


def _read_gzip_tail(fd: int, share: int, reading: _ReadingBudget) -> tuple[bytes, int]:
    with os.fdopen(fd, "rb") as raw, gzip.GzipFile(fileobj=raw) as stream:
        window = bytearray()
        total = 0
        while True:
            chunk = stream.read(MIB)
            if not chunk:
                break
            total += len(chunk)
            reading.unpacked(len(chunk))
            window += chunk
            if len(window) > share:
                del window[:len(window) - share]
        return bytes(window), total


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or sample[1:2] == b"\x00" and sample[3:4] == b"\x00":
        return False  # UTF-16 text, as Windows tools write it
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return control > len(sample) // 100


def _from_next_line(data: bytes) -> bytes:
    """A cut lands mid-line; start at the next whole line so no half line (or half character) shows."""
    newline = data.find(b"\n")
    return data[newline + 1:] if 0 <= newline < len(data) - 1 else data


def _drop_cut_blocks(text: str) -> str:
    """If the cut fell inside a PEM block, its BEGIN line is gone and redaction would miss the body."""
    end = text.find("-----END ")
    begin = text.find("-----BEGIN ")
    if end != -1 and (begin == -1 or end < begin):
        line_end = text.find("\n", end)
        return "" if line_end == -1 else text[line_end + 1:]
    return text


def _zip_bytes(items: list[tuple[str, bytes, ManifestEntry, float | None]], entries: list[ManifestEntry],
               budget: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        used: set[str] = set()
        for name, data, entry, mtime in items:
            name = _unique(name, used)
            entry.name = name
            stamp = datetime.fromtimestamp(mtime) if mtime else datetime.now()
            info = zipfile.ZipInfo(name, date_time=max(stamp, datetime(1980, 1, 1)).timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        manifest = {"format": "vmbt-collect/1", "program_version": __version__,
                    "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "budget": budget, "files": [asdict(entry) for entry in entries]}
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name, 2
    while candidate in used:
        candidate = f"{name}.{number}"
        number += 1
    used.add(candidate)
    return candidate
