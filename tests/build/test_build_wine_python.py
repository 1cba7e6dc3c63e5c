"""The Windows Python under Wine gets every package the program needs on Windows: a dependency added
to pyproject.toml but not to build/wine_python.py's wheels breaks `make exe-windows` (markdown-it-py did)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import wine_python

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"}


def test_every_dependency_the_program_has_on_windows_is_among_the_wheels_set_up_under_wine():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = {canonicalize_name(requirement.name)
              for requirement in map(Requirement, project["dependencies"])
              if requirement.marker is None or requirement.marker.evaluate(WINDOWS)}
    wheels = {canonicalize_name(Requirement(line).name) for line in wine_python.WHEELS}
    assert needed - wheels == set()
