"""Linux parsers against the real captures in tests/fixtures/linux, then odd variants."""

from __future__ import annotations

import json

import pytest

from troubleshooter.checks.common.metadata import parse_instance_metadata
from troubleshooter.checks.parsers.extension_status import StatusFileError, parse_status_file, status_number
from troubleshooter.checks.parsers.ini import ConfigError, lookup, parse_ini
from troubleshooter.checks.parsers.selinux import parse_config_mode, parse_selinux_mode
from troubleshooter.checks.parsers.systemctl import NoServiceManager, parse_systemctl_status
from troubleshooter.checks.parsers.tune2fs import filesystem_state, parse_superblock
from troubleshooter.checks.parsers.waagent import parse_key_values, parse_waagent_version


@pytest.mark.parametrize("name, daemon, goal", [
    ("ubuntu2204-deprecationwarning.issue2836", (2, 2, 46), (2, 2, 46)),
    ("centos77.msdocs", (2, 2, 45), (2, 2, 46)),
    ("ubuntu1604.msdocs", None, None),
    ("rhel82.issue2681", None, None),
    ("ubuntu1404.issue1059", None, None),
    ("ubuntu1604-not-updated.issue1359", None, None),
])
def test_waagent_version_captures(reference, name, daemon, goal):
    parsed = parse_waagent_version(reference(f"linux/waagent-version.{name}.txt"))
    assert parsed is not None and len(parsed.daemon) >= 3
    if daemon:
        assert parsed.daemon == daemon and parsed.goal_state == goal


def test_waagent_version_warning_lines_before_it_and_crlf(reference):
    text = reference("linux/waagent-version.ubuntu2204-deprecationwarning.issue2836.txt")
    assert parse_waagent_version(text.replace("\n", "\r\n").replace("\r", "")).os == "ubuntu 22.04"


@pytest.mark.parametrize("text", ["", "Traceback (most recent call last):\n  ImportError", "WALinuxAgent-", "\x00\xff"])
def test_waagent_version_garbage(text):
    assert parse_waagent_version(text) is None


def test_key_values_with_comments_and_spaces():
    values = parse_key_values("# Extensions.Enabled=n\nExtensions.Enabled = y   \nProvisioning.Agent=auto # default\n"
                              "HttpProxy.Host=proxy.corp\r\n")
    assert values == {"Extensions.Enabled": "y", "Provisioning.Agent": "auto", "HttpProxy.Host": "proxy.corp"}


def test_wrapped_vmsnapshotlinux_status(reference):
    status = parse_status_file(reference("linux/extension-status.wala-testdata.vmsnapshotlinux-wrapped.status.json"))
    assert status.status == "success" and status.operation == "Enable"
    assert status.inner is not None and status.inner.name == "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"
    assert status.inner.status == "success" and status.inner.timestamp.year == 2019


def test_inner_status_alone(reference):
    status = parse_status_file(reference("linux/vmsnapshotlinux-inner-status.from-substatus.json"))
    assert status.name.endswith("VMSnapshotLinux") and status.timestamp is not None


def test_windows_status_reconstructed(reference):
    failed = parse_status_file(reference("windows/vmsnapshot-status.error-vsswriter.RECONSTRUCTED.status.json"))
    assert failed.status == "error" and failed.message.startswith("ExtensionFailedVssWriterInBadState")
    assert parse_status_file(reference("windows/vmsnapshot-status.success.RECONSTRUCTED.status.json")).status == "success"


@pytest.mark.parametrize("text", ["", "[]", "{\"status\": 3}", "[{\"version\": \"1.0\"", "not json"])
def test_status_file_garbage_empty_truncated(text):
    with pytest.raises(StatusFileError):
        parse_status_file(text)


def test_status_number():
    assert status_number("/var/lib/waagent/X-1.0/status/12.status") == 12
    assert status_number(r"C:\Packages\Plugins\X\1.0\Status\HandlerState.status") == -1


@pytest.mark.parametrize("name, state", [
    ("tune2fs-l.clean.ubuntu-cloudimg-2204.txt", "clean"),
    ("tune2fs-l.clean-with-errors.ext4-2011.txt", "clean with errors"),
    ("tune2fs-l.clean-with-errors.grep-error-fields.txt", "clean with errors"),
    ("dumpe2fs-h.not-clean.ext2-mounted.txt", "not clean"),
    ("dumpe2fs-h.not-clean-with-errors.partial-2008.txt", "not clean with errors"),
])
def test_filesystem_state_captures(reference, name, state):
    assert filesystem_state(parse_superblock(reference(f"linux/{name}"))) == state


def test_filesystem_state_variants():
    assert filesystem_state(parse_superblock("Filesystem state:   not   clean   \r\n".replace("\r", ""))) == "not clean"
    assert filesystem_state(parse_superblock("")) is None
    assert filesystem_state(parse_superblock("tune2fs: Bad magic number in super-block")) is None


@pytest.mark.parametrize("name, mode, config", [
    ("sestatus-getenforce.enforcing.rhel8.txt", "enforcing", None),
    ("sestatus.permissive-runtime-enforcing-config.centos7.txt", "permissive", "enforcing"),
    ("sestatus.enforcing-runtime-permissive-config.txt", "enforcing", "permissive"),
    ("sestatus-getenforce.disabled.txt", "disabled", None),
])
def test_selinux_captures(reference, name, mode, config):
    text = reference(f"linux/{name}")
    assert parse_selinux_mode(text) == mode
    if config:
        assert parse_config_mode(text) == config


def test_selinux_variants():
    assert parse_selinux_mode("Enforcing\r\n".replace("\r", "")) == "enforcing"
    assert parse_selinux_mode("") is None and parse_selinux_mode("getenforce: command not found") is None
    assert parse_config_mode("# comment\nSELINUX=enforcing\nSELINUXTYPE=targeted\n") == "enforcing"


@pytest.mark.parametrize("name", ["systemctl-status-walinuxagent.ubuntu2204.running-with-journal.txt",
                                  "systemctl-status-walinuxagent.ubuntu2204.daemon-reload-warning.txt",
                                  "systemctl-status-walinuxagent.ubuntu2404.azure-slice.txt",
                                  "systemctl-status-waagent.almalinux10.running.txt"])
def test_systemctl_status_captures(reference, name):
    unit = parse_systemctl_status(reference(f"linux/{name}"))
    assert unit is not None and unit.running and unit.unit_file_state == "enabled"


def test_systemctl_status_variants():
    assert parse_systemctl_status("Unit walinuxagent.service could not be found.") is None
    stopped = parse_systemctl_status("○ waagent.service - Azure Linux Agent\n     Loaded: loaded "
                                     "(/usr/lib/systemd/system/waagent.service; disabled; preset: enabled)\n"
                                     "     Active: inactive (dead)\n")
    assert stopped is not None and not stopped.running and stopped.unit_file_state == "disabled"
    with pytest.raises(NoServiceManager):
        parse_systemctl_status("System has not been booted with systemd as init system (PID 1). Can't operate.")
    with pytest.raises(NoServiceManager):
        parse_systemctl_status("")


@pytest.mark.parametrize("name, skip, fsfreeze, wait", [
    ("vmbackup.conf.default-tempPlugin.conf", None, "True", None),
    ("vmbackup.conf.mountstoskip.msdocs.conf", "/mnt/resource", "True", "600"),
    ("vmbackup.conf.sample-from-handlerutil-docstring.conf", None, None, None),
    ("vmbackup.conf.monitor-section.debughelper-readme.conf", None, None, None),
])
def test_vmbackup_conf_captures(reference, name, skip, fsfreeze, wait):
    sections = parse_ini(reference(f"linux/{name}"))
    assert sections
    assert lookup(sections, "MountsToSkip") == skip
    assert lookup(sections, "fsfreeze") == fsfreeze
    assert lookup(sections, "SafeFreezeWaitInSeconds") == wait


def test_vmbackup_conf_glitched_capture_is_rejected(reference):
    with pytest.raises(ConfigError):
        parse_ini(reference("linux/vmbackup.conf.mountstoskip.msdocs-verbatim-with-cat-glitch.txt"))


@pytest.mark.parametrize("name, vm_name", [
    ("imds-instance.centos79-japaneast.api-2020-09-01.json", None),
    ("imds-instance.ubuntu2004-westeurope.newer-schema.fixture.json", None),
    ("imds-instance.wala-testdata.old-api.json", None),
])
def test_instance_metadata_captures(reference, name, vm_name):
    text = reference(f"linux/{name}")
    compute = json.loads(text)["compute"]
    facts = parse_instance_metadata(text)
    assert facts["vm_name"] == compute["name"] and facts["location"] == compute["location"]
    assert set(facts) == {"vm_name", "resource_group", "subscription_id", "location", "vm_id", "os_type", "vm_size"}


def test_instance_metadata_error_body_is_rejected(reference):
    with pytest.raises(ValueError):
        parse_instance_metadata(reference("linux/imds-error.missing-api-version.msdocs.json"))
    with pytest.raises(ValueError):
        parse_instance_metadata("<html>captive portal</html>")
