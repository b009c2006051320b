"""The outbound claims over every part of every push in the whole window: a victim reaching
immigration enforcement in a header, in the URL, in a body that is not JSON, or in a push that
comes after the first, is a breach."""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
import requests

from firewall_conformance.claims import outbound as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import Persona, make_cast
from firewall_conformance.recipients.feeds import FeedRecording, WindowWait, record_feeds
from firewall_conformance.recipients.sink import RecipientSink

IE = "immigration-enforcement"
CLASSES = ("prosecution", IE)
TIMEOUT = 5


@pytest.fixture
def cast() -> dict[str, Persona]:
    return make_cast(random.Random(13))


@pytest.fixture
def matcher(cast) -> CanaryMatcher:
    return CanaryMatcher.for_personas(cast.values())


@pytest.fixture
def sink():
    with RecipientSink(CLASSES, max_body_bytes=4096, socket_timeout=1) as running:
        yield running


def push(url: str, **kwargs) -> None:
    with requests.Session() as session:
        session.trust_env = False
        assert session.post(url, timeout=TIMEOUT, **kwargs).status_code == 200


def batch(*personas: Persona) -> dict:
    persons = [{"role": p.role, **p.attributes()} for p in personas]
    return {"cases": [{"case_reference": "EXC/1", "persons": persons}]}


def judged(matcher: CanaryMatcher, sink: RecipientSink) -> None:
    recording = FeedRecording(sink, window_seconds=0.1, triggered=True)
    check.none_protected(ScenarioEvidence(), matcher, recording, IE)


def test_a_victim_named_in_a_header_is_a_breach_that_names_the_headers(sink, cast, matcher):
    push(sink.url(IE), json=batch(cast["suspect"]), headers={"X-Subject": cast["victim"].full_name})
    with pytest.raises(Breach, match=r"The victim reached .* \(its HTTP headers\)"):
        judged(matcher, sink)


def test_a_victim_named_in_the_query_string_is_a_breach_that_names_the_url(sink, cast, matcher):
    victim = cast["victim"]
    push(sink.url(IE), json=batch(cast["suspect"]), params={"about": victim.full_name})
    with pytest.raises(Breach, match=r"The victim reached .* \(its URL path and query string\)"):
        judged(matcher, sink)


def test_a_witness_in_the_url_path_is_a_breach(sink, cast, matcher):
    push(sink.url(IE) + "/" + cast["witness"].passport_number, json=batch(cast["suspect"]))
    with pytest.raises(Breach, match="The witness reached"):
        judged(matcher, sink)


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/x-www-form-urlencoded", "role=victim&name={name}"),
        ("application/xml", "<persons><person><name>{name}</name></person></persons>"),
        ("text/plain", "Victim: {name}"),
    ],
)
def test_a_victim_in_a_body_that_is_not_json_is_a_breach_not_unreadable(
    sink, cast, matcher, content_type, body
):
    text = body.format(name=cast["victim"].full_name)
    push(sink.url(IE), data=text.encode(), headers={"Content-Type": content_type})
    with pytest.raises(Breach, match="The victim reached immigration-enforcement"):
        judged(matcher, sink)


def test_a_clean_push_that_is_not_json_is_examined_as_text(sink, cast, matcher):
    push(sink.url(IE), data=f"suspect={cast['suspect'].full_name}", headers={"X-Feed": "nightly"})
    recording = FeedRecording(sink, window_seconds=0.1, triggered=True)
    result = check.none_protected(ScenarioEvidence(), matcher, recording, IE)
    assert result.examined["pushes"] == 1 and "but did carry the suspect" in result.claim


def test_only_a_push_cut_off_is_unreadable(sink, cast, matcher):
    push(sink.url(IE), data=b"plain text, nothing planted")
    with requests.Session() as session:
        session.trust_env = False
        session.post(sink.url(IE), data=b"z" * 5000, timeout=TIMEOUT)
    with pytest.raises(Inconclusive, match=r"push 2 \(was cut off\)") as caught:
        judged(matcher, sink)
    assert "push 1" not in str(caught.value)


@contextmanager
def _arriving(url: str, extra_header: str = "") -> Iterator[None]:
    """A push whose headers are sent and whose body has begun, but is not finished until the
    block ends: as a target dripping a byte inside every socket time-out would send it."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as connection:
        connection.sendall(
            f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n{extra_header}"
            "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
            '{"cases": ['.encode()
        )
        yield


def _two_pushes(sink: RecipientSink) -> bool:
    return len(sink.captures(IE)) == 2


def test_a_push_still_arriving_when_judged_is_not_passed_as_clean(cast, matcher):
    # Before: a push was put on the record only once its whole body was in, so one dripped
    # slowly, beside a quick clean push, was judged COMPLIANT without being seen.
    with RecipientSink(CLASSES, socket_timeout=TIMEOUT) as sink:
        push(sink.url(IE), json=batch(cast["suspect"]))
        with _arriving(sink.url(IE)):
            sink.wait_until(_two_pushes, 1)
            with pytest.raises(
                Inconclusive, match=r"push 2 \(was still arriving when it was examined\)"
            ):
                judged(matcher, sink)


def test_the_headers_of_a_push_still_arriving_are_examined(cast, matcher):
    victim = f"X-Subject: {cast['victim'].full_name}\r\n"
    with RecipientSink(CLASSES, socket_timeout=TIMEOUT) as sink:
        push(sink.url(IE), json=batch(cast["suspect"]))
        with _arriving(sink.url(IE), victim):
            sink.wait_until(_two_pushes, 1)
            with pytest.raises(Breach, match=r"outbound push 2 to .* \(its HTTP headers\)"):
                judged(matcher, sink)


def test_a_request_whose_headers_are_still_arriving_is_not_passed_as_clean(cast, matcher):
    # A target dripping the headers themselves: which recorder the request is for is not yet
    # known, so it may be immigration enforcement's. Before: not on the record at all.
    with RecipientSink(CLASSES, socket_timeout=TIMEOUT) as sink:
        push(sink.url(IE), json=batch(cast["suspect"]))
        parts = urlsplit(sink.url(IE))
        with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as dripping:
            dripping.sendall(f"POST {parts.path} HTTP/1.1\r\nHost: x\r\n".encode())
            time.sleep(0.3)  # the sink has read the request line and waits for the rest
            with pytest.raises(Inconclusive, match="1 request to the recorders begun with headers"):
                judged(matcher, sink)
        assert sink.wait_until(lambda s: s.opening() == 0, TIMEOUT)


def test_an_idle_connection_kept_open_is_not_a_request(cast, matcher):
    with RecipientSink(CLASSES, socket_timeout=TIMEOUT) as sink:
        push(sink.url(IE), json=batch(cast["suspect"]))
        parts = urlsplit(sink.url(IE))
        with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT):
            time.sleep(0.3)
            assert sink.opening() == 0
            judged(matcher, sink)


class _TwoPushTarget:
    """A stand-in adapter whose system pushes a clean batch to every recipient at once, then a
    second batch to immigration enforcement `later` seconds after."""

    def __init__(self, first: dict, second: dict, later: float) -> None:
        self.urls: dict[str, str] = {}
        self._first, self._second, self._later = first, second, later
        self.pusher: threading.Thread | None = None

    def outbound_window(self) -> float:
        return 5.0

    def outbound_quiet(self) -> float | None:
        return 1.0

    def set_outbound_endpoint(self, recipient_class: str, url: str) -> None:
        self.urls[recipient_class] = url

    def clear_outbound_endpoint(self, recipient_class: str) -> list[str]:
        return []

    def trigger_outbound(self) -> bool:
        def pushes() -> None:
            for url in self.urls.values():
                push(url, json=self._first)
            time.sleep(self._later)
            push(self.urls[IE], json=self._second)

        self.pusher = threading.Thread(target=pushes)
        self.pusher.start()
        return True


def test_a_victim_in_a_second_push_later_in_the_window_is_a_breach(cast, matcher):
    target = _TwoPushTarget(batch(cast["suspect"]), batch(cast["victim"]), later=0.5)
    deferred: list[Callable[[], None]] = []
    recording = record_feeds(target, CLASSES, deferred.append, [])  # type: ignore[arg-type]
    try:
        with pytest.raises(Breach, match=r"The victim reached .* outbound push 3 to"):
            check.none_protected(ScenarioEvidence(), matcher, recording, IE)
        assert recording.quiet_seconds == 1.0
    finally:
        assert target.pusher is not None
        target.pusher.join()
        for clean_up in reversed(deferred):
            clean_up()


def test_a_push_after_the_quiet_period_is_still_handed_on_at_the_end(cast):
    """The watch ends after a quiet second; a push 2 s later (inside the 5 s window) is not in
    the scenario's own claim, but the deferred clean-up waits out the window and hands it on."""
    target = _TwoPushTarget(batch(cast["suspect"]), batch(cast["victim"]), later=2.0)
    deferred: list[Callable[[], None]] = []
    received = []
    record_feeds(target, CLASSES, deferred.append, [], received.append)  # type: ignore[arg-type]
    assert target.pusher is not None
    for clean_up in reversed(deferred):
        clean_up()
    target.pusher.join()
    to_ie = [c for c in received if c.recipient_class == IE]
    assert len(to_ie) == 2 and cast["victim"].family_name.encode() in to_ie[-1].body


def test_pushes_handed_on_early_are_handed_on_once(cast):
    """A run that may judge early is handed the pushes received so far while the recorders
    still listen; at the end it is handed only what came after (WindowWait skipped here)."""
    target = _TwoPushTarget(batch(cast["suspect"]), batch(cast["victim"]), later=1.5)
    deferred: list[Callable[[], None]] = []
    looks: list[Callable[[], None]] = []
    received = []
    record_feeds(target, CLASSES, deferred.append, [], received.append, looks.append)  # type: ignore[arg-type]
    (so_far,) = looks
    so_far()
    assert sorted(c.sequence for c in received) == [1, 2]
    assert target.pusher is not None
    target.pusher.join()
    for clean_up in reversed(deferred):
        if not isinstance(clean_up, WindowWait):
            clean_up()
    assert [c.sequence for c in received][2:] == [3]
    assert cast["victim"].family_name.encode() in received[-1].body
