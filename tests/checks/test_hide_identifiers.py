"""--hide-identifiers: every shape in which a VM's identity appears is masked, and ordinary text
(versions, times, the platform's own addresses, hashes of other lengths) stays."""

from __future__ import annotations

import pytest

from troubleshooter.redact import IDENTIFIER_MASK, mask_identifiers

HOST = "prod-sql-01"
SUBSCRIPTION = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


@pytest.mark.parametrize("text, identifying", [
    (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-finance-prod/providers/Microsoft.Compute/virtualMachines/"
     "vm-payroll-7", ["rg-finance-prod", "vm-payroll-7", SUBSCRIPTION]),
    ("/subscriptions/x/resourcegroups/RG-Lower/providers/Microsoft.RecoveryServices/vaults/vault-hr/"
     "backupFabrics/Azure/protectionContainers/iaasvmcontainer;iaasvmcontainerv2;rg-lower;vm-hr", ["RG-Lower", "vault-hr"]),
    ("uploading to https://stfinance0042.blob.core.windows.net/vhds/os.vhd?sv=1", ["stfinance0042"]),
    ("md-abcd1234.z12.blob.storage.azure.net", ["md-abcd1234"]),
    ("contact alice.kim+ops@contoso-finance.co.kr about it", ["alice.kim", "contoso-finance"]),
    ("NIC 00-0D-3A-12-34-56 up", ["00-0D-3A-12-34-56"]),
    ("cisco style 000d.3a12.3456 learned", ["000d.3a12.3456"]),
    ("colon style 00:0d:3a:12:34:56 learned", ["00:0d:3a:12:34:56"]),
    ('"macAddress": "000D3A7E5A2F"', ["000D3A7E5A2F"]),
    ("vmId 3f2504e04f8911d39a0c0305e82c3301 seen", ["3f2504e04f8911d39a0c0305e82c3301"]),
    ("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}", ["3F2504E0-4F89-11D3-9A0C-0305E82C3301"]),
    ("lease from 010.001.002.003 ok", ["010.001.002.003"]),
    ("search domain abcdefgh1234.ax.internal.cloudapp.net", ["abcdefgh1234"]),
    (f"host {HOST.upper()} said", [HOST.upper()]),
    (f"host {HOST}.contoso.local and {HOST}-nic and {HOST}_OsDisk_1_abc", [HOST]),
])
def test_each_identifying_shape_is_masked(text, identifying):
    masked = mask_identifiers(text, [f"{HOST}.internal.cloudapp.net"])
    assert [part for part in identifying if part in masked] == [], masked
    assert IDENTIFIER_MASK in masked


@pytest.mark.parametrize("text", [
    "agent started at 2026-12-01T10:00:00.123Z",
    "wire server 168.63.129.16 and IMDS 169.254.169.254",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "Microsoft.Compute/virtualMachines is the resource type",
    "see https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot",
    "exit code 0x800423f4 after 01:50:10",
    "prod-sql-012 is another machine",
])
def test_ordinary_text_stays(text):
    assert mask_identifiers(text, [HOST]) == text


def test_collect_with_hide_identifiers_masks_every_shape_in_every_file(tmp_path):
    import socket
    import zipfile

    from troubleshooter.checks.host import LocalHost
    from troubleshooter.collect.bundle import CollectOptions, collect_bundle

    host = socket.gethostname()
    shapes = {f"{host.upper()}-nic", "https://stfinance0042.blob.core.windows.net/c", "alice.kim+ops@contoso.com",
              "00-0D-3A-12-34-56", "000d.3a12.3456", "3f2504e04f8911d39a0c0305e82c3301", "010.001.002.003",
              "abcdefgh1234.ax.internal.cloudapp.net"}
    log = tmp_path / "vm/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log"
    log.parent.mkdir(parents=True)
    log.write_text("\n".join([
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-finance-prod/providers/Microsoft.Compute/virtualMachines/"
        "vm-payroll-7", *sorted(shapes)]) + "\n", encoding="utf-8")
    out = tmp_path / "hidden.zip"
    collect_bundle(CollectOptions(out=out, no_network=True, hide_identifiers=True),
                   LocalHost(root=tmp_path / "vm", platform="linux"))
    with zipfile.ZipFile(out) as archive:
        everything = "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert [shape for shape in shapes | {"rg-finance-prod", "vm-payroll-7", "stfinance0042"}
            if shape in everything] == []
    assert f"{IDENTIFIER_MASK}-nic" in everything  # the host name in capitals, with a suffix
