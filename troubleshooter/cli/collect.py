"""The `collect` command: write the support zip and say what went in, what was left out and why."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from troubleshooter.collect import DEFAULT_MAX_MB, DEFAULT_MAX_READ_SECONDS, DEFAULT_MAX_UNPACK_MB, DEFAULT_SINCE_DAYS
from troubleshooter.config import Config, current
from troubleshooter.terminal_text import escape_controls

if TYPE_CHECKING:
    from troubleshooter.collect.bundle import CollectResult

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CANCELLED = 130


def add_parser(sub) -> None:
    collect = sub.add_parser("collect", help="write one zip for a support ticket: the walk's report, the checks "
                                             "and the backup-related logs, redacted and capped")
    collect.add_argument("--out", type=Path, metavar="FILE.zip",
                         help="where to write the zip (default: vmbackup-logs-<host>-<date>.zip here)")
    collect.add_argument("--since", type=int, default=DEFAULT_SINCE_DAYS, metavar="DAYS",
                         help=f"logs changed in the last DAYS days (default {DEFAULT_SINCE_DAYS})")
    collect.add_argument("--max-mb", type=float, default=DEFAULT_MAX_MB, metavar="N",
                         help=f"keep the zip under N MB, cutting each log's oldest part (default {DEFAULT_MAX_MB})")
    collect.add_argument("--max-unpack-mb", type=float, default=DEFAULT_MAX_UNPACK_MB, metavar="N",
                         help="unpack at most N MB of text from compressed logs in all; the manifest names "
                              f"what is cut (default {DEFAULT_MAX_UNPACK_MB})")
    collect.add_argument("--max-read-seconds", type=float, default=DEFAULT_MAX_READ_SECONDS, metavar="S",
                         help=f"spend at most S seconds reading logs; the manifest names what is cut "
                              f"(default {DEFAULT_MAX_READ_SECONDS})")
    collect.add_argument("--hide-identifiers", action="store_true",
                         help="also mask subscription, vmId, host name and IP addresses (secrets are always removed)")
    collect.add_argument("--no-network", action="store_true", help="skip checks that would send a packet")
    collect.add_argument("--session", metavar="SESSION",
                         help="the saved walk whose report to include (default: the newest of the last DAYS days)")
    collect.add_argument("--force", action="store_true", help="overwrite the zip if it exists")


def run(args: argparse.Namespace, config: Config | None = None) -> int:
    from troubleshooter.collect.bundle import (CollectCancelled, CollectError, CollectOptions, collect_bundle,
                                               default_zip_name)

    config = config or current()
    if args.since < 1 or args.max_mb <= 0 or args.max_unpack_mb < 0 or args.max_read_seconds < 0:
        print("--since takes a number of days (1 or more), --max-mb a size above 0, --max-unpack-mb and "
              "--max-read-seconds a number of 0 or more", file=sys.stderr)
        return EXIT_USAGE
    lang = getattr(args, "lang", None) or "en"
    try:
        session = _session(args.session, args.since, config)
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    out = args.out or Path(default_zip_name())
    options = CollectOptions(out=out, since_days=args.since, max_mb=args.max_mb,
                             hide_identifiers=args.hide_identifiers, no_network=config.no_network,
                             lang=lang, session=session, overwrite=args.force,
                             max_unpack_mb=args.max_unpack_mb, max_read_seconds=args.max_read_seconds)
    if out.exists() and not args.force:
        print(f"{out} already exists; use --force to overwrite it, or --out to choose another name", file=sys.stderr)
        return EXIT_USAGE

    if session is not None:
        _application_for_the_pdf()

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


def _application_for_the_pdf() -> None:
    """The walk's report goes in as a PDF too, which Qt draws; without QtGui here the zip still
    gets the JSON and text versions, and its manifest says why the PDF is missing."""
    try:
        from troubleshooter.qt_application import report_application

        report_application()
    except ImportError:
        pass


def describe(result: CollectResult) -> str:
    from troubleshooter.collect.bundle import NOT_PRESENT

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
    # A file name may hold a newline or a terminal's escape sequence: each line shows them escaped.
    return "\n".join(escape_controls(line) for line in lines)


def _session(wanted: str | None, since_days: int, config: Config):
    """The walk to report on: the one named, else the newest saved within the window, else none."""
    from troubleshooter.flows.lint import load_checked_flows
    from troubleshooter.flows.session import SessionError, SessionFileError
    from troubleshooter.flows.store import SessionStore

    store = SessionStore(config.sessions_dir)
    flows = load_checked_flows(config=config)
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
