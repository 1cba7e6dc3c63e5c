"""The metadata check against loopback servers that redirect elsewhere or do not speak HTTP."""

from __future__ import annotations

import http.server

import pytest

from tests.helpers.loopback import LoopbackListener, LoopbackMetadataServer
from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check


class Redirector(LoopbackMetadataServer):
    """Answers every GET with a redirect to `location`."""

    def __init__(self, location: str, status: int = 302):
        redirector = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server naming
                self.send_response(status)
                self.send_header("Location", redirector.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.location = location
        self.serve(Handler)


class NotHttp(LoopbackListener):
    """Answers a connection with something that is not HTTP (an SSH banner), then closes it."""

    def handle(self, connection):
        with connection:
            connection.settimeout(2)
            try:
                connection.recv(4096)
                connection.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
            except OSError:
                pass


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_to_another_host_is_not_followed(write_endpoints, metadata_service, reference, closed_port,
                                                    status):
    elsewhere = metadata_service(reference("linux/imds-instance.wala-testdata.old-api.json"))
    # The same loopback server under another host name: following it would send Metadata: true there.
    redirector = Redirector(elsewhere.url.replace("127.0.0.1", "localhost"), status)
    try:
        write_endpoints(platform_ports=[closed_port], storage_port=closed_port, metadata_url=redirector.url)
        found = run_check("common.metadata", LocalHost(), no_network=False)
    finally:
        redirector.close()
    assert elsewhere.requests == [], "the redirect was followed"
    assert found.status is Status.WARNING
    assert "redirect" in found.summary["en"] and "localhost" in found.summary["en"]
    assert "리디렉션" in found.summary["ko"]
    assert found.facts["http_status"] == status and found.facts["azure_vm"] is False


def test_an_answer_that_is_not_http_gives_one_clear_message(write_endpoints, closed_port):
    server = NotHttp()
    try:
        write_endpoints(platform_ports=[closed_port], storage_port=closed_port,
                        metadata_url=f"http://127.0.0.1:{server.port}/metadata/instance")
        found = run_check("common.metadata", LocalHost(), no_network=False)
    finally:
        server.close()
    assert found.status is Status.WARNING, found.summary["en"]
    assert "not HTTP" in found.summary["en"] and "HTTP" in found.summary["ko"]
    for text in (found.summary["en"], found.summary["ko"], found.evidence, str(found.facts)):
        assert "BadStatusLine" not in text and "client.py" not in text and "unexpectedly" not in text
