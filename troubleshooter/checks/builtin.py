"""Which modules define the program's own checks: the registry imports them, and the flows' cache
key names them (a new check can make flows valid that were not), which must not load the registry.
"""

# The modules that define the built-in checks; importing one registers its checks.
BUILTIN_CHECK_MODULES: list[str] = [
    "troubleshooter.checks.linux.agent",
    "troubleshooter.checks.linux.extensions",
    "troubleshooter.checks.linux.vmbackup",
    "troubleshooter.checks.linux.selinux",
    "troubleshooter.checks.linux.dhcp",
    "troubleshooter.checks.windows.agent",
    "troubleshooter.checks.windows.snapshot",
    "troubleshooter.checks.windows.vss",
    "troubleshooter.checks.windows.bitlocker",
    "troubleshooter.checks.windows.services",
    "troubleshooter.checks.windows.crypto",
    "troubleshooter.checks.windows.software",
    "troubleshooter.checks.windows.network",
    "troubleshooter.checks.windows.elevated",
    "troubleshooter.checks.common.load",
    "troubleshooter.checks.common.network",
    "troubleshooter.checks.common.proxy",
    "troubleshooter.checks.common.metadata",
]
