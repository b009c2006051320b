"""Signing in is bounded like every other exchange (issue 19, item 6, for the auth layer).

Before: the login page, the login and the OAuth token endpoint were read by requests whole,
with only a time-out per socket read, and a refused request's body was read whole before the
request was sent again. A target trickling its login page a byte a second hung the run for
hours; one answering a login or a 401 with an endless body filled the harness's memory. Each
test puts the fault proxy (a real socket) in front of the login gate.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from firewall_conformance.model.outcomes import Inconclusive
from tests.acceptance.faultproxy import FaultProxy, Rule
from tests.authgate import AuthGate
from tests.unit.test_authentication import LOGINS, _login, _oauth, _target

TIMEOUT = 1.5  # longer than the trickle's second between bytes
BOUND_SECONDS = 2 * TIMEOUT + 3  # the deadline for an answer to begin, and some slack


@pytest.fixture(scope="module")
def gate() -> Iterator[AuthGate]:
    with AuthGate({"investigator": None}) as server:
        yield server


def _signed_in_through(
    tmp_path: Path, gate: AuthGate, rule: Rule, auth: dict, environ: dict[str, str]
) -> str:
    """Open a record as the investigator through a proxy answering `rule` as it says; the
    refusal's reason, within the bound."""
    with FaultProxy(gate.base_url, [rule]) as proxy:
        target, exchanges = _target(
            tmp_path, proxy.base_url, auth, environ, timeout_seconds=TIMEOUT
        )
        started = time.monotonic()
        with pytest.raises(Inconclusive) as refused:
            target.open_record("investigator", "whoami")
        assert time.monotonic() - started < BOUND_SECONDS
        assert exchanges or "/oauth/" in rule.path, "a failed login exchange is recorded"
        return str(refused.value)


def _password(gate: AuthGate) -> dict[str, str]:
    return {"GATE_PASSWORD": gate.accounts["investigator"].password}


def test_a_login_page_trickled_a_byte_a_second_ends_by_the_deadline(tmp_path, gate):
    login = _login(LOGINS["hidden form field, sent as a form field"])
    rule = Rule("trickle", "/login", "GET")
    reason = _signed_in_through(tmp_path, gate, rule, login, _password(gate))
    assert "tried to fetch the login page was not complete after" in reason


def test_a_login_answered_without_end_is_cut_at_the_cap(tmp_path, gate):
    login = _login(LOGINS["JSON path, sent as a header"])
    rule = Rule("endless-body", "/login", "POST")
    reason = _signed_in_through(tmp_path, gate, rule, login, _password(gate))
    assert "tried to log in was larger than the limit of" in reason


@pytest.mark.parametrize("kind", ["trickle", "endless-body"])
def test_a_token_endpoint_trickling_or_endless_gives_no_token_by_the_deadline(tmp_path, gate, kind):
    auth = _oauth("client_credentials", client_secret={"env": "GATE_CLIENT_SECRET"})
    secret = {"GATE_CLIENT_SECRET": gate.accounts["investigator"].client_secret}
    reason = _signed_in_through(tmp_path, gate, Rule(kind, "/oauth/token"), auth, secret)
    assert "did not give the investigator account a token (its answer " in reason


def _readers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "firewall-conformance exchange"}


def test_a_refusal_without_end_is_not_read_before_logging_in_again(tmp_path, gate):
    before = _readers()  # other tests' trickled headers may still hold one
    login = _login(LOGINS["JSON path, sent as a header"])
    rule = Rule("endless-refusal", "/whoami")
    reason = _signed_in_through(tmp_path, gate, rule, login, _password(gate))
    assert "larger than the limit of" in reason or "was not complete after" in reason
    time.sleep(1)
    assert not _readers() - before, "an exchange is still reading the refusal"
