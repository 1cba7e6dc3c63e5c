"""The Windows registry, read only; elsewhere every read says there is no registry."""

from __future__ import annotations

from typing import Any

from troubleshooter.checks.host.base import HostUnavailable


def _winreg():
    try:
        import winreg  # type: ignore[import-not-found]
    except ImportError as exc:
        raise HostUnavailable("there is no registry on this system") from exc
    return winreg


_HIVES = {"HKLM": "HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE": "HKEY_LOCAL_MACHINE",
          "HKCU": "HKEY_CURRENT_USER", "HKEY_CURRENT_USER": "HKEY_CURRENT_USER"}


def _split_registry_key(key: str, winreg) -> tuple[Any, str]:
    hive_name, _, sub = key.partition("\\")
    return getattr(winreg, _HIVES[hive_name.upper()]), sub


def normalize_registry_key(key: str) -> str:
    hive, _, sub = key.strip("\\").partition("\\")
    return "\\".join([_HIVES.get(hive.upper(), hive.upper()).replace("HKEY_LOCAL_MACHINE", "HKLM")
                      .replace("HKEY_CURRENT_USER", "HKCU"), *[p for p in sub.split("\\") if p]]).upper()



class KeyNames(list):
    """Subkey names as the registry spells them; `in` ignores case, as Windows does (Wine spells
    `Services\\Eventlog` where Windows spells `EventLog`)."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in {known.casefold() for known in self}


class ValueMap(dict):
    """A key's values by name; looking a name up ignores case, as Windows does."""

    def _known(self, name: object) -> object:
        if isinstance(name, str) and not dict.__contains__(self, name):
            return next((known for known in self if known.casefold() == name.casefold()), name)
        return name

    def __getitem__(self, name: object) -> Any:
        return dict.__getitem__(self, self._known(name))

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, self._known(name))

    def get(self, name: object, default: Any = None) -> Any:
        return dict.get(self, self._known(name), default)


def registry_value(key: str, name: str) -> Any:
    winreg = _winreg()
    hive, sub = _split_registry_key(key, winreg)
    try:
        with winreg.OpenKey(hive, sub, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as handle:
            value, _kind = winreg.QueryValueEx(handle, name)
            return value
    except FileNotFoundError:
        return None


def registry_subkeys(key: str) -> list[str] | None:
    winreg = _winreg()
    hive, sub = _split_registry_key(key, winreg)
    try:
        with winreg.OpenKey(hive, sub, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as handle:
            names = KeyNames()
            index = 0
            while True:
                try:
                    names.append(winreg.EnumKey(handle, index))
                except OSError:
                    return names
                index += 1
    except FileNotFoundError:
        return None


def registry_values(key: str) -> dict[str, Any] | None:
    winreg = _winreg()
    hive, sub = _split_registry_key(key, winreg)
    try:
        with winreg.OpenKey(hive, sub, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as handle:
            values = ValueMap()
            index = 0
            while True:
                try:
                    name, value, _kind = winreg.EnumValue(handle, index)
                except OSError:
                    return values
                values[name] = value
                index += 1
    except FileNotFoundError:
        return None
