"""The GitHub workflows, which cannot run from here: actionlint over them, and the promises the
README makes about them (the Windows suite, the glibc 2.28 floor of the Linux release)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps_text(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


@pytest.mark.skipif(not (sys.platform.startswith("linux") and os.uname().machine == "x86_64"),
                    reason="the actionlint package of the test extra is for Linux x86-64")
def test_actionlint_finds_nothing(tmp_path):
    actionlint = shutil.which("actionlint", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                                   os.environ.get("PATH", "")]))
    assert actionlint, "actionlint is missing: pip install -e '.[test]'"
    # actionlint finds the project by its .git folder; a copy keeps the checkout untouched and needs no git.
    shutil.copytree(WORKFLOWS, tmp_path / ".github" / "workflows")
    (tmp_path / ".git").mkdir()
    result = subprocess.run([actionlint, "-no-color"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_windows_runs_the_whole_suite_on_push_and_at_release():
    windows = load("windows.yml")
    assert {"push", "workflow_call"} <= set(windows["on"])
    [job] = windows["jobs"].values()
    assert job["runs-on"] == "windows-latest"
    commands = [str(step.get("run", "")) for step in job["steps"]]
    pytest_runs = [command for command in commands if "pytest" in command]
    assert pytest_runs and all("tests/" not in command for command in pytest_runs)  # no subset
    assert any("build_exe.py" in command for command in commands)
    assert any("smoke_test.py" in command and ".exe" in command for command in commands)
    # the DLL floor, on the bundle just built (build/pe_floor.py)
    floor = next(index for index, command in enumerate(commands) if "pe_floor.py" in command)
    assert floor > next(index for index, command in enumerate(commands) if "build_exe.py" in command)
    release = load("release.yml")
    assert release["jobs"]["windows"]["uses"] == "./.github/workflows/windows.yml"
    assert set(release["jobs"]["publish"]["needs"]) == {"windows", "linux"}


def test_the_linux_release_is_built_on_glibc_228_and_checked():
    linux = load("release.yml")["jobs"]["linux"]
    assert "manylinux_2_28" in linux["container"]
    text = steps_text(linux)
    assert "glibc_floor.py dist/VMBackupTroubleshooter --max 2.28" in text
    # the floor is checked before the file is named, checksummed and uploaded
    assert text.index("glibc_floor.py") < text.index("sha256sum") < text.index("upload-artifact")
