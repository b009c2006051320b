"""The one bounded reader: a whole exchange ends by its deadline, a body stops at its cap
(counted after decompression), and what does arrive is kept whole; content codings are taken
off strictly (detect/content_codings.py)."""

from __future__ import annotations

import gzip
import io
import threading
import time
import zlib

import brotli
import pytest
import requests

from firewall_conformance.detect.content_codings import CodingRefused, Codings, OverCap
from firewall_conformance.targets.bounded import Bounds, OverLimit, exchange
from tests.acceptance.faultproxy import FaultProxy, Rule
from tests.acceptance.hostile_answers import FOREIGN_EXPORT

NOWHERE = "http://127.0.0.1:9"  # the proxy's upstream, never reached by these answers
TIMEOUT = 1.5  # longer than the trickle's second between bytes


def _get(kind: str, bounds: Bounds, sink: io.BytesIO | None = None) -> requests.Response:
    with FaultProxy(NOWHERE, [Rule(kind)]) as proxy:
        session = requests.Session()
        prepared = session.prepare_request(requests.Request("GET", proxy.base_url + "/x"))
        return exchange(session, prepared, bounds, read_timeout=TIMEOUT, sink=sink)


def test_an_answer_is_read_whole_and_a_download_goes_to_its_sink():
    answer = _get("500", Bounds.of(TIMEOUT))
    assert answer.status_code == 500 and answer.json() == {"detail": "unavailable"}
    sink = io.BytesIO()
    download = _get("foreign-export", Bounds.of(TIMEOUT, 1024), sink)
    assert download.status_code == 200 and download.content == b""
    assert sink.getvalue() == FOREIGN_EXPORT


@pytest.mark.parametrize("kind", ["trickle", "trickle-headers"])
def test_a_trickle_ends_at_the_deadline_though_every_byte_beats_the_read_time_out(kind):
    bounds = Bounds.of(TIMEOUT)
    started = time.monotonic()
    with pytest.raises(OverLimit, match="was not complete after"):
        _get(kind, bounds)
    assert time.monotonic() - started < bounds.start_seconds + 1


@pytest.mark.parametrize("kind", ["endless-body", "gzip-bomb"])
def test_an_endless_or_bomb_body_stops_at_the_cap_counted_decompressed(kind):
    with pytest.raises(OverLimit, match="was larger than the limit of 1048576 bytes"):
        _get(kind, Bounds.of(TIMEOUT, 1024**2))


def test_a_body_kept_in_memory_never_passes_an_answers_cap_whatever_the_bounds_allow():
    with pytest.raises(OverLimit, match="limit of 8388608 bytes"):
        _get("endless-body", Bounds.of(TIMEOUT, 1024**3))


def test_an_answer_in_an_encoding_nothing_decodes_is_not_read_as_it_arrived():
    # Before: urllib3 hands on a body it has no decoder for as it arrived, so the egress ledger
    # examined compressed bytes and found nothing in them.
    with pytest.raises(OverLimit, match="'zstd', which the harness cannot decode"):
        _get("unknown-encoding", Bounds.of(TIMEOUT))


def test_bytes_after_the_end_of_the_compressed_data_are_not_dropped_unread():
    # Before: urllib3 decoded the gzip member and dropped what followed it, so a record in
    # plain bytes after a clean compressed answer reached the recipient and not the ledger.
    with pytest.raises(OverLimit, match="bytes after the end of its gzip data"):
        _get("gzip-then-plain", Bounds.of(TIMEOUT))


# Named ids and gzip bodies without a time stamp: ids made from the bytes held the second each
# pytest-xdist worker collected in, and workers that differed stopped the run ("different tests
# collected").
@pytest.mark.parametrize(
    ("declared", "body"),
    [
        (
            "gzip",
            gzip.compress(b"one ", mtime=0) + gzip.compress(b"two", mtime=0),
        ),  # members one after another
        ("x-gzip, identity", gzip.compress(b"one two", mtime=0)),
        ("deflate", zlib.compress(b"one two")),
        ("deflate", zlib.compress(b"one two")[2:-4]),  # raw, as some servers send it
        ("br", brotli.compress(b"one two")),
        ("gzip, br", brotli.compress(gzip.compress(b"one two", mtime=0))),  # last applied first
    ],
    ids=["gzip members", "x-gzip", "deflate", "raw deflate", "br", "gzip then br"],
)
def test_content_codings_are_taken_off_whole(declared: str, body: bytes):
    codings = Codings(declared)
    assert b"".join(codings.decode(body[i : i + 5], 100) for i in range(0, len(body), 5)) == (
        b"one two"
    )
    codings.finish()


def test_bytes_after_the_end_of_any_coding_are_refused():
    codings = Codings("deflate")
    assert codings.decode(zlib.compress(b"{}") + b"victim", 100) == b"{}"
    with pytest.raises(CodingRefused, match="6 bytes after the end of its deflate data"):
        codings.finish()
    codings = Codings("br")
    assert codings.decode(brotli.compress(b"{}"), 100) == b"{}"
    assert codings.decode(b"victim", 100) == b""
    with pytest.raises(CodingRefused, match="6 bytes after the end of its br data"):
        codings.finish()


def test_a_chunk_expanding_past_the_room_left_is_over_the_cap():
    with pytest.raises(OverCap):
        Codings("gzip").decode(gzip.compress(bytes(10_000)), 1_000)


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_compressed_data_that_stops_short_of_its_end_is_refused(coding: str):
    # Bytes a decoder takes for the start of a stream and waits on (such as a gzip body
    # declared Brotli) decoded to little or nothing, and that was read as the whole answer.
    whole = gzip.compress(b"one two" * 50) if coding == "gzip" else brotli.compress(b"one two")
    codings = Codings(coding)
    codings.decode(whole[:-4], 1000)
    with pytest.raises(CodingRefused, match=f"stopped before the end of its {coding} data"):
        codings.finish()
    Codings(coding).finish()  # no body at all, as a 204 or 304 answer has


def test_exchanges_one_after_another_share_a_reader_instead_of_a_thread_each(monkeypatch):
    # Before: a thread was started and ended for every exchange, some 800 a run.
    started = []
    original = threading.Thread.start

    def counted(thread: threading.Thread) -> None:
        started.append(thread.name)
        original(thread)

    with FaultProxy(NOWHERE, [Rule("500")]) as proxy:
        session = requests.Session()
        monkeypatch.setattr(threading.Thread, "start", counted)
        for _ in range(10):
            prepared = session.prepare_request(requests.Request("GET", proxy.base_url + "/x"))
            assert exchange(session, prepared, Bounds.of(TIMEOUT), read_timeout=TIMEOUT).ok is False
    assert len(started) <= 1


def test_a_reader_left_behind_at_its_deadline_is_not_handed_the_next_exchange():
    with FaultProxy(NOWHERE, [Rule("trickle-headers", "/slow"), Rule("500", "/x")]) as proxy:
        session = requests.Session()
        slow = session.prepare_request(requests.Request("GET", proxy.base_url + "/slow"))
        with pytest.raises(OverLimit):
            exchange(session, slow, Bounds(0.5, 1024), read_timeout=TIMEOUT)
        started = time.monotonic()
        prepared = session.prepare_request(requests.Request("GET", proxy.base_url + "/x"))
        answer = exchange(requests.Session(), prepared, Bounds.of(TIMEOUT), read_timeout=TIMEOUT)
        assert answer.status_code == 500 and time.monotonic() - started < 1
