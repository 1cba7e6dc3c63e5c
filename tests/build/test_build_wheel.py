"""The wheel is the program: built from the source tree, installed into an empty venv and run
from an unrelated folder, every headless command and the window's self-test work.

This is what `pip install .` and `pipx install <wheel>` give a user on RHEL; a data file left out
of the wheel shows up here as a crash, never only on the user's machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

# What never belongs in a build: environments, outputs, caches (the copy is the tree a CI checkout has).
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "dist", ".pyinstaller-work", ".setuptools-build",
                                     "__pycache__", "*.egg-info", ".hypothesis", ".pytest_cache", ".screens",
                                     "*.pyc")


def _scripts_dir(environment: Path) -> Path:
    return environment / ("Scripts" if os.name == "nt" else "bin")


def _clean_environment(home: Path) -> dict[str, str]:
    """The user's environment minus anything that would let the checkout leak into the venv."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "VMBT_FLOWS_DIR", "VMBT_ENDPOINTS")}
    environment.update(VMBT_DATA_DIR=str(home / "data"), VMBT_NO_NETWORK="1", QT_QPA_PLATFORM="offscreen",
                       PYTHONUTF8="1", PYTHONDONTWRITEBYTECODE="1")
    return environment


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(console script, python, folder to run in, environment, wheel) of a fresh install."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    wheelhouse = work / "wheelhouse"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--quiet",
                    "--wheel-dir", str(wheelhouse)], check=True, cwd=work, timeout=120)
    wheel = next(wheelhouse.glob("vm_backup_troubleshooter-*.whl"))
    environment_dir = work / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(environment_dir)
    python = _scripts_dir(environment_dir) / ("python.exe" if os.name == "nt" else "python")
    # The dependencies come from the index as for any user (pip's cache keeps this quick).
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, cwd=work, timeout=300)
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    script = _scripts_dir(environment_dir) / ("vm-backup-troubleshooter.exe" if os.name == "nt"
                                              else "vm-backup-troubleshooter")
    return script, python, elsewhere, _clean_environment(work), wheel


def _run(installed, *arguments: str, timeout: float = 90) -> subprocess.CompletedProcess:
    script, _python, elsewhere, environment, _wheel = installed
    return subprocess.run([str(script), *arguments], cwd=elsewhere, env=environment, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def test_the_wheel_carries_the_flows_and_the_resources(installed):
    with zipfile.ZipFile(installed[4]) as wheel:
        names = set(wheel.namelist())
    for folder in ("wizard_flows", "resources"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".ts":
                member = "troubleshooter/_data/" + path.relative_to(ROOT).as_posix()
                assert member in names, f"{member} is missing from the wheel"


def test_the_installed_program_is_the_wheel_not_the_checkout(installed):
    _script, python, elsewhere, environment, _wheel = installed
    answer = subprocess.run([str(python), "-c", "import troubleshooter.resources as r, troubleshooter; "
                             "print(troubleshooter.__file__); print(r.flow_schema_path())"],
                            cwd=elsewhere, env=environment, capture_output=True, text=True, check=True)
    module_file, schema = answer.stdout.splitlines()
    assert Path(module_file).is_relative_to(elsewhere.parent / "venv")
    assert Path(schema).is_file() and Path(schema).is_relative_to(elsewhere.parent / "venv")


def test_lint_checks_the_installed_flows(installed):
    result = _run(installed, "lint")
    assert result.returncode == 0, result.stderr
    assert "seed cases covered 54/54" in result.stdout


def test_search_finds_an_error_code(installed):
    result = _run(installed, "search", "UserErrorGuestAgentStatusUnavailable", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and any("UserErrorGuestAgentStatusUnavailable" in hit["error_codes"] for hit in hits)


def test_run_writes_a_korean_pdf_with_the_bundled_font(installed):
    _script, _python, elsewhere, _environment, _wheel = installed
    pdf = elsewhere / "report-ko.pdf"
    result = _run(installed, "run", "--flow", "agent-missing", "--platform", "linux", "--no-checks",
                  "--lang", "ko", "--answer", "what-do-you-see=not-present",
                  "--answer", "ask-installed=missing-linux", "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # pypdf splits words by line
    assert "백업 문제 해결 보고서" in text  # Hangul survives only when the font from resources/fonts is found
    fonts = {str(font.get("/BaseFont", "")) for page in reader.pages
             for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
             for font in [font.get_object()]}
    assert any("Nanum" in name for name in fonts), fonts


def test_checks_run_without_the_network(installed):
    result = _run(installed, "checks", "--no-network", "--json")
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    statuses = {entry["check_id"]: entry["status"] for entry in results}
    assert statuses["common.platform_reachability"] == "skipped"
    assert len(statuses) >= 30


def test_self_test_walks_the_window(installed):
    result = _run(installed, "--self-test", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout + result.stderr
