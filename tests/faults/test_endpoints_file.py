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
