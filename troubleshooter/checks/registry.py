"""The registry of checks: the `@check` decorator and look-up by the ids that flows use."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from troubleshooter.checks.builtin import BUILTIN_CHECK_MODULES, BUILTIN_CHECKS
from troubleshooter.i18n import Text

if TYPE_CHECKING:
    from troubleshooter.checks.host import Host
    from troubleshooter.checks.result import CheckResult

CheckFunction = Callable[["Host"], "CheckResult"]

# Every program a check may start, by the name it is looked up under. The read-only audit
# (tests/faults/test_read_only_audit.py) fails on any other program the checks start; what these
# programs start in turn (a pyenv shim's bash, waagent's python) is theirs. Add a program here
# when a check starts running it.
PROGRAMS_CHECKS_RUN: dict[str, tuple[str, ...]] = {
    "linux": ("systemctl", "waagent", "python3", "python", "python2", "tune2fs", "getenforce"),
    "windows": ("powershell.exe", "icacls", "vssadmin"),
}


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its id, function, title and the platforms it runs on."""

    id: str
    function: CheckFunction
    title: Text
    description: Text  # what is looked at, and why, shown before running it
    platforms: frozenset[str]  # {"windows"}, {"linux"} or both
    timeout: float
    needs_admin: bool
    uses_network: bool
    serves: tuple[str, ...]  # catalog case IDs this check gives evidence for


_REGISTRY: dict[str, CheckSpec] = {}


def check(check_id: str, *, title: Text | None = None, description: Text | None = None,
          platforms=("windows", "linux"), timeout: float = 10.0, needs_admin: bool = False,
          uses_network: bool = False, serves: tuple[str, ...] = ()) -> Callable[[CheckFunction], CheckFunction]:
    """Register `function` as the check `check_id`. Its title and description come from the
    checks' text catalog (resources/check-texts.yaml) unless given here."""

    def register(function: CheckFunction) -> CheckFunction:
        if check_id in _REGISTRY and _REGISTRY[check_id].function is not function:
            raise ValueError(f"check id {check_id!r} is registered twice")
        if title is None or description is None:
            from troubleshooter.checks.texts import check_texts

            texts = check_texts()
        spec_title = dict(title) if title is not None else texts.title(check_id)
        spec_description = dict(description) if description is not None else texts.description(check_id)
        _REGISTRY[check_id] = CheckSpec(check_id, function, spec_title, spec_description,
                                        frozenset(platforms), float(timeout), needs_admin,
                                        uses_network, tuple(serves))
        return function

    return register


def load_builtin_checks() -> None:
    for module in BUILTIN_CHECK_MODULES:
        importlib.import_module(module)


def get(check_id: str) -> CheckSpec | None:
    spec = _REGISTRY.get(check_id)
    if spec is None:
        module = BUILTIN_CHECKS.get(check_id)
        if module is not None:
            importlib.import_module(module)
        else:  # not a built-in check: it may still be one a module registers under another name
            load_builtin_checks()
        spec = _REGISTRY.get(check_id)
    return spec


def all_checks() -> dict[str, CheckSpec]:
    load_builtin_checks()
    return dict(_REGISTRY)


def builtin_check_ids() -> list[str]:
    """The ids of the checks the program itself defines (not those a test registers)."""
    load_builtin_checks()
    return [check_id for check_id, spec in _REGISTRY.items() if spec.function.__module__ in BUILTIN_CHECK_MODULES]


def unregister(check_id: str) -> None:
    """For tests that register temporary checks."""
    _REGISTRY.pop(check_id, None)
