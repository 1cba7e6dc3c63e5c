"""Which modules define the program's own checks: the registry imports them, and the flows' cache
key names them (a new check can make flows valid that were not), which must not load the registry.
"""

# Each built-in check and the module whose @check defines it, in the order the registry loads them:
# looking one check up (a check page, a walk deciding whether a step applies) imports that module
# alone, not all of them (about 1.6 MB and 20 ms). tests/checks/test_registry.py fails when this
# and the modules disagree.
BUILTIN_CHECKS: dict[str, str] = {
    "linux.agent_service": "troubleshooter.checks.linux.agent",
    "linux.agent_version": "troubleshooter.checks.linux.agent",
    "linux.waagent_conf": "troubleshooter.checks.linux.agent",
    "linux.extension_status": "troubleshooter.checks.linux.extensions",
    "linux.extension_python": "troubleshooter.checks.linux.extensions",
    "linux.vmbackup_conf": "troubleshooter.checks.linux.vmbackup",
    "linux.filesystem_state": "troubleshooter.checks.linux.vmbackup",
    "linux.selinux": "troubleshooter.checks.linux.selinux",
    "linux.dhcp": "troubleshooter.checks.linux.dhcp",
    "windows.agent_services": "troubleshooter.checks.windows.agent",
    "windows.agent_version": "troubleshooter.checks.windows.agent",
    "windows.snapshot_extension": "troubleshooter.checks.windows.snapshot",
    "windows.vss_writers": "troubleshooter.checks.windows.vss",
    "windows.vss_service": "troubleshooter.checks.windows.vss",
    "windows.bitlocker": "troubleshooter.checks.windows.bitlocker",
    "windows.complus": "troubleshooter.checks.windows.services",
    "windows.msdtc": "troubleshooter.checks.windows.services",
    "windows.msiserver": "troubleshooter.checks.windows.services",
    "windows.machinekeys": "troubleshooter.checks.windows.crypto",
    "windows.crp_certificates": "troubleshooter.checks.windows.crypto",
    "windows.strong_crypto": "troubleshooter.checks.windows.crypto",
    "windows.vcredist": "troubleshooter.checks.windows.software",
    "windows.sql_server": "troubleshooter.checks.windows.software",
    "windows.dhcp": "troubleshooter.checks.windows.network",
    "windows.winhttp_proxy": "troubleshooter.checks.windows.network",
    "windows.elevated": "troubleshooter.checks.windows.elevated",
    "common.resource_load": "troubleshooter.checks.common.load",
    "common.dns": "troubleshooter.checks.common.network",
    "common.platform_reachability": "troubleshooter.checks.common.network",
    "common.storage_reachability": "troubleshooter.checks.common.network",
    "common.proxy": "troubleshooter.checks.common.proxy",
    "common.metadata": "troubleshooter.checks.common.metadata",
}

# The modules that define the built-in checks, in that order (the order `checks` lists them in);
# importing one registers its checks.
BUILTIN_CHECK_MODULES: list[str] = list(dict.fromkeys(BUILTIN_CHECKS.values()))
