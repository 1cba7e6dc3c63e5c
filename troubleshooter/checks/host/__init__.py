"""The only door to the machine: commands, files, registry, services and network.

The parts, one job each:

- `base`: the `Host` interface and what its calls return (`CommandOutput`, `ServiceInfo` ...);
- `deadline_host`: `DeadlineHost`, the host a check is handed, carrying its `Deadline`
  (`troubleshooter.checks.deadline`) to every call that waits;
- `encoding`: bytes from a tool in whatever encoding it chose, as text;
- `supervise`: a command with a deadline, its whole process tree killed when it ends;
- `local`: `LocalHost`, this machine; `windows`: what only Windows needs; `registry`: the
  Windows registry; `network`: lookups, TCP, HTTP and a proxy's CONNECT; `files`: paths under
  an optional root folder.

Everything a check imports is re-exported here, so `from troubleshooter.checks.host import Host`
stays the one import a check needs.
"""

from troubleshooter.checks.deadline import Cancelled, Deadline
from troubleshooter.checks.host.base import (OUTPUT_CAP, CommandOutput, Host, HostUnavailable, HttpReply,
                                             NotHttpReply, ProcessInfo, ServiceInfo)
from troubleshooter.checks.host.deadline_host import DeadlineHost
from troubleshooter.checks.host.encoding import decode_output
from troubleshooter.checks.host.files import RootedFiles
from troubleshooter.checks.host.local import LocalHost
from troubleshooter.checks.host.registry import normalize_registry_key
from troubleshooter.checks.host.supervise import PIPE_GRACE, own_command_pids
from troubleshooter.platform import current_platform

__all__ = ["OUTPUT_CAP", "PIPE_GRACE", "Cancelled", "CommandOutput", "Deadline", "DeadlineHost", "Host",
           "HostUnavailable", "HttpReply", "LocalHost", "NotHttpReply", "ProcessInfo", "RootedFiles", "ServiceInfo",
           "current_platform", "decode_output", "normalize_registry_key", "own_command_pids"]
