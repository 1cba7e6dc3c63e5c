"""Checks that run side by side never take each other's commands for the machine's processes."""

from __future__ import annotations

import subprocess
import sys
import time

import psutil
import pytest

from troubleshooter.checks.host import HostUnavailable, LocalHost
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import CheckRunner, run_check

RUNS = 15

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux agent and /bin/sh")


class NoServiceManager(LocalHost):
    """A machine without systemd, so the agent check falls back to the process list (as on old distros)."""

    def service(self, name, *, deadline=None):
        raise HostUnavailable("no service manager on this machine")


def installed_but_stopped_agent(root):
    """waagent is installed (a real program under the root) and nothing runs it."""
    (root / "etc").mkdir(parents=True)
    (root / "etc/os-release").write_text("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n", encoding="utf-8")
    program = root / "usr/sbin/waagent"
    program.parent.mkdir(parents=True)
    # It takes a moment to answer, as the real one does (Python starting up), and it starts a child
    # of its own, as a wrapper script would.
    program.write_text("#!/bin/sh\nsleep 0.4 &\nsleep 0.4\nwait\n"
                       "echo 'WALinuxAgent-2.9.1.1 running on debian 12'\n"
                       "echo 'Python: 3.11.2'\necho 'Goal state agent: 2.12.0.2'\n", encoding="utf-8")
    program.chmod(0o755)
    return NoServiceManager(root=root, platform="linux")


def _wait_for_version_command(root, timeout: float = 5.0) -> bool:
    """Until the version check's `waagent --version` runs (its program is the one under `root`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in psutil.process_iter(["cmdline"]):
            # /bin/sh runs the script: ["/bin/sh", ".../usr/sbin/waagent", "--version"]
            if str(root / "usr/sbin/waagent") in (process.info["cmdline"] or [])[:2]:
                return True
        time.sleep(0.005)
    return False


def test_the_agent_version_command_is_not_taken_for_a_running_agent(tmp_path):
    host = installed_but_stopped_agent(tmp_path)
    verdicts = []
    for _ in range(RUNS):
        versions = []
        runner = CheckRunner(host, max_workers=1, no_network=True)
        runner.start(["linux.agent_version"], versions.append)
        # The service check looks while the version check's command is running, as when both start at once.
        assert _wait_for_version_command(tmp_path)
        service = run_check("linux.agent_service", host)
        assert runner.wait(30)
        assert versions[0].status is not Status.ERROR, versions[0].summary
        verdicts.append((service.status, service.summary["en"]))
    wrong = [summary for status, summary in verdicts if status is not Status.PROBLEM]
    assert not wrong, f"{len(wrong)} of {RUNS} runs said the agent runs: {wrong[0]}"


def test_both_checks_started_together_many_times(tmp_path):
    host = installed_but_stopped_agent(tmp_path)
    for _ in range(RUNS):
        results = {}
        runner = CheckRunner(host, max_workers=2, no_network=True)
        runner.start(["linux.agent_version", "linux.agent_service"],
                     lambda found: results.__setitem__(found.check_id, found))
        assert runner.wait(30)
        assert results["linux.agent_service"].status is Status.PROBLEM, results["linux.agent_service"].summary["en"]


def test_a_real_agent_process_still_counts(tmp_path):
    """Leaving out our own commands must not hide an agent the machine itself runs."""
    host = installed_but_stopped_agent(tmp_path)
    # Started by someone else than the checks' host (here the test), named as the agent is.
    agent = subprocess.Popen([str(tmp_path / "usr/sbin/waagent"), "30"], executable="/bin/sleep",
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        found = run_check("linux.agent_service", host)
        assert found.status is Status.OK, found.summary["en"]
        assert agent.pid in found.facts["process_ids"]
    finally:
        agent.kill()
        agent.wait()
