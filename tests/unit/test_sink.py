"""The recipient sink: a real server on a real socket, and the checks that read its captures."""

from __future__ import annotations

import random
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest
import requests

from firewall_conformance.claims import outbound as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.recipients.feeds import FeedRecording
from firewall_conformance.recipients.sink import QuietOnHangUpServer, RecipientSink

CLASSES = ("prosecution", "immigration-enforcement")
TIMEOUT = 5


@pytest.fixture
def sink():
    with RecipientSink(CLASSES, max_body_bytes=4096, max_captures=5, socket_timeout=1) as running:
        yield running


def post(url: str, **kwargs) -> requests.Response:
    with requests.Session() as session:
        session.trust_env = False
        return session.post(url, timeout=TIMEOUT, **kwargs)


def test_each_class_has_its_own_path_and_every_body_is_captured(sink):
    assert sink.url("prosecution") != sink.url("immigration-enforcement")
    assert urlsplit(sink.url("prosecution")).hostname == "127.0.0.1"
    response = post(
        sink.url("immigration-enforcement"),
        json={"cases": [1, 2]},
        headers={"Authorization": "Bearer feed-secret-123", "X-Feed": "nightly"},
    )
    assert response.status_code == 200
    post(sink.url("prosecution"), data=b"not json", headers={"Content-Type": "text/plain"})
    [ie] = sink.captures("immigration-enforcement")
    [cps] = sink.captures("prosecution")
    assert ie.document() == {"cases": [1, 2]} and ie.complete and ie.method == "POST"
    assert cps.document() is None and cps.body == b"not json" and cps.complete
    assert ie.headers["Authorization"] == "***" and ie.headers["X-Feed"] == "nightly"
    summary = ie.summary()
    assert "body" not in summary and summary["bytes"] == len(ie.body)
    assert "feed-secret-123" not in repr(summary) + repr(ie)
    with pytest.raises(KeyError):
        sink.url("statistics")


def test_stray_paths_are_refused_and_not_recorded(sink):
    base = sink.url("prosecution").rsplit("/", 2)[0]
    assert post(base + "/not-the-prefix/prosecution", json={}).status_code == 404
    assert post(sink.url("prosecution") + "-other", json={}).status_code == 404
    assert requests.get(base + "/not-the-prefix/prosecution", timeout=TIMEOUT).status_code == 404
    assert sink.captures("prosecution") == []


def test_a_get_carrying_its_data_in_the_url_is_recorded_with_its_path_and_query(sink):
    url = sink.url("immigration-enforcement") + "/cases/EXC%2F1"
    response = requests.get(url, params={"name": "Ana Lopa", "dob": "1990-01-02"}, timeout=TIMEOUT)
    assert response.status_code == 200
    [capture] = sink.captures("immigration-enforcement")
    assert capture.method == "GET" and capture.complete and capture.body == b""
    assert capture.url()["path"].endswith("/immigration-enforcement/cases/EXC/1")
    assert capture.url()["query"] == [["name", "Ana Lopa"], ["dob", "1990-01-02"]]
    assert "Ana" not in repr(capture.summary()) and capture.summary()["url_bytes"] > 0


def test_a_body_that_is_not_json_is_read_as_text_in_its_declared_encoding(sink):
    xml = "<person><name>Zoë Ràmos</name></person>".encode("latin-1")
    post(sink.url("prosecution"), data=xml, headers={"Content-Type": "text/xml; charset=latin-1"})
    post(sink.url("prosecution"), data={"name": "Ana Lopa"})
    post(sink.url("prosecution"), data=b"x", headers={"Content-Type": "text/plain; charset=nope"})
    xml_push, form_push, odd_charset = sink.captures("prosecution")
    assert xml_push.document() is None
    assert xml_push.payload().texts == (("body", xml.decode("latin-1")),)
    assert form_push.payload().texts == (("body", "name=Ana+Lopa"),)
    assert odd_charset.payload().texts == (("body", "x"),)


def test_a_body_over_the_limit_is_kept_cut_short_and_marked_incomplete(sink):
    response = post(sink.url("prosecution"), data=b"x" * 10_000)
    assert response.status_code == 413
    [capture] = sink.captures("prosecution")
    assert len(capture.body) == 4096 and not capture.complete
    assert capture.document() is None


def test_chunked_bodies_are_read_and_bounded(sink):
    assert post(sink.url("prosecution"), data=iter([b'{"a": ', b"1}"])).status_code == 200
    assert sink.captures("prosecution")[0].document() == {"a": 1}
    assert post(sink.url("prosecution"), data=iter([b"y" * 3000] * 3)).status_code == 413
    assert not sink.captures("prosecution")[1].complete


def test_a_sender_that_stalls_is_cut_off_at_the_socket_time_out(sink):
    port = urlsplit(sink.url("prosecution")).port
    path = urlsplit(sink.url("prosecution")).path
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as conn:
        conn.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial".encode()
        )
        # On the record as still arriving from its headers; cut off, still open, at the time-out.
        assert sink.wait_until(lambda s: bool(s.captures("prosecution")), TIMEOUT)
        assert sink.wait_until(
            lambda s: not any(c.arriving for c in s.captures("prosecution")), TIMEOUT
        )
    assert time.monotonic() - started < 3
    [capture] = sink.captures("prosecution")
    assert capture.body == b"" and not capture.complete


def test_the_count_limit_turns_further_pushes_away_and_counts_them(sink):
    codes = [post(sink.url("prosecution"), json={"n": n}).status_code for n in range(7)]
    assert codes == [200] * 5 + [503] * 2
    assert len(sink.captures("prosecution")) == 5
    assert sink.turned_away("prosecution") == 2


def test_the_window_times_out_when_nothing_arrives(sink):
    started = time.monotonic()
    assert sink.wait_until(RecipientSink.each_received, 0.3) is False
    assert 0.25 <= time.monotonic() - started < 2


def test_the_waiting_ends_as_soon_as_every_recorder_has_received(sink):
    def push_later() -> None:
        time.sleep(0.2)
        for recipient_class in CLASSES:
            post(sink.url(recipient_class), json={})

    pusher = threading.Thread(target=push_later)
    started = time.monotonic()
    pusher.start()
    assert sink.wait_until(RecipientSink.each_received, 10) is True
    assert time.monotonic() - started < 5
    pusher.join()


def _pushes_at(sink: RecipientSink, *schedule: tuple[float, str]) -> threading.Thread:
    """Push to each recipient class at its offset in seconds from now, in a thread."""

    def push() -> None:
        started = time.monotonic()
        for offset, recipient_class in schedule:
            time.sleep(max(0.0, started + offset - time.monotonic()))
            post(sink.url(recipient_class), json={"at": offset})

    pusher = threading.Thread(target=push)
    pusher.start()
    return pusher


def test_without_a_quiet_period_the_whole_window_is_watched_and_every_push_kept(sink):
    pusher = _pushes_at(
        sink, (0, "prosecution"), (0, "immigration-enforcement"), (0.6, "prosecution")
    )
    watched = sink.watch(1.0)
    pusher.join()
    assert 0.95 <= watched < 3
    assert [c.document() for c in sink.captures("prosecution")] == [{"at": 0}, {"at": 0.6}]


def test_a_quiet_period_ends_the_watch_only_after_the_last_push(sink):
    pusher = _pushes_at(
        sink, (0, "prosecution"), (0, "immigration-enforcement"), (0.4, "prosecution")
    )
    watched = sink.watch(10, quiet=0.5)
    pusher.join()
    assert 0.85 <= watched < 5
    assert len(sink.captures("prosecution")) == 2


def test_the_quiet_period_does_not_start_until_every_recorder_has_received(sink):
    pusher = _pushes_at(sink, (0, "prosecution"))
    watched = sink.watch(0.8, quiet=0.1)
    pusher.join()
    assert watched >= 0.75


def test_a_stopped_sink_refuses_connections():
    sink = RecipientSink(CLASSES).start()
    url = sink.url("prosecution")
    sink.stop()
    with pytest.raises(requests.ConnectionError):
        post(url, json={})
    with pytest.raises(RuntimeError):
        sink.url("prosecution")


# --- the checks over what the sink captured ----------------------------------------------------


@pytest.fixture
def cast():
    return make_cast(random.Random(5))


def _person(persona) -> dict[str, str]:
    return {"role": persona.role, **persona.attributes()}


def _recorded(sink: RecipientSink, **bodies) -> FeedRecording:
    for recipient_class, documents in bodies.items():
        for document in documents:
            post(sink.url(recipient_class.replace("_", "-")), json=document)
    return FeedRecording(sink, window_seconds=0.1, triggered=True)


def _batch(*personas) -> dict:
    return {"cases": [{"case_reference": "EXC/1", "persons": [_person(p) for p in personas]}]}


def test_control_passes_only_when_every_persona_reached_the_lawful_recipient(sink, cast):
    matcher, evidence = CanaryMatcher.for_personas(cast.values()), ScenarioEvidence()
    everyone = list(cast.values())
    recording = _recorded(sink, prosecution=[_batch(cast["victim"]), _batch(cast["witness"])])
    with pytest.raises(Inconclusive, match="the suspect could not be found"):
        check.all_found(evidence, matcher, recording, "prosecution", everyone)
    _recorded(sink, prosecution=[_batch(cast["suspect"])])
    result = check.all_found(evidence, matcher, recording, "prosecution", everyone)
    assert result.examined["pushes"] == 3 and result.examined["bytes"] > 0
    assert result.control == "lawful recipient"


def test_control_with_nothing_received_is_inconclusive(sink, cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    recording = FeedRecording(sink, window_seconds=0.1, triggered=False)
    with pytest.raises(
        Inconclusive, match=r"sent nothing .* on its own schedule within 0\.1 seconds"
    ):
        check.all_found(ScenarioEvidence(), matcher, recording, "prosecution", [cast["victim"]])


def test_restricted_recipient_receiving_a_witness_is_a_breach_located_in_the_push(sink, cast):
    matcher, evidence = CanaryMatcher.for_personas(cast.values()), ScenarioEvidence()
    recording = _recorded(sink, immigration_enforcement=[_batch(cast["suspect"], cast["witness"])])
    with pytest.raises(Breach, match="The witness reached immigration-enforcement") as caught:
        check.none_protected(evidence, matcher, recording, "immigration-enforcement")
    assert "outbound push 1 to immigration-enforcement" in str(caught.value)
    assert "the victim" not in str(caught.value)
    assert any(f.persona == "the witness" for f in evidence.findings)


def test_restricted_recipient_receiving_nothing_is_inconclusive_not_compliant(sink, cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    recording = _recorded(sink, prosecution=[_batch(*cast.values())])
    with pytest.raises(Inconclusive, match="proves nothing"):
        check.none_protected(ScenarioEvidence(), matcher, recording, "immigration-enforcement")


def test_an_unreadable_push_to_the_restricted_recipient_is_inconclusive(sink, cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    recording = _recorded(sink, immigration_enforcement=[_batch(cast["suspect"])])
    post(sink.url("immigration-enforcement"), data=b"z" * 5000)
    with pytest.raises(Inconclusive, match=r"push 2 \(was cut off\)"):
        check.none_protected(ScenarioEvidence(), matcher, recording, "immigration-enforcement")


def test_restricted_recipient_with_only_the_suspect_is_compliant_and_counted(sink, cast):
    matcher, attached = CanaryMatcher.for_personas(cast.values()), []
    evidence = ScenarioEvidence(attach=lambda name, content: attached.append((name, content)))
    recording = _recorded(sink, immigration_enforcement=[_batch(cast["suspect"])])
    result = check.none_protected(evidence, matcher, recording, "immigration-enforcement")
    assert result.examined["pushes"] == 1 and result.saw_something
    assert "but did carry the suspect" in result.claim
    summaries = next(content for name, content in attached if name.startswith("pushes received"))
    assert summaries[0]["bytes"] > 0 and "body" not in summaries[0]


def test_answers_on_a_kept_alive_connection_are_not_held_back(sink):
    """A stalled answer waits at least 40 ms (Linux's least delayed acknowledgement); one sent
    at once takes a few. The median holds on a busy machine, where some wait for a core."""
    took = []
    with requests.Session() as session:
        session.trust_env = False
        for _ in range(5):
            started = time.monotonic()
            answer = session.post(sink.url("prosecution"), data=b"{}", timeout=TIMEOUT)
            took.append(time.monotonic() - started)
            assert answer.status_code == 200
    assert sorted(took)[2] < 0.02, [f"{t * 1000:.0f} ms" for t in took]


@pytest.mark.parametrize(
    ("error", "printed"),
    [
        (BrokenPipeError(32, "Broken pipe"), False),
        (ConnectionResetError(104, "Connection reset by peer"), False),
        (TimeoutError("timed out"), False),
        (ssl.SSLEOFError(8, "EOF occurred in violation of protocol"), False),
        (ConnectionRefusedError(111, "Connection refused"), True),
        (OSError(28, "No space left on device"), True),
        (ValueError("a bug"), True),
    ],
)
def test_only_a_sender_hanging_up_is_kept_out_of_the_output(
    error: Exception, printed: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """The standard library printed a traceback for every error in a request's handler, into
    the run's own output; one of a sender hanging up said nothing more than the record does.
    Any other error (an upstream refusing a proxy, a full disk, a bug) still prints."""
    server = QuietOnHangUpServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    try:
        try:
            raise error
        except Exception:
            server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    assert (type(error).__name__ in capsys.readouterr().err) is printed
