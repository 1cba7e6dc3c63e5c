"""Finds the words in a copy-ready command that change the machine (or Azure), so that a command
declared `read-only` cannot hide one, and the ones that lower the VM's protection (encryption,
SELinux, antivirus, outbound rules), so that such a command carries the `lowers-protection` warning.
Each finding names the verb and where it starts in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator


@dataclass(frozen=True)
class StateChange:
    verb: str  # how the finding is named in a message, e.g. "net stop", "az … delete", "> redirection"
    offset: int  # where the verb starts in the command text


# One simple command ends at a newline, a pipe, ; or & (&& and || included). Quoting is not
# followed: a separator inside quotes only splits a command earlier, which never hides a verb.
_SEPARATOR = re.compile(r"\r?\n|\|\|?|&&?|;")
# Words that run the next word as the command: `sudo systemctl restart x`, `xargs rm`, `( umount x )`.
_PREFIX = re.compile(r"(?:(?:sudo|xargs|nohup|exec|time|then|do|else|env|command|!|\(|\{|\$\()"
                     r"(?:\s+-{1,2}[\w-]+(?:=\S+)?)*\s+|[({]|\$\()")
_WORD = re.compile(r"\S+")

Rule = Callable[[list[str]], "str | None"]


def _first(args: list[str], *subcommands: str) -> str | None:
    return args[0] if args and args[0] in subcommands else None


def _any(args: list[str], *words: str) -> str | None:
    return next((a for a in args if a in words), None)


def _net(args):
    if _first(args, "stop", "start", "pause", "continue"):
        return f"net {args[0]}"
    if args and args[0] in ("user", "localgroup", "share") and _any(args, "/add", "/delete", "/del"):
        return f"net {args[0]} {_any(args, '/add', '/delete', '/del')}"
    return None


def _fsck(args):
    # `-n` answers "no" to every repair: a dry run that reads only. Any repair flag overrides it.
    if "-n" in args and not _any(args, "-y", "-p", "-a"):
        return None
    return "fsck"


def _xfs_repair(args):
    return None if "-n" in args else "xfs_repair"


def _mount(args):
    # Without arguments (or with -l / -t TYPE alone) mount only lists what is mounted.
    rest = [a for a in args if a != "-l"]
    if not rest or (len(rest) == 2 and rest[0] == "-t"):
        return None
    return "mount " + " ".join(args[:2])


def _sed(args):
    for arg in args:
        if arg.startswith("--in-place") or (arg.startswith("-") and not arg.startswith("--")
                                            and "i" in arg[1:] and not arg[1:].startswith("e")):
            return "sed -i"
    return None


def _package_manager(name: str, *actions: str) -> Rule:
    def rule(args):
        action = next((a for a in args if not a.startswith("-")), None)
        return f"{name} {action}" if action in actions else None
    return rule


def _rpm(args):
    for arg in args:
        if re.match(r"^-[a-zA-Z]*[iUFe]", arg) and not arg.startswith("-q") or arg in (
                "--install", "--upgrade", "--freshen", "--erase", "--import"):
            return f"rpm {arg}"
    return None


def _dpkg(args):
    for arg in args:
        if arg in ("-i", "-r", "-P", "-x", "--install", "--remove", "--purge", "--configure", "--unpack",
                   "--extract", "--set-selections"):
            return f"dpkg {arg}"
    return None


def _waagent(args):
    for arg in args:
        if re.match(r"^--?(deprovision|register-service|start|daemon|setup|run-exthandlers|collect-logs)", arg):
            return f"waagent {arg}"
    return None


def _ip(args):
    objects = ("addr", "address", "route", "link", "rule", "neigh", "neighbor", "tunnel", "netns")
    if args and args[0] in objects and _any(args[1:2], "add", "del", "delete", "set", "flush", "change",
                                                    "replace", "append"):
        return f"ip {args[0]} {args[1]}"
    return None


def _iptables(args):
    flag = _any(args, "-A", "-I", "-D", "-F", "-R", "-P", "-X", "-N", "-Z", "--append", "--insert",
                "--delete", "--flush", "--replace", "--policy")
    return f"iptables {flag}" if flag else None


def _firewall_cmd(args):
    for arg in args:
        if re.match(r"^--(add|remove|set|change|reload|complete-reload|panic-on|runtime-to-permanent)", arg):
            return f"firewall-cmd {arg}"
    return None


# Groups of the CLI that act on the CLI itself (its login, subscription, extensions), not on Azure.
_AZ_LOCAL_GROUPS = frozenset({"account", "config", "extension", "login", "logout", "cloud", "init", "interactive",
                              "upgrade", "version", "find"})


def _az(args):
    """`az <group> <subgroup> ... <action>`: the words before the first option are the command."""
    words = []
    for arg in args:
        if arg.startswith("-"):
            break
        words.append(arg)
    if words and words[0] in _AZ_LOCAL_GROUPS:
        return None
    # The first word names the group (`restore-point`, `lock`, `tag`); the action comes after it.
    for word in words[1:]:
        if re.match(r"^(delete|update|set|create|add|remove|restart|stop|start|deallocate|redeploy|reapply|"
                    r"resize|reimage|disable|enable|cancel|purge|import|assign|lock|unlock|grant|revoke|"
                    r"install|uninstall|attach|detach|invoke|move|convert|upgrade|generalize|capture|resume|"
                    r"suspend|backup-now|trigger|restore|regenerate|reset|rotate|register|unregister|apply|"
                    r"undelete|swap|replace|tag|untag|clear)(-|$)", word):
            return f"az … {word}"
    if words and words[0] == "rest" and re.search(r"--method\s+(put|post|patch|delete)", " ".join(args), re.I):
        return "az rest --method"
    return None


def _curl(args):
    for i, arg in enumerate(args):
        if arg in ("-X", "--request") and i + 1 < len(args) and args[i + 1].upper() in (
                "POST", "PUT", "DELETE", "PATCH"):
            return f"curl -X {args[i + 1].upper()}"
        if arg in ("-d", "--data", "--data-raw", "--data-binary", "-T", "--upload-file", "-F", "--form"):
            return f"curl {arg}"
    return None


def _only_with(flags: tuple[str, ...], name: str) -> Rule:
    def rule(args):
        flag = next((a for a in args for f in flags if a == f or a.startswith(f + ":")), None)
        return f"{name} {flag}" if flag else None
    return rule


def _always(name: str) -> Rule:
    return lambda args: name


# Programs by name (lower case, without path or .exe), each with the rule that decides from its
# arguments (lower case) whether this use changes something. A program missing here reads only.
PROGRAMS: dict[str, Rule] = {
    # Windows services, registry, installers, rights, disks
    "net": _net,
    "sc": lambda a: f"sc {a[0]}" if _first(a, "config", "stop", "start", "delete", "create", "failure",
                                           "pause", "continue", "sdset", "privs") else None,
    "reg": lambda a: f"reg {a[0]}" if _first(a, "add", "delete", "import", "restore", "load", "unload",
                                             "copy") else None,
    "regedit": lambda a: "regedit /s" if _any(a, "/s") else None,
    "msdtc": lambda a: f"msdtc {a[0]}" if _first(a, "-uninstall", "-install", "-resetlog") else None,
    "msiexec": lambda a: None if a == ["/?"] else "msiexec",
    "icacls": _only_with(("/grant", "/deny", "/remove", "/reset", "/restore", "/setowner",
                          "/setintegritylevel", "/inheritance"), "icacls"),
    "cacls": _only_with(("/e", "/g", "/r", "/p", "/d"), "cacls"),
    "takeown": _always("takeown"),
    "manage-bde": lambda a: next((f"manage-bde {x}" for x in a if x in (
        "-off", "-on", "-unlock", "-lock", "-pause", "-resume", "-forcerecovery", "-delete", "-add",
        "-disable", "-enable", "-changekey", "-changepassword", "-changepin")), None),
    "netsh": lambda a: next((f"netsh … {x}" for x in a if x in (
        "set", "add", "delete", "reset", "import", "install", "uninstall")), None),
    "vssadmin": lambda a: f"vssadmin {a[0]}" if _first(a, "delete", "resize", "add", "create", "revert") else None,
    "shutdown": _always("shutdown"),
    "bcdedit": _only_with(("/set", "/delete", "/deletevalue", "/create", "/import", "/default"), "bcdedit"),
    "diskpart": _always("diskpart"),
    "format": _always("format"),
    "cipher": _only_with(("/w", "/e", "/d", "/k", "/r"), "cipher"),
    "chkdsk": _only_with(("/f", "/r", "/x", "/b", "/spotfix", "/offlinescanandfix"), "chkdsk"),
    "sfc": _only_with(("/scannow", "/scanfile", "/revert"), "sfc"),
    "dism": lambda a: "dism /restorehealth" if any("restorehealth" in x or "/add-" in x or "/remove-" in x
                                                   or "/enable-" in x or "/disable-" in x for x in a) else None,
    "regsvr32": _always("regsvr32"),
    "ipconfig": _only_with(("/release", "/renew", "/flushdns", "/registerdns", "/release6", "/renew6"),
                           "ipconfig"),
    "certutil": lambda a: next((f"certutil {x}" for x in a if x in (
        "-delstore", "-addstore", "-importpfx", "-repairstore", "-setreg", "-delreg")), None),
    "wmic": lambda a: next((f"wmic … {x}" for x in a if x in ("call", "delete", "set", "create")), None),
    "del": _always("del"), "erase": _always("erase"), "rd": _always("rd"), "rmdir": _always("rmdir"),
    "ren": _always("ren"), "rename": _always("rename"), "move": _always("move"), "copy": _always("copy"),
    "xcopy": _always("xcopy"), "robocopy": _always("robocopy"), "mklink": _always("mklink"),
    "md": _always("md"), "attrib": lambda a: "attrib" if any(x[:1] in "+-" for x in a) else None,
    "ri": _always("ri (Remove-Item)"), "mi": _always("mi (Move-Item)"), "ni": _always("ni (New-Item)"),
    # Linux services, files, file systems, packages, security, network
    "systemctl": lambda a: next((f"systemctl {x}" for x in a if x in (
        "restart", "stop", "start", "enable", "disable", "mask", "unmask", "reload", "reload-or-restart",
        "try-restart", "kill", "daemon-reload", "isolate", "reboot", "poweroff", "halt", "set-property",
        "edit", "revert", "set-default")), None),
    "service": lambda a: next((f"service … {x}" for x in a[1:] if x in (
        "restart", "stop", "start", "reload", "force-reload", "condrestart", "try-restart")), None),
    "rm": _always("rm"), "mv": _always("mv"), "cp": _always("cp"), "ln": _always("ln"),
    "mkdir": _always("mkdir"), "touch": _always("touch"), "dd": _always("dd"), "shred": _always("shred"),
    "truncate": _always("truncate"), "tee": _always("tee"), "install": _always("install"),
    "chmod": _always("chmod"), "chown": _always("chown"), "chgrp": _always("chgrp"),
    "chattr": _always("chattr"), "setfacl": _always("setfacl"), "chcon": _always("chcon"),
    "restorecon": _always("restorecon"), "semanage": _always("semanage"), "semodule": _always("semodule"),
    "setsebool": _always("setsebool"), "setenforce": _always("setenforce"), "load_policy": _always("load_policy"),
    "fixfiles": _always("fixfiles"),
    "audit2allow": _only_with(("-M", "-m", "-R"), "audit2allow"),
    "sed": _sed,
    "perl": lambda a: "perl -i" if any(re.match(r"^-[a-z]*i", x) for x in a) else None,
    "mount": _mount, "umount": _always("umount"),
    "fsck": _fsck, "e2fsck": _fsck, "fsck.ext2": _fsck, "fsck.ext3": _fsck, "fsck.ext4": _fsck,
    "fsck.xfs": _fsck, "fsck.btrfs": _fsck, "xfs_repair": _xfs_repair,
    "tune2fs": lambda a: None if a and all(x == "-l" or not x.startswith("-") for x in a) else "tune2fs",
    "mkfs": _always("mkfs"), "mkfs.ext4": _always("mkfs"), "mkfs.xfs": _always("mkfs"), "wipefs": _always("wipefs"),
    "fdisk": lambda a: None if "-l" in a else "fdisk", "sfdisk": lambda a: None if _any(a, "-l", "-d") else "sfdisk",
    "parted": lambda a: None if _any(a, "-l", "print") else "parted",
    "resize2fs": _always("resize2fs"), "xfs_growfs": _always("xfs_growfs"), "growpart": _always("growpart"),
    "mkswap": _always("mkswap"), "swapon": _always("swapon"), "swapoff": _always("swapoff"),
    "lvextend": _always("lvextend"), "lvresize": _always("lvresize"), "lvremove": _always("lvremove"),
    "vgremove": _always("vgremove"), "pvremove": _always("pvremove"),
    "apt": _package_manager("apt", "install", "remove", "purge", "upgrade", "dist-upgrade", "full-upgrade",
                            "autoremove", "update", "reinstall"),
    "apt-get": _package_manager("apt-get", "install", "remove", "purge", "upgrade", "dist-upgrade",
                                "autoremove", "update", "reinstall"),
    "aptitude": _package_manager("aptitude", "install", "remove", "purge", "upgrade", "safe-upgrade",
                                 "full-upgrade", "update", "reinstall"),
    "yum": _package_manager("yum", "install", "remove", "erase", "update", "upgrade", "downgrade",
                            "reinstall", "autoremove", "swap", "distro-sync", "groupinstall", "localinstall"),
    "dnf": _package_manager("dnf", "install", "remove", "erase", "update", "upgrade", "downgrade", "reinstall",
                            "autoremove", "swap", "distro-sync"),
    "tdnf": _package_manager("tdnf", "install", "remove", "erase", "update", "upgrade", "reinstall"),
    "zypper": _package_manager("zypper", "install", "in", "remove", "rm", "update", "up", "patch", "dup",
                               "dist-upgrade", "addrepo", "ar", "removerepo", "rr"),
    "rpm": _rpm, "dpkg": _dpkg,
    "snap": _package_manager("snap", "install", "remove", "refresh"),
    "pip": _package_manager("pip", "install", "uninstall"), "pip3": _package_manager("pip3", "install", "uninstall"),
    "waagent": _waagent,
    "reboot": _always("reboot"), "poweroff": _always("poweroff"), "halt": _always("halt"),
    "init": lambda a: "init" if _any(a, "0", "6", "1") else None, "telinit": _always("telinit"),
    "kill": _always("kill"), "pkill": _always("pkill"), "killall": _always("killall"),
    "useradd": _always("useradd"), "usermod": _always("usermod"), "userdel": _always("userdel"),
    "groupadd": _always("groupadd"), "passwd": _always("passwd"), "chpasswd": _always("chpasswd"),
    "crontab": lambda a: None if a == ["-l"] else "crontab",
    "ip": _ip, "ifup": _always("ifup"), "ifdown": _always("ifdown"),
    "ifconfig": lambda a: "ifconfig" if len(a) >= 2 else None,
    "nmcli": lambda a: next((f"nmcli … {x}" for x in a if x in ("modify", "mod", "up", "down", "delete", "add",
                                                                "reload", "edit")), None),
    "netplan": lambda a: f"netplan {a[0]}" if _first(a, "apply", "generate", "set", "try") else None,
    "dhclient": _always("dhclient"),
    "iptables": _iptables, "ip6tables": _iptables,
    "nft": lambda a: f"nft {a[0]}" if _first(a, "add", "delete", "flush", "insert", "replace", "create") else None,
    "firewall-cmd": _firewall_cmd,
    "ufw": lambda a: f"ufw {a[0]}" if _first(a, "allow", "deny", "reject", "delete", "enable", "disable",
                                             "reset", "limit", "insert") else None,
    "sysctl": lambda a: "sysctl -w" if any(x in ("-w", "-p", "--write", "--system") or "=" in x for x in a) else None,
    "modprobe": lambda a: None if _any(a, "-n", "--dry-run", "-c") else "modprobe",
    "rmmod": _always("rmmod"), "insmod": _always("insmod"),
    "update-rc.d": _always("update-rc.d"), "chkconfig": lambda a: "chkconfig" if _any(a, "on", "off", "--add",
                                                                                     "--del") else None,
    "hostnamectl": lambda a: "hostnamectl set" if any(x.startswith("set-") for x in a) else None,
    "timedatectl": lambda a: "timedatectl set" if any(x.startswith("set-") for x in a) else None,
    "curl": _curl,
    "az": _az,
}

# Windows programs read their switches without regard to case (REG ADD, MSIEXEC /UNREGISTER).
CASELESS = frozenset({
    "net", "sc", "reg", "regedit", "msdtc", "msiexec", "icacls", "cacls", "takeown", "manage-bde", "netsh",
    "vssadmin", "shutdown", "bcdedit", "diskpart", "format", "cipher", "chkdsk", "sfc", "dism", "regsvr32",
    "ipconfig", "certutil", "wmic", "del", "erase", "rd", "rmdir", "ren", "rename", "move", "copy", "xcopy",
    "robocopy", "mklink", "md", "attrib", "ri", "mi", "ni", "az"})

# PowerShell cmdlets: Verb-Noun anywhere in the text (they nest in pipes, braces and sub-expressions),
# written as PowerShell's documentation writes them, capitalised: `restore-point` is an az group.
# These verbs change state; the nouns below are the harmless exceptions (they touch only the shell).
_CMDLET = re.compile(
    r"(?<![\w$-])(?P<verb>Set|New|Remove|Add|Clear|Disable|Enable|Install|Uninstall|Register|Unregister|Update|"
    r"Stop|Start|Restart|Suspend|Resume|Rename|Move|Copy|Reset|Repair|Mount|Dismount|Unlock|Lock|Initialize|"
    r"Grant|Revoke|Protect|Unprotect|Backup|Restore|Undo|Publish|Unpublish|Resize|Optimize|Invoke|Format|"
    r"Out|Import|Edit)-(?P<noun>[A-Z]\w*)")
_HARMLESS_CMDLETS = frozenset(name.lower() for name in (
    "Set-Location", "Set-Variable", "New-Variable", "Remove-Variable", "Clear-Variable", "New-Object",
    "New-TimeSpan", "New-Guid", "Add-Member", "Add-Type", "Set-StrictMode", "Set-PSDebug", "Start-Sleep",
    "Start-Transcript", "Stop-Transcript", "Out-Host", "Out-String", "Out-Null", "Out-Default", "Out-GridView",
    "Import-Module", "Remove-Module", "Invoke-WebRequest", "Invoke-RestMethod", "Import-Csv",
    "Import-Clixml", "Format-List", "Format-Table", "Format-Wide", "Format-Custom", "Format-Hex",
    "Update-FormatData", "Update-TypeData", "New-PSSession", "Remove-PSSession",
    "New-CimSession", "Remove-CimSession", "Update-Help", "Set-AzContext", "Enable-AzContextAutosave",
    "Disable-AzContextAutosave"))
_INVOKE_CHANGES = re.compile(r"^(Az|Command|Cim|Wmi|Item|Expression)", re.IGNORECASE)

# `> file` and `>> file`, but not 2>&1, >&2 or > /dev/null (nor the > of a <placeholder>).
_REDIRECT = re.compile(r"(?<![\w<>=-])\d?(>>?)(?!&)\s*(?P<target>[^\s|&;]+)")
_DISCARD = re.compile(r"^(/dev/null|\$null|nul|null)$", re.IGNORECASE)

# Portal paths: a step whose label is an action that changes Azure or the VM. Opening a support
# request changes neither.
_PORTAL_ACTION = re.compile(
    r"(?:^|>)\s*(?P<action>(?:Delete|Restart|Stop|Uninstall|Remove|Disable|Redeploy|Reapply|Resize|Reset|"
    r"Deallocate|Add|Create(?! a support request)|Assign|Save|Undelete|Cancel|Unlock|Move|Resume|Enable|"
    r"Back ?up now|Modify|Rehydrate)\b[^>]*)",
    re.IGNORECASE)
# ... or a setting given a value ("Assignment = Static"); a filter in parentheses only narrows a list.
_PORTAL_SETTING = re.compile(r"(?:^|>)\s*(?P<setting>[^>()=]*[^\s>()=]\s*=\s*[^>()]+)")


def _simple_commands(text: str) -> Iterator[tuple[str, list[str], int]]:
    """(program, arguments, offset of the program) for each simple command of a command line."""
    start = 0
    for separator in [*_SEPARATOR.finditer(text), None]:
        end = separator.start() if separator else len(text)
        segment = text[start:end]
        position = len(segment) - len(segment.lstrip())
        while True:
            prefix = _PREFIX.match(segment, position)
            if not prefix or prefix.end() == position:
                break
            position = prefix.end()
            position += len(segment[position:]) - len(segment[position:].lstrip())
        words = _WORD.findall(segment[position:])
        if words:
            program = re.split(r"[\\/]", words[0].strip("\"'"))[-1].lower()
            program = program[:-4] if program.endswith(".exe") else program
            yield program, [w.strip("\"'") for w in words[1:]], start + position
        if separator is None:
            return
        start = separator.end()


def state_changes(text: str, shell: str) -> list[StateChange]:
    """Every verb in `text` (a command for `shell`) that changes the machine or Azure, in text order."""
    if shell == "portal":
        found = [StateChange(f"portal action '{m['action'].strip()}'", m.start("action"))
                 for m in _PORTAL_ACTION.finditer(text)]
        found += [StateChange(f"portal setting '{m['setting'].strip()}'", m.start("setting"))
                  for m in _PORTAL_SETTING.finditer(text)]
        return sorted(found, key=lambda change: change.offset)
    found: list[StateChange] = []
    for program, args, offset in _simple_commands(text):
        rule = PROGRAMS.get(program)
        verb = rule([a.lower() for a in args] if program in CASELESS else args) if rule else None
        if verb:
            found.append(StateChange(verb, offset))
    for match in _CMDLET.finditer(text):
        name = match.group(0).lower()
        if name in _HARMLESS_CMDLETS:
            continue
        if match["verb"].lower() == "invoke" and not _INVOKE_CHANGES.match(match["noun"]):
            continue
        if match["verb"].lower() == "format" and match["noun"].lower() != "volume":
            continue
        if match["verb"].lower() == "out" and match["noun"].lower() != "file":
            continue
        if match["verb"].lower() == "import" and match["noun"].lower() not in ("pfxcertificate", "certificate",
                                                                              "startlayout"):
            continue
        found.append(StateChange(match.group(0), match.start()))
    for match in _REDIRECT.finditer(text):
        if not _DISCARD.match(match["target"]):
            found.append(StateChange(f"{match.group(1)} redirection into a file", match.start(1)))
    return sorted(found, key=lambda change: change.offset)


# Az PowerShell cmdlets (Get-AzVM, Stop-AzRecoveryServicesBackupJob): they run where Azure is
# signed in (Cloud Shell, a workstation), not on the VM.
AZ_CMDLET = re.compile(r"\b[A-Z][a-z]+-Az[A-Z]\w*")

# What lowers the VM's protection, whatever else the command does: the reader must see a warning
# and get approval first (docs/effects-and-places.md). Case-insensitive, matched anywhere in the text.
_LOWERS_PROTECTION = (
    ("Disable-BitLocker", r"\bDisable-BitLocker\b"),
    ("Suspend-BitLocker", r"\bSuspend-BitLocker\b"),
    ("manage-bde -off", r"\bmanage-bde(?:\.exe)?\s+-off\b"),
    ("manage-bde -protectors -disable", r"\bmanage-bde(?:\.exe)?\s+-protectors\s+-disable\b"),
    ("setenforce 0", r"\bsetenforce\s+(?:0|permissive)\b"),
    ("SELINUX=permissive/disabled", r"\bSELINUX=(?:permissive|disabled)\b"),
    ("semanage permissive -a", r"\bsemanage\s+permissive\s+-a\b"),
    ("antivirus exclusion", r"\b(?:Add|Set)-MpPreference\b[^|\n]*-Exclusion"),
    ("antivirus turned off", r"\bSet-MpPreference\b[^|\n]*-Disable\w*\s+\$?true"),
    ("outbound allow rule", r"(?:Outbound (?:port|security) rules\s*>\s*Add|"
                            r"\bnetsh\s+advfirewall\s+firewall\s+add\s+rule\b[^|\n]*dir=out|"
                            r"\bNew-NetFirewallRule\b[^|\n]*-Direction\s+Outbound|"
                            r"\baz\s+network\s+nsg\s+rule\s+create\b[^|\n]*--direction\s+Outbound)"),
    ("soft delete turned off", r"Soft delete\s*\(turn off\)"),
)
_LOWERS_PROTECTION_RE = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _LOWERS_PROTECTION)


def protection_changes(text: str) -> list[StateChange]:
    """Every step in `text` that lowers the VM's or the vault's protection, in text order."""
    found = [StateChange(name, match.start()) for name, pattern in _LOWERS_PROTECTION_RE
             for match in pattern.finditer(text)]
    return sorted(found, key=lambda change: change.offset)
