"""The Linux executable's build environment: a venv of the glibc 2.28 interpreter with PyInstaller and
the program's dependencies, so that everything the executable carries runs on glibc 2.28.

    python build/linux_build_venv.py      # make (or reuse) it; prints its Python

`make exe` on Linux runs build/build_exe.py again inside it (`rebuild_inside()`); VMBT_BUILD_PYTHON=host
(troubleshooter/config.py) keeps the caller's Python instead (a build whose floor is this machine's glibc). The venv
sits beside the interpreter (build/python_glibc228.py), under a key of the interpreter and of the
requirements read from pyproject.toml, and counts only with its `complete` marker.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import python_glibc228

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from troubleshooter.config import BUILD_PYTHON_ENV, build_settings  # noqa: E402

MARKER = "complete"


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The program's dependencies and the `build` extra, markers and all (pip evaluates them)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["build"]]


def venv() -> Path:
    """The build venv's Python, made now when missing."""
    interpreter = python_glibc228.interpreter()
    wanted = requirements()
    key = hashlib.sha256("\n".join([str(interpreter), *wanted]).encode()).hexdigest()[:16]
    folder = interpreter.parent.parent.parent / f"venv-{key}"
    python = folder / "bin" / "python"
    if (folder / MARKER).is_file():
        return python
    subprocess.run([str(interpreter), "-m", "venv", "--clear", str(folder)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *wanted],
                   check=True)
    (folder / MARKER).write_text("\n".join(wanted) + "\n", encoding="utf-8")
    return python


def inside() -> bool:
    """Whether this Python is the glibc 2.28 interpreter (its venv lives under its cache)."""
    return Path(sys.prefix).resolve().is_relative_to(python_glibc228.CACHE.resolve())


def rebuild_inside(script: Path, argv: list[str]) -> None:
    """Run `script` again in the build venv, unless this already is that run or the host's Python was asked for.
    Returns only when the caller should go on building here."""
    if not sys.platform.startswith("linux") or inside() or build_settings().build_python == "host":
        return
    python = venv()
    print(f"building with {python} (glibc {python_glibc228.GLIBC_TARGET}); {BUILD_PYTHON_ENV}=host builds "
          "with this Python instead", flush=True)
    # The venv serves every checkout on the machine, so the program is imported from this one (the spec
    # and build/make_assets.py import it), not installed into the venv.
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    os.execve(str(python), [str(python), str(script), *argv], environment)


def main() -> int:
    try:
        print(venv())
    except (python_glibc228.BuildError, subprocess.CalledProcessError) as exc:
        print(f"linux_build_venv: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
