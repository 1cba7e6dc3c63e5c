"""Starts the real one-file executable on Debian 11 (glibc 2.31) and runs it through what a person there does.

    python build/debian11_test.py [EXECUTABLE] [--without-walk]

The executable is copied into a fresh Debian 11 root (build/debian11_root.py: made with debootstrap
once per machine, cached as a tarball) and started there as root in private mount and PID namespaces
with no network: `--version`, `--self-test` offscreen, `checks --json`, `collect` (whose system.json
must name Debian 11), and the terminal wizard: `walk` on a pipe gives its one-line hint naming `run`
and `collect` and exits 2; in a pseudo-terminal of 80x24 it shows its first screen.
`--without-walk` leaves the terminal wizard out, for a build that does not have it yet.
Needs root, unshare (util-linux), debootstrap and zstd. Exits 1 naming the failing step.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time
import zipfile
from pathlib import Path

BUILD_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BUILD_DIR))
import debian11_root  # noqa: E402
from smoke_test import DEFAULT_EXECUTABLE, ROOT, STEP_TIMEOUT, Smoke, SmokeFailure, run_steps  # noqa: E402

INSIDE = Path("/opt/vmbt")  # where the executable and its scratch folder are, inside the root
# The hint is for someone who ran `walk` from a script: it must come at once, not after a wait for input.
PIPE_HINT_WITHIN_S = 10.0
TERMINAL_ROWS, TERMINAL_COLUMNS = 24, 80


def first_screen_words() -> list[str]:
    """What the terminal wizard's first screen shows whatever its layout: the problems to pick from."""
    import yaml

    titles = []
    for name in ("backup_failing", "restore_failing"):
        flow = yaml.safe_load((ROOT / "wizard_flows" / f"{name}.yaml").read_text(encoding="utf-8"))
        titles.append(flow["title"]["en"])
    return titles


class Debian11Smoke(Smoke):
    """The smoke test's steps, with the executable started inside the Debian 11 root."""

    def __init__(self, executable: Path, root: Path):
        self.root = root
        (root / INSIDE.relative_to("/") / "scratch").mkdir(parents=True)
        inside = INSIDE / executable.name
        shutil.copy2(executable, self.local(inside))
        super().__init__(inside, INSIDE / "scratch")
        # Only what a login shell on the VM would have: the build machine's variables mean nothing there.
        self.environment = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
                            "LANG": "C.UTF-8", "VMBT_NO_NETWORK": "1",
                            "VMBT_ENDPOINTS": str(self.scratch / "endpoints.yaml"),
                            "VMBT_DATA_DIR": str(self.scratch / "data")}

    def command(self, arguments: list[str]) -> list[str]:
        return debian11_root.command_in_root(self.root, [str(self.executable), *arguments], workdir=str(self.scratch))

    def local(self, path: Path) -> Path:
        return self.root / path.relative_to("/")

    def collect_names_debian11(self) -> None:
        self.collect()
        with zipfile.ZipFile(self.local(self.scratch / "support.zip")) as bundle:
            names = [name for name in bundle.namelist() if name.endswith("system.json")]
            if not names:
                raise SmokeFailure(f"collect: no system.json in the zip: {bundle.namelist()[:20]}")
            system = json.loads(bundle.read(names[0]))
        if "bullseye" not in json.dumps(system) and "Debian GNU/Linux 11" not in json.dumps(system):
            raise SmokeFailure(f"collect: system.json does not name Debian 11, so the run was not in the root: {system}")

    def walk_on_a_pipe(self) -> None:
        started = time.monotonic()
        result = subprocess.run(self.command(["walk"]), input=b"", capture_output=True, env=self.environment,
                                timeout=STEP_TIMEOUT)
        took = time.monotonic() - started
        said = (result.stdout + result.stderr).decode("utf-8", errors="replace")
        if result.returncode != 2 or "invalid choice" in said or "run" not in said or "collect" not in said:
            raise SmokeFailure(f"walk on a pipe: expected a hint naming `run` and `collect` and exit 2, got exit "
                               f"{result.returncode}:\n{said[-2000:]}")
        if took > PIPE_HINT_WITHIN_S:
            raise SmokeFailure(f"walk on a pipe: the hint took {took:.1f} s")
        print(f"ok   walk on a pipe: hint and exit 2 ({took:.1f} s)", flush=True)

    def walk_in_a_terminal(self) -> None:
        started = time.monotonic()
        controller, terminal = pty.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", TERMINAL_ROWS, TERMINAL_COLUMNS, 0, 0))
        environment = dict(self.environment, TERM="xterm-256color")
        process = subprocess.Popen(self.command(["walk"]), stdin=terminal, stdout=terminal, stderr=terminal,
                                   env=environment, start_new_session=True)
        os.close(terminal)
        shown = b""
        wanted = first_screen_words()
        try:
            while time.monotonic() - started < STEP_TIMEOUT:
                text = shown.decode("utf-8", errors="replace")
                if all(title in text for title in wanted):
                    break
                ready, _, _ = select.select([controller], [], [], 1.0)
                if ready:
                    try:
                        shown += os.read(controller, 65536)
                    except OSError:  # the program ended and closed the terminal
                        break
                elif process.poll() is not None:
                    break
            text = shown.decode("utf-8", errors="replace")
            if not all(title in text for title in wanted):
                raise SmokeFailure(f"walk in a terminal: no first screen showing {wanted} within {STEP_TIMEOUT} s; "
                                   f"it showed (exit {process.poll()}):\n{text[-2000:]}")
            os.write(controller, b"q\r")
        finally:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            os.close(controller)
        print(f"ok   walk in a terminal: first screen ({time.monotonic() - started:.1f} s)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("executable", nargs="?", type=Path, default=DEFAULT_EXECUTABLE)
    parser.add_argument("--without-walk", action="store_true", help="leave out the terminal wizard's steps")
    args = parser.parse_args(argv)
    if not args.executable.is_file():
        print(f"debian11 test: {args.executable} does not exist; build it with `make exe`", file=sys.stderr)
        return 1
    try:
        tarball = debian11_root.tarball()
    except (debian11_root.RootError, debian11_root.AptError, subprocess.CalledProcessError) as exc:
        print(f"FAIL no Debian 11 root: {exc}", file=sys.stderr)
        return 1
    print(f"Debian 11 test of {args.executable} in a root from {tarball}", flush=True)
    with tempfile.TemporaryDirectory(prefix="vmbt-debian11-") as folder:
        root = debian11_root.unpack(Path(folder) / "root")
        smoke = Debian11Smoke(args.executable.resolve(), root)
        steps = [smoke.version, smoke.self_test, smoke.checks, smoke.collect_names_debian11]
        if not args.without_walk:
            steps += [smoke.walk_on_a_pipe, smoke.walk_in_a_terminal]
        if run_steps(steps):
            return 1
    print("Debian 11 test passed" + (" (without the terminal wizard)" if args.without_walk else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
