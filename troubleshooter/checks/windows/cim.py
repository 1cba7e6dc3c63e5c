"""CIM queries through Windows PowerShell, answered as JSON so that no localized text is read."""

from __future__ import annotations

from typing import Any

from troubleshooter.checks.host import CommandOutput, Host
from troubleshooter.checks.parsers.cim import CimOutputError, CimQueryError, parse_instances
from troubleshooter.checks.windows.common import powershell

__all__ = ["CimCommandFailed", "CimOutputError", "CimQueryError", "cim_script", "query"]

# One line, single quotes only: the script travels as one argument of powershell.exe.
# UTF-8 out whatever the code page; a process without a console may refuse, which costs nothing here.
_PREAMBLE = ("$ErrorActionPreference = 'Stop'; "
             "try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { }; ")
# A failed query becomes one object naming CIM's error code (the message would be localized).
_CATCH = (" } catch { [pscustomobject]@{ CimError = [string]$_.Exception.NativeErrorCode; "
          "HResult = $_.Exception.HResult } | ConvertTo-Json }")


class CimCommandFailed(Exception):
    """PowerShell did not run the query to an answer (missing, blocked, timed out)."""

    def __init__(self, output: CommandOutput):
        super().__init__(output.stderr or f"exit code {output.returncode}")
        self.output = output


def cim_script(pipeline: str) -> str:
    """The whole PowerShell command for a pipeline that yields objects to print."""
    return f"{_PREAMBLE}try {{ {pipeline} | ConvertTo-Json -Depth 3{_CATCH}"


def query(host: Host, pipeline: str, timeout: float = 25.0) -> tuple[list[dict[str, Any]], CommandOutput]:
    """(instances, the command's output for evidence). Raises CimCommandFailed, CimQueryError
    or CimOutputError."""
    output = powershell(host, cim_script(pipeline), timeout=timeout)
    if not output.ok:
        raise CimCommandFailed(output)
    return parse_instances(output.stdout), output
