"""Stopping the reference server does not wait out its shut-down time-out for a client's
connection that will never close: every casebook run (and every test of one) stops a server
that has served the harness over TLS."""

from __future__ import annotations

import time

import requests

from firewall_conformance.reference.server import CASEBOOK, SHUTDOWN_TIMEOUT, ReferenceServer

# Well inside SHUTDOWN_TIMEOUT, and far above what a stop takes on a loaded machine.
STOP_WITHIN_SECONDS = SHUTDOWN_TIMEOUT / 3


def test_a_casebook_server_that_served_over_tls_stops_promptly():
    """Before: 10.0 s, the whole SHUTDOWN_TIMEOUT, for one request once answered."""
    server = ReferenceServer(dialect=CASEBOOK)
    server.start()
    try:
        assert server.tls is not None
        with requests.Session() as client:
            client.cert = tuple(str(p) for p in server.tls.client("harness"))
            answer = client.get(f"{server.base_url}/health", verify=str(server.tls.ca), timeout=10)
            assert answer.status_code < 500, answer.status_code
    finally:
        started = time.monotonic()
        server.stop()
        took = time.monotonic() - started
    assert took < STOP_WITHIN_SECONDS, f"the server took {took:.1f} s to stop"
    assert server.directory is None  # its temporary folder is removed, as before
