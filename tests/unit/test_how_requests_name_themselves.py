"""What the harness's requests say of themselves. By default a record look-up gives an officer's
everyday reason, not the harness's name, which a system could treat apart (the run's evidence
names every planted record for the force's auditors instead); the client is an ordinary
browser's, headers in its order, never the HTTP library's own. A profile may give the look-up reason and User-Agent a real client of
the system would (`look_up_reason`, `user_agent`), so an inspector can make the run look like
ordinary use; and another client (`as_another_client`) asks with other headers, in another
order, giving a reason that does not name the harness."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.run.runner import _credentials
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.base import JUSTIFICATION
from firewall_conformance.targets.client_identity import another_client, first_client
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

SEEN: list[tuple[str, dict[str, list[str]]]] = []
HEADER_NAMES: list[list[str]] = []


class _Recording(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        SEEN.append((self.headers.get("User-Agent", ""), parse_qs(urlsplit(self.path).query)))
        HEADER_NAMES.append(list(self.headers.keys()))
        body = b'{"person_id": "P-1"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def url() -> Iterator[str]:
    SEEN.clear()
    HEADER_NAMES.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _open(url: str, other: bool = False, **said: str) -> tuple[str, dict[str, list[str]]]:
    profile = replace(load_profile(reference_profile()).with_base_url(url), **said)
    tokens = {"FWC_TOKEN_OFFICER": "a", "FWC_TOKEN_IE_OFFICER": "b", "FWC_TOKEN_AUDITOR": "c"}
    target = HttpTarget(profile, _credentials(profile, tokens))
    (target.as_another_client() if other else target).open_record("investigator", "P-1")
    return SEEN[-1]


def test_by_default_a_look_up_names_nobody_and_the_client_is_a_browser(url: str):
    # Before: the User-Agent was python-requests/x, which a system could take for a test, and
    # the reason was 'firewall-conformance: checking the firewall on planted test persons'.
    agent, query = _open(url)
    assert agent == first_client().user_agent and "python" not in agent.lower()
    assert query["reason"] == [JUSTIFICATION]
    assert not re.search(r"firewall|conformance|planted|test", JUSTIFICATION, re.IGNORECASE)
    sent = HEADER_NAMES[-1]
    assert sent == [
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection",
        "Authorization",
    ]  # fmt: skip
    assert not [name for name in sent if name.lower().startswith("x-")]


def test_another_client_sends_other_headers_in_another_order_and_a_plain_reason(url: str):
    # Before: there was no other client; every read was asked as the first.
    agent, query = _open(url, other=True)
    assert agent == another_client().user_agent != first_client().user_agent
    assert query["reason"] == [another_client().look_up_reason]
    assert "firewall" not in query["reason"][0].lower()
    assert HEADER_NAMES[-1][:6] == [
        "Host", "Connection", "Accept", "Accept-Language", "Accept-Encoding", "User-Agent",
    ]  # fmt: skip
    agent, query = _open(url, other=True, look_up_reason="Case review", user_agent="RMS desk")
    assert agent == another_client().user_agent and query["reason"] == ["Case review"]


def test_a_profile_gives_the_reason_and_user_agent_a_real_client_would(url: str):
    # Before: both keys were refused by the profile schema, and every look-up named the harness.
    agent, query = _open(url, look_up_reason="Case review", user_agent="Mozilla/5.0 (RMS desk)")
    assert agent == "Mozilla/5.0 (RMS desk)" and query["reason"] == ["Case review"]


def test_the_profile_keys_are_read_and_a_user_agent_with_a_line_break_is_refused(tmp_path):
    text = reference_profile().read_text(encoding="utf-8")
    given = text.replace(
        "  name:", '  look_up_reason: "Case review"\n  user_agent: "RMS desk 4.2"\n  name:', 1
    )
    path = tmp_path / "profile.yaml"
    path.write_text(given, encoding="utf-8")
    profile = load_profile(path)
    assert (profile.look_up_reason, profile.user_agent) == ("Case review", "RMS desk 4.2")
    path.write_text(given.replace('"RMS desk 4.2"', '"RMS\\r\\nX-Evil: 1"'), encoding="utf-8")
    with pytest.raises(InvalidDocument, match="user_agent"):
        load_profile(path)
