"""INI-style config files such as /etc/azure/vmbackup.conf (`key: value` or `key = value` under [Section])."""

from __future__ import annotations

import configparser


class ConfigError(ValueError):
    """The text is not a readable INI file."""


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """Section -> {key: value}, keys kept as written; a later duplicate wins."""
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=", ":"))
    parser.optionxform = str  # keep the case the file uses; the extension reads e.g. MountsToSkip
    try:
        parser.read_string(text or "")
    except configparser.Error as exc:
        raise ConfigError(str(exc).splitlines()[0]) from exc
    return {section: dict(parser.items(section)) for section in parser.sections()}


def lookup(sections: dict[str, dict[str, str]], key: str) -> str | None:
    """The value of `key` in any section, matched without regard to case."""
    for values in sections.values():
        for name, value in values.items():
            if name.lower() == key.lower():
                return value
    return None
