"""The program's settings: built once from command-line flags, `VMBT_*` environment variables and
defaults, then handed to whatever needs them (the check runner, the flow loader, the session
store, the endpoints loader, the window).

This is the one module that reads `VMBT_*` from the environment (a test walks the source and
fails on any other). Code that was not handed a Config asks `current()`, which reads the
environment at that moment, so a setting changed between two calls (as the tests do) is seen.
SETTINGS lists every setting; README's table is written from the same list.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

# The one name the program's folders go under: the data folder (platformdirs) and the window's
# settings file (QSettings' organisation and application).
APP_NAME = "VMBackupTroubleshooter"

NO_NETWORK_ENV = "VMBT_NO_NETWORK"
ENDPOINTS_ENV = "VMBT_ENDPOINTS"
DATA_DIR_ENV = "VMBT_DATA_DIR"
FLOWS_DIR_ENV = "VMBT_FLOWS_DIR"
EXIT_AFTER_SHOW_ENV = "VMBT_EXIT_AFTER_SHOW"
BUNDLE_ENV = "VMBT_BUNDLE"
SPLASH_ENV = "VMBT_SPLASH"
BUILD_PYTHON_ENV = "VMBT_BUILD_PYTHON"
WINDOWS_CACHE_ENV = "VMBT_WINDOWS_CACHE"
WINE_SMOKE_ENV = "VMBT_WINE_SMOKE"
ICUUC_STANDIN_ENV = "VMBT_ICUUC_STANDIN"

_TRUE_WORDS = ("1", "true", "yes", "on")
BUNDLE_KINDS = ("onefile", "onedir")
BUILD_PYTHONS = ("glibc-2.28", "host")


@dataclass(frozen=True)
class Setting:
    """One row of README's settings table."""

    flag: str
    variable: str
    default: str
    meaning: str


SETTINGS: tuple[Setting, ...] = (
    Setting("`--no-network` (checks, run, collect)", NO_NETWORK_ENV, "off",
            "`1`, `true`, `yes` or `on`: every check that would send a packet is skipped"),
    Setting("", ENDPOINTS_ENV, "`resources/endpoints.yaml`",
            "a YAML file that replaces the network targets (platform address, metadata service, DNS names, "
            "storage endpoint); validated by `resources/endpoints.schema.json`"),
    Setting("", DATA_DIR_ENV, f"the user data folder (`{APP_NAME}`)",
            "the program's own folder: `sessions/` (autosaved walks), `logs/`, `cache/` (checked flows, "
            "search vocabulary and text catalogs, rebuilt when missing)"),
    Setting("", FLOWS_DIR_ENV, "`wizard_flows/`", "another folder of flows (flow authors and the tests use it)"),
    Setting("", EXIT_AFTER_SHOW_ENV, "off",
            "`1`: the executable prints `VMBT_WINDOW_SHOWN <seconds>` when its window first shows, then exits "
            "(start-up measurements)"),
    Setting("", BUNDLE_ENV, "`onefile`", "`make exe` only: `onedir` builds a folder instead of one file"),
    Setting("", SPLASH_ENV, "`1`",
            "`make exe` only: `0` builds the Windows executable without its start-up splash (the Linux one has none)"),
    Setting("", BUILD_PYTHON_ENV, "`glibc-2.28`",
            "`make exe` on Linux only: `host` builds with the Python that runs `make` instead of the one built for "
            "glibc 2.28 (quicker the first time, but the file then needs this machine's glibc)"),
    Setting("", WINDOWS_CACHE_ENV, "`~/.cache/vmbt/windows`",
            "`make exe-windows` and `make test-windows` only: where Wine's prefix, the Windows Python and its "
            "wheels are kept"),
    Setting("", WINE_SMOKE_ENV, "`1`",
            "`make test-windows` only: `0` runs the Windows tests under Wine without the `.exe`'s smoke test"),
    Setting("", ICUUC_STANDIN_ENV, "built by the build",
            "`make exe-windows` only, set by `build/wine_python.py`: the `icuuc.dll` stand-in already built on Linux"),
)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in _TRUE_WORDS


def default_data_dir() -> Path:
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux (the XDG base directories), without importing it: it
        # brings tempfile, shutil and three compression libraries, a tenth of the terminal
        # wizard's first screen over SSH. A test holds this to platformdirs' own answer.
        base = os.environ.get("XDG_DATA_HOME", "")
        return Path(base if os.path.isabs(base) else os.path.expanduser("~/.local/share")) / APP_NAME
    import platformdirs  # Windows' known folders and macOS: only when no folder was named

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Config:
    """The settings of one run, from the environment and the command line."""

    no_network: bool = False
    # None: the program's own resources/endpoints.yaml.
    endpoints_file: Path | None = None
    data_dir: Path = field(default_factory=default_data_dir)
    # None: the program's own wizard_flows/.
    flows_dir: Path | None = None
    exit_after_show: bool = False

    @property
    def sessions_dir(self) -> Path:
        return self.data_dir / "sessions"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def with_flags(self, *, no_network: bool | None = None) -> Config:
        """This configuration with the command line's flags laid over it (a flag given wins)."""
        return replace(self, no_network=self.no_network or bool(no_network))


def from_environment(environ: Mapping[str, str] | None = None) -> Config:
    environ = os.environ if environ is None else environ
    endpoints = environ.get(ENDPOINTS_ENV)
    data_dir = environ.get(DATA_DIR_ENV)
    flows_dir = environ.get(FLOWS_DIR_ENV)
    return Config(no_network=_flag(environ.get(NO_NETWORK_ENV)),
                  endpoints_file=Path(endpoints) if endpoints else None,
                  data_dir=Path(data_dir) if data_dir else default_data_dir(),
                  flows_dir=Path(flows_dir) if flows_dir else None,
                  exit_after_show=environ.get(EXIT_AFTER_SHOW_ENV) == "1")


def current() -> Config:
    """The settings as the environment gives them now, for code that was not handed a Config."""
    return from_environment()


def build(args=None, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration of one run of the program: the environment, then the command's flags."""
    config = from_environment(environ)
    return config.with_flags(no_network=getattr(args, "no_network", None))


@dataclass(frozen=True)
class BuildSettings:
    """What `make exe` (build/VMBackupTroubleshooter.spec) takes from the environment."""

    bundle: str
    splash: bool
    # Linux: "glibc-2.28" (the interpreter of build/python_glibc228.py) or "host" (the one running the build).
    build_python: str = "glibc-2.28"
    windows_cache: Path = Path.home() / ".cache" / "vmbt" / "windows"
    wine_smoke: bool = True
    icuuc_standin: Path | None = None


def build_settings(environ: Mapping[str, str] | None = None) -> BuildSettings:
    environ = os.environ if environ is None else environ
    bundle = environ.get(BUNDLE_ENV, "onefile")
    if bundle not in BUNDLE_KINDS:
        raise ValueError(f"{BUNDLE_ENV} must be onefile or onedir, not {bundle!r}")
    build_python = environ.get(BUILD_PYTHON_ENV) or "glibc-2.28"
    if build_python not in BUILD_PYTHONS:
        raise ValueError(f"{BUILD_PYTHON_ENV} must be {' or '.join(BUILD_PYTHONS)}, not {build_python!r}")
    standin = environ.get(ICUUC_STANDIN_ENV)
    return BuildSettings(bundle=bundle, splash=environ.get(SPLASH_ENV, "1") == "1", build_python=build_python,
                         windows_cache=Path(environ.get(WINDOWS_CACHE_ENV) or BuildSettings.windows_cache),
                         wine_smoke=environ.get(WINE_SMOKE_ENV, "1") != "0",
                         icuuc_standin=Path(standin) if standin else None)
