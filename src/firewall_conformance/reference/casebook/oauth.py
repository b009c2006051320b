"""The OAuth 2.0 token endpoint for machine clients (RFC 6749 client credentials grant, the
client authenticated by HTTP Basic or form fields). Tokens are random, held in memory, and
expire; an expired token is refused like an unknown one."""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .accounts import CasebookSecrets

MAX_FORM_BYTES = 4096
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _error(code: str, status: int = 400) -> Response:
    headers = {**_NO_STORE, **({"WWW-Authenticate": "Basic"} if status == 401 else {})}
    return JSONResponse({"error": code}, status_code=status, headers=headers)


def _client(request: Request, fields: dict[str, str]) -> tuple[str, str]:
    """The client id and secret, from HTTP Basic (form-encoded parts) or the form itself."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            pair = base64.b64decode(encoded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _, client_secret = pair.partition(":")
        return unquote(client_id), unquote(client_secret)
    return fields.get("client_id", ""), fields.get("client_secret", "")


@dataclass
class TokenEndpoint:
    """Issues bearer tokens lasting `lifetime` seconds and says whose a token is."""

    credentials: CasebookSecrets
    lifetime: float
    _tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def user(self, token: str) -> str | None:
        """The api-v1 user a live token acts as."""
        with self._lock:
            held = self._tokens.get(token)
            if held is None or time.monotonic() >= held[1]:
                self._tokens.pop(token, None)
                return None
        return held[0]

    async def token(self, request: Request) -> Response:
        """POST /cb/oauth/token."""
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            return _error("invalid_request")
        fields = dict(parse_qsl(body.decode("utf-8", "replace")))
        if fields.get("grant_type") != "client_credentials":
            return _error("unsupported_grant_type")
        user = self.credentials.machine(*_client(request, fields))
        if user is None:
            return _error("invalid_client", 401)
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = (user, time.monotonic() + self.lifetime)
        return JSONResponse(
            {"access_token": token, "token_type": "Bearer", "expires_in": int(self.lifetime)},
            headers=_NO_STORE,
        )
