"""A fault-injecting reverse proxy for the fault matrix: it sits between the harness and the
reference system on loopback, passes requests through, and breaks chosen ones the way real
systems break (reset mid-body, too slow, 5xx, 429, bad JSON, a redirect elsewhere, …) or
answers them as a hostile target would (hostile_answers.py).

Faults are selective: a rule applies only to requests whose path starts with its prefix, and
only from its `after`-th such request on, so failures happen mid-run, after evidence was
gathered. Every request's method and path are recorded (the read-only proof uses that).
"""

from __future__ import annotations

import http.client
import socket
import ssl
import struct
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import SplitResult, urlsplit

from firewall_conformance.recipients.sink import QuietOnHangUpServer
from tests.acceptance.hostile_answers import HOSTILE_ANSWERS

Answer = tuple[int, str, list[tuple[str, str]], bytes]


def forward(
    upstream: SplitResult, method: str, path: str, headers: dict[str, str], body: bytes
) -> Answer:
    """Send the request on to `upstream` as it came (but for Host) and return its answer whole."""
    connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
    try:
        headers = {k: v for k, v in headers.items() if k.lower() != "host"}
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.reason, response.getheaders(), response.read()
    finally:
        connection.close()


SLOW_SECONDS = 4.0  # twice the test profiles' time-out
HOSTILE_REASON = '<script>alert("fwc")</script> =HYPERLINK("http://evil.invalid")'


@dataclass
class Rule:
    kind: str
    path: str = "/"
    method: str | None = None
    after: int = 0  # matching requests passed through untouched before the fault starts
    seen: int = 0


class FaultProxy:
    """Serve on 127.0.0.1:<free port>, forwarding to `upstream` except where a rule says."""

    def __init__(
        self,
        upstream: str,
        rules: list[Rule] | None = None,
        *,
        tls: ssl.SSLContext | None = None,
        redirect_to: str = "",
    ) -> None:
        self.upstream = urlsplit(upstream)
        self.rules = rules or []
        self.redirect_to = redirect_to
        self.requests: list[tuple[str, str]] = []
        self.headers_seen: list[dict[str, str]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Answers leave as written: headers and body are two writes, and with Nagle's
            # algorithm the body waited for the client's delayed acknowledgement of the
            # headers, about 40 ms on every request through the proxy.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                proxy.requests.append((self.command, self.path))
                proxy.headers_seen.append(dict(self.headers))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                rule = proxy._rule(self.command, self.path)
                if rule is None:
                    self._forward(body)
                else:
                    proxy._fault(self, rule, body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _any

            def _forward(self, body: bytes) -> None:
                status, reason, headers, content = proxy._upstream(
                    self.command, self.path, dict(self.headers), body
                )
                content = proxy._relayed(dict(self.headers), content)
                self.send_response(status, reason)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

        self._server = QuietOnHangUpServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        scheme = "https" if tls is not None else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _relayed(self, request_headers: dict[str, str], content: bytes) -> bytes:
        """The upstream answer as passed on where no rule applies; a subclass may rewrite it."""
        return content

    def _rule(self, method: str, path: str) -> Rule | None:
        for rule in self.rules:
            if path.startswith(rule.path) and rule.method in (None, method):
                rule.seen += 1
                if rule.seen > rule.after:
                    return rule
        return None

    def _upstream(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        return forward(self.upstream, method, path, headers, body)

    def _fault(self, handler: BaseHTTPRequestHandler, rule: Rule, body: bytes) -> None:
        kind = rule.kind
        if kind in HOSTILE_ANSWERS:
            return HOSTILE_ANSWERS[kind](handler)

        def answer(status: int, content: bytes, content_type: str, reason: str | None = None):
            handler.send_response(status, reason)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(content)))
            for name, value in extra.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(content)

        extra: dict[str, str] = {}
        if kind in ("500", "502", "503"):
            return answer(int(kind), b'{"detail": "unavailable"}', "application/json")
        if kind == "hostile-500":
            content = f"<html><body>{HOSTILE_REASON}</body></html>".encode()
            return answer(500, content, "text/html", HOSTILE_REASON)
        if kind == "429":
            extra["Retry-After"] = "1"
            return answer(429, b'{"detail": "slow down"}', "application/json")
        if kind == "token-expired":
            return answer(401, b'{"detail": "token expired"}', "application/json")
        if kind == "redirect":
            extra["Location"] = self.redirect_to + handler.path
            return answer(307, b"", "text/plain")
        if kind == "malformed-json":
            return answer(200, b'{"items": [{"seq": 1,', "application/json")
        if kind == "wrong-content-type":
            content = f"<html><body><h1>Maintenance</h1>{HOSTILE_REASON}</body></html>".encode()
            return answer(200, content, "text/html")
        if kind == "empty":
            return answer(200, b"", "text/csv")
        if kind == "cursor-loop":
            content = b'{"items": [], "next_after": "7"}'
            return answer(200, content, "application/json")
        status, reason, _, content = self._upstream(
            handler.command, handler.path, dict(handler.headers), body
        )
        if kind == "slow":
            time.sleep(SLOW_SECONDS)
            return answer(status, content, "application/json")
        if kind in ("truncated", "reset"):
            content = content or b"x" * 100
            handler.send_response(status, reason)
            handler.send_header("Content-Type", "application/octet-stream")
            handler.send_header("Content-Length", str(len(content) * 2 + 100))
            handler.end_headers()
            handler.wfile.write(content[: max(1, len(content) // 2)])
            handler.wfile.flush()
            if kind == "reset":  # RST, not FIN: SO_LINGER with a zero timeout
                handler.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            handler.close_connection = True
            handler.connection.close()
            return None
        raise ValueError(f"unknown fault kind {kind!r}")
