"""What the links in an answer to the immigration officer lead to, as the harness opens them.

An export asked for is often two links away (a request's answer names the file's address) and
the file a redirect away: the officer follows both, so the register at the end is received.
Before, only the first link was opened and its redirect read as the answer, so the register
was never seen and nothing said so. A link that fails, refuses the credentials or sends the
account elsewhere leaves what it leads to unread, where before it passed as read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from firewall_conformance.recipients.ledger import Received
from firewall_conformance.run.runner import _credentials
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile
from tests.unit.local_server import QuietHandler, serving

VICTIM = "Kelomira Dusopane"
_ANSWERS: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/tasks": (200, {}, b'{"items": [], "export": "/exports/request"}'),
    "/exports/request": (200, {}, b'{"state": "ready", "file": "/exports/42/file"}'),
    "/exports/42/file": (302, {"Location": "/files/register.csv"}, b""),
    "/files/register.csv": (200, {}, f"name,role\r\n{VICTIM},victim\r\n".encode()),
    "/failing": (200, {}, b'{"a": "/broken/1", "b": "/away/1", "c": "/locked/1"}'),
    "/broken/1": (500, {}, b"{}"),
    "/away/1": (302, {"Location": "https://elsewhere.example/register.csv"}, b""),
    "/locked/1": (401, {}, b"{}"),
}


class _Linking(QuietHandler):
    def do_GET(self) -> None:
        status, headers, body = _ANSWERS.get(self.path, (404, {}, b"{}"))
        self.answer(status, body, headers)


@pytest.fixture
def linking_url() -> Iterator[str]:
    with serving(_Linking) as url:
        yield url


def _asked(url: str, path: str) -> list[Received]:
    received: list[Received] = []
    profile = replace(load_profile(reference_profile()).with_base_url(url), retries=0)
    profile.capabilities["tasks"] = {
        "list": {"method": "GET", "path": path, "account": "immigration_officer"}
    }
    tokens = {"FWC_TOKEN_OFFICER": "a", "FWC_TOKEN_IE_OFFICER": "b", "FWC_TOKEN_AUDITOR": "c"}
    target = HttpTarget(profile, _credentials(profile, tokens), on_egress=received.append)
    target.operate("tasks", "list", {})
    return received


def test_a_register_two_links_and_a_redirect_away_is_received(linking_url: str):
    received = _asked(linking_url, "/tasks")
    texts = [text for r in received for _, text in r.fields]
    assert any(VICTIM in text for text in texts), texts
    assert not [why for r in received for why in r.unread]


def test_a_link_that_fails_refuses_the_account_or_sends_it_elsewhere_is_named_unread(
    linking_url: str,
):
    received = _asked(linking_url, "/failing")
    unread = " ".join(why for r in received for why in r.unread)
    assert "/broken/1 answered 500" in unread
    assert "/locked/1 answered 401" in unread
    assert "/away/1 sent the account on to https://elsewhere.example/register.csv" in unread
