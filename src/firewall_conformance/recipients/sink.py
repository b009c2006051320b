"""Recipient sink: a real HTTP server that stands in for recipients and records what a target
pushes to them.

The harness gives the target one URL per recipient class as that recipient's outbound endpoint,
then watches the whole window, since a target may push more than once: a second push late in
the window counts as much as the first. Everything is bounded, because the target is not
trusted: the size of a body (a longer one is kept cut short and marked incomplete, so it can
never pass as clean), the number of pushes recorded, the socket time-out and the window itself.
A push is every part of the request (method, URL path and query, headers, body), since data can
travel in any of them. Headers are redacted as they arrive; bodies and URLs stay in memory for
scanning and never go into evidence. A random prefix in every path keeps stray traffic out of
the record.

A push is on the record from the moment its headers have arrived, not once its body has: a
target dripping a push's body slowly enough (each byte inside the socket time-out) would
otherwise keep it off the record until after it was judged, beside a quick clean push that
made the recorder look answered. Until its body is in, a push is shown as still arriving, its
headers and URL examined and its body named as unread. A request whose headers themselves are
still arriving cannot yet be told apart by recipient, so it is counted for all of them.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from firewall_conformance.detect.payloads import Payload, open_payload
from firewall_conformance.reporting import redact

MAX_BODY_BYTES = 8 * 1024**2
MAX_CAPTURES = 200
SOCKET_TIMEOUT_SECONDS = 10.0
_MAX_CHUNK_LINE = 1024
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Capture:
    """One request a recipient's endpoint received; `complete` is False when the body was cut
    at the size limit, its length was unknown, the sender stalled, or (`arriving`) it was
    still being sent when asked for."""

    recipient_class: str
    sequence: int
    received_at: str
    method: str
    target: str = field(repr=False)  # the request's path and query, as sent
    headers: dict[str, str]
    body: bytes = field(repr=False)
    complete: bool
    arriving: bool = False

    def payload(self) -> Payload:
        """The body opened as its recipient would open it: content codings and compression
        taken off, zip members read (detect/payloads.py). A body cut off is read for what did
        arrive and named as unread, since part of a body can never pass as clean."""
        declared = _CHARSET.search(self._header("Content-Type"))
        payload = open_payload(
            self.body,
            content_encoding=self._header("Content-Encoding"),
            trailer=self._header("Trailer"),
            charset=declared.group(1) if declared else None,
        )
        if self.complete:
            return payload
        why = "was still arriving when it was examined" if self.arriving else "was cut off"
        return Payload(payload.texts, (*payload.unread, why))

    def document(self) -> Any | None:
        """The body as JSON, or None when it is incomplete or not one JSON document."""
        payload = self.payload()
        if payload.unread or [place for place, _ in payload.texts] != ["body"]:
            return None
        try:
            return json.loads(payload.texts[0][1])
        except ValueError:
            return None

    def url(self) -> dict[str, Any]:
        """The request's path and its query parameters (name and value pairs), decoded."""
        parts = urlsplit(self.target)
        return {
            "path": unquote(parts.path),
            "query": [list(pair) for pair in parse_qsl(parts.query, keep_blank_values=True)],
        }

    def _header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")

    def summary(self) -> dict[str, Any]:
        """What evidence may say about the capture: never the body or the URL itself."""
        return {
            "recipient_class": self.recipient_class,
            "sequence": self.sequence,
            "received_at": self.received_at,
            "method": self.method,
            "headers": self.headers,
            "url_bytes": len(self.target),
            "bytes": len(self.body),
            "complete": self.complete,
            "still_arriving": self.arriving,
        }


class RecipientSink:
    """Recording endpoints for `recipient_classes` on 127.0.0.1, on a free port.

    Use as a context manager, or `start` and `stop`.
    """

    def __init__(
        self,
        recipient_classes: Iterable[str],
        *,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_captures: int = MAX_CAPTURES,
        socket_timeout: float = SOCKET_TIMEOUT_SECONDS,
    ) -> None:
        self.recipient_classes = tuple(dict.fromkeys(recipient_classes))
        self.max_body_bytes = max_body_bytes
        self.max_captures = max_captures
        self.socket_timeout = socket_timeout
        self._prefix = secrets.token_hex(8)
        self._changed = threading.Condition()
        self._captures: list[Capture] = []
        self._arriving: dict[int, Capture] = {}  # by sequence: headers in, body not yet
        self._opening = 0  # requests begun whose headers are not all in
        self._last_arrival = 0.0  # time.monotonic() of the latest request recorded
        self._turned_away = dict.fromkeys(self.recipient_classes, 0)
        self._server: QuietOnHangUpServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> RecipientSink:
        server = QuietOnHangUpServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"recipient-sink-{server.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(self.socket_timeout)
        self._server = self._thread = None

    def __enter__(self) -> RecipientSink:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what the harness asks --------------------------------------------------------

    def url(self, recipient_class: str) -> str:
        """The endpoint to register with the target for this recipient class."""
        if self._server is None:
            raise RuntimeError("the sink is not running")
        if recipient_class not in self.recipient_classes:
            raise KeyError(f"the sink records no recipient class {recipient_class!r}")
        return f"http://127.0.0.1:{self._server.server_address[1]}/{self._prefix}/{recipient_class}"

    def captures(self, recipient_class: str) -> list[Capture]:
        """Every push to the class in the order they began, those still arriving among them."""
        with self._changed:
            every = sorted([*self._captures, *self._arriving.values()], key=lambda c: c.sequence)
            return [c for c in every if c.recipient_class == recipient_class]

    def opening(self) -> int:
        """Requests begun whose headers have not all arrived: bound for any recipient."""
        with self._changed:
            return self._opening

    def turned_away(self, recipient_class: str) -> int:
        """Requests for this class refused because the sink had recorded its limit."""
        with self._changed:
            return self._turned_away.get(recipient_class, 0)

    def wait_until(self, ready: Callable[[RecipientSink], bool], timeout: float) -> bool:
        """Wait until `ready(self)` holds or `timeout` seconds pass; whether it held."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not ready(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return True

    def each_received(self) -> bool:
        """True once every recipient class has received at least one request."""
        return all(self.captures(c) for c in self.recipient_classes)

    def watch(self, window: float, quiet: float | None = None) -> float:
        """Record for the whole `window`; with `quiet`, stop sooner once every recorder has
        received something and nothing more has arrived for `quiet` seconds. Returns the
        seconds watched."""
        started = time.monotonic()
        deadline = started + window
        with self._changed:
            while (now := time.monotonic()) < deadline:
                wake = deadline
                if quiet is not None and self.each_received():
                    settled = self._last_arrival + quiet
                    if now >= settled:
                        break
                    wake = min(deadline, settled)
                self._changed.wait(wake - now)
        return time.monotonic() - started

    # -- called by the request handler ------------------------------------------------

    def _recipient_of(self, path: str) -> str | None:
        """The class whose URL `path` is, or lies under (a target may add a path of its own)."""
        prefix, _, rest = path.lstrip("/").partition("/")
        recipient_class = rest.split("?", 1)[0].split("/", 1)[0]
        if prefix != self._prefix or recipient_class not in self.recipient_classes:
            return None
        return recipient_class

    def _admit(
        self, recipient_class: str, method: str, target: str, headers: dict[str, str]
    ) -> int | None:
        """Put a push whose headers have arrived on the record as still arriving; its
        sequence, or None when the recorder is full."""
        with self._changed:
            sequence = len(self._captures) + len(self._arriving) + 1
            if sequence > self.max_captures:
                self._turned_away[recipient_class] += 1
                return None
            self._arriving[sequence] = Capture(
                recipient_class=recipient_class,
                sequence=sequence,
                received_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
                method=method,
                headers=redact.headers(headers),
                body=b"",
                complete=False,
                arriving=True,
                target=target,
            )
            self._arrived()
            return sequence

    def _opened(self, change: int) -> None:
        with self._changed:
            self._opening += change
            self._changed.notify_all()

    def _record(self, sequence: int, body: bytes, whole: bool) -> None:
        """The push `sequence` with its body in (all of it, or what came before it stopped)."""
        with self._changed:
            begun = self._arriving.pop(sequence)
            self._captures.append(replace(begun, body=body, complete=whole, arriving=False))
            self._arrived()

    def _arrived(self) -> None:
        self._last_arrival = time.monotonic()
        self._changed.notify_all()


def _read_body(stream: io.BufferedIOBase, headers: Any, limit: int) -> tuple[bytes, bool]:
    """Up to `limit` bytes of the body, and whether that is all of it. A request with neither
    a length nor chunks has no body (RFC 9112 6.3): a GET that carries its data in the URL."""
    if headers.get("Transfer-Encoding", "").lower() == "chunked":
        return _read_chunked(stream, limit)
    if "Transfer-Encoding" not in headers and "Content-Length" not in headers:
        return b"", True
    length = headers.get("Content-Length", "")
    if not length.isdigit():
        return b"", False
    wanted = int(length)
    data = stream.read(min(wanted, limit))
    return data, len(data) == wanted


def _read_chunked(stream: io.BufferedIOBase, limit: int) -> tuple[bytes, bool]:
    body = bytearray()
    while True:
        line = stream.readline(_MAX_CHUNK_LINE)
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            return bytes(body), False
        if size == 0:
            while stream.readline(_MAX_CHUNK_LINE) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return bytes(body), True
        if len(body) + size > limit:
            body += stream.read(limit - len(body))
            return bytes(body), False
        chunk = stream.read(size)
        body += chunk
        if len(chunk) < size:
            return bytes(body), False
        stream.readline(_MAX_CHUNK_LINE)


# What a peer that hangs up (over TLS too), resets the connection or falls silent past the
# socket's time-out raises in a handler.
HANG_UPS = (
    BrokenPipeError,
    ConnectionResetError,
    ConnectionAbortedError,
    TimeoutError,
    ssl.SSLEOFError,
)


class QuietOnHangUpServer(ThreadingHTTPServer):
    """A sender that hangs up, resets the connection or falls silent mid-request did so, and
    what arrived is recorded: the standard library's printed traceback said nothing more, into
    the middle of a run's output. Any other error still prints."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], HANG_UPS):
            super().handle_error(request, client_address)


def _handler_for(sink: RecipientSink) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = sink.socket_timeout
        protocol_version = "HTTP/1.1"
        # An answer is written as headers, then body: with Nagle's algorithm the body waited
        # for the sender's delayed acknowledgement, ~40 ms on every push of a kept-alive
        # connection, and a target that pushes thousands of records paid it on each.
        disable_nagle_algorithm = True
        _opening = False

        def handle_one_request(self) -> None:
            """Counted as opening from its first byte until its headers are in (`_receive`)
            or it ends; a connection kept open with nothing sent is not a request."""
            try:
                if not self.rfile.peek(1):  # type: ignore[attr-defined]
                    self.close_connection = True
                    return
            except OSError:
                self.close_connection = True
                return
            self._opening = True
            sink._opened(+1)
            try:
                super().handle_one_request()
            finally:
                self._headers_in()

        def _headers_in(self) -> None:
            if self._opening:
                self._opening = False
                sink._opened(-1)

        def do_GET(self) -> None:
            self._receive()

        def do_DELETE(self) -> None:
            self._receive()

        def do_POST(self) -> None:
            self._receive()

        def do_PUT(self) -> None:
            self._receive()

        def do_PATCH(self) -> None:
            self._receive()

        def _receive(self) -> None:
            self._headers_in()
            recipient_class = sink._recipient_of(self.path)
            if recipient_class is None:
                self._answer(404, {"error": "no recipient is recorded at this path"}, close=True)
                return
            sequence = sink._admit(
                recipient_class, self.command, self.path, dict(self.headers.items())
            )
            if sequence is None:
                self._answer(503, {"error": "the recorder is full"}, close=True)
                return
            try:
                body, whole = _read_body(self.rfile, self.headers, sink.max_body_bytes)
            except OSError:  # the sender stalled past the socket time-out or hung up
                body, whole = b"", False
            sink._record(sequence, body, whole)
            if whole:
                self._answer(200, {"status": "received"})
            else:
                self._answer(413, {"error": "the body was too large or its length unknown"}, True)

        def _answer(self, status: int, content: dict[str, str], close: bool = False) -> None:
            payload = json.dumps(content).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                if close:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: what arrived is in the captures, not on the console."""

    return Handler
