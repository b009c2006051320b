"""What the harness's requests say of themselves. By default a record look-up gives a reason that
names the harness and the client is the Python requests library's, so a force's auditors can
tell test look-ups apart — and so could a system built to treat them apart. A profile may give
the look-up reason and User-Agent a real client of the system would (`look_up_reason`,
`user_agent`), so an inspector can make the run look like ordinary use."""

from __future__ import annotations

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
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

SEEN: list[tuple[str, dict[str, list[str]]]] = []


class _Recording(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        SEEN.append((self.headers.get("User-Agent", ""), parse_qs(urlsplit(self.path).query)))
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
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _open(url: str, **said: str) -> tuple[str, dict[str, list[str]]]:
    profile = replace(load_profile(reference_profile()).with_base_url(url), **said)
    tokens = {"FWC_TOKEN_OFFICER": "a", "FWC_TOKEN_IE_OFFICER": "b", "FWC_TOKEN_AUDITOR": "c"}
    HttpTarget(profile, _credentials(profile, tokens)).open_record("investigator", "P-1")
    return SEEN[-1]


def test_by_default_a_look_up_names_the_harness(url: str):
    agent, query = _open(url)
    assert agent.startswith("python-requests/") and query["reason"] == [JUSTIFICATION]


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
