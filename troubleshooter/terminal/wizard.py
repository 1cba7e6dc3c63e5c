"""The terminal wizard: the walk controller's pages as numbered lines, driven by a line of input.

One line of input per action, the same keys on every page: a number picks, other text searches,
Enter alone takes the page's default, b goes back, l switches the language, q quits keeping the
walk, ? shows the keys. Plain lines and a carriage return are all it needs of a terminal, so it
works over SSH, on the Serial Console (80x24, VT100) and in the classic Windows console.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from troubleshooter.checks.result import STATUS_LABELS, CheckResult
from troubleshooter.flows.session import SessionError, SessionFileError
from troubleshooter.i18n import pick
from troubleshooter.terminal.screen import Screen, command_lines
from troubleshooter.terminal.texts import text
from troubleshooter.walk_controller import OFF_NOT_THE_VM, OFF_OTHER_PLATFORM, SUMMARY, SearchTarget, WalkController

TYPE_CHECKING = False  # typing costs the first screen some 3 ms; only a type checker reads these names
if TYPE_CHECKING:
    from typing import Any

SEARCH_LIMIT = 6
TALL_SCREEN = 30
TICK_SECONDS = 0.25
OS_NAMES = {"windows": "Windows", "linux": "Linux"}
def to_plain(markdown: str) -> str:
    """A flow's Markdown as text to read in a terminal, by the renderer every output uses (loaded
    with the first page that needs it, not before the first screen)."""
    from troubleshooter.markup import to_plain as render

    return render(markdown)


class Quit(Exception):
    """q, Ctrl+C at a prompt, or the end of input: leave, keeping the walk."""


@dataclass
class Choice:
    """A numbered line of a page and what choosing it does."""

    label: str
    act: Callable[[], Any]
    hint: str = ""
    earlier: bool = False  # the answer given here before Back: Enter takes it again


@dataclass
class CheckState:
    """What the check page of one visit has done so far."""

    visit: tuple[int, str]
    result: CheckResult | None = None
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)


class TerminalWizard:
    """Runs a walk in a terminal until the person quits.

    Args:
        walk: the walk controller (the same one the window drives).
        run_check: run_check(check_id, cancel_event=threading.Event) -> CheckResult; never raises.
        search: an object with search(query, lang=, limit=, platform=) -> hits, or None.
        screen: where the pages are written.
        read_line: reads one line (input); raises EOFError at the end of input.
        program: how the person starts this program, for the resume hint.
        reports_dir: the folder reports and zips are saved to.
    """

    def __init__(self, walk: WalkController, *, run_check, search=None, screen: Screen | None = None,
                 read_line: Callable[[str], str] = input, program: str = "vm-backup-troubleshooter",
                 reports_dir: Path | None = None, no_network: bool = False):
        self.walk = walk
        self.run_check = run_check
        self.search = search
        self.screen = screen or Screen()
        self.read_line = read_line
        self.program = program
        self.reports_dir = reports_dir or Path.cwd()
        self.no_network = no_network
        self.auto_run = False
        self._check: CheckState | None = None
        self._verify_before: CheckResult | None = None

    @property
    def lang(self) -> str:
        return self.walk.lang

    def t(self, key: str, **values) -> str:
        return text(key, self.lang, **values)

    # -- the loop ------------------------------------------------------------------------------

    def run(self) -> int:
        try:
            while True:
                page = self.walk.page()
                if page is None:
                    self._start_page()
                elif page == SUMMARY:
                    self._summary_page()
                else:
                    getattr(self, f"_{page}_page")()
        except Quit:
            self._leave()
            return 0

    def resume(self, session: str) -> bool:
        try:
            self.walk.resume(session)
        except SessionFileError as exc:
            self.screen.para(self.t("resume_failed", why=exc))
            return False
        return True

    # -- pages ---------------------------------------------------------------------------------

    def _start_page(self) -> None:
        walk, screen = self.walk, self.screen
        self._header(None)
        screen.line(screen.bold(self.t("start_title")))
        screen.para(self.t("start_intro"))
        screen.line()
        # A 24-line screen (the Serial Console) has no room for the flows' descriptions.
        described = self.screen.height >= TALL_SCREEN
        choices = [Choice(pick(flow.title, self.lang), lambda flow_id=flow.id: walk.begin(flow_id),
                           pick(flow.description, self.lang) if described else "")
                   for flow in walk.flows.headings()]
        letters: dict[str, Callable[[], Any]] = {}
        self._list(choices)
        saved = walk.resumable()
        if saved:
            flow = walk.flows.flows.get(saved[0].flow)
            title = pick(flow.title, self.lang) if flow else saved[0].flow
            when = saved[0].updated_at[:16].replace("T", " ")
            screen.para(self.t("resume", title=title, when=when), indent="  r) ", hanging="     ")
            letters["r"] = lambda: self.resume(str(saved[0].path))
        if not walk.machine.azure_vm:
            os_name = OS_NAMES.get(walk.vm_platform(), walk.vm_platform())
            other = "linux" if walk.vm_platform() == "windows" else "windows"
            screen.line()
            screen.para(self.t("not_azure", os=OS_NAMES.get(walk.machine.os, walk.machine.os)))
            screen.para(self.t("vm_os", os=os_name, other=OS_NAMES[other]), indent="  v) ", hanging="     ")

            def switch() -> None:
                walk.chosen_platform = other
            letters["v"] = switch
        self._ask(choices, None, "default_none", letters)

    def _choice_page(self) -> None:
        walk, session = self.walk, self.walk.session
        step = session.view()
        self._header(pick(step.prompt, self.lang))
        if step.help:
            self.screen.para(to_plain(pick(step.help, self.lang)))
            self.screen.line()
        options = session.options()
        choices = [Choice(pick(o.label, self.lang), lambda option=o.id: walk.choose(option), pick(o.hint, self.lang))
                   for o in options]
        earlier = walk.earlier_answer()
        default = None
        if earlier in {o.id for o in options}:
            index = [o.id for o in options].index(earlier)
            choices[index].earlier = True
            default = choices[index].act
        self._list(choices)
        self._ask(choices, default, "default_next" if default else "default_none")

    def _info_page(self) -> None:
        step = self.walk.session.view()
        self._header(pick(step.title, self.lang))
        self.screen.para(to_plain(pick(step.body, self.lang)))
        self.screen.line()
        choices = [Choice(self.t("next"), self.walk.go_on)]
        self._list(choices)
        self._ask(choices, self.walk.go_on, "default_next")

    def _check_page(self) -> None:
        walk, screen = self.walk, self.screen
        session = walk.session
        step = session.view()
        visit = (len(session.history), f"{session.current.flow}/{step.id}")
        if self._check is None or self._check.visit != visit:
            self._check = CheckState(visit)
        state = self._check
        from troubleshooter.checks import registry

        spec = registry.get(step.check)
        why_off = walk.why_check_off()
        if self.auto_run and why_off is None and state.result is None and not state.cancelled:
            state.result = self._run_check(step.check)
            state.cancelled = state.result is None
        self._header(pick(spec.title, self.lang) if spec else step.check)
        screen.para(to_plain(pick(step.prompt, self.lang)))
        if spec and spec.description:
            screen.para(pick(spec.description, self.lang))
        facts = ([self.t("needs_admin")] if spec and spec.needs_admin else []) + \
                ([self.t("uses_network")] if spec and spec.uses_network else []) + [self.t("read_only")]
        screen.para(" ".join(facts))
        screen.line()
        if why_off == OFF_NOT_THE_VM:
            screen.para(self.t("checks_off"))
        elif why_off == OFF_OTHER_PLATFORM:
            wanted = ", ".join(OS_NAMES.get(p, p) for p in walk.check_platforms())
            screen.para(self.t("other_os", wanted=wanted, os=OS_NAMES.get(walk.vm_platform(), walk.vm_platform())))
        if state.cancelled:
            screen.para(self.t("cancelled"))
        result = state.result
        if result is not None:
            self._show_result(result)
            if result.needs_admin:
                screen.para(self.t("needs_rights"))
        for note in state.notes:
            screen.verbatim(note, indent="  | ")
        state.notes = []
        screen.line()

        def run() -> None:
            state.result = self._run_check(step.check)
            state.cancelled = state.result is None

        def skip() -> None:
            walk.skip_check()

        def record() -> None:
            walk.record_check(state.result)

        def evidence() -> None:
            state.notes = (state.result.evidence or self.t("no_evidence")).splitlines()

        def toggle_auto() -> None:
            self.auto_run = not self.auto_run

        auto = Choice(self.t("auto_run", state=self.t("on" if self.auto_run else "off")), toggle_auto)
        if why_off is not None:
            choices, default, label = [Choice(self.t("skip"), skip)], skip, "default_skip"
        elif result is None:
            choices, default, label = [Choice(self.t("run_check"), run), Choice(self.t("skip"), skip), auto], run, \
                "default_run"
        else:
            choices = [Choice(self.t("next"), record), Choice(self.t("show_evidence"), evidence),
                       Choice(self.t("run_again"), run), auto]
            default, label = record, "default_next"
        self._list(choices)
        self._ask(choices, default, label)

    def _resolution_page(self) -> None:
        walk, screen = self.walk, self.screen
        session = walk.session
        step = session.view()
        self._header(pick(step.title, self.lang))
        from troubleshooter.report.labels import (command_text, effect_label, effect_warning, retired_label,
                                                  where_label)

        retired = retired_label(step.retired, self.lang)
        if retired:
            screen.para(screen.bold(retired))
        if step.error_codes:
            screen.para(self.t("codes", codes=", ".join(step.error_codes)))
        screen.para(to_plain(pick(step.body, self.lang)))
        commands = walk.fix_commands()
        if commands:
            screen.line()
            screen.para(self.t("commands"))
        for command in commands:
            effect = effect_label(command.effect, self.lang)
            where = where_label(command.shell, command.text, self.lang)
            screen.line()
            screen.para(f"[{where}{' · ' + effect if effect else ''}]", indent="  ", hanging="   ")
            warning = effect_warning(command.effect, self.lang)
            if warning:
                screen.para(f"! {warning}", indent="  ", hanging="    ")
            shown = command_text(command.shell, command.text, self.lang)
            screen.verbatim("\n".join(command_lines(command.shell, shown, screen.width - 5)), indent="    ")
            if command.note:
                screen.para(to_plain(pick(command.note, self.lang)), indent="  ")
        if step.links:
            screen.line()
            screen.line(self.t("links"))
            for link in step.links:
                screen.para(pick(link.title, self.lang), indent="  ")
                screen.line(f"    {link.url}")
        screen.line()
        choices = [Choice(self.t("fixed"), walk.fixed), Choice(self.t("still_failing"), walk.go_on)]
        if step.verify:
            from troubleshooter.checks import registry

            spec = registry.get(step.verify)
            verify_title = pick(spec.title, self.lang) if spec else step.verify
            after = session.current.verify
            if after is not None:
                if self._verify_before is not None:
                    screen.line(self.t("before"))
                    self._show_result(self._verify_before)
                screen.line(self.t("after"))
                self._show_result(after)
                screen.line()
            if walk.checks_apply():
                choices.append(Choice(self.t("check_again", title=verify_title), self._check_again))
            else:
                screen.para(self.t("check_again_off"))
        self._list(choices)
        self._ask(choices, walk.go_on, "default_still")

    def _summary_page(self) -> None:
        from troubleshooter.report import build_report

        walk, screen = self.walk, self.screen
        report = build_report(walk.session)
        self._header(self.t("summary"))
        screen.para(self.t("outcome", outcome=pick(report.outcome.label, self.lang)))
        fix = pick(report.outcome.fix, self.lang)
        if fix:
            screen.para(self.t("fix", fix=fix))
        screen.line()
        choices = [Choice(self.t("save"), self._save_reports), Choice(self.t("show_report"), self._show_report),
                   Choice(self.t("collect"), self._collect), Choice(self.t("start_over"), walk.abandon)]
        self._list(choices)
        self._ask(choices, self._save_reports, "default_save")

    # -- what pages share ----------------------------------------------------------------------

    def _header(self, title: str | None) -> None:
        screen = self.screen
        screen.line()
        screen.line("=" * min(screen.width - 1, 79))
        where = [self.t("product")]
        session = self.walk.session
        if session is not None:
            where.append(self.t("step", n=self.walk.step_number()))
            flows = [pick(self.walk.flows[session.flow_id].title, self.lang)]
            if session.current.flow != session.flow_id:
                flows.append(pick(self.walk.flows[session.current.flow].title, self.lang))
            where.append(" › ".join(flows))
        screen.para(" · ".join(where))
        known = pick(session.known_note(), self.lang) if session is not None else ""
        if known:
            screen.para(known)
        if title:
            screen.line()
            for line in self._wrapped(title):
                screen.line(screen.bold(line))
        screen.line()

    def _wrapped(self, text_: str) -> list[str]:
        from troubleshooter.terminal.screen import wrap

        return wrap(text_, self.screen.width - 1)

    def _list(self, choices: list[Choice]) -> None:
        for number, choice in enumerate(choices, start=1):
            marker = f"{'*' if choice.earlier else ' '} {number}) "
            self.screen.para(choice.label, indent=marker, hanging=" " * len(marker))
            if choice.hint:
                self.screen.para(choice.hint, indent=" " * (len(marker) + 2))

    def _show_result(self, result: CheckResult) -> None:
        word = pick(STATUS_LABELS[result.status], self.lang)
        from troubleshooter.report.labels import finding_text

        summary = finding_text(word, pick(result.summary, self.lang))
        self.screen.line(f"{self.t('result')} {self.screen.status(result.status.value, word.upper())}")
        self.screen.para(summary, indent="  ")

    def _ask(self, choices: list[Choice], default: Callable[[], Any] | None, default_label: str,
             letters: dict[str, Callable[[], Any]] | None = None) -> None:
        """Read one line and do what it asks; the caller draws the page again afterwards."""
        self.screen.para(self.t("keys_line", default=self.t(default_label)))
        line = self._read()
        entry = line.strip()
        key = entry.lower()
        if entry == "":
            if default is None:
                self.screen.para(self.t("choose_first"))
                return
            self._do(default)
        elif key == "?":
            self.screen.line()
            for help_line in self.t("keys_help").splitlines():
                self.screen.line(help_line)
        elif key == "q":
            raise Quit
        elif key == "b":
            self._back()
        elif key == "l":
            self.walk.set_language("ko" if self.lang == "en" else "en")
        elif letters and key in letters:
            self._do(letters[key])
        elif entry.isdigit():
            number = int(entry)
            if 1 <= number <= len(choices):
                self._do(choices[number - 1].act)
            else:
                self.screen.para(self.t("unknown_choice", n=entry))
        else:
            self._search_for(entry)

    def _do(self, action: Callable[[], Any]) -> None:
        try:
            action()
        except SessionError as exc:  # an answer the step does not take: said, and the page stays
            self.screen.para(str(exc))

    def _read(self) -> str:
        self.screen.flush()
        try:
            return self.read_line(self.t("prompt"))
        except (EOFError, KeyboardInterrupt):
            self.screen.line()
            raise Quit from None

    def _back(self) -> None:
        if self.walk.session is None:
            return
        if not self.walk.back():
            self.walk.abandon()

    # -- search --------------------------------------------------------------------------------

    def _search_for(self, query: str) -> None:
        if self.search is None:
            return
        from troubleshooter.search_vocabulary import VocabularyError

        try:
            hits = self.search.search(query, lang=self.lang, limit=SEARCH_LIMIT, platform=self.walk.vm_platform())
        except VocabularyError as exc:
            self.screen.para(self.t("search_broken"))
            self.screen.verbatim(str(exc), indent="  ")
            return
        screen = self.screen
        screen.line()
        if not hits:
            screen.para(self.t("no_match"))
            return
        screen.para(self.t("matches", query=query))
        choices = []
        for hit in hits:
            title = pick(hit.title, self.lang) if isinstance(hit.title, dict) else str(hit.title)
            marks = []
            if hit.platform_mismatch:
                other = "Linux" if self.walk.vm_platform() == "windows" else "Windows"
                marks.append(self.t("for_other_os", os=other))
            if hit.retired:
                from troubleshooter.report.labels import retired_label

                marks.append(retired_label(hit.retired, self.lang))
            flow = self.walk.flows.flows.get(hit.flow)
            where = pick(flow.title, self.lang) if flow else hit.flow
            codes = ", ".join(hit.error_codes)
            choices.append(Choice(title + (f" ({'; '.join(marks)})" if marks else ""),
                                  lambda hit=hit: self._open_hit(hit), where + (f" · {codes}" if codes else "")))
        self._list(choices)
        screen.para(self.t("matches_hint"))
        entry = self._read().strip()
        if entry.isdigit() and 1 <= int(entry) <= len(choices):
            self._do(choices[int(entry) - 1].act)
        elif entry.lower() == "q":
            raise Quit
        elif entry and not entry.isdigit() and entry.lower() not in ("b", "l", "?"):
            self._search_for(entry)

    def _open_hit(self, hit) -> None:
        target = SearchTarget(hit.flow, hit.step)
        if self.walk.session is None or self.walk.session.finished:
            self.walk.begin(hit.flow, target)
        else:
            self.walk.jump_to(target)

    # -- checks --------------------------------------------------------------------------------

    def _run_check(self, check_id: str) -> CheckResult | None:
        """Run a check in the background, showing its seconds; None when Ctrl+C cancelled it."""
        return self._in_background(lambda cancel: self.run_check(check_id, cancel_event=cancel),
                                   lambda seconds: self.t("running", s=seconds))

    def _in_background(self, work: Callable[[threading.Event], Any], progress: Callable[[int], str]):
        cancel = threading.Event()
        box: dict[str, Any] = {}

        def target() -> None:
            try:
                box["value"] = work(cancel)
            except Exception as exc:  # said on the page; the walk goes on
                box["error"] = exc

        worker = threading.Thread(target=target, daemon=True, name="terminal-work")
        started = time.monotonic()
        worker.start()
        try:
            while worker.is_alive():
                self.screen.live(progress(int(time.monotonic() - started)))
                worker.join(TICK_SECONDS)
        except KeyboardInterrupt:
            cancel.set()
            self.screen.end_live()
            return None
        self.screen.end_live()
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def _check_again(self) -> None:
        session = self.walk.session
        verify = session.view().verify
        self._verify_before = next((r for v in reversed(session.history[:-1]) for r in (v.verify, v.check)
                                    if r is not None and r.check_id == verify), None)
        result = self._run_check(verify)
        if result is None:
            self.screen.para(self.t("cancelled"))
        else:
            self.walk.record_verify(result)

    # -- the summary's actions -----------------------------------------------------------------

    def _save_reports(self) -> None:
        from troubleshooter.report import (ReportSaveError, build_report, render_text, report_json_bytes,
                                           save_report_file)

        report = build_report(self.walk.session)
        stem = self._file_stem(report)
        outputs = (("PDF", "pdf", lambda: self._pdf_bytes(report)), ("JSON", "json", lambda: report_json_bytes(report)),
                   ("text", "txt", lambda: render_text(report, self.lang).encode("utf-8")))
        for kind, suffix, render in outputs:
            path = self._free_name(stem, suffix)
            try:
                saved = save_report_file(path, render(), overwrite=False)
            except ReportSaveError as exc:
                self.screen.para(self.t("not_saved", kind=kind, why=exc))
            except Exception as exc:  # the PDF needs Qt's libraries, which a minimal server may lack
                self.screen.para(self.t("not_saved", kind=kind, why=f"{type(exc).__name__}: {exc}"))
            else:
                # The path on a line of its own, whole, so that it can be copied.
                self.screen.para(self.t("saved", kind=kind))
                self.screen.verbatim(str(saved.resolve()), indent="  ")
        self.screen.line()

    def _pdf_bytes(self, report) -> bytes:
        from troubleshooter.qt_application import report_application
        from troubleshooter.report.pdf import render_pdf_bytes

        report_application()
        return render_pdf_bytes(report, lang=self.lang)

    def _file_stem(self, report) -> str:
        from datetime import datetime

        header = report.header
        machine = re.sub(r"[^A-Za-z0-9._-]+", "-", header.vm.vm_name or header.host_name or "vm").strip("-.") or "vm"
        return f"vmbackup-{machine}-{datetime.now():%Y%m%d-%H%M}"

    def _free_name(self, stem: str, suffix: str) -> Path:
        path = self.reports_dir / f"{stem}.{suffix}"
        number = 2
        while path.exists():
            path = self.reports_dir / f"{stem}-{number}.{suffix}"
            number += 1
        return path

    def _show_report(self) -> None:
        from troubleshooter.report import build_report, render_text

        self.screen.line()
        for line in render_text(build_report(self.walk.session), self.lang).splitlines():
            self.screen.line(line)

    def _collect(self) -> None:
        from troubleshooter.collect.bundle import (CollectCancelled, CollectError, CollectOptions, collect_bundle,
                                                   default_zip_name)

        out = self.reports_dir / default_zip_name()
        options = CollectOptions(out=out, session=self.walk.session, lang=self.lang, no_network=self.no_network)
        self.screen.para(self.t("collecting"))
        try:
            result = self._in_background(lambda cancel: collect_bundle(options, cancel_event=cancel),
                                         lambda seconds: f"… {seconds} s")
        except CollectCancelled:
            result = None
        except (CollectError, OSError) as exc:
            self.screen.para(self.t("collect_failed", why=exc))
            return
        if result is None:
            self.screen.para(self.t("collect_cancelled"))
            return
        self.screen.para(self.t("collected", mb=f"{result.size / 1_000_000:.1f}"))
        self.screen.verbatim(str(result.path.resolve()), indent="  ")

    # -- leaving -------------------------------------------------------------------------------

    def _leave(self) -> None:
        session = self.walk.session
        screen = self.screen
        screen.line()
        if session is not None and not session.finished and self.walk.store is not None:
            screen.para(self.t("kept"))
            screen.verbatim(f"{self.program} walk --resume {session.id}", indent="  ")
            screen.para(self.t("kept_window"))
        else:
            screen.para(self.t("bye"))
        screen.flush()
