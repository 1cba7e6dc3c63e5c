"""Which logs and files support asks for when a VM backup fails, on each OS.

The Linux list follows Microsoft's "collect /var/lib/waagent/*.xml, /var/log/waagent.log and
/var/log/azure/*" (current-docs P2 step 4) plus the two configuration files the checks read;
the Windows list is the agent's and the VMSnapshot plugin's logs and status files. Files that
hold credentials or key material are listed too, so the manifest can say they were left out on
purpose rather than missed.
"""

from __future__ import annotations

from dataclasses import dataclass

# Weights share the size budget: the agent's and the backup extension's own files matter most.
PRIMARY = 3
SUPPORTING = 1


@dataclass(frozen=True)
class LogSource:
    """Files on the VM: `pattern` is a glob (`*` within a folder) or, with `tree`, a folder to walk."""

    pattern: str
    about: str
    weight: int = PRIMARY
    tree: bool = False
    # Accounts besides root that write these files (rsyslog writes /var/log/syslog as `syslog` on Ubuntu).
    written_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventQuery:
    """Windows events of the last days from some providers of one event log, printed as text."""

    log: str
    providers: tuple[str, ...]
    about: str


# Never read: the provisioning document can hold the admin password and custom data, the
# certificate files the VM's private keys, extension settings their protected (secret) part.
NEVER_COLLECTED = (
    ("ovf-env.xml", "holds the provisioning password and custom data"),
    ("Certificates.xml", "holds the VM's certificates and private keys"),
    ("Certificates.p7m", "holds the VM's certificates and private keys"),
    (".prv", "a private key"),
    (".pem", "may hold a private key"),
    (".pfx", "a certificate with its private key"),
    (".settings", "extension settings, with their protected (secret) part"),
)

LINUX_SOURCES = (
    LogSource("/var/log/waagent.log*", "the Azure Linux agent's log"),
    LogSource("/var/log/azure", "the extensions' logs, the backup extension's among them", tree=True),
    LogSource("/var/lib/waagent/*.xml", "the agent's goal state and extension configuration"),
    LogSource("/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-*/status/*.status",
              "the backup extension's status files"),
    LogSource("/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-*/Handler*.json",
              "the backup extension's handler manifest and environment"),
    LogSource("/etc/waagent.conf", "the agent's configuration"),
    LogSource("/etc/azure/vmbackup.conf", "the backup extension's freeze settings"),
    LogSource("/var/log/syslog*", "the system log (freeze, mount and agent messages)", SUPPORTING,
              written_by=("syslog",)),
    LogSource("/var/log/messages*", "the system log (freeze, mount and agent messages)", SUPPORTING,
              written_by=("syslog",)),
    LogSource("/var/log/audit/audit.log*", "SELinux denials, which can stop the extension", SUPPORTING),
)

WINDOWS_SOURCES = (
    LogSource(r"C:\WindowsAzure\Logs\WaAppAgent*.log", "the Windows guest agent's log"),
    LogSource(r"C:\WindowsAzure\Logs\TransparentInstaller*.log", "the guest agent's installer log"),
    LogSource(r"C:\WindowsAzure\Logs\Plugins\Microsoft.Azure.RecoveryServices.VMSnapshot",
              "the backup extension's logs", tree=True),
    LogSource(r"C:\Packages\Plugins\Microsoft.Azure.RecoveryServices.VMSnapshot\*\Status\*.status",
              "the backup extension's status files"),
    LogSource(r"C:\WindowsAzure\Logs\AggregateStatus\*.json", "the agent's summary of every extension",
              SUPPORTING),
)

# Providers behind the failures the flows explain: VSS and its writers, COM+ and MSDTC, the
# extension crashing (C01) or its VC++ runtime failing to install (B24), the shadow-copy
# driver timing out under load (B17 step 4), services that would not start.
WINDOWS_EVENTS = (
    EventQuery("Application", ("VSS", "COM+", "MSDTC", "MSDTC 2", "MSDTC Client", "MSDTC Client 2",
                               "Application Error", "Application Hang", "MsiInstaller",
                               "WindowsAzureGuestAgent", "Windows Error Reporting"),
               "Application events from VSS, COM+, MSDTC, the installer and crashed programs"),
    EventQuery("System", ("volsnap", "Service Control Manager", "Microsoft-Windows-DHCP-Client",
                          "Microsoft-Windows-Kernel-Power", "disk", "Ntfs"),
               "System events from the shadow-copy driver, services, DHCP, disks and restarts"),
)

LINUX_JOURNAL_UNITS = ("walinuxagent.service", "waagent.service")


def sources_for(platform: str) -> tuple[LogSource, ...]:
    return WINDOWS_SOURCES if platform == "windows" else LINUX_SOURCES


def never_collected_reason(name: str) -> str | None:
    lowered = name.lower()
    for suffix, reason in NEVER_COLLECTED:
        if lowered == suffix.lower() or (suffix.startswith(".") and lowered.endswith(suffix.lower())):
            return reason
    return None
