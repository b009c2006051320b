"""One HTTP exchange read whole, within a deadline and a size cap.

requests' time-out applies to each socket read, so a system trickling a byte at a time never
times out; and a body read whole into memory lets an endless stream or a decompression bomb
exhaust it. Every answer from a target is therefore read here: the whole exchange, headers
included, must end by a deadline, and the body, counted after decompression, must stay
under a cap. Past either, what arrived is not the answer and is not used.

The deadline is twice the profile's time-out for the answer to begin (connecting, the
system's own work, the headers), moved on by each byte of body at the slowest acceptable
rate: a trickle is cut off within a few time-outs, while a large export may take the time its
size needs, never more than its download limit at that rate.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

import requests
from urllib3.exceptions import ProtocolError, ReadTimeoutError, SSLError

from firewall_conformance.detect.content_codings import CodingRefused, Codings, OverCap

# The cap on any answer that is not an export download: API answers are small.
ANSWER_MAX_BYTES = 8 * 1024**2
# The slowest body the deadline waits for, in bytes a second.
MIN_BYTES_PER_SECOND = 64 * 1024
_CHUNK = 64 * 1024


class OverLimit(Exception):
    """The answer could not be read whole: it ran past its deadline or its size cap, or came
    in an encoding nothing decodes; the message completes "The answer ...", e.g. "was larger
    than the limit of 64 bytes"."""


class CutOff(Exception):
    """The connection failed part-way through the body, after `received` bytes."""

    def __init__(self, received: int, cause: requests.RequestException) -> None:
        self.received, self.cause = received, cause
        super().__init__(str(cause))


@dataclass(frozen=True)
class Bounds:
    """How long a whole exchange may take and how large its body may be."""

    start_seconds: float
    max_bytes: int

    @classmethod
    def of(cls, timeout_seconds: float, max_bytes: int = ANSWER_MAX_BYTES) -> Bounds:
        """The bounds a profile's time-out implies for a body of up to `max_bytes`."""
        return cls(2 * timeout_seconds, max_bytes)

    def seconds(self, received: int) -> float:
        """How long the exchange may have taken once `received` bytes of body have arrived."""
        return self.start_seconds + min(received, self.max_bytes) / MIN_BYTES_PER_SECOND


class Sender(Protocol):
    """What sends a prepared request: a session, or a session's own unbounded `send` when
    that session's `send` is itself bounded (see `BoundedSending`)."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response: ...


class BoundedSending(requests.Session):
    """A session every request of which is one bounded exchange, whoever sends it: for the
    sessions a library drives itself (an OAuth client fetching its tokens), which never pass
    through the adapter's own reading. `bounds` and `read_timeout` are set by the subclass."""

    bounds: Bounds
    read_timeout: float

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        return exchange(_Unbounded(self), request, self.bounds, read_timeout=self.read_timeout)


@dataclass(frozen=True)
class _Unbounded:
    """The plain `send` of a session whose own `send` is bounded, for the bounded reader."""

    session: requests.Session

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        return requests.Session.send(self.session, request, **kwargs)


@dataclass
class _Progress:
    received: int = 0


# A thread reading an exchange bears this name; a reader waiting for its next one, FREE.
READING, FREE = "firewall-conformance exchange", "firewall-conformance exchange (free)"


class _Reader:
    """A daemon thread reading exchanges one after another. A thread per exchange cost a
    thread's start and end some 800 times a run; a reader is used again once it is free, and
    one still reading past its deadline (a header trickled a byte at a time) is left behind
    busy, not waited for: the next exchange takes another."""

    def __init__(self) -> None:
        self._work: queue.SimpleQueue[tuple[Callable[[], None], threading.Event]] = (
            queue.SimpleQueue()
        )
        self._thread = threading.Thread(target=self._serve, name=FREE, daemon=True)
        self._thread.start()

    def read(self, work: Callable[[], None], done: threading.Event) -> None:
        """Run `work`, then set `done` once this reader is free for the next exchange."""
        self._work.put((work, done))

    def _serve(self) -> None:
        while True:
            work, done = self._work.get()
            self._thread.name = READING
            work()
            self._thread.name = FREE
            _free.put(self)
            done.set()


# Readers free for the next exchange; none survive a fork, whose child has no threads.
_free: queue.SimpleQueue[_Reader] = queue.SimpleQueue()


def _forget_readers() -> None:
    global _free
    _free = queue.SimpleQueue()


os.register_at_fork(after_in_child=_forget_readers)


def _reader() -> _Reader:
    try:
        return _free.get_nowait()
    except queue.Empty:
        return _Reader()


def exchange(
    session: Sender,
    prepared: requests.PreparedRequest,
    bounds: Bounds,
    *,
    read_timeout: float,
    sink: BinaryIO | None = None,
) -> requests.Response:
    """Send `prepared` and read its whole answer within `bounds`, redirects not followed.

    A success's body goes into `sink` when one is given (a download); any other body is kept
    in the response. Raises OverLimit, CutOff, or requests' own errors for the request."""
    outcome: list[requests.Response | BaseException] = []
    progress, done, stop = _Progress(), threading.Event(), threading.Event()

    def work() -> None:
        try:
            outcome.append(
                _send_and_read(session, prepared, bounds, read_timeout, sink, progress, stop)
            )
        except BaseException as exc:  # handed to the caller's thread, which raises it
            outcome.append(exc)

    started = time.monotonic()
    _reader().read(work, done)
    while not done.wait(max(0.0, started + bounds.seconds(progress.received) - time.monotonic())):
        elapsed = time.monotonic() - started
        if elapsed >= bounds.seconds(progress.received):
            stop.set()
            raise OverLimit(
                f"was not complete after {elapsed:.0f} seconds ({progress.received} bytes of "
                "it had arrived); only part of it was read"
            )
    [result] = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def _send_and_read(
    session: Sender,
    prepared: requests.PreparedRequest,
    bounds: Bounds,
    read_timeout: float,
    sink: BinaryIO | None,
    progress: _Progress,
    stop: threading.Event,
) -> requests.Response:
    response = session.send(
        prepared,
        timeout=(min(read_timeout, 5.0), read_timeout),
        stream=True,
        allow_redirects=False,
    )
    with response:
        try:
            codings = Codings(response.headers.get("Content-Encoding", ""))
        except CodingRefused as exc:
            raise OverLimit(str(exc)) from exc
        if sink is not None and 200 <= response.status_code < 300:
            body = _read_body(response, codings, bounds.max_bytes, sink, progress, stop)
        else:  # kept in memory, so never more than an answer's cap
            cap = min(bounds.max_bytes, ANSWER_MAX_BYTES)
            body = _read_body(response, codings, cap, None, progress, stop)
    response._content = body  # the body read here, where requests would have kept it
    return response


def _read_body(
    response: requests.Response,
    codings: Codings,
    max_bytes: int,
    sink: BinaryIO | None,
    progress: _Progress,
    stop: threading.Event,
) -> bytes:
    """The body with its content codings taken off (content_codings.py: strictly, unlike the
    HTTP library) (b"" when written to `sink`), a chunk at a time as it arrives, stopping at
    the cap or when the caller has given up waiting."""
    parts: list[bytes] = []
    received = 0
    too_large = OverLimit(
        f"was larger than the limit of {max_bytes} bytes; only part of it was read"
    )
    while not stop.is_set():
        try:
            raw = response.raw.read1(_CHUNK, decode_content=False)
        except (ProtocolError, ReadTimeoutError, SSLError) as exc:
            raise CutOff(received, requests.ConnectionError(exc)) from exc
        if not raw:
            break
        try:
            chunk = codings.decode(raw, max_bytes - received)
        except OverCap:
            raise too_large from None
        except CodingRefused as exc:
            raise CutOff(received, requests.exceptions.ContentDecodingError(exc)) from exc
        received += len(chunk)
        progress.received = received
        if received > max_bytes:
            raise too_large
        if sink is not None:
            sink.write(chunk)
        else:
            parts.append(chunk)
    try:
        codings.finish()
    except CodingRefused as exc:
        raise OverLimit(str(exc)) from exc
    return b"".join(parts)
