"""The shape of the code, read from the source tree as it is now: no module reaches itself again
through its imports, the core opens the window only from the CLI's dispatch, the program never
imports the tests or the benchmarks, and the benchmarks stand without the tests.

Every import counts: at module level, inside functions and under `if TYPE_CHECKING:` (a circle
that only type hints close is still two modules that cannot be read one without the other).
New modules and packages are picked up as they appear.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Whose imports are read. tests/ is not: it may import anything of the program.
WALKED = ("troubleshooter", "gui", "benchmarks")
# The one part of the core that may import the window: the CLI's dispatch (a module or a package).
CLI_DISPATCH = "troubleshooter.cli"


def modules_under(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under the `packages` folders of `root`."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imported_names(module: str, path: Path, known: set[str]) -> set[str]:
    """Every module `module` imports, as a dotted name: the most precise known module
    (`from a import b` is a.b when a.b is a module, else a); foreign names as written."""
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                names.add(submodule if submodule in known else base)
    return {_nearest_known(name, known) for name in names}


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if not level:
        return name or ""
    package = module if is_package else module.rpartition(".")[0]
    parts = package.split(".")
    if level - 1 >= len(parts):
        raise ValueError(f"{module}: a relative import goes above the top-level package")
    anchor = ".".join(parts[:len(parts) - (level - 1)])
    return f"{anchor}.{name}" if name else anchor


def _nearest_known(name: str, known: set[str]) -> str:
    """`import a.b.c` where a.b.c is not a module of ours (an attribute, a typo) is a.b's import."""
    candidate = name
    while candidate and candidate not in known:
        candidate = candidate.rpartition(".")[0]
    return candidate or name


def import_graph(root: Path, packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Module -> every name it imports (ours resolved to modules, foreign ones as written)."""
    modules = modules_under(root, packages)
    known = set(modules)
    return {module: imported_names(module, path, known) for module, path in modules.items()}


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Circles among the graph's own modules, each as the modules in import order, first
    repeated last. Each circle found is cut at one import and the search goes on, so every
    independent circle is named, not just the first."""
    # graphlib reads the mapping as node -> predecessors: a module's imports come before it.
    remaining = {module: {name for name in names if name in graph and name != module}
                 for module, names in graph.items()}
    circles = []
    while True:
        try:
            graphlib.TopologicalSorter(remaining).prepare()
            return circles
        except graphlib.CycleError as cycle:
            # Each node of the list is a predecessor of the next: reversed, each imports the next.
            circle = list(reversed(cycle.args[1]))
            circles.append(circle)
            remaining[circle[0]].discard(circle[1])


def _is_within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def forbidden_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports across a line the design draws, as 'importer -> imported: why'."""
    problems = []
    for module, names in sorted(graph.items()):
        for name in sorted(names):
            if (_is_within(module, "troubleshooter") and _is_within(name, "gui")
                    and not _is_within(module, CLI_DISPATCH)):
                problems.append(f"{module} -> {name}: the core opens the window only from {CLI_DISPATCH}")
            if _is_within(module, "troubleshooter") or _is_within(module, "gui"):
                if _is_within(name, "tests") or _is_within(name, "benchmarks"):
                    problems.append(f"{module} -> {name}: the program imports neither tests nor benchmarks")
            if _is_within(module, "benchmarks") and _is_within(name, "tests"):
                problems.append(f"{module} -> {name}: the benchmarks have helpers of their own")
    return problems


# -- the tree itself --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph():
    return import_graph(ROOT, WALKED)


def test_no_module_imports_itself_through_others(graph):
    circles = import_circles(graph)
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(circle) for circle in circles)


def test_no_import_crosses_a_line_the_design_draws(graph):
    problems = forbidden_imports(graph)
    assert not problems, "\n".join(problems)


def test_the_walk_reads_the_real_tree(graph):
    """The two tests above would pass on an empty graph; this one says the tree was read."""
    assert {"troubleshooter.cli", "gui.app", "gui.wizard"} <= set(graph)
    assert any(module.startswith("benchmarks.") for module in graph)
    assert "troubleshooter.flows.model" in graph["troubleshooter.flows.session"]
    assert "gui.wizard" in graph["gui.app"]


# -- the walker, on planted trees ----------------------------------------------------------------

def _plant(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_a_circle_closed_inside_a_function_is_named(tmp_path):
    _plant(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "from pkg.b import thing\n",
                      "pkg/b.py": "def later():\n    from . import a\n",
                      "pkg/c.py": "import pkg.a\n"})
    assert import_circles(import_graph(tmp_path, ("pkg",))) == [["pkg.a", "pkg.b", "pkg.a"]]


def test_a_circle_closed_by_type_hints_and_relative_imports_is_named(tmp_path):
    _plant(tmp_path, {"pkg/__init__.py": "", "pkg/sub/__init__.py": "",
                      "pkg/sub/page.py": "from typing import TYPE_CHECKING\n"
                                         "if TYPE_CHECKING:\n    from ..window import Window\n",
                      "pkg/window.py": "from .sub.page import Page\n"})
    [circle] = import_circles(import_graph(tmp_path, ("pkg",)))
    assert set(circle) == {"pkg.window", "pkg.sub.page"} and circle[0] == circle[-1]


def test_two_independent_circles_are_both_named(tmp_path):
    _plant(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": "import pkg.a\n",
                      "pkg/c.py": "from pkg import d\n", "pkg/d.py": "from pkg import c\n"})
    circles = import_circles(import_graph(tmp_path, ("pkg",)))
    assert sorted(sorted(set(circle)) for circle in circles) == [["pkg.a", "pkg.b"], ["pkg.c", "pkg.d"]]


def test_a_package_importing_its_own_names_is_no_circle(tmp_path):
    _plant(tmp_path, {"pkg/__init__.py": "from pkg import a\nVALUE = 1\n", "pkg/a.py": "X = 1\n",
                      "pkg/b.py": "from pkg import VALUE\nimport os.path\n"})
    graph = import_graph(tmp_path, ("pkg",))
    assert graph["pkg"] == {"pkg.a"} and graph["pkg.b"] == {"pkg", "os.path"}
    assert import_circles(graph) == []


def test_the_lines_the_design_draws_are_found(tmp_path):
    _plant(tmp_path, {
        "troubleshooter/__init__.py": "", "troubleshooter/walk.py": "def f():\n    from gui.app import run_app\n",
        "troubleshooter/cli/__init__.py": "", "troubleshooter/cli/dispatch.py": "from gui.app import run_app\n",
        "troubleshooter/cli.py": "import gui.selftest\n",
        "troubleshooter/checks/__init__.py": "from tests.helpers.fake_host import FakeHost\n",
        "gui/__init__.py": "", "gui/app.py": "", "gui/selftest.py": "from benchmarks import stats\n",
        "benchmarks/__init__.py": "", "benchmarks/stats.py": "",
        "benchmarks/loopback.py": "from tests.helpers.loopback import MetadataService\n"})
    problems = forbidden_imports(import_graph(tmp_path, ("troubleshooter", "gui", "benchmarks")))
    assert problems == [
        "benchmarks.loopback -> tests.helpers.loopback: the benchmarks have helpers of their own",
        "gui.selftest -> benchmarks.stats: the program imports neither tests nor benchmarks",
        "troubleshooter.checks -> tests.helpers.fake_host: the program imports neither tests nor benchmarks",
        "troubleshooter.walk -> gui.app: the core opens the window only from troubleshooter.cli",
    ]
