"""Network, proxy and metadata checks against servers started on 127.0.0.1 only."""

from __future__ import annotations

import time

import pytest

from troubleshooter.checks.endpoints import EndpointsError, load_endpoints
from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check
from troubleshooter.resources import resource_path


def test_shipped_endpoints_name_the_real_azure_targets():
    shipped = load_endpoints(resource_path("endpoints.yaml"))
    assert shipped.platform_address == "168.63.129.16" and shipped.platform_ports == (80, 443, 32526)
    assert shipped.metadata_url == "http://169.254.169.254/metadata/instance?api-version=2021-02-01"
    assert "management.azure.com" in shipped.dns_names and shipped.storage_port == 443


def test_tests_never_see_real_targets():
    active = load_endpoints()
    assert active.platform_address == "127.0.0.1" and active.storage_host == "127.0.0.1"
    assert active.metadata_url.startswith("http://127.0.0.1:")


def test_broken_override_is_an_error_result(tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("platform_address: 127.0.0.1\n")
    monkeypatch.setenv("VMBT_ENDPOINTS", str(bad))
    with pytest.raises(EndpointsError):
        load_endpoints()
    assert run_check("common.platform_reachability", LocalHost(), no_network=False).status is Status.ERROR


def test_platform_reachable_on_every_port(write_endpoints, listener):
    write_endpoints(platform_ports=[listener.port, listener.port], storage_port=listener.port)
    found = run_check("common.platform_reachability", LocalHost(), no_network=False)
    assert found.status is Status.OK and found.facts["blocked"] == []


def test_platform_closed_and_hanging_ports_within_the_timeout(write_endpoints, listener, hanging_listener, closed_port):
    # The hanging listener accepts and never answers: for a TCP test that is reachable.
    write_endpoints(platform_ports=[listener.port, closed_port, hanging_listener.port], storage_port=closed_port)
    started = time.monotonic()
    found = run_check("common.platform_reachability", LocalHost(), no_network=False)
    assert time.monotonic() - started < 4
    assert found.status is Status.PROBLEM
    assert found.facts["blocked"] == [f"127.0.0.1:{closed_port}"]
    assert found.facts["targets"][f"127.0.0.1:{closed_port}"]["detail"] == "refused"


def test_filtered_port_times_out_within_the_check_timeout(write_endpoints, listener, black_hole_port):
    write_endpoints(platform_ports=[listener.port, black_hole_port], storage_port=black_hole_port)
    started = time.monotonic()
    found = run_check("common.platform_reachability", LocalHost(), no_network=False)
    assert time.monotonic() - started < 3 + 1.5  # one attempt's timeout, the ports are tried side by side
    assert found.status is Status.PROBLEM and "timed out" in found.summary["en"]
    assert found.facts["blocked"] == [f"127.0.0.1:{black_hole_port}"]


def test_storage_reachability_direct(write_endpoints, listener, closed_port):
    write_endpoints(platform_ports=[closed_port], storage_port=listener.port)
    assert run_check("common.storage_reachability", LocalHost(), no_network=False).status is Status.OK
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port)
    found = run_check("common.storage_reachability", LocalHost(), no_network=False)
    assert found.status is Status.PROBLEM and found.facts["via"] == "direct"


def test_reachability_goes_through_the_configured_proxy(write_endpoints, connect_proxy, closed_port, monkeypatch):
    # The target port is closed: only a test through the proxy can succeed, and it must.
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port)
    proxy = connect_proxy(200)
    monkeypatch.setenv("https_proxy", f"http://user:s3cret@127.0.0.1:{proxy.port}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    found = run_check("common.storage_reachability", LocalHost(root="/nonexistent-root"), no_network=False)
    assert found.status is Status.OK and proxy.targets == [f"127.0.0.1:{closed_port}"]
    assert "s3cret" not in found.evidence and "s3cret" not in str(found.facts)


def test_proxy_refusing_the_tunnel_is_a_problem(write_endpoints, connect_proxy, listener, monkeypatch):
    write_endpoints(platform_ports=[listener.port], storage_port=listener.port)
    proxy = connect_proxy(403)
    monkeypatch.setenv("HTTPS_PROXY", f"127.0.0.1:{proxy.port}")
    found = run_check("common.platform_reachability", LocalHost(root="/nonexistent-root"), no_network=False)
    assert found.status is Status.PROBLEM and "403" in found.summary["en"]


def test_no_proxy_list_means_direct(write_endpoints, connect_proxy, listener, monkeypatch):
    write_endpoints(platform_ports=[listener.port], storage_port=listener.port)
    proxy = connect_proxy(403)
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("no_proxy", "localhost,127.0.0.1")
    found = run_check("common.platform_reachability", LocalHost(root="/nonexistent-root"), no_network=False)
    assert found.status is Status.OK and proxy.targets == []


def test_agent_config_proxy_wins(tmp_path, write_endpoints, connect_proxy, closed_port, monkeypatch):
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port)
    proxy = connect_proxy(200)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/waagent.conf").write_text(f"HttpProxy.Host=127.0.0.1\nHttpProxy.Port={proxy.port}\n")
    monkeypatch.delenv("https_proxy", raising=False)
    found = run_check("common.platform_reachability", LocalHost(root=tmp_path, platform="linux"), no_network=False)
    assert found.status is Status.OK and proxy.targets == [f"127.0.0.1:{closed_port}"]


def test_dns_resolves_loopback_names_and_reports_failures(write_endpoints, closed_port):
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port, dns_names=("localhost",))
    assert run_check("common.dns", LocalHost(), no_network=False).status is Status.OK
    host = FakeHost(dns={"localhost": ["127.0.0.1"]})
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port,
                    dns_names=("localhost", "name.invalid"))
    found = run_check("common.dns", host, no_network=False)
    assert found.status is Status.PROBLEM and list(found.facts["failed"]) == ["name.invalid"]


def test_network_checks_skip_with_no_network(monkeypatch):
    monkeypatch.setenv("VMBT_NO_NETWORK", "1")
    for check_id in ("common.dns", "common.platform_reachability", "common.storage_reachability", "common.metadata"):
        found = run_check(check_id, LocalHost())
        assert found.status is Status.SKIPPED and "--no-network" in found.summary["en"]


# -- metadata ----------------------------------------------------------------------------------

def test_metadata_from_a_loopback_service(write_endpoints, metadata_service, reference, closed_port):
    service = metadata_service(reference("linux/imds-instance.centos79-japaneast.api-2020-09-01.json"))
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port, metadata_url=service.url)
    found = run_check("common.metadata", LocalHost(), no_network=False)
    assert found.status is Status.OK and found.facts["azure_vm"] is True
    assert found.facts["location"] == "japaneast" and found.facts["vm_name"] in found.summary["en"]
    assert set(found.facts) >= {"vm_name", "resource_group", "subscription_id", "location", "vm_id", "os_type", "vm_size"}
    assert service.requests[0]["Metadata"] == "true"


def test_metadata_error_answer_is_not_an_azure_vm(write_endpoints, metadata_service, reference, closed_port):
    service = metadata_service(reference("linux/imds-error.missing-api-version.msdocs.json"), status=400)
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port, metadata_url=service.url)
    found = run_check("common.metadata", LocalHost(), no_network=False)
    assert found.status is Status.WARNING and "Not an Azure VM" in found.summary["en"] and "400" in found.summary["en"]


def test_metadata_closed_and_hanging(write_endpoints, hanging_listener, closed_port):
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port,
                    metadata_url=f"http://127.0.0.1:{closed_port}/metadata/instance")
    closed = run_check("common.metadata", LocalHost(), no_network=False)
    assert closed.status is Status.WARNING and "Not an Azure VM" in closed.summary["en"] and closed.summary["ko"]
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port,
                    metadata_url=f"http://127.0.0.1:{hanging_listener.port}/metadata/instance")
    started = time.monotonic()
    hung = run_check("common.metadata", LocalHost(), no_network=False)
    assert time.monotonic() - started < 3.5
    assert hung.status is Status.WARNING and "timed out" in hung.summary["en"]


def test_metadata_ignores_the_proxy(write_endpoints, metadata_service, reference, connect_proxy, closed_port,
                                    monkeypatch):
    service = metadata_service(reference("linux/imds-instance.wala-testdata.old-api.json"))
    proxy = connect_proxy(502)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
    write_endpoints(platform_ports=[closed_port], storage_port=closed_port, metadata_url=service.url)
    assert run_check("common.metadata", LocalHost(), no_network=False).status is Status.OK
    assert proxy.targets == []


# -- proxy settings ---------------------------------------------------------------------------

def test_proxy_settings_states(tmp_path):
    assert run_check("common.proxy", FakeHost()).status is Status.OK
    env_only = run_check("common.proxy", FakeHost(env={"https_proxy": "http://bob:hunter2@proxy.corp:3128"}))
    assert env_only.status is Status.WARNING and "HttpProxy.Host" in env_only.summary["en"]
    assert "hunter2" not in env_only.summary["en"] + env_only.evidence + str(env_only.facts)
    agent = run_check("common.proxy", FakeHost(files={"/etc/waagent.conf": "HttpProxy.Host=proxy.corp\nHttpProxy.Port=3128\n"}))
    assert agent.status is Status.OK and agent.facts["agent_proxy"] == "http://proxy.corp:3128"
    windows = run_check("common.proxy", FakeHost(platform="windows", env={"HTTPS_PROXY": "proxy.corp:8080"}))
    assert windows.status is Status.OK and "WinHTTP" in windows.summary["en"]
