"""Whether this program runs with administrator rights, which several Windows checks need."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.registry import check


@check("windows.elevated", platforms=("windows",), timeout=5, serves=())
def elevated(host: Host):
    check_id = "windows.elevated"
    if host.is_elevated():
        return outcome.ok(check_id, "elevated", {"elevated": True})
    return outcome.warning(check_id, "not_elevated", {"elevated": False})
