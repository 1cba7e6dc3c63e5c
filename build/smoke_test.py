"""Runs a built executable through every face it has; builds nothing.

    python build/smoke_test.py [EXECUTABLE]      (default: dist/VMBackupTroubleshooter[.exe])

Never sends a packet anywhere but loopback: VMBT_NO_NETWORK=1 and a VMBT_ENDPOINTS file that
names 127.0.0.1 for every Azure address. DISPLAY is removed, so the headless commands and the
PDF are shown to work without a desktop. Exits 1 with the failing step named on the first failure.

A two-stage one-file build (build/onefile_payload.py) starts with a cache of its own here
(XDG_CACHE_HOME, LOCALAPPDATA on Windows), and its cache is tested first: the first start unpacks,
the second reuses without unpacking, a bundle whose marker was removed is rebuilt, and a cache
folder others may write to is refused while the program still starts. (A file truncated behind a
present marker is not detected, by design: the cache is not hashed at each start.)
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import onefile_cache  # noqa: E402
import onefile_payload  # noqa: E402

EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
DEFAULT_EXECUTABLE = ROOT / "dist" / f"VMBackupTroubleshooter{EXE_SUFFIX}"
PRODUCT_NAME = "VM Backup Troubleshooter"
STEP_TIMEOUT = 180  # a cold one-file start on a slow CI machine, plus the self-test's walk
OUTPUT_GRACE = 10  # after the start ended, for its pipes to end as well

LOOPBACK_ENDPOINTS = """\
platform_address: 127.0.0.1
platform_ports: [9]
metadata_url: http://127.0.0.1:9/metadata/instance?api-version=2021-02-01
dns_names: [localhost]
storage_endpoint: {host: 127.0.0.1, port: 9}
"""

# A walk that needs no check: the first question answered, straight to a resolution.
WALK = ["run", "--flow", "backup-failing", "--answer", "which-error=in-progress", "--platform", "linux",
        "--no-checks", "--force"]
WALK_EXPECTED = {"en": "Another backup job for this VM is still running",
                 "ko": "이 VM의 백업이 실패함"}


class SmokeFailure(Exception):
    pass


def end_tree(process: subprocess.Popen) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, timeout=30)
    process.kill()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


class StepOutput:
    """A started step's stdout and stderr, read as they come: what was written is kept even when a
    pipe never reaches its end. Under Wine it may not: the desktop process (explorer.exe /desktop)
    is started on demand by the first program that needs a window station, and Wine hands it that
    program's standard handles even without inheritance, so it holds this step's pipes open for as
    long as it lives, which outlasts the step."""

    def __init__(self, process: subprocess.Popen):
        self.chunks: dict[str, list[bytes]] = {"stdout": [], "stderr": []}
        self.readers = [threading.Thread(target=self._read, args=(getattr(process, name), chunks), daemon=True)
                        for name, chunks in self.chunks.items()]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _read(stream, chunks: list[bytes]) -> None:
        while chunk := stream.read1(65536):
            chunks.append(chunk)

    def finish(self, grace: float) -> bool:
        """Waits up to `grace` seconds for both pipes to end; False when one is still held open."""
        deadline = time.monotonic() + grace
        for reader in self.readers:
            reader.join(max(0.0, deadline - time.monotonic()))
        return not any(reader.is_alive() for reader in self.readers)

    def text(self, name: str) -> str:
        return b"".join(self.chunks[name]).decode("utf-8", errors="replace")


def programs_running(executable: Path) -> list[str]:
    """This executable's processes still running (the launcher's or its program's), as pid and path."""
    import psutil

    names = {executable.name.lower(), onefile_cache.EXECUTABLE_NAME.lower()}
    running = []
    for process in psutil.process_iter():
        try:
            name = process.name()
            # Linux shortens a process's name to 15 characters; the path it was started as is whole.
            cmdline = process.cmdline() if sys.platform.startswith("linux") else [name]
        except (psutil.Error, OSError):  # ended meanwhile, or not ours to read (Wine refuses some queries)
            continue
        started_as = Path(cmdline[0]).name if cmdline else ""
        if {name.lower(), started_as.lower()} & names:
            running.append(f"{process.pid} {' '.join(cmdline)[:200]}")
    return running


def source_version() -> str:
    text = (ROOT / "troubleshooter" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SmokeFailure("cannot read __version__ from troubleshooter/__init__.py")
    return match.group(1)


def pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        pdftotext = shutil.which("pdftotext")
        if pdftotext is None:
            raise SmokeFailure("need pypdf or pdftotext (poppler-utils) to read the PDF back") from None
        return subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                              timeout=60).stdout.decode("utf-8", errors="replace")
    import io

    # From bytes: the reader keeps no handle on the file.
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


class Smoke:
    def __init__(self, executable: Path, scratch: Path):
        self.executable = executable
        self.scratch = scratch
        endpoints = scratch / "endpoints.yaml"
        self.local(endpoints).write_text(LOOPBACK_ENDPOINTS, encoding="utf-8")
        self.environment = {key: value for key, value in os.environ.items()
                            if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
        self.environment.update(VMBT_NO_NETWORK="1", VMBT_ENDPOINTS=str(endpoints),
                                VMBT_DATA_DIR=str(scratch / "data"))

    def command(self, arguments: list[str]) -> list[str]:
        """How the executable is started (build/debian11_test.py starts it inside another root)."""
        return [str(self.executable), *arguments]

    def local(self, path: Path) -> Path:
        """Where a file the executable sees at `path` is for this script."""
        return path

    def cache_environment(self, root_parent: Path) -> dict[str, str]:
        """The environment with the launcher's cache root in `root_parent`."""
        key = "LOCALAPPDATA" if sys.platform == "win32" else "XDG_CACHE_HOME"
        return dict(self.environment, **{key: str(root_parent)})

    def run(self, name: str, arguments: list[str], expect_codes=(0,),
            environment: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        started = time.monotonic()
        process = subprocess.Popen(self.command(arguments), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   cwd=self.local(self.scratch), env=environment or self.environment)
        output = StepOutput(process)
        try:
            process.wait(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            end_tree(process)  # the launcher's program too, or it lives on
            raise SmokeFailure(f"{name}: no answer within {STEP_TIMEOUT} s") from exc
        if not output.finish(OUTPUT_GRACE):
            # Still open after the start ended: the program left behind is a real failure; anything
            # else holding them is outside the program (Wine's desktop process, StepOutput).
            left = programs_running(self.executable)
            if left:
                raise SmokeFailure(f"{name}: exited, but left its program running:\n" + "\n".join(left))
            print(f"note {name}: its pipes are held open by a process outside the program "
                  "(under Wine: the desktop process); its output is complete", flush=True)
        result = subprocess.CompletedProcess(process.args, process.returncode, output.text("stdout"),
                                             output.text("stderr"))
        if result.returncode not in expect_codes:
            raise SmokeFailure(f"{name}: exit code {result.returncode}, expected {expect_codes}\n"
                               f"--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}")
        print(f"ok   {name} ({time.monotonic() - started:.1f} s)", flush=True)
        return result

    def version(self) -> None:
        output = self.run("--version", ["--version"]).stdout.strip()
        expected = f"{PRODUCT_NAME} {source_version()}"
        if output != expected:
            raise SmokeFailure(f"--version: printed {output!r}, expected {expected!r}")

    def checks(self) -> dict:
        # 1: the checks found problems on this machine, which is an answer too.
        output = self.run("checks --json", ["checks", "--json"], expect_codes=(0, 1)).stdout
        try:
            document = json.loads(output)
        except json.JSONDecodeError as exc:
            raise SmokeFailure(f"checks --json: not JSON ({exc}):\n{output[:2000]}") from exc
        results = document.get("results") if isinstance(document, dict) else None
        if not isinstance(results, list) or not results or not document.get("host", {}).get("name"):
            raise SmokeFailure(f"checks --json: expected a document with the host and its results, got {output[:500]}")
        without_id = [item for item in results if not isinstance(item, dict) or "check_id" not in item]
        if without_id:
            raise SmokeFailure(f"checks --json: items without check_id: {without_id[:3]}")
        return document

    def search(self) -> None:
        output = self.run("search --json", ["search", "ExtensionSnapshotFailedCOM", "--json"]).stdout
        hits = json.loads(output)
        if not hits or "B21" not in hits[0].get("refs", []):
            raise SmokeFailure(f"search ExtensionSnapshotFailedCOM: first hit does not refer to B21: {hits[:1]}")

    def report(self, lang: str) -> None:
        pdf = self.scratch / f"report-{lang}.pdf"
        self.run(f"run --pdf ({lang}, no display)", [*WALK, "--lang", lang, "--pdf", str(pdf)])
        if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF-"):
            raise SmokeFailure(f"run --pdf: {pdf} is missing or not a PDF")
        text = pdf_text(pdf)
        # Extraction splits runs of Hangul and Latin (and the font subsets) apart: compare without spaces.
        if re.sub(r"\s+", "", WALK_EXPECTED[lang]) not in re.sub(r"\s+", "", text):
            raise SmokeFailure(f"run --pdf ({lang}): {WALK_EXPECTED[lang]!r} not in the PDF's text:\n{text[:1500]}")

    def lint(self) -> None:
        self.run("lint", ["lint"])

    def collect(self) -> None:
        bundle = self.scratch / "support.zip"
        self.run("collect (no display)", ["collect", "--out", str(bundle)])
        if not self.local(bundle).is_file() or not self.local(bundle).read_bytes().startswith(b"PK"):
            raise SmokeFailure(f"collect: {bundle} is missing or not a zip")

    def window_without_display(self) -> None:
        if not sys.platform.startswith("linux"):
            return
        result = self.run("window without a display says why", [], expect_codes=(1,))
        if "DISPLAY" not in result.stderr:
            raise SmokeFailure(f"window without a display: no clear message:\n{result.stderr[-2000:]}")

    def terminal_without_display(self) -> None:
        """Started in a terminal without a desktop (SSH, the Serial Console): the terminal wizard."""
        tmux = shutil.which("tmux")
        if not sys.platform.startswith("linux") or tmux is None:
            print("skip terminal wizard without a display (needs Linux and tmux)")
            return
        started = time.monotonic()
        server = ["tmux", "-L", f"vmbt-smoke-{os.getpid()}", "-f", os.devnull]
        assignments = [f"{key}={value}" for key, value in self.environment.items()]
        command = " ".join(shlex.quote(word) for word in ["env", "-i", *assignments, "LANG=C.UTF-8", "TERM=vt100",
                                                          str(self.executable)])
        subprocess.run([*server, "-u", "new-session", "-d", "-x", "80", "-y", "24", "-c", str(self.scratch),
                        f"{command}; echo EXIT=$?; sleep 30"], check=True)
        def shows(*texts: str) -> str:
            """The terminal once it shows one of `texts` (or when the step's time is up)."""
            seen = ""
            while time.monotonic() - started < STEP_TIMEOUT and not any(text in seen for text in texts):
                time.sleep(0.2)
                seen = subprocess.run([*server, "capture-pane", "-p", "-J", "-S", "-"], capture_output=True,
                                      text=True).stdout
            return seen

        try:
            shown = shows("What is going wrong?", "EXIT=")
            if "What is going wrong?" not in shown or "runs in this terminal instead" not in shown:
                raise SmokeFailure(f"terminal without a display: no terminal wizard:\n{shown[-2000:]}")
            # Into a flow and out with q: the hint names the file as it was started, not the
            # program the launcher unpacked into the cache.
            subprocess.run([*server, "send-keys", "1", "Enter"], check=True)
            shows("Step 1")
            subprocess.run([*server, "send-keys", "q", "Enter"], check=True)
            shown = shows("EXIT=")
            hint = f"{shlex.quote(str(self.executable))} walk --resume "
            if hint not in shown:
                raise SmokeFailure(f"terminal without a display: the resume hint is not {hint!r}:\n{shown[-2000:]}")
        finally:
            subprocess.run([*server, "kill-server"], capture_output=True)
        print(f"ok   terminal wizard without a display ({time.monotonic() - started:.1f} s)", flush=True)

    def cache(self, private: Path) -> None:
        """The two-stage one file's cache: first start, second start, damage, a folder others may write."""
        sha256 = onefile_payload.locate(self.executable).sha256
        environment = self.cache_environment(private / "first")
        root = private / "first" / onefile_cache.APP_FOLDER
        bundle = root / onefile_cache.bundle_name(sha256)
        expected = f"{PRODUCT_NAME} {source_version()}"

        def version(name: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
            result = self.run(name, ["--version"], environment=environment)
            if result.stdout.strip() != expected:
                raise SmokeFailure(f"{name}: printed {result.stdout.strip()!r}, expected {expected!r}")
            return result

        version("cache: the first start unpacks", environment)
        if not onefile_cache.is_complete(bundle, sha256):
            raise SmokeFailure(f"cache: no complete bundle in {bundle} after the first start")
        marker = bundle / onefile_cache.MARKER
        unpacked_at = marker.stat().st_mtime_ns
        program = bundle / onefile_cache.PROGRAM_FOLDER / onefile_cache.EXECUTABLE_NAME
        program_inode = program.stat().st_ino
        version("cache: the second start reuses it", environment)
        if marker.stat().st_mtime_ns != unpacked_at or program.stat().st_ino != program_inode:
            raise SmokeFailure("cache: the second start unpacked again")
        if sorted(path.name for path in root.iterdir()) != [bundle.name]:
            raise SmokeFailure(f"cache: more than one bundle: {sorted(path.name for path in root.iterdir())}")
        marker.unlink()
        version("cache: a bundle without its marker is rebuilt", environment)
        if not onefile_cache.is_complete(bundle, sha256) or program.stat().st_ino == program_inode:
            raise SmokeFailure("cache: the bundle without its marker was not unpacked again")
        if os.name != "posix":
            return
        shared = private / "shared"
        (shared / onefile_cache.APP_FOLDER).mkdir(parents=True)
        (shared / onefile_cache.APP_FOLDER).chmod(0o775)
        result = version("cache: a group-writable cache folder is refused, the program still starts",
                         self.cache_environment(shared))
        if "not using the cache" not in result.stderr or any((shared / onefile_cache.APP_FOLDER).iterdir()):
            raise SmokeFailure(f"cache: the group-writable folder was used:\n{result.stderr}")

    def pe_checksum(self) -> None:
        """Windows: the checksum in the PE header still matches after the payload was spliced in
        (virus scanners distrust a file whose checksum is wrong)."""
        if not self.executable.name.lower().endswith(".exe"):
            return
        import pefile

        # From bytes, not a file mapping: the .exe is not kept open here (Windows refuses to replace a mapped file).
        image = pefile.PE(data=self.executable.read_bytes(), fast_load=True)
        try:
            stored, computed = image.OPTIONAL_HEADER.CheckSum, image.generate_checksum()
        finally:
            image.close()
        if stored != computed:
            raise SmokeFailure(f"PE checksum: header says {stored:#x}, the file sums to {computed:#x}")
        print(f"ok   PE checksum {stored:#x}", flush=True)

    def terminal_wizard(self) -> None:
        """The terminal wizard (`walk`), once the program has one: the hook for its own scripted walk."""
        listed = self.run("--help lists the commands", ["--help"]).stdout
        if not re.search(r"\bwalk\b", listed):
            print("skip terminal wizard: this build has no `walk` command yet", flush=True)
            return
        self.run("walk --help", ["walk", "--help"])

    def self_test(self) -> None:
        environment = dict(self.environment, QT_QPA_PLATFORM="offscreen")
        self.run("--self-test", ["--self-test"], environment=environment)


def run_steps(steps) -> int:
    """Each step in turn; 1 at the first that fails, which is named."""
    try:
        for step in steps:
            step()
    except SmokeFailure as failure:
        print(f"FAIL {failure}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    executable = Path(argv[0]) if argv else DEFAULT_EXECUTABLE
    if not executable.is_file():
        print(f"smoke test: {executable} does not exist; build it with `make exe`", file=sys.stderr)
        return 1
    executable = executable.resolve()
    print(f"smoke test of {executable} ({executable.stat().st_size / 1e6:.1f} MB)")
    try:
        onefile_payload.locate(executable)
        two_stage = True
    except onefile_payload.PayloadError:
        two_stage = False  # a one-folder build's program, or a one-file build of one stage
    with tempfile.TemporaryDirectory(prefix="vmbt-smoke-") as folder, onefile_cache.accepted_folder(".vmbt-smoke-cache-") as private:
        smoke = Smoke(executable, Path(folder))
        steps = [smoke.version, smoke.checks, smoke.search, lambda: smoke.report("en"),
                 lambda: smoke.report("ko"), smoke.lint, smoke.collect, smoke.window_without_display,
                 smoke.terminal_without_display, smoke.terminal_wizard, smoke.self_test]
        if two_stage:
            steps.append(smoke.pe_checksum)
            if private is None:
                print("cache steps skipped: no folder here whose parents are all closed to others "
                      "(the cache refuses the others, so every start unpacks into a temporary folder)")
            else:
                smoke.environment = smoke.cache_environment(private / "warm")
                steps.insert(0, lambda: smoke.cache(private))
        if run_steps(steps):
            return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
