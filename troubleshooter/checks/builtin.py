"""Which modules define the program's own checks: the registry imports them, and the flows' cache
key names them (a new check can make flows valid that were not), which must not load the registry.
"""

# Each built-in check and the module whose @check defines it: looking one check up (a check page,
# a walk deciding whether a step applies) imports that module alone, not all of them (about 1.6 MB
# and 20 ms). tests/checks/test_registry.py fails when this and the modules disagree.
BUILTIN_CHECKS: dict[str, str] = {
    "common.dns": "troubleshooter.checks.common.network",
    "common.metadata": "troubleshooter.checks.common.metadata",
    "common.platform_reachability": "troubleshooter.checks.common.network",
    "common.proxy": "troubleshooter.checks.common.proxy",
    "common.resource_load": "troubleshooter.checks.common.load",
    "common.storage_reachability": "troubleshooter.checks.common.network",
    "linux.agent_service": "troubleshooter.checks.linux.agent",
    "linux.agent_version": "troubleshooter.checks.linux.agent",
    "linux.dhcp": "troubleshooter.checks.linux.dhcp",
    "linux.extension_python": "troubleshooter.checks.linux.extensions",
    "linux.extension_status": "troubleshooter.checks.linux.extensions",
    "linux.filesystem_state": "troubleshooter.checks.linux.vmbackup",
    "linux.selinux": "troubleshooter.checks.linux.selinux",
    "linux.vmbackup_conf": "troubleshooter.checks.linux.vmbackup",
    "linux.waagent_conf": "troubleshooter.checks.linux.agent",
    "windows.agent_services": "troubleshooter.checks.windows.agent",
    "windows.agent_version": "troubleshooter.checks.windows.agent",
    "windows.bitlocker": "troubleshooter.checks.windows.bitlocker",
    "windows.complus": "troubleshooter.checks.windows.services",
    "windows.crp_certificates": "troubleshooter.checks.windows.crypto",
    "windows.dhcp": "troubleshooter.checks.windows.network",
    "windows.elevated": "troubleshooter.checks.windows.elevated",
    "windows.machinekeys": "troubleshooter.checks.windows.crypto",
    "windows.msdtc": "troubleshooter.checks.windows.services",
    "windows.msiserver": "troubleshooter.checks.windows.services",
    "windows.snapshot_extension": "troubleshooter.checks.windows.snapshot",
    "windows.sql_server": "troubleshooter.checks.windows.software",
    "windows.strong_crypto": "troubleshooter.checks.windows.crypto",
    "windows.vcredist2012": "troubleshooter.checks.windows.software",
    "windows.vss_service": "troubleshooter.checks.windows.vss",
    "windows.vss_writers": "troubleshooter.checks.windows.vss",
    "windows.winhttp_proxy": "troubleshooter.checks.windows.network",
}

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
