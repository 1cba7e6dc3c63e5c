"""The VMBT_ENDPOINTS file is read like a flow file: bounded, no aliases, only a regular file."""

from __future__ import annotations

import os
import time
import tracemalloc

import pytest

from troubleshooter.checks.endpoints import EndpointsError, load_endpoints

ALIAS_BOMB = """\
platform_address: 127.0.0.1
platform_ports: [9]
metadata_url: http://127.0.0.1:9/metadata
storage_endpoint: {host: 127.0.0.1, port: 9}
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
dns_names: *h
"""


def test_an_alias_bomb_is_refused_at_once_with_file_and_line(tmp_path):
    path = tmp_path / "endpoints.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(EndpointsError) as caught:
            load_endpoints(path)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert str(caught.value).startswith(f"{path}:5:")
    assert "anchors and aliases" in str(caught.value)
    assert elapsed < 1.0 and peak < 20 * 1024 * 1024


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["FIFO", "/dev/zero", "folder"])
def test_a_special_endpoints_file_is_refused_without_reading_it(tmp_path, kind, monkeypatch):
    path = tmp_path / "endpoints.yaml"
    if kind == "FIFO":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    monkeypatch.setenv("VMBT_ENDPOINTS", str(path))
    started = time.perf_counter()

    with pytest.raises(EndpointsError) as caught:
        load_endpoints()

    assert time.perf_counter() - started < 1.0
    assert str(caught.value).startswith(f"{path}:") and "not a regular file" in str(caught.value)


def test_the_loopback_endpoints_of_the_tests_still_load():
    endpoints = load_endpoints()
    assert endpoints.platform_address == "127.0.0.1" and endpoints.platform_ports == (9,)
    assert endpoints.dns_names == ("localhost",) and endpoints.storage_port == 9


MISSPELLED = """\
platform_address: 127.0.0.1
platform_port: [9]
metadata_url: http://127.0.0.1:9/metadata
dns_names: [localhost]
storage_endpoint: {host: 127.0.0.1, port: 9}
"""


def test_a_misspelled_field_is_named_with_what_it_should_hold(tmp_path):
    path = tmp_path / "endpoints.yaml"
    path.write_text(MISSPELLED, encoding="utf-8")

    with pytest.raises(EndpointsError) as caught:
        load_endpoints(path)

    message = str(caught.value)
    assert message.startswith(f"{path}:1:1: missing the required field 'platform_ports'")
    assert "a list of port numbers" in message and "'platform_port'" in message


WRONG_VALUES = """\
platform_address: 127.0.0.1
platform_ports: [9, 80800]
metadata_url: ftp://127.0.0.1/metadata
dns_names: [localhost]
storage_endpoint: {host: 127.0.0.1, port: "nine"}
"""


def test_every_wrong_value_is_reported_at_its_line_with_what_was_expected(tmp_path):
    path = tmp_path / "endpoints.yaml"
    path.write_text(WRONG_VALUES, encoding="utf-8")

    with pytest.raises(EndpointsError) as caught:
        load_endpoints(path)

    lines = caught.value.problems
    assert str(caught.value) == f"{lines[0]} (and 2 more problem(s) in the file)"
    assert len(lines) == 3
    assert lines[0].startswith(f"{path}:2:") and "platform_ports[1] is 80800" in lines[0] \
        and "a port number from 1 to 65535" in lines[0]
    assert lines[1].startswith(f"{path}:3:") and "metadata_url is 'ftp://" in lines[1] and "http://" in lines[1]
    assert lines[2].startswith(f"{path}:5:") and "storage_endpoint.port is 'nine'" in lines[2]


def test_a_wrong_override_stops_the_network_checks_with_its_reason(tmp_path, monkeypatch):
    from troubleshooter.checks.host import LocalHost
    from troubleshooter.checks.result import Status
    from troubleshooter.checks.runner import run_check

    path = tmp_path / "endpoints.yaml"
    path.write_text(WRONG_VALUES, encoding="utf-8")
    monkeypatch.setenv("VMBT_ENDPOINTS", str(path))

    found = run_check("common.platform_reachability", LocalHost(), no_network=False)

    assert found.status is Status.ERROR and "80800" in found.summary["en"]
