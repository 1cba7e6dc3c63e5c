"""The oldest agents Microsoft supports today (Windows 2.7.41491.1010, Linux 2.2.53.1), as a user
meets them: the verdict, and the version named in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check


def _linux_agent(root: Path, version_output: str) -> LocalHost:
    for path, text, mode in (("etc/os-release", 'ID=debian\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n', 0o644),
                             ("usr/sbin/waagent", "#!/bin/sh\ncat <<'OUT'\n" + version_output + "\nOUT\n", 0o755)):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        target.chmod(mode)
    return LocalHost(root=root, platform="linux")


@pytest.mark.parametrize("output, status", [
    ("WALinuxAgent-2.2.53.1 running on debian 11\nPython: 3.9.2\nGoal state agent: 2.2.53.1", Status.OK),
    ("WALinuxAgent-2.2.53 running on debian 11\nPython: 3.9.2\nGoal state agent: 2.2.53", Status.PROBLEM),
    ("WALinuxAgent-2.2.49.2 running on ubuntu 20.04\nPython: 3.8.10\nGoal state agent: 2.2.49.2", Status.PROBLEM),
    # the daemon may be old when auto-update runs a newer goal-state agent: that one counts
    ("WALinuxAgent-2.2.45 running on centos 7.9\nPython: 2.7.5\nGoal state agent: 2.9.1.1", Status.OK),
])
def test_linux_agent_against_2_2_53_1(tmp_path, output, status):
    found = run_check("linux.agent_version", _linux_agent(tmp_path, output))
    assert found.status is status, found.summary["en"]
    assert found.facts["minimum_version"] == "2.2.53.1"
    if status is Status.PROBLEM:
        assert "2.2.53.1" in found.summary["en"] and "2.2.53.1" in found.summary["ko"]
        assert "AutoUpdate.Enabled=y" in found.summary["en"] and "AutoUpdate.Enabled=y" in found.summary["ko"]


@pytest.mark.parametrize("conf, status", [
    ("Extensions.Enabled=y\nProvisioning.Agent=cloud-init\n", Status.OK),
    ("Extensions.Enabled=y\nProvisioning.Agent=waagent\n", Status.OK),
    ("Extensions.Enabled=y\nProvisioning.Agent=disabled\n", Status.OK),
    ("Provisioning.Agent=cloud-init\n", Status.OK),  # Extensions.Enabled defaults to y
    ("Extensions.Enabled=n\nProvisioning.Agent=auto\n", Status.PROBLEM),
    ("Extensions.Enabled=y\nProvisioning.Agent=cloud_init\n", Status.WARNING),  # not a value the agent knows
])
def test_only_extensions_switched_off_stops_the_backup_extension(tmp_path, conf, status):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/waagent.conf").write_text(conf, encoding="utf-8")
    found = run_check("linux.waagent_conf", LocalHost(root=tmp_path, platform="linux"))
    assert found.status is status, found.summary["en"]
    assert "instead of 'auto'" not in found.summary["en"]
