"""The fault proxy answers at once: every acceptance test through it pays its latency on each
of a run's hundreds of requests, and a stall per answer made a narrowed run through it five
times slower than the run itself (40 ms a request, the client's delayed acknowledgement)."""

from __future__ import annotations

import statistics
import time

import requests

from tests.acceptance.faultproxy import FaultProxy, Rule

NOWHERE = "http://127.0.0.1:9"  # the proxy's upstream, never reached by a "500" answer
ASKED = 20
# A stalled answer waited at least 40 ms (Linux's least delayed acknowledgement); one not held
# back takes a few milliseconds. The median of the answers' times holds either way on a busy
# machine, where a few answers may wait for a core.
BOUND_SECONDS = 0.02


def test_answers_on_one_connection_are_not_held_back():
    took = []
    with FaultProxy(NOWHERE, [Rule("500")]) as proxy, requests.Session() as session:
        session.trust_env = False  # straight to the proxy, whatever proxy the environment names
        session.get(proxy.base_url + "/x", timeout=5)  # the connection is open and warm
        for _ in range(ASKED):
            started = time.monotonic()
            assert session.get(proxy.base_url + "/x", timeout=5).status_code == 500
            took.append(time.monotonic() - started)
    assert statistics.median(took) < BOUND_SECONDS, [f"{t * 1000:.0f} ms" for t in took]
