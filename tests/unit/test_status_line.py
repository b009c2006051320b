"""The status line of an answer is part of what its recipient received: a refusal whose reason
phrase names the person asked about ("403 Restricted: victim of crime") tells the immigration
officer as much as a body would. Before, only the headers and body reached the egress ledger,
so a reason phrase carrying a victim passed unseen."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from firewall_conformance.egress import RESTRICTED_CLASS, Received
from firewall_conformance.runner import _credentials
from firewall_conformance.suite_files import reference_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

REASON = "Restricted - Bakofadi Lumevo is a victim"


class _Refusing(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(403, REASON)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_reason_phrase_of_an_answer_to_the_officer_reaches_the_ledger(refusing_url: str):
    profile = load_profile(reference_profile()).with_base_url(refusing_url)
    profile.capabilities["tasks"] = {
        "list": {"method": "GET", "path": "/tasks", "account": "immigration_officer"}
    }
    tokens = {"FWC_TOKEN_OFFICER": "a", "FWC_TOKEN_IE_OFFICER": "b", "FWC_TOKEN_AUDITOR": "c"}
    received: list[Received] = []
    target = HttpTarget(profile, _credentials(profile, tokens), on_egress=received.append)
    assert not target.operate("tasks", "list", {}).allowed
    [answer] = received
    assert answer.recipient_class == RESTRICTED_CLASS
    assert ("status line", f"403 {REASON}") in answer.fields
