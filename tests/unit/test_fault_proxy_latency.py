"""The fault proxy answers at once: every acceptance test through it pays its latency on each
of a run's hundreds of requests, and a stall per answer made a narrowed run through it five
times slower than the run itself (40 ms a request, the client's delayed acknowledgement)."""

from __future__ import annotations

import time

import requests

from tests.acceptance.faultproxy import FaultProxy, Rule

NOWHERE = "http://127.0.0.1:9"  # the proxy's upstream, never reached by a "500" answer
ASKED = 10
# Each stalled answer waited at least 40 ms (Linux's least delayed acknowledgement): ten took
# 0.4 s or more; unstalled they take a few milliseconds each, even on a busy machine.
BOUND_SECONDS = 0.3


def test_answers_on_one_connection_are_not_held_back():
    with FaultProxy(NOWHERE, [Rule("500")]) as proxy, requests.Session() as session:
        session.get(proxy.base_url + "/x", timeout=5)  # the connection is open and warm
        started = time.monotonic()
        for _ in range(ASKED):
            assert session.get(proxy.base_url + "/x", timeout=5).status_code == 500
        took = time.monotonic() - started
    assert took < BOUND_SECONDS, f"{ASKED} answers took {took:.2f} s"
