"""A hostile target for the secrets tests: a reverse proxy in front of the reference system
that answers every JSON object with the caller's bearer token echoed back in the encodings a
careless or malicious vendor might use (URL-encoded, base64, as HTTP Basic would carry it).

Whatever it echoes lands in the HTTP exchanges the harness keeps as evidence, so a run through
it shows whether the masking pass knows a secret in every form it can travel in.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, quote_plus, urlsplit

from tests.acceptance.faultproxy import forward


def encodings(token: str) -> dict[str, str]:
    """The token as it might be echoed: every encoding the masking pass must recognise."""
    raw, basic = token.encode(), f"investigator:{token}".encode()
    return {
        "url": quote(token, safe=""),
        "url_plus": quote_plus(token),
        "base64": base64.b64encode(raw).decode(),
        "base64_unpadded": base64.b64encode(raw).decode().rstrip("="),
        "base64_urlsafe": base64.urlsafe_b64encode(raw).decode(),
        "base64_urlsafe_unpadded": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "basic": base64.b64encode(basic).decode(),
    }


class EchoProxy:
    """Serve on 127.0.0.1:<free port>, forwarding to `upstream` and echoing tokens back."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.echoed = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, reason, headers, content = proxy._forward(
                    self.command, self.path, dict(self.headers), body
                )
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                content = proxy._echo(content, token) if token else content
                self.send_response(status, reason)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _any

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> EchoProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _echo(self, content: bytes, token: str) -> bytes:
        try:
            document = json.loads(content)
        except ValueError:
            return content
        if not isinstance(document, dict):
            return content
        self.echoed += 1
        return json.dumps({"echo": encodings(token), **document}).encode()

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        return forward(self.upstream, method, path, headers, body)
