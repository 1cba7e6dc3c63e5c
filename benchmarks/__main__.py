"""`make bench`: measure every figure, print the table, write benchmarks/RESULTS.md, flag regressions.

    python -m benchmarks                 # 5 runs of each figure
    python -m benchmarks --runs 7 --output /tmp/RESULTS.md
    python -m benchmarks --only startup,memory --output /tmp/RESULTS.md   # some parts only
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.loopback import LoopbackAzure
from benchmarks.machine import describe_machine
from benchmarks.results import RESULTS_FILE, markdown, read_previous, regressions, table_text
from benchmarks.stats import Figure

MIN_RUNS = 5
# Every target on time is a ratio to the bare QWizard's first window in the same run (about 0.1 s on a
# quiet machine of ours), so a slower or busier machine moves the reference with the figure. The
# checks' budgets stay in seconds: they are timeouts, which a faster machine does not shorten.
STALL_RATIO = 0.5  # was < 50 ms
FIRST_KEY_RATIO = 0.3
CLI_SEARCH_RATIO = 5.0  # one `search` against `python -c pass`
FIRST_WINDOW_FROM_SOURCE = 1.5
FIRST_WINDOW_EXECUTABLE = 3.0  # the one-file build's first window: its splash
EXECUTABLE_WIZARD_WINDOW = 4.0  # ... and the wizard's window after it
EXECUTABLE_BYTES = 40 * 1000 * 1000
MEMORY_RATIO = 1.5
SEARCH_P99_RATIO = 0.2  # was < 20 ms
SEARCH_HOSTILE_RATIO = 0.5  # any single answer, whatever is pasted (was < 50 ms)
SEARCH_MEGABYTE_PASTE_RATIO = 10.0  # was < 1 s
PDF_RATIO = 5.0  # was < 0.5 s
PDF_BYTES = 300 * 1024
CHECKS_BUDGET_S = 3.0
LONG_LINE_REPORT_RATIO = 20.0  # was < 2 s
LONG_LINE_STALL_RATIO = 1.0  # was < 100 ms
# What --only can pick; startup covers the first-window, X11 and one-file phase figures.
PARTS = ("startup", "terminal", "checks", "search", "report", "memory", "long-line", "executable", "wine")
TERMINAL_FIRST_SCREEN = 0.5
# A query takes a fraction of a millisecond; one scheduler hiccup on a shared machine moves its
# 99th percentile by more than 20%, so smaller changes than this are not called regressions.
QUERY_RESOLUTION_S = 0.001


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _count_statuses(statuses: dict[str, str]) -> str:
    values = list(statuses.values())
    return ", ".join(f"{values.count(status)} {status}" for status in sorted(set(values)))


def compile_sources() -> None:
    """Write the program's bytecode (__pycache__) before anything is timed, as `pip install` does.

    A shell with PYTHONDONTWRITEBYTECODE=1 (ours has it) would otherwise make every launch from
    source compile about 40 modules again, some 35 ms that no installed copy ever spends.
    """
    import compileall

    root = Path(__file__).resolve().parent.parent
    for folder in ("gui", "troubleshooter", "benchmarks"):
        compileall.compile_dir(root / folder, quiet=1)


def startup_figures(runs: int, environment: dict[str, str]) -> tuple[float, list[Figure], list[str]]:
    from benchmarks.startup import EXECUTABLE, FIRST_START, measure_first_window, measure_on_x11

    times, problems = measure_first_window(runs, environment)
    bare = statistics.median(times["bare"])
    figures = [
        Figure("first_window.bare", "first window: bare QWizard (reference)", "s", times["bare"], reference=bare),
        Figure("first_window.source", "first window: app from source", "s", times["source"], reference=bare,
               limit=FIRST_WINDOW_FROM_SOURCE, limit_on_ratio=True, target=f"<= {FIRST_WINDOW_FROM_SOURCE}x bare"),
    ]
    notes = ["first window: spawn to the VMBT_WINDOW_SHOWN line that build/vmbt_entry.py prints at the first "
             "expose with VMBT_EXIT_AFTER_SHOW=1 (the same entry as the executable; `python -m troubleshooter` "
             "reaches the same cli.main); offscreen, one warm-up launch each, programs in turns; the "
             "program's bytecode is written first (compileall), as an installed copy has it.", *problems]
    if "executable" in times:
        figures.append(Figure("first_window.executable", "wizard window: dist executable (one file, cache warm)",
                              "s", times["executable"], reference=bare, limit=EXECUTABLE_WIZARD_WINDOW,
                              limit_on_ratio=True, target=f"<= {EXECUTABLE_WIZARD_WINDOW:g}x bare"))
        if FIRST_START in times:
            figures.append(Figure("first_window.executable_first_start",
                                  "wizard window: one file's first start on a machine (unpacks into the cache)", "s",
                                  times[FIRST_START], reference=bare, target="(once per machine and version)"))
        notes.append(f"executable: the existing {EXECUTABLE.relative_to(EXECUTABLE.parent.parent)} was measured as "
                     "found; bench does not build it (`make exe` takes minutes). It is one file in two stages: its "
                     "launcher starts the one-folder program from the user's cache (build/onefile_cache.py), "
                     "unpacking it there at the first start on a machine. 'cache warm' is every later start (the "
                     "warm-up launch filled a cache of the bench's own); the first start had the program's folder "
                     "removed from that cache before each launch (Qt's and fontconfig's caches beside it stay, as "
                     "on a machine that was used before).")
    else:
        notes.append("executable: dist/VMBackupTroubleshooter is not built (or would not start), so its figures "
                     "are missing; `make exe` builds it (bench does not, it takes minutes).")
    if "onedir" in times:
        figures.append(Figure("first_window.onedir", "first window: one-folder build", "s", times["onedir"],
                              reference=bare, target="(for comparison)"))
    x11 = measure_on_x11(runs, environment)
    if x11 is None:
        notes.append("X11: Xvfb is not installed, so the splash of the one-file build could not be timed.")
        return bare, figures, notes
    x11_bare = statistics.median(x11["bare"]["first"])
    figures.append(Figure("x11.bare", "X11 first window: bare QWizard (reference)", "s", x11["bare"]["first"],
                          reference=x11_bare))
    figures.append(Figure("x11.source", "X11 first window: app from source", "s", x11["source"]["first"],
                          reference=x11_bare, limit=FIRST_WINDOW_FROM_SOURCE, limit_on_ratio=True,
                          target=f"<= {FIRST_WINDOW_FROM_SOURCE}x bare"))
    if "executable" in x11:
        figures.append(Figure("x11.executable_first", "X11 first window: executable (its splash)", "s",
                              x11["executable"]["first"], reference=x11_bare, limit=FIRST_WINDOW_EXECUTABLE,
                              limit_on_ratio=True, target=f"<= {FIRST_WINDOW_EXECUTABLE}x bare"))
        figures.append(Figure("x11.executable_main", "X11 wizard window: executable", "s",
                              x11["executable"]["main"], reference=x11_bare, limit=EXECUTABLE_WIZARD_WINDOW,
                              limit_on_ratio=True, target=f"<= {EXECUTABLE_WIZARD_WINDOW:g}x bare (after the splash)"))
    notes.append("X11: the same launches on a private Xvfb server; the first window is the first window the "
                 "server maps (for the one-file build, the splash its bootloader shows before unpacking, which "
                 "the issue counts), the wizard window the VMBT_WINDOW_SHOWN line. Offscreen figures above "
                 "cannot see a splash: for the executable they are the wizard window.")
    return bare, figures, notes


def start_phase_figures(runs: int, environment: dict[str, str], bare: float) -> tuple[list[Figure], list[str]]:
    """Where the one-file build's start goes: unpacking, the interpreter, then imports and first paint."""
    from benchmarks.startup import FIRST_START, measure_start_phases

    phases = measure_start_phases(runs, environment)
    if "executable" not in phases:
        return [], []
    one_file = phases["executable"]
    figures = [Figure("start.executable_in_python", "one-file start: imports, flows, window, first paint", "s",
                      one_file["in_python"], reference=bare)]
    if "onedir" in phases:
        folder = phases["onedir"]
        # Launches alternate, so each one-file launch is paired with the one-folder launch beside it.
        launcher = [max(0.0, a - b) for a, b in zip(one_file["before_python"], folder["before_python"])]
        figures.insert(0, Figure("start.executable_launcher",
                                 "one-file start: its launcher (own start, cache check, exec)", "s", launcher,
                                 reference=bare))
        if FIRST_START in phases:
            first = [max(0.0, a - b) for a, b in zip(phases[FIRST_START]["before_python"], folder["before_python"])]
            figures.insert(1, Figure("start.executable_first_start_unpacking",
                                     "one-file first start: its launcher and the unpacking into the cache", "s",
                                     first, reference=bare))
        figures.insert(len(figures) - 1, Figure("start.interpreter",
                                                "one-file start: Python's own start (one-folder build)", "s",
                                                folder["before_python"], reference=bare))
    else:
        figures.insert(0, Figure("start.executable_before_python", "one-file start: launcher and Python's start",
                                 "s", one_file["before_python"], reference=bare))
    from benchmarks.startup import measure_cpu_to_window

    cpu = measure_cpu_to_window(runs, environment)
    if cpu:
        bare_cpu = statistics.median(cpu["bare"])
        labels = {"bare": "CPU of a start (to the window, then exit): bare QWizard (reference)",
                  "source": "CPU of a start: app from source", "executable": "CPU of a start: one-file build",
                  "onedir": "CPU of a start: one-folder build"}
        for name, samples in cpu.items():
            figures.append(Figure(f"cpu.{name}", labels[name], "s", samples, reference=bare_cpu))
    note = ("one-file start: each launch timed from spawn to the wizard's first expose, split at the moment "
            "build/vmbt_entry.py starts (it reports its own time to the window); the one-file build's extra "
            "time before that, against the one-folder build launched beside it, is its launcher: the "
            "launcher's own small unpacking (about 10 MB: the interpreter and the standard library's few "
            "modules it needs), its Python's start, the cache check and exec; at the first start on a "
            "machine also the unpacking of the program (84 MB from a zip) into the cache. CPU of a "
            "start: user + system time of the whole process tree from spawn to exit after the first window, "
            "which other work on a shared machine hardly changes, against the bare QWizard's in the same run.")
    return figures, [note]


def checks_figures(runs: int, bare: float, key: str, scenario: str) -> list[Figure]:
    """The full checks run against the endpoints this process points at now."""
    from benchmarks.checks_run import run_all_checks
    from troubleshooter.checks.thresholds import LOAD_SAMPLE_SECONDS

    budget = CHECKS_BUDGET_S + LOAD_SAMPLE_SECONDS
    walls, longest, slowest_ids, statuses = [], [], [], {}
    for _ in range(runs):
        wall, slowest, statuses = run_all_checks()
        walls.append(wall)
        longest.append(slowest.duration)
        slowest_ids.append(slowest.check_id)
    target = f"< {CHECKS_BUDGET_S:g} s + {LOAD_SAMPLE_SECONDS:g} s load window"
    note = f"{len(statuses)} checks ({_count_statuses(statuses)}); slowest: {', '.join(sorted(set(slowest_ids)))}"
    return [Figure(f"{key}.wall", f"checks ({scenario}): full run, wall time", "s", walls, reference=bare,
                   limit=budget, target=target, note=note),
            Figure(f"{key}.longest", f"checks ({scenario}): longest single check", "s", longest, reference=bare,
                   limit=budget, target=target)]


def search_figures(runs: int, bare: float) -> list[Figure]:
    from benchmarks.search_latency import (MEGABYTE_PASTE, build_index_seconds, catalog_queries,
                                           hostile_queries, load_index_seconds, query_latencies,
                                           slowest_query_seconds)
    from troubleshooter.flows.lint import load_checked_flows

    flows = load_checked_flows()
    queries = catalog_queries()
    hostile = hostile_queries()
    builds, loads, medians, p99s, hostile_slowest, pastes = [], [], [], [], [], []
    build_index_seconds(flows)  # warm-up: modules loaded; every measured run starts with cold word caches
    for _ in range(runs):
        seconds, index = build_index_seconds(flows)
        builds.append(seconds)
        loads.append(load_index_seconds(flows, index))
        median, p99 = query_latencies(index, queries)
        medians.append(median)
        p99s.append(p99)
        hostile_slowest.append(slowest_query_seconds(index, hostile))
        pastes.append(slowest_query_seconds(index, [MEGABYTE_PASTE]))
    note = (f"{len(queries)} catalog queries (tests/search/queries.yaml, en and ko), each asked once per run, "
            "right after a fresh index build with cold word caches")
    return [Figure("search.median", "search: median per query", "s", medians, reference=bare, note=note,
                   resolution=QUERY_RESOLUTION_S),
            Figure("search.p99", "search: 99th percentile per query", "s", p99s, reference=bare,
                   **_ratio_target(SEARCH_P99_RATIO), resolution=QUERY_RESOLUTION_S),
            Figure("search.index_build", "search: index build (once per flows and program version)", "s", builds,
                   reference=bare, note="the vocabulary's load (resources/search-vocabulary.yaml, from its cache) "
                                        "included; no start builds it when the data cache holds it"),
            Figure("search.index_load", "search: index read from the data cache", "s", loads, reference=bare),
            Figure("search.hostile_slowest", "search: slowest hostile query", "s", hostile_slowest,
                   reference=bare, **_ratio_target(SEARCH_HOSTILE_RATIO), resolution=QUERY_RESOLUTION_S,
                   note=f"{len(hostile)} queries of tests/search/hostile_queries.json, en and ko, each asked once"),
            Figure("search.megabyte_paste", "search: a 1 MB pasted log", "s", pastes, reference=bare,
                   **_ratio_target(SEARCH_MEGABYTE_PASTE_RATIO)),
            *cli_search_figures(runs)]


def _ratio_target(ratio: float) -> dict:
    return {"limit": ratio, "limit_on_ratio": True, "target": f"<= {ratio:g}x bare"}


def cli_search_figures(runs: int) -> list[Figure]:
    """One `search` from the command line, a fresh process each time, against `python -c pass`."""
    from benchmarks.search_latency import SEARCH_COMMAND, spawn_seconds

    warm_caches()  # a second search: the data cache holds the flows, the vocabulary and the index
    spawn_seconds([sys.executable, "-c", "pass"])
    spawn_seconds(SEARCH_COMMAND)
    python, search = [], []
    for _ in range(runs):  # in turns, so a busy moment of the machine touches both
        python.append(spawn_seconds([sys.executable, "-c", "pass"]))
        search.append(spawn_seconds(SEARCH_COMMAND))
    reference = statistics.median(python)
    return [Figure("cli.python", "command line: python -c pass (reference)", "s", python, reference=reference),
            Figure("cli.search", "command line: one search", "s", search, reference=reference,
                   reference_label="python -c pass", limit=CLI_SEARCH_RATIO,
                   limit_on_ratio=True, target=f"<= {CLI_SEARCH_RATIO:g}x python -c pass",
                   note=f"{' '.join(SEARCH_COMMAND[1:])}, spawn to exit, caches warm")]


def terminal_figures(runs: int, environment: dict[str, str], bare: float) -> list[Figure]:
    """The terminal wizard's first screen (SSH, the Serial Console) against the bare QWizard's first window."""
    from benchmarks.terminal_start import time_to_first_screen

    time_to_first_screen(environment)  # warm-up: the compiled flows' cache written, files in the page cache
    times = [time_to_first_screen(environment) for _ in range(runs)]
    return [Figure("terminal.first_screen", "terminal wizard: first screen", "s", times, reference=bare,
                   limit=TERMINAL_FIRST_SCREEN, limit_on_ratio=True, target=f"<= {TERMINAL_FIRST_SCREEN}x bare",
                   note="`walk` in a pseudo-terminal of 80x24, from spawn to its start page's prompt")]


def report_figures(runs: int, bare: float) -> list[Figure]:
    from benchmarks.report_pdf import longest_session, page_count, pdf_of

    session, case_id = longest_session()
    pdf_of(session)  # warm-up: fonts registered, Qt's PDF engine loaded
    times, sizes, pages = [], [], []
    for _ in range(runs):
        seconds, data = pdf_of(session)
        times.append(seconds)
        sizes.append(float(len(data)))
        pages.append(float(page_count(data)))
    walk = f"{len(session.history)} steps (case {case_id}'s walk carried on past each fix), A4, en"
    return [Figure("report.pdf_time", "report: PDF of the longest walk", "s", times, reference=bare,
                   **_ratio_target(PDF_RATIO), note=walk),
            Figure("report.pdf_size", "report: PDF size", "bytes", sizes, limit=PDF_BYTES, target="< 300 KiB"),
            Figure("report.pdf_pages", "report: PDF pages", "pages", pages)]


def warm_caches() -> Path:
    """The cache folder of this run's data folder, with every cache a second start finds there
    (the checked flows, both text catalogs, the search vocabulary), written now if missing."""
    from troubleshooter.checks.texts import check_texts
    from troubleshooter.flows.compiled import _cache_dir, load_checked_flows
    from troubleshooter.report.labels import report_texts
    from troubleshooter.search import cached_index
    from troubleshooter.search_vocabulary import vocabulary

    cached_index(load_checked_flows())
    check_texts()
    report_texts()
    vocabulary()
    return _cache_dir()


def window_figures(runs: int, environment: dict[str, str], bare: float) -> tuple[list[Figure], list[str]]:
    from benchmarks.probes import run_probe
    from benchmarks.window_probe import PROBE_INTERVAL_MS

    stalls, first_keys, bare_memory, window_memory, notes = [], [], [], [], []
    cache = warm_caches()
    for _ in range(runs):
        first_keys.append(float(run_probe("first-key", environment, cache)["longest_gap_ms"]))
        stall = run_probe("window-stall", environment, cache)
        if stall["finished"] != stall["checks"]:
            raise RuntimeError(f"the window's checks did not all finish: {stall}")
        stalls.append(float(stall["longest_gap_ms"]))
        bare_memory.append(float(run_probe("bare-memory", environment)["max_rss_bytes"]))
        walked = run_probe("window-memory", environment, cache)
        window_memory.append(float(walked["max_rss_bytes"]))
    phases = run_probe("startup-phases", environment, cache)["phases"]
    notes.append("where the window's start-up goes (one run in a fresh process, as gui.app.run_app; RSS = "
                 "resident memory after the phase): " + "; ".join(f"{item['phase']} {item['seconds'] * 1000:.0f} ms, RSS then "
                             f"{item['rss_bytes'] / 2**20:.0f} MiB" for item in phases))
    bare_peak = statistics.median(bare_memory)
    return [Figure("window.first_key", "window: first key in the search box (longest stall to the matches)",
                   "ms", first_keys, reference=bare * 1000, **_ratio_target(FIRST_KEY_RATIO),
                   resolution=PROBE_INTERVAL_MS,
                   note="the error code typed key by key into the start page's search box, 0.8 s after the "
                        "window shows, until its matches show; the index comes from the data cache; "
                        "5 ms PreciseTimer probe"),
            Figure("window.stall", "window: longest event-loop stall, all checks", "ms", stalls,
                   reference=bare * 1000, **_ratio_target(STALL_RATIO),
                   resolution=PROBE_INTERVAL_MS,
                   note=f"{stall['checks']} checks ({_count_statuses(stall['statuses'])}) through the window's "
                        f"run_check and CheckJob at once, results drawn in result views, loopback endpoints; "
                        f"5 ms PreciseTimer probe; {stall['seconds']:.1f} s"),
            Figure("memory.bare", "peak memory: bare QWizard (reference)", "bytes", bare_memory, reference=bare_peak),
            Figure("memory.window", "peak memory: window after a walk that includes a search", "bytes",
                   window_memory, reference=bare_peak,
                   limit=MEMORY_RATIO, limit_on_ratio=True, target=f"< {MEMORY_RATIO}x bare",
                   note=f"peak RSS (VmHWM, see window_probe.py) after a search for an error code and walking "
                        f"{' > '.join(walked['path'])} "
                        "to the summary page; each probe starts with the caches (checked flows, text catalogs, search "
                        "vocabulary) in its data folder, as every start but a checkout's very first does (the "
                        "executable carries its own)")], notes


def long_line_figures(runs: int, environment: dict[str, str], bare: float) -> list[Figure]:
    """Issue 13, item 5: a tune2fs that prints one 2 MB line, against the same window with a short one."""
    from benchmarks.long_line import report_seconds
    from benchmarks.probes import run_probe
    from benchmarks.window_probe import PROBE_INTERVAL_MS

    reports, stalls, short_stalls, worst_step = [], [], [], []
    for _ in range(runs):
        seconds, sizes = report_seconds()
        reports.append(seconds)
        probe = run_probe("long-line", environment)
        stalls.append(float(probe["longest_gap_ms"]))
        worst_step.append(1000 * max(value for key, value in probe.items() if key.endswith("_s")))
        short_stalls.append(float(run_probe("long-line", dict(environment, BENCH_LINE_BYTES="100"))
                                  ["longest_gap_ms"]))
    short = statistics.median(short_stalls)
    return [
        Figure("long_line.report", "2 MB line: check to PDF+JSON+text ready", "s", reports, reference=bare,
               **_ratio_target(LONG_LINE_REPORT_RATIO),
               note=f"linux.filesystem_state against a tune2fs printing one 2 MiB line; the capped result gives a "
                    f"{sizes['pdf'] / 1024:.0f} KiB PDF, {sizes['json'] / 1024:.0f} KiB JSON"),
        Figure("long_line.window_stall", "2 MB line: window's longest stall", "ms", stalls, reference=bare * 1000,
               **_ratio_target(LONG_LINE_STALL_RATIO), resolution=PROBE_INTERVAL_MS,
               note="check run on the check page, Next to the summary, language switched ko/en/ko; "
                    f"5 ms PreciseTimer probe; the same window with a 100-byte line: {short:.0f} ms"),
        Figure("long_line.window_step", "2 MB line: slowest Next or language switch", "ms", worst_step,
               reference=bare * 1000, **_ratio_target(LONG_LINE_STALL_RATIO)),
    ]


def executable_figures() -> list[Figure]:
    from benchmarks.startup import EXECUTABLE, ONEDIR_EXECUTABLE

    if not EXECUTABLE.exists():
        return []
    figures = [Figure("executable.size", "executable size (one file)", "bytes", [float(EXECUTABLE.stat().st_size)],
                      limit=EXECUTABLE_BYTES, target=f"<= {EXECUTABLE_BYTES / 1e6:g} MB")]
    if ONEDIR_EXECUTABLE.exists():
        folder = ONEDIR_EXECUTABLE.parent
        size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
        figures.append(Figure("executable.onedir_size", "one-folder build size", "bytes", [float(size)]))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help=f"runs per figure (at least {MIN_RUNS})")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE, help="where to write RESULTS.md")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts to measure, of {', '.join(PARTS)} (default: all); "
                             "figures of the parts left out are not in the output")
    args = parser.parse_args(argv)
    runs = max(MIN_RUNS, args.runs)
    load_at_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    parts = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}; known: {', '.join(PARTS)}")
    started = time.monotonic()
    previous = read_previous(args.output)
    compile_sources()
    with LoopbackAzure() as loopback, tempfile.TemporaryDirectory(prefix="vmbt-bench-data-") as data_dir:
        loopback.install()  # the in-process checks go to loopback too
        # Network checks on (they reach only the loopback servers), whatever the caller's shell says.
        os.environ.update(QT_QPA_PLATFORM="offscreen", VMBT_DATA_DIR=data_dir, VMBT_NO_NETWORK="0")
        environment = dict(os.environ)
        figures, notes = [], []
        if "startup" in parts:
            _say("first window: bare QWizard, source, executable ...")
            bare, found, more = startup_figures(runs, environment)
            figures += found
            notes += more
            phase_figures, phase_notes = start_phase_figures(runs, environment, bare)
            figures += phase_figures
            notes += phase_notes
        else:  # the bare QWizard's first window is the reference of every time ratio
            from benchmarks.startup import measure_bare_window

            _say("first window: bare QWizard ...")
            times = measure_bare_window(runs, environment)
            bare = statistics.median(times)
            figures.append(Figure("first_window.bare", "first window: bare QWizard (reference)", "s", times,
                                  reference=bare))
        if "terminal" in parts and sys.platform != "win32":
            _say("terminal wizard: first screen ...")
            figures += terminal_figures(runs, environment, bare)
        if "checks" in parts:
            _say("checks ...")
            figures += checks_figures(runs, bare, "checks", "loopback endpoints that answer")
            with LoopbackAzure(answering=False) as silent:
                silent.install()
                figures += checks_figures(runs, bare, "checks_silent", "endpoints that never answer")
            loopback.install()
        if "search" in parts:
            _say("search ...")
            figures += search_figures(runs, bare)
        if "report" in parts:
            _say("report ...")
            figures += report_figures(runs, bare)
        if "memory" in parts:
            _say("window: stall and memory ...")
            found, more = window_figures(runs, environment, bare)
            figures += found
            notes += more
        if "long-line" in parts:
            _say("one 2 MB line from a tool ...")
            figures += long_line_figures(runs, environment, bare)
        if "executable" in parts:
            figures += executable_figures()
        if "wine" in parts:
            from benchmarks.wine import wine_figures

            _say("Windows under Wine: the .exe's first window ...")
            found, more = wine_figures(runs)
            figures += found
            notes += more
    elapsed = time.monotonic() - started
    machine = describe_machine()
    if load_at_start is not None:
        # Six engineers share this machine: a load above the core count means the figures ran beside other work.
        machine["load average"] = f"{load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    print(table_text(figures, previous))
    worse = regressions(figures, previous)
    for item in worse:
        print(f"WORSE: {item}")
    args.output.write_text(markdown(figures, machine, previous, notes, elapsed), encoding="utf-8")
    print(f"\n{len(figures)} figures in {elapsed:.0f} s; written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
