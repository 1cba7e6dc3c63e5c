"""The `collect` command: write the support zip and say what went in, what was left out and why."""

from __future__ import annotations

import argparse
import socket
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from troubleshooter.collect.bundle import (NOT_PRESENT, CollectCancelled, CollectError, CollectOptions, CollectResult,
                                           collect_bundle)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CANCELLED = 130


def default_zip_name(vm_name: str | None = None, now: datetime | None = None) -> str:
    now = now or datetime.now()
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in (vm_name or socket.gethostname()))[:60]
    return f"vmbackup-logs-{name or 'vm'}-{now:%Y%m%d-%H%M}.zip"


def run_collect_command(args: argparse.Namespace) -> int:
    if args.since < 1 or args.max_mb <= 0:
        print("--since takes a number of days (1 or more) and --max-mb a size above 0", file=sys.stderr)
        return EXIT_USAGE
    lang = getattr(args, "lang", None) or "en"
    try:
        session = _session(args.session, args.since)
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    out = args.out or Path(default_zip_name())
    options = CollectOptions(out=out, since_days=args.since, max_mb=args.max_mb,
                             hide_identifiers=args.hide_identifiers, no_network=args.no_network,
                             lang=lang, session=session, overwrite=args.force)
    if out.exists() and not args.force:
        print(f"{out} already exists; use --force to overwrite it, or --out to choose another name", file=sys.stderr)
        return EXIT_USAGE

    def progress(done: int, total: int, what: str) -> None:
        print(f"[{done}/{total}] {what}", file=sys.stderr)

    try:
        result = collect_bundle(options, progress=progress if sys.stderr.isatty() else None)
    except CollectCancelled:
        print("cancelled; nothing was written", file=sys.stderr)
        return EXIT_CANCELLED
    except KeyboardInterrupt:
        print("cancelled; nothing was written", file=sys.stderr)
        return EXIT_CANCELLED
    except CollectError as exc:
        print(f"the zip was not written: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(describe(result))
    return EXIT_OK


def describe(result: CollectResult) -> str:
    included = result.included
    lines = [f"Wrote {result.path} ({result.size / 1024 / 1024:.1f} MB): {len(included)} file(s), "
             f"{sum(entry.redactions for entry in included)} secret(s) removed."]
    cut = [entry for entry in included if entry.cut_bytes]
    if cut:
        lines.append(f"Cut to their newest part to fit the size cap: {', '.join(entry.source for entry in cut)}")
    absent = [entry.source for entry in result.skipped if entry.skipped == NOT_PRESENT]
    if absent:
        lines.append(f"Not on this VM: {', '.join(absent)}")
    for entry in result.skipped:
        if entry.skipped != NOT_PRESENT:
            lines.append(f"Left out: {entry.source}: {entry.skipped}")
    lines.append("manifest.json in the zip lists every file with its size, checksum and redactions.")
    return "\n".join(lines)


def _session(wanted: str | None, since_days: int):
    """The walk to report on: the one named, else the newest saved within the window, else none."""
    from troubleshooter.flows.lint import load_checked_flows
    from troubleshooter.flows.session import SessionError, SessionFileError
    from troubleshooter.flows.store import SessionStore

    store = SessionStore()
    flows = load_checked_flows()
    if wanted:
        try:
            return store.load(wanted, flows)
        except (SessionError, SessionFileError, OSError, ValueError) as exc:
            raise LookupError(f"the walk '{wanted}' cannot be read: {exc}") from None
    oldest = datetime.now(timezone.utc) - timedelta(days=since_days)
    for saved in store.list():  # newest first
        if _saved_at(saved.updated_at) < oldest:
            break
        try:
            return store.load(str(saved.path), flows)
        except (SessionError, SessionFileError, OSError, ValueError):
            continue
    return None


def _saved_at(stamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
