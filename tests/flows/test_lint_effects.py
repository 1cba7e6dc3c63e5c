"""A command that changes the VM says so: the linter refuses a state-changing verb in a command
declared read-only (pointing at the verb, file:line:col), accepts the same text with the effect
it has, and wants a note on every command that needs downtime or can destroy something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.flow_files import write_flow
from troubleshooter.flows.lint import lint_paths
from troubleshooter.flows.lint_rules import (LOWERS_PROTECTION_UNDECLARED, READ_ONLY_COMMAND_CHANGES,
                                           WARNED_EFFECT_WITHOUT_NOTE, WARNED_EFFECTS)

REPO = Path(__file__).resolve().parents[2]

# (shell, command text, where the verb starts, the effect it really has)
STATE_CHANGING = [
    ("cmd", "net stop VSS", "net stop", "restarts-service"),
    ("cmd", "net start COMSysApp", "net start", "restarts-service"),
    ("cmd", 'sc config MSDTC obj= "NT AUTHORITY\\NetworkService" password= ""', "sc config", "changes-config"),
    ("cmd", 'REG ADD "HKLM\\SOFTWARE\\Microsoft\\BcdrAgent" /v UseVSSCopyBackup /t REG_SZ /d True /f', "REG ADD",
     "changes-config"),
    ("cmd", "reg delete HKLM\\SOFTWARE\\Microsoft\\BcdrAgent /v UseVSSCopyBackup /f", "reg delete", "changes-config"),
    ("cmd", "reg import C:\\backup\\bcdragent.reg", "reg import", "changes-config"),
    ("cmd", "msdtc -uninstall", "msdtc", "needs-downtime"),
    ("cmd", "msdtc -install", "msdtc", "needs-downtime"),
    ("cmd", "MSIEXEC /UNREGISTER", "MSIEXEC", "changes-config"),
    ("cmd", "msiexec /i WindowsAzureVmAgent.msi /quiet", "msiexec", "changes-config"),
    ("cmd", "icacls %systemdrive%\\programdata\\microsoft\\crypto\\rsa\\machinekeys /grant Everyone:(R,W)", "icacls",
     "changes-config"),
    ("cmd", "icacls <folder> /reset", "icacls", "changes-config"),
    ("cmd", "icacls %systemdrive%\\programdata\\microsoft\\crypto\\rsa /restore machinekeys.acl", "icacls",
     "changes-config"),
    ("cmd", "manage-bde -off <drive>:", "manage-bde", "destructive"),
    ("cmd", 'netsh winhttp set proxy proxy-server="<proxy>:<port>"', "netsh", "changes-config"),
    ("cmd", "netsh winhttp reset proxy", "netsh", "changes-config"),
    ("cmd", "vssadmin delete shadows /all", "vssadmin", "destructive"),
    ("cmd", "shutdown /r /t 0", "shutdown", "needs-downtime"),
    ("cmd", "del /q C:\\WindowsAzure\\Logs\\old.log", "del", "destructive"),
    ("cmd", "regsvr32 iaasvmprovider.dll", "regsvr32", "changes-config"),
    ("cmd", "ipconfig /release", "ipconfig", "needs-downtime"),
    ("powershell", "Restart-Service VSS", "Restart-Service", "restarts-service"),
    ("powershell", "Stop-Service -Name MSDTC", "Stop-Service", "restarts-service"),
    ("powershell", "Start-Service COMSysApp", "Start-Service", "restarts-service"),
    ("powershell", "Set-Service -Name Msiserver -StartupType Manual", "Set-Service", "changes-config"),
    ("powershell", "Set-ItemProperty -Path HKLM:\\SOFTWARE\\Microsoft\\BcdrAgent -Name UseVSSCopyBackup -Value True",
     "Set-ItemProperty", "changes-config"),
    ("powershell", "New-ItemProperty -Path HKLM:\\SOFTWARE\\Microsoft\\BcdrAgentPersistentKeys "
                   "-Name SnapshotWithoutThreads -Value True -PropertyType String", "New-ItemProperty",
     "changes-config"),
    ("powershell", "Get-BitLockerVolume -MountPoint <drive>: | Disable-BitLocker", "Disable-BitLocker", "destructive"),
    ("powershell", "Remove-Item -Recurse C:\\Packages\\Plugins\\<folder>", "Remove-Item", "destructive"),
    ("powershell", "Get-ChildItem Cert:\\LocalMachine\\My\\<thumbprint> | Remove-Item", "Remove-Item", "destructive"),
    ("powershell", "Stop-AzRecoveryServicesBackupJob -JobId <job ID> -VaultId $vault.ID",
     "Stop-AzRecoveryServicesBackupJob", "destructive"),
    ("powershell", "Update-AzVM -ResourceGroupName <rg> -VM $vm", "Update-AzVM", "changes-config"),
    ("powershell", "$nic = Get-AzNetworkInterface -Name <nic>\nSet-AzNetworkInterface -NetworkInterface $nic",
     "Set-AzNetworkInterface", "changes-config"),
    ("powershell", "New-AzRoleAssignment -ObjectId <id> -RoleDefinitionName Contributor -Scope <scope>",
     "New-AzRoleAssignment", "changes-config"),
    ("powershell", "New-NetRoute -DestinationPrefix <range> -InterfaceAlias Ethernet -NextHop <gateway>",
     "New-NetRoute", "changes-config"),
    ("powershell", "Restart-Computer -Force", "Restart-Computer", "needs-downtime"),
    ("powershell", "Get-Process | Out-File C:\\temp\\processes.txt", "Out-File", "changes-config"),
    ("bash", "sudo systemctl restart walinuxagent", "systemctl", "restarts-service"),
    ("bash", "sudo systemctl stop waagent", "systemctl", "restarts-service"),
    ("bash", "sudo systemctl start waagent", "systemctl", "restarts-service"),
    ("bash", "sudo systemctl enable --now walinuxagent", "systemctl", "restarts-service"),
    ("bash", "sudo systemctl disable walinuxagent", "systemctl", "changes-config"),
    ("bash", "sudo service walinuxagent restart", "service", "restarts-service"),
    ("bash", "sudo umount <mount point>", "umount", "needs-downtime"),
    ("bash", "sudo mount -a", "mount", "changes-config"),
    ("bash", "sudo mount -o remount,rw <mount point>", "mount", "changes-config"),
    ("bash", "sudo fsck <device>", "fsck", "needs-downtime"),
    ("bash", "sudo e2fsck -f -y <device>", "e2fsck", "needs-downtime"),
    ("bash", "sudo xfs_repair <device>", "xfs_repair", "needs-downtime"),
    ("bash", "sudo rm -rf /var/lib/waagent/<extension folder>", "rm", "destructive"),
    ("bash", "sudo mv /etc/fstab /etc/fstab.old", "mv", "changes-config"),
    ("bash", "sudo cp /var/lib/waagent/<plugin>/main/tempPlugin/vmbackup.conf /etc/azure/vmbackup.conf", "cp",
     "changes-config"),
    ("bash", "sudo semodule -i waagent_local.pp", "semodule", "changes-config"),
    ("bash", "sudo ausearch -m avc -c waagent --raw | audit2allow -M waagent_local", "audit2allow", "changes-config"),
    ("bash", "sudo setenforce 0", "setenforce", "lowers-protection"),
    ("bash", "sudo sed -i 's/^Extensions.Enabled=n/Extensions.Enabled=y/' /etc/waagent.conf", "sed", "changes-config"),
    ("bash", "echo 'MountsToSkip = /mnt/resource' | sudo tee -a /etc/azure/vmbackup.conf", "tee", "changes-config"),
    ("bash", "echo '[SnapshotThread]' > /etc/azure/vmbackup.conf", ">", "changes-config"),
    ("bash", "sudo chmod 600 /etc/azure/vmbackup.conf", "chmod", "changes-config"),
    ("bash", "sudo chown root:root /etc/azure/vmbackup.conf", "chown", "changes-config"),
    ("bash", "sudo apt-get install -y walinuxagent", "apt-get", "changes-config"),
    ("bash", "sudo apt remove walinuxagent", "apt", "changes-config"),
    ("bash", "sudo yum install -y WALinuxAgent", "yum", "changes-config"),
    ("bash", "sudo dnf remove WALinuxAgent", "dnf", "changes-config"),
    ("bash", "sudo zypper install python-azure-agent", "zypper", "changes-config"),
    ("bash", "sudo waagent -deprovision+user -force", "waagent", "destructive"),
    ("bash", "sudo reboot", "reboot", "needs-downtime"),
    ("bash", "az vm extension delete --resource-group <rg> --vm-name <vm> --name VMSnapshot", "az", "changes-config"),
    ("bash", "az backup protection disable --container-name <vm> --item-name <vm> --delete-backup-data true", "az",
     "destructive"),
    ("bash", "az vm update --resource-group <rg> --name <vm> --set osProfile.windowsConfiguration.provisionVmAgent=true",
     "az", "changes-config"),
    ("bash", "az keyvault set-policy --name <key vault> --object-id <id> --key-permissions get list", "az",
     "changes-config"),
    ("bash", "az lock create --name <lock> --resource-group <rg> --lock-type CanNotDelete", "az", "changes-config"),
    ("bash", "az vm restart --resource-group <rg> --name <vm>", "az", "needs-downtime"),
    ("bash", "az vm deallocate --resource-group <rg> --name <vm>", "az", "needs-downtime"),
    ("bash", "az restore-point collection delete --resource-group <rg> --name <collection>", "az", "destructive"),
    ("portal", "Virtual machines > (VM) > Restart", "Restart", "needs-downtime"),
    ("portal", "Recovery Services vault > Backup items > (VM) > Stop backup", "Stop backup", "destructive"),
    ("portal", "Virtual machine > Networking > (network interface) > IP configurations > ipconfig1 > Assignment = Static",
     "Assignment", "changes-config"),
]

# Commands that only look; declared read-only, they pass.
READ_ONLY = [
    ("cmd", "vssadmin list writers"),
    ("cmd", "manage-bde -status"),
    ("cmd", "icacls %systemdrive%\\programdata\\microsoft\\crypto\\rsa\\machinekeys"),
    ("cmd", "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Msiserver /v Start"),
    ("cmd", "reg export HKLM\\SOFTWARE\\Microsoft\\BcdrAgent bcdragent.reg"),
    ("cmd", "sc query WindowsAzureGuestAgent"),
    ("cmd", "sc qc MSDTC"),
    ("cmd", "netsh winhttp show proxy"),
    ("cmd", "ipconfig /all"),
    ("cmd", "dir /s /b C:\\Packages\\Plugins\\Microsoft.Azure.RecoveryServices.VMSnapshot\\vcredist*"),
    ("powershell", "Get-Service WindowsAzureGuestAgent, RdAgent"),
    ("powershell", "Get-BitLockerVolume | Format-List MountPoint, LockStatus, ProtectionStatus"),
    ("powershell", "Test-NetConnection 168.63.129.16 -Port 32526"),
    ("powershell", "(Get-Item C:\\WindowsAzure\\Packages\\WaAppAgent.exe).VersionInfo.ProductVersion"),
    ("powershell", "Get-ChildItem Cert:\\LocalMachine\\My | Where-Object { $_.Issuer -like '*CRP*' } | Format-List"),
    ("bash", "sudo tune2fs -l <device> | grep 'Filesystem state'"),
    ("bash", "findmnt -t ext3,ext4,xfs,btrfs"),
    ("bash", "mount | grep ' /boot '"),
    ("bash", "sudo fsck -n <device>"),
    ("bash", "sudo xfs_repair -n <device>"),
    ("bash", "systemctl status walinuxagent waagent"),
    ("bash", "waagent --version"),
    ("bash", "grep -E '^(Extensions.Enabled|Provisioning.Agent)' /etc/waagent.conf"),
    ("bash", "sudo ausearch -m avc -c waagent 2>/dev/null | audit2allow"),
    ("bash", "curl -sS -m 10 'http://168.63.129.16/?comp=versions'"),
    ("bash", "az vm show --resource-group <rg> --name <vm> --query osProfile"),
    ("bash", "az vm extension list --resource-group <rg> --vm-name <vm> -o table"),
    ("bash", "az restore-point collection show --resource-group <rg> --name <collection>"),
    ("bash", "az account set --subscription <subscription ID>"),
    ("powershell", "Set-AzContext -Subscription <subscription ID>"),
    ("portal", "Recovery Services vault > Backup jobs (Status = In progress)"),
    ("portal", "Virtual machines > (VM) > Extensions + applications"),
]


def _flow_file(tmp_path, shell: str, text: str, effect: str | None, note: bool = False):
    command = {"platform": "any", "shell": shell, "text": text}
    if note:
        command["note"] = {"en": "Plan a maintenance window first.", "ko": "먼저 유지 관리 시간을 잡습니다."}
    if effect:
        command["effect"] = effect
    # JSON is YAML: one line per command, and the verb's column is where it is in that line.
    command_line = "      - " + json.dumps(command, ensure_ascii=False)
    path = write_flow(tmp_path, "commands", "fix", [
        "  fix:",
        "    kind: resolution",
        "    refs: [B17]",
        "    title: {en: A fix, ko: 해결 방법}",
        "    body: {en: Run it., ko: 실행합니다.}",
        "    commands:",
        command_line,  # line 11 of the file
        "    next: done"])
    return path, command_line


@pytest.mark.parametrize("shell, text, verb, effect", STATE_CHANGING,
                         ids=[f"{shell}:{text[:40]}" for shell, text, _v, _e in STATE_CHANGING])
def test_a_state_changing_verb_declared_read_only_is_refused_at_the_verb(tmp_path, shell, text, verb, effect):
    path, command_line = _flow_file(tmp_path, shell, text, "read-only")

    report = lint_paths([path])

    text_column = command_line.index('"text": ') + len('"text": ')
    expected = f"{path}:11:{command_line.index(verb, text_column) + 1}: command 1 of step 'fix' is declared read-only"
    # A verb that also lowers protection is refused a second time, for the missing warning.
    found = [p for p in report.problems if p.rule != LOWERS_PROTECTION_UNDECLARED]
    assert [str(p)[:len(expected)] for p in found] == [expected], report.problems
    assert [p.rule for p in found] == [READ_ONLY_COMMAND_CHANGES]


@pytest.mark.parametrize("shell, text, verb, effect", STATE_CHANGING,
                         ids=[f"{shell}:{text[:40]}" for shell, text, _v, _e in STATE_CHANGING])
def test_the_same_command_with_the_effect_it_has_passes(tmp_path, shell, text, verb, effect):
    path, _line = _flow_file(tmp_path, shell, text, effect, note=effect in WARNED_EFFECTS)

    assert lint_paths([path]).problems == []


@pytest.mark.parametrize("shell, text", READ_ONLY, ids=[f"{shell}:{text[:40]}" for shell, text in READ_ONLY])
def test_a_command_that_only_looks_may_be_declared_read_only(tmp_path, shell, text):
    path, _line = _flow_file(tmp_path, shell, text, "read-only")

    assert lint_paths([path]).problems == []


def test_a_command_without_an_effect_is_left_to_the_schema(tmp_path):
    # The field becomes required once every command in wizard_flows/ declares one; until then a
    # command without it is not judged, and afterwards the schema refuses it.
    schema = json.loads((REPO / "wizard_flows" / "schema.json").read_text(encoding="utf-8"))
    required = "effect" in schema["$defs"]["command"]["required"]
    path, _line = _flow_file(tmp_path, "cmd", "net stop VSS", None)

    problems = lint_paths([path]).problems

    assert not [p for p in problems if p.rule == READ_ONLY_COMMAND_CHANGES]
    assert bool(problems) == required and all("effect" in p.message for p in problems)


@pytest.mark.parametrize("effect", ["needs-downtime", "destructive"])
def test_a_warned_effect_without_a_note_is_refused_at_the_effect(tmp_path, effect):
    path, command_line = _flow_file(tmp_path, "cmd", "msdtc -uninstall", effect)

    found = lint_paths([path]).problems
    problems = [str(p) for p in found]

    column = command_line.index('"effect"') + 1
    assert [p.rule for p in found] == [WARNED_EFFECT_WITHOUT_NOTE]
    assert problems == [f"{path}:11:{column}: command 1 of step 'fix' is declared {effect} but has no note; its "
                        "warning needs one: say in both languages what it interrupts or can lose and what to do first"]


def test_every_read_only_command_in_the_real_flows_only_looks():
    report = lint_paths()

    # matched by the rules' ids, which the two tests above hold to the rules, not by their wording
    assert not [p for p in report.problems if p.rule in (READ_ONLY_COMMAND_CHANGES, WARNED_EFFECT_WITHOUT_NOTE)]


# Commands that lower the VM's protection: declared anything weaker than lowers-protection, refused.
LOWERS_PROTECTION = [
    ("powershell", 'Disable-BitLocker -MountPoint "D:"', "Disable-BitLocker"),
    ("cmd", "manage-bde -off D:", "manage-bde -off"),
    ("bash", "sudo setenforce 0", "setenforce 0"),
    ("powershell", "Add-MpPreference -ExclusionPath 'C:\\Packages'", "antivirus exclusion"),
    ("portal", "Virtual machine > Networking > Outbound port rules > Add outbound port rule", "outbound allow rule"),
]


@pytest.mark.parametrize("shell, text, name", LOWERS_PROTECTION, ids=[t[2] for t in LOWERS_PROTECTION])
def test_a_command_that_lowers_protection_must_say_so(tmp_path, shell, text, name):
    path, _line = _flow_file(tmp_path, shell, text, "changes-config")
    problems = [str(p) for p in lint_paths([path]).problems]
    assert len(problems) == 1 and f"lowers protection ('{name}')" in problems[0], problems

    path, _line = _flow_file(tmp_path, shell, text, "lowers-protection")
    problems = [str(p) for p in lint_paths([path]).problems]
    assert len(problems) == 1 and "declared lowers-protection but has no note" in problems[0], problems

    path, _line = _flow_file(tmp_path, shell, text, "lowers-protection", note=True)
    assert lint_paths([path]).problems == []
