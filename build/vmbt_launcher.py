"""The one-file build's first stage: finds the program in the per-user cache (unpacking it there on
the first start on a machine) and starts it with the same arguments, streams and exit code.

A PyInstaller one-file of its own, standard library only, so the bootloader unpacks a few MB at
each start instead of 84 (build/launcher.spec). The program it starts is the one-folder build,
carried in this same file as a zip (build/onefile_payload.py); the cache's rules are in
build/onefile_cache.py.
"""

from __future__ import annotations

import os
import sys

import onefile_cache
import onefile_payload
from bootloader_environment import callers_environment

EXIT_CANNOT_START = 1

# What the program gets: the caller's environment, without what the launcher's bootloader set for itself.
program_environment = callers_environment


def _say(message: str, korean: str) -> None:
    if sys.stderr is not None:
        print(f"{message}\n{korean}", file=sys.stderr, flush=True)


def _tell_someone_who_double_clicked(message: str) -> None:
    if sys.platform == "win32":
        if sys.stderr is None or not sys.stderr.isatty():
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, message, "VM Backup Troubleshooter", 0x10)  # MB_ICONERROR
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        import vmbt_entry

        vmbt_entry._tell_someone_who_double_clicked(message)


# What to do, by what went wrong (the problem itself names paths and the system's own words).
ADVICE = {
    "damaged": ("Download the file again and compare its SHA-256 with its .sha256 file.",
                "파일을 다시 내려받고 SHA-256 값을 .sha256 파일과 비교하십시오."),
    "no room": ("Free about 90 MB of disk space, or set TMPDIR to a folder with room.",
                "디스크 공간을 약 90MB 확보하거나 TMPDIR을 여유 공간이 있는 폴더로 지정하십시오."),
    "cannot run": ("The cache folder must allow running programs (not mounted noexec): set XDG_CACHE_HOME to "
                   "one that does, or delete the folder to have it unpacked again.",
                   "캐시 폴더에서 프로그램을 실행할 수 있어야 합니다(noexec로 마운트되지 않음). XDG_CACHE_HOME을 "
                   "그런 폴더로 지정하거나, 폴더를 지워 다시 풀리게 하십시오."),
}


def _cannot_start(problem: str, advice: str) -> int:
    english_advice, korean_advice = ADVICE[advice]
    message = f"VM Backup Troubleshooter cannot start: {problem}. {english_advice}"
    korean = f"VM Backup Troubleshooter를 시작할 수 없습니다: {problem}. {korean_advice}"
    _say(message, korean)
    _tell_someone_who_double_clicked(f"{message}\n\n{korean}")
    return EXIT_CANNOT_START


def _windows_streams(argv: list[str]) -> dict[str, object]:
    """The windowed Windows launcher has no console: with arguments, attach to the caller's and hand
    the program console handles (it would try to attach to the launcher's, which has none); a stream
    the caller redirected is passed on as it is."""
    import subprocess

    if not argv or all(stream is not None for stream in (sys.stdin, sys.stdout, sys.stderr)):
        return {}
    import ctypes

    attach_parent_process = ctypes.c_uint32(-1 & 0xFFFFFFFF)
    attached = bool(ctypes.windll.kernel32.AttachConsole(attach_parent_process))
    streams: dict[str, object] = {}
    console_output = None
    for name, device, mode in (("stdin", "CONIN$", "r"), ("stdout", "CONOUT$", "w"), ("stderr", "CONOUT$", "w")):
        current = getattr(sys, name)
        if current is not None:
            streams[name] = current  # redirected by the caller: passed on untouched
        elif attached:
            streams[name] = open(device, mode, encoding="utf-8", errors="replace")
            if mode == "w" and console_output is None:
                console_output = streams[name]
        else:
            streams[name] = subprocess.DEVNULL  # double-clicked: nowhere to read or print
    if console_output is not None:
        # The shell printed its prompt already (it does not wait for a window program): start below it.
        console_output.write("\n")
        console_output.flush()
    return streams


def _run_as_child(executable: str, argv: list[str], environment: dict[str, str]) -> int:
    """Start the program, wait for it, return its exit code; signals sent to the launcher reach it."""
    import signal
    import subprocess

    streams = _windows_streams(argv) if sys.platform == "win32" else {}
    child = subprocess.Popen([sys.argv[0] or executable, *argv], executable=executable, env=environment, **streams)
    if sys.platform != "win32":
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the terminal sends Ctrl+C to the program as well

        def forward(number, _frame):
            child.send_signal(number)

        for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(number, forward)
    else:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    code = child.wait()
    return 128 - code if code < 0 else code  # killed by a signal: the shell's convention


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        payload = onefile_payload.locate(sys.executable)
        prepared = onefile_cache.prepare(payload)
    except onefile_payload.PayloadError as exc:
        return _cannot_start(str(exc), "damaged")
    except onefile_cache.CannotStart as exc:
        return _cannot_start(str(exc), "no room")
    if prepared.notice:
        _say(f"VM Backup Troubleshooter: not using the cache ({prepared.notice}); "
             "the program was unpacked into a temporary folder for this start.",
             f"VM Backup Troubleshooter: 캐시를 사용하지 않습니다({prepared.notice}). "
             "이번 실행을 위해 프로그램을 임시 폴더에 풀었습니다.")
    executable = str(prepared.executable)
    environment = program_environment(dict(os.environ))
    if not prepared.temporary and sys.platform != "win32":
        try:
            # The program's argv[0] is the file as the person started it (its resume hint names it).
            os.execve(executable, [sys.argv[0] or executable, *argv], environment)
        except OSError as exc:  # a cache on a noexec mount, say
            return _cannot_start(f"{executable}: {exc.strerror}", "cannot run")
    try:
        return _run_as_child(executable, argv, environment)
    except OSError as exc:
        return _cannot_start(f"{executable}: {exc.strerror}", "cannot run")
    finally:
        if prepared.temporary:
            import shutil

            shutil.rmtree(prepared.temporary_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
