"""Every Linux check against the files of Debian's own agent package, unpacked into a fake root.

The packages come from the archive apt is configured for (`apt-get download`, cached, then
`dpkg -x`; nothing installed, no service started): `waagent`, the Python module it depends on
(`python3-distro`), and `base-files` for the real /etc/os-release. The test skips only when apt
cannot reach the archive.

Distribution defaults checked, and where they were read (waagent 2.7.3.0-4.1, Debian 12
"bookworm", the archive's version when this was written; the assertions find them by content, so
a newer package is checked the same way):

- etc/waagent.conf line 7: `Extensions.Enabled=y`; lines 9-11: "Supported values are "auto"
  (default), "waagent", "cloud-init", or "disabled"" and `Provisioning.Agent=cloud-init`;
  line 113: `AutoUpdate.Enabled=n`.
- usr/lib/python3/dist-packages/azurelinuxagent/ga/exthandlers.py line 451
  (`_extension_processing_allowed`): extensions stop only when `conf.get_extensions_enabled()` is
  false (or on hold while overprovisioning). azurelinuxagent/pa/provision/factory.py lines 30-39:
  Provisioning.Agent only picks who provisions the VM (cloud-init or waagent). So cloud-init is
  no reason for the backup extension to fail; Extensions.Enabled=n is.
- azurelinuxagent/common/conf.py lines 119 and 155: when the file does not say, Extensions.Enabled
  is True and Provisioning.Agent is "auto".
- lib/systemd/system/walinuxagent.service: the unit is `walinuxagent`, `ExecStart=/usr/sbin/waagent
  -daemon`; usr/sbin/waagent starts with `#!/usr/bin/python3`.
- base-files usr/lib/os-release: `ID=debian`, for which the checks look for `walinuxagent` first.

SUSE's and RHEL's agent packages are not in Debian's archive and are not read here; the
Provisioning.Agent verdict rests on the agent's own code above, which is the same upstream code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.checks.debian_packages import fetch, field, unpack
from troubleshooter.checks.host import LocalHost, ProcessInfo, ServiceInfo
from troubleshooter.checks.parsers.waagent import parse_key_values
from troubleshooter.checks.registry import all_checks
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check

PACKAGES = ["waagent", "python3-distro", "base-files"]
AGENT_PID = 4242


@pytest.fixture(scope="module")
def debian_root(tmp_path_factory) -> Path:
    """A fake root holding the unpacked packages, and the host's Debian python3 where the
    package expects it (waagent depends on python3:any)."""
    debs = fetch(PACKAGES)
    root = tmp_path_factory.mktemp("debian-waagent") / "root"
    for deb in debs.values():
        unpack(deb, root)
    python = shutil.which("python3", path="/usr/bin")
    if python is None:
        pytest.fail("/usr/bin/python3 is missing; .ci/run installs Debian's python3 for this test")
    (root / "usr/bin").mkdir(parents=True, exist_ok=True)
    if not (root / "usr/bin/python3").exists():
        (root / "usr/bin/python3").symlink_to(python)
    return root


@pytest.fixture(scope="module")
def waagent_deb() -> Path:
    return fetch(["waagent"])["waagent"]


@pytest.fixture
def agent_importable(debian_root, monkeypatch):
    """`waagent --version` runs the package's own code: Python finds its modules in the fake root
    as it finds them in /usr/lib/python3/dist-packages on a real Debian system."""
    monkeypatch.setenv("PYTHONPATH", str(debian_root / "usr/lib/python3/dist-packages"))


class PackagedAgentRunning(LocalHost):
    """The fake root with the agent running as its own systemd unit starts it: the unit's name
    and command line are read from the package, everything else is the real files."""

    def __init__(self, root: Path):
        super().__init__(root=root, platform="linux")
        units = sorted((root / "lib/systemd/system").glob("*.service"))
        assert units, "the package ships no systemd unit"
        self.unit = units[0].stem
        exec_start = parse_key_values(units[0].read_text(encoding="utf-8"))["ExecStart"].split()
        script = root / exec_start[0].lstrip("/")
        interpreter = script.read_text(encoding="utf-8").splitlines()[0].removeprefix("#!").split()
        # the kernel runs a #! script as: interpreter, the script's path, the arguments
        self.cmdline = tuple(interpreter + exec_start)

    def service(self, name: str, *, deadline=None):
        if name != self.unit:
            return None
        return ServiceInfo(name=name, running=True, state="active (running)", start_type="enabled", pid=AGENT_PID)

    def processes(self):
        return [ProcessInfo(AGENT_PID, Path(self.cmdline[1]).name, self.cmdline)]


def linux_checks() -> list[str]:
    return sorted(check_id for check_id, spec in all_checks().items()
                  if spec.function.__module__.startswith("troubleshooter.checks.linux."))


def _documented_provisioning_agents(conf_text: str) -> set[str]:
    """The values the packaged waagent.conf lists in its comment on Provisioning.Agent."""
    comment = conf_text[:conf_text.index("Provisioning.Agent=")].rsplit("\n\n", 1)[-1]
    return set(re.findall(r'"([a-z-]+)"', comment))


def test_the_package_ships_the_defaults_this_test_is_about(debian_root):
    text = (debian_root / "etc/waagent.conf").read_text(encoding="utf-8")
    conf = parse_key_values(text)
    assert conf["Extensions.Enabled"] == "y"
    assert conf["Provisioning.Agent"] == "cloud-init", "the package changed its default; the test below says less"
    documented = _documented_provisioning_agents(text)
    assert {"auto", "waagent", "cloud-init", "disabled"} <= documented


def test_the_check_knows_every_provisioning_agent_the_package_documents(debian_root):
    from troubleshooter.checks.linux.agent import PROVISIONING_AGENTS

    text = (debian_root / "etc/waagent.conf").read_text(encoding="utf-8")
    assert _documented_provisioning_agents(text) == set(PROVISIONING_AGENTS)


def test_no_linux_check_finds_a_problem_on_debians_agent_package(debian_root, waagent_deb, agent_importable):
    host = PackagedAgentRunning(debian_root)
    ids = linux_checks()
    assert {"linux.agent_service", "linux.agent_version", "linux.waagent_conf", "linux.extension_status",
            "linux.extension_python", "linux.dhcp", "linux.selinux", "linux.vmbackup_conf"} <= set(ids)
    results = {check_id: run_check(check_id, host, no_network=True) for check_id in ids}
    problems = {check_id: found.summary["en"] for check_id, found in results.items() if found.status is Status.PROBLEM}
    assert not problems

    conf = results["linux.waagent_conf"]
    assert conf.status is Status.OK and conf.facts["provisioning_agent"] == "cloud-init"
    version = results["linux.agent_version"]
    upstream = field(waagent_deb, "Version").split(":")[-1].split("-")[0]  # 2.7.3.0-4.1 -> 2.7.3.0
    assert version.status is Status.OK, version.summary["en"]
    assert version.facts["daemon_version"] == upstream
    assert version.facts["distribution"].startswith("Debian GNU/Linux")
    service = results["linux.agent_service"]
    assert service.status is Status.OK and service.facts["service"] == "walinuxagent"
    assert results["linux.extension_python"].status is Status.OK
    # the package ships no /var/lib/waagent (the agent makes it on its first run): not "not installed"
    status = results["linux.extension_status"]
    assert status.status is Status.SKIPPED and status.facts["reason"] == "agent_never_ran", status.summary["en"]


def test_extensions_switched_off_is_still_the_problem(debian_root, tmp_path):
    """The same packaged file with extension handling off: the one setting that stops backup."""
    root = tmp_path / "root"
    shutil.copytree(debian_root, root, symlinks=True)
    conf = root / "etc/waagent.conf"
    conf.write_text(conf.read_text(encoding="utf-8").replace("Extensions.Enabled=y", "Extensions.Enabled=n"),
                    encoding="utf-8")
    found = run_check("linux.waagent_conf", LocalHost(root=root, platform="linux"))
    assert found.status is Status.PROBLEM and "Extensions.Enabled=n" in found.summary["en"]
    assert "Extensions.Enabled=n" in found.summary["ko"]
