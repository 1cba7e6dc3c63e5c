"""Finds the project's data files (wizard_flows/, resources/) in every layout the program runs from.

The anchor is always the `troubleshooter` package's own folder:

- a wheel (pip, pipx) carries the data inside the package, in `troubleshooter/_data/`;
- a checkout (and `pip install -e .`) keeps it at the top of the tree, beside the package;
- the PyInstaller bundle unpacks it beside the package's folder too (sys._MEIPASS).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from troubleshooter.config import Config, current

PACKAGE = "troubleshooter"
# Where the wheel's build step (setup.py) puts the two folders inside the package.
INSTALLED_DATA_DIR = "_data"


def package_dir() -> Path:
    """The package's folder. Every layout here is a real folder on disk (the bundle unpacks
    itself, and PyInstaller sets __file__ inside it), so this module's own folder is the answer
    importlib.resources would give; asking it costs the terminal's first screen some 10 ms of
    imports (zipfile, its readers) that nothing else at start-up needs."""
    return Path(__file__).parent


def base_dir() -> Path:
    """The folder that holds wizard_flows/ and resources/."""
    package = package_dir()
    installed = package / INSTALLED_DATA_DIR
    if (installed / "wizard_flows").is_dir():
        return installed
    return package.parent


def resource_path(*parts: str) -> Path:
    return base_dir().joinpath("resources", *parts)


def flows_dir(config: Config | None = None) -> Path:
    """wizard_flows/, or the folder the configuration names (VMBT_FLOWS_DIR: tests and flow authors)."""
    override = (config or current()).flows_dir
    return override if override else base_dir() / "wizard_flows"


def flow_schema_path() -> Path:
    # The schema belongs to the program, not to whichever flow folder is being read.
    return base_dir() / "wizard_flows" / "schema.json"


FLOW_FILE_GLOB = "*.yaml"


def flow_files(paths: Iterable[Path] | None = None, config: Config | None = None) -> list[Path]:
    """The files named, with folders expanded to their *.yaml; by default all of the flow folder."""
    if paths is None:
        paths = [flows_dir(config)]
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.glob(FLOW_FILE_GLOB)) if path.is_dir() else [path])
    return files
