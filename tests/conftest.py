"""Fixtures for every test: sessions go to a temporary folder and no test can reach the network."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from troubleshooter.checks.registry import check, unregister
from troubleshooter.checks.result import CheckResult, Status

from tests.helpers.whole_machine import MARKER, in_parallel_run, machine_share

TESTS_DIR = Path(__file__).parent
EXAMPLE_FLOWS = TESTS_DIR / "flows" / "data"

# Settings of the test suite itself, which the caller may give; every other VMBT_* variable is
# the program's, and a test sets what it needs. The program's settings in the caller's
# environment (VMBT_NO_NETWORK=1 in a CI job, a developer's VMBT_FLOWS_DIR) are removed here,
# before any test or the subprocesses they start can see them.
SUITE_SETTINGS = {"VMBT_DEB_CACHE"}
for _name in [name for name in os.environ if name.startswith("VMBT_") and name not in SUITE_SETTINGS]:
    del os.environ[_name]


@pytest.fixture(autouse=True)
def _whole_machine_alone(request, tmp_path_factory):
    """In a parallel run, a test marked whole_machine runs while no other test does (first of the autouse
    fixtures, so the others' set-up and tear-down happen inside it)."""
    if not in_parallel_run(request.config):
        yield
        return
    alone = request.node.get_closest_marker(MARKER) is not None
    with machine_share(tmp_path_factory.getbasetemp().parent, alone):
        yield


# Tests that fail under Wine only because Wine lacks a part of Windows, with that part named. They
# still run under Wine, expected to fail (strict: one that starts passing must leave this list),
# and run for real in .github/workflows/windows.yml. Never a place for a bug of the program.
WINE_GAPS = {
    "tests/checks/test_checks_host_windows.py::test_powershell_runs_and_its_output_is_decoded":
        "Wine's powershell.exe is a stub that prints nothing",
}


def under_wine() -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")


def pytest_collection_modifyitems(config, items):
    if not under_wine():
        return
    for item in items:
        reason = WINE_GAPS.get(item.nodeid) or WINE_GAPS.get(item.nodeid.split("[", 1)[0])
        if reason:
            item.add_marker(pytest.mark.xfail(reason=f"Wine lacks it: {reason}", strict=True))


@pytest.fixture(scope="session")
def flows(tmp_path_factory):
    """The program's own flows (wizard_flows/), checked and loaded once: flows are immutable. Their
    cache goes to a folder of the suite's own, as every other write of a test does."""
    from troubleshooter.config import Config
    from troubleshooter.flows.lint import load_checked_flows

    return load_checked_flows(config=Config(data_dir=tmp_path_factory.mktemp("vmbt-flows-data")))


@pytest.fixture(scope="session")
def product_index(flows):
    """The search index the command and the wizard use, over the program's own flows."""
    from troubleshooter.search import SearchIndex

    return SearchIndex(flows)


@pytest.fixture(scope="session")
def index(product_index):
    """`product_index` for the tests that call it `index` (some modules give `index` another meaning)."""
    return product_index


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Autosaved sessions and settings never land in the real user folder."""
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path_factory.mktemp("vmbt-data")))


@pytest.fixture(autouse=True)
def _loopback_endpoints(tmp_path_factory, monkeypatch):
    """Every network target points at loopback, so no test can send a packet to Azure by accident.

    Tests that start their own servers write their own override and set VMBT_ENDPOINTS again.
    """
    override = tmp_path_factory.mktemp("endpoints") / "endpoints.yaml"
    override.write_text(LOOPBACK_ENDPOINTS, encoding="utf-8")
    monkeypatch.setenv("VMBT_ENDPOINTS", str(override))


@pytest.fixture(autouse=True)
def _window_language_reset():
    """A test that opened a window in Korean leaves the next one in the language it starts in."""
    yield
    if "PySide6.QtWidgets" in sys.modules:  # only tests that used Qt can have changed it
        from tests.helpers.language import back_to_the_start_language

        back_to_the_start_language()


# Port 9 (discard) on loopback: nothing listens there, so every attempt fails fast and locally.
LOOPBACK_ENDPOINTS = """\
platform_address: 127.0.0.1
platform_ports: [9]
metadata_url: http://127.0.0.1:9/metadata/instance?api-version=2021-02-01
dns_names: [localhost]
storage_endpoint: {host: 127.0.0.1, port: 9}
"""


@pytest.fixture
def example_check_outcome():
    """Registers the example flow's check; set `.status` to choose what it finds."""

    class Outcome:
        status = Status.OK

    outcome = Outcome()

    @check("example.always_ok", title={"en": "Example check", "ko": "예제 검사"},
           description={"en": "Looks at nothing.", "ko": "아무것도 보지 않습니다."})
    def _example(host):
        return CheckResult("example.always_ok", outcome.status,
                           {"en": f"Example: {outcome.status.value}", "ko": f"예제: {outcome.status.value}"})

    yield outcome
    unregister("example.always_ok")
