"""WMI over COM (pywin32's win32com): CIM classes read without starting PowerShell.

PowerShell costs 0.5-2 s a start and answers nothing where AppLocker, WDAC, Constrained Language
Mode or an execution policy blocks it (and under Wine, whose powershell.exe is a stub); WMI's COM
interface answers the same queries in-process. Property names and numbers do not change with the
display language. A failed query raises CimQueryError with WMI's error named as CIM names it
(InvalidNamespace, InvalidClass, AccessDenied, ...); no WMI at all raises HostUnavailable.
"""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from troubleshooter.checks.host.base import HostUnavailable
from troubleshooter.checks.parsers.cim import CimQueryError

# WBEM_E_* codes (wbemcli.h) by the names CIM's NativeErrorCode gives them.
WBEM_ERRORS = {0x80041002: "NotFound", 0x80041003: "AccessDenied", 0x8004100E: "InvalidNamespace",
               0x80041010: "InvalidClass", 0x80041017: "InvalidQuery", 0x80070005: "AccessDenied"}
# CIM_DATETIME: yyyymmddHHMMSS.mmmmmmsUUU, the last part minutes from UTC.
_DATETIME = re.compile(r"^(\d{14})\.(\d{6})([+-])(\d{3})$")
_initialised = threading.local()


def parse_wmi_datetime(text: str) -> datetime | None:
    match = _DATETIME.match(text)
    if not match:
        return None
    try:
        local = datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(microsecond=int(match.group(2)))
    except ValueError:
        return None
    minutes = int(match.group(4)) * (1 if match.group(3) == "+" else -1)
    return local.replace(tzinfo=timezone(timedelta(minutes=minutes))).astimezone(timezone.utc)


def _value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_value(item) for item in value]
    if isinstance(value, str):
        return parse_wmi_datetime(value) or value
    return value


def _error_code(exc: Exception) -> str:
    details = getattr(exc, "excepinfo", None) or ()
    codes = [code & 0xFFFFFFFF for code in (getattr(exc, "hresult", None), details[5] if len(details) > 5 else None)
             if isinstance(code, int)]
    return next((WBEM_ERRORS[code] for code in reversed(codes) if code in WBEM_ERRORS),
                f"0x{codes[-1]:08X}" if codes else "Failed")


def _property(item: Any, name: str, com_error: type[Exception]) -> Any:
    """One property; None when the class lacks it (Wine's classes carry fewer properties than
    Windows'). Item(name), because Wine's WMI cannot iterate Properties_."""
    try:
        return _value(item.Properties_.Item(name).Value)
    except com_error as exc:
        if _error_code(exc) == "NotFound":
            return None
        raise


def selected_properties(wql: str) -> list[str]:
    """The property names a `SELECT a, b FROM ...` asks for (name them: `SELECT *` is refused)."""
    match = re.match(r"\s*SELECT\s+(?P<names>.+?)\s+FROM\s", wql, re.IGNORECASE | re.DOTALL)
    names = [name.strip() for name in match.group("names").split(",")] if match else []
    if not names or "*" in names:
        raise ValueError(f"name the properties to read: {wql!r}")
    return names


def query(namespace: str, wql: str, methods: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Every instance the WQL query selects as {property: value}; `methods` maps a method without
    arguments (e.g. GetLockStatus) to the out-parameter added to each instance (LockStatus)."""
    try:
        import pythoncom  # type: ignore[import-not-found]
        import pywintypes  # type: ignore[import-not-found]
        import win32com.client  # type: ignore[import-not-found]
    except ImportError as exc:
        raise HostUnavailable("WMI cannot be asked here (no COM)") from exc
    if not getattr(_initialised, "done", False):
        pythoncom.CoInitializeEx(pythoncom.COINIT_MULTITHREADED)  # each check runs in a thread of its own
        _initialised.done = True
    try:
        service = win32com.client.Dispatch("WbemScripting.SWbemLocator").ConnectServer(".", namespace)
        instances = []
        names = selected_properties(wql)
        for item in service.ExecQuery(wql):
            instance = {name: _property(item, name, pywintypes.com_error) for name in names}
            for method, out_parameter in (methods or {}).items():
                instance[out_parameter] = item.ExecMethod_(method).Properties_(out_parameter).Value
            instances.append(instance)
        return instances
    except pywintypes.com_error as exc:
        code = _error_code(exc)
        if code.startswith("0x8004") or code in WBEM_ERRORS.values():
            raise CimQueryError(code) from exc
        raise HostUnavailable(f"WMI did not answer ({code})") from exc
