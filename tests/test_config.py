"""The settings: one module reads VMBT_* from the environment, README documents every setting."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from troubleshooter import config

ROOT = Path(__file__).resolve().parent.parent
# The program, its window, the executable's build and entry scripts, and the benchmarks.
SCANNED = ("troubleshooter", "gui", "build", "benchmarks")
CONFIG_MODULE = ROOT / "troubleshooter" / "config.py"
PREFIX = "VMBT_"


def _sources() -> list[Path]:
    files = []
    for folder in SCANNED:
        files += sorted((ROOT / folder).rglob("*.py")) + sorted((ROOT / folder).rglob("*.spec"))
    return [path for path in files if "__pycache__" not in path.parts]


def _setting_names(trees: dict[Path, ast.Module]) -> set[str]:
    """Names bound anywhere to a "VMBT_..." string, so `os.environ.get(SOME_ENV)` is caught too."""
    names = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str) and node.value.value.startswith(PREFIX):
                names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return names


def _is_os_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ" and isinstance(node.value, ast.Name)
            and node.value.id == "os") or (isinstance(node, ast.Name) and node.id == "environ")


def _names_a_setting(node: ast.AST, names: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.startswith(PREFIX)
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Attribute):
        return node.attr in names
    return False


def environment_reads(tree: ast.Module, names: set[str]) -> list[int]:
    """Lines where `tree` touches a VMBT_ variable in the process environment: os.environ.get(),
    .pop(), .setdefault(), os.environ[...] (read or write), `in os.environ`, os.getenv()."""
    lines = []
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Call) and node.args:
            function = node.func
            if isinstance(function, ast.Attribute) and _is_os_environ(function.value) \
                    and function.attr in ("get", "pop", "setdefault"):
                key = node.args[0]
            elif isinstance(function, ast.Attribute) and function.attr in ("getenv", "putenv", "unsetenv") \
                    and isinstance(function.value, ast.Name) and function.value.id == "os":
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            key = node.slice
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) \
                and any(_is_os_environ(right) for right in node.comparators):
            key = node.left
        if key is not None and _names_a_setting(key, names):
            lines.append(node.lineno)
    return lines


def test_only_the_config_module_reads_vmbt_variables():
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in _sources()}
    names = _setting_names(trees)
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path, tree in trees.items() if path != CONFIG_MODULE
                 for line in environment_reads(tree, names)]
    assert not offenders, f"read VMBT_* through troubleshooter.config instead: {', '.join(offenders)}"


@pytest.mark.parametrize("source", [
    'import os\nos.environ.get("VMBT_DATA_DIR")',
    'import os\nNAME = "VMBT_X"\nos.environ.get(NAME, "")',
    'import os\nos.getenv("VMBT_X")',
    'import os\nos.environ["VMBT_NO_NETWORK"] = "1"',
    'import os\nvalue = os.environ["VMBT_X"]',
    'import os\nif "VMBT_X" in os.environ: pass',
    'from os import environ\nenviron.get("VMBT_X")',
    'import os\nimport troubleshooter.config as c\nos.environ.pop(c.DATA_DIR_ENV)',
])
def test_the_walk_finds_each_way_of_reading_the_environment(source):
    tree = ast.parse(source)
    assert environment_reads(tree, {"NAME", "DATA_DIR_ENV"}) == [tree.body[-1].lineno]


def test_reading_other_variables_or_a_copy_is_not_a_settings_read():
    tree = ast.parse('import os\nos.environ.get("DISPLAY")\nenv = dict(os.environ, VMBT_X="1")\n'
                     'env = {}\nenv["VMBT_X"] = "1"')
    assert environment_reads(tree, set()) == []


def test_readme_has_one_row_for_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("|") and "`VMBT_" in line]
    for setting in config.SETTINGS:
        named = [row for row in rows if f"`{setting.variable}`" in row]
        assert len(named) == 1, f"README's settings table needs one row for {setting.variable}"
        assert setting.default in named[0] and setting.meaning in named[0]
    assert len(rows) == len(config.SETTINGS), "a VMBT_ row in README that is not in config.SETTINGS"


def test_the_environment_and_the_flags_make_one_configuration(tmp_path):
    environ = {"VMBT_NO_NETWORK": " Yes ", "VMBT_ENDPOINTS": str(tmp_path / "e.yaml"),
               "VMBT_DATA_DIR": str(tmp_path / "data"), "VMBT_FLOWS_DIR": str(tmp_path / "flows"),
               "VMBT_EXIT_AFTER_SHOW": "1"}
    built = config.from_environment(environ)
    assert built.no_network and built.endpoints_file == tmp_path / "e.yaml" and built.exit_after_show
    assert built.sessions_dir == tmp_path / "data" / "sessions" and built.cache_dir == tmp_path / "data" / "cache"
    assert built.logs_dir == tmp_path / "data" / "logs" and built.flows_dir == tmp_path / "flows"

    class Flags:
        no_network = True

    quiet = config.build(Flags(), {"VMBT_DATA_DIR": str(tmp_path)})
    assert quiet.no_network and quiet.endpoints_file is None and quiet.flows_dir is None
    assert not config.build(None, {"VMBT_NO_NETWORK": "0", "VMBT_DATA_DIR": str(tmp_path)}).no_network


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="platformdirs follows XDG_DATA_HOME on Linux")
def test_without_a_data_folder_named_the_user_data_folder_is_under_the_one_app_name(tmp_path, monkeypatch):
    monkeypatch.delenv("VMBT_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert config.current().data_dir == tmp_path / config.APP_NAME


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the program's own XDG rule is for Linux only")
@pytest.mark.parametrize("xdg_data_home", [None, "", "relative/share", "/srv/data/share"])
@pytest.mark.parametrize("home", ["/home/admin", None])
def test_on_linux_the_default_data_folder_is_the_one_platformdirs_names(xdg_data_home, home, monkeypatch):
    """The program skips importing platformdirs on Linux (the terminal's first screen); the folder
    must stay the one platformdirs gives, or a walk saved by an older version is lost."""
    platformdirs = pytest.importorskip("platformdirs")
    monkeypatch.delenv("VMBT_DATA_DIR", raising=False)
    for name, value in (("XDG_DATA_HOME", xdg_data_home), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    expected = Path(platformdirs.user_data_dir(config.APP_NAME, appauthor=False))
    assert config.default_data_dir() == expected
    assert config.current().data_dir == expected


def test_a_bad_bundle_kind_is_refused_before_a_build():
    assert config.build_settings({}) == config.BuildSettings(bundle="onefile", splash=True)
    assert config.build_settings({"VMBT_BUNDLE": "onedir", "VMBT_SPLASH": "0"}).splash is False
    with pytest.raises(ValueError, match="VMBT_BUNDLE must be onefile or onedir"):
        config.build_settings({"VMBT_BUNDLE": "zip"})
