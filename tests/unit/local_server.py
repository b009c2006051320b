"""A local HTTP server for the adapter's tests: a handler class served on a free port, and the
reference's profile pointed at it with the officer's task list as one more operation."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from firewall_conformance.recipients.ledger import Received
from firewall_conformance.run.runner import _credentials
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that logs nothing and answers with `answer`."""

    def answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """The server's base URL while it runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def officer_task_target(url: str, received: list[Received], path: str = "/tasks") -> HttpTarget:
    """The reference's profile at `url`, its immigration officer listing tasks at `path`;
    every answer the target is given is handed to `received`."""
    profile = load_profile(reference_profile()).with_base_url(url)
    profile.capabilities["tasks"] = {
        "list": {"method": "GET", "path": path, "account": "immigration_officer"}
    }
    tokens = {"FWC_TOKEN_OFFICER": "a", "FWC_TOKEN_IE_OFFICER": "b", "FWC_TOKEN_AUDITOR": "c"}
    return HttpTarget(profile, _credentials(profile, tokens), on_egress=received.append)
