"""A login gate for the authentication tests: a real HTTP(S) server, on a real socket, that lets a
request in only when it is properly authenticated by one of the ways real systems use (bearer
token, API key in a header or query parameter, HTTP Basic, a CSRF-protected login with a session
cookie, OAuth 2.0 client-credentials and password grants with short-lived tokens and refresh),
optionally behind TLS that requires a client certificate.

`/whoami` answers the account a request was let in as. Any other path is passed on to an
upstream (the reference system) with that account's bearer token there, so a whole suite run
can be made through the gate. Every secret it hands out is kept, for the artefact search.
"""

from __future__ import annotations

import base64
import secrets
import socket
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import anyio
import requests
import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

CSRF_COOKIE = "XSRF-TOKEN"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SESSION_COOKIE = "gate_session"
API_KEY_HEADER = "X-Gate-Key"
API_KEY_PARAMETER = "gate_key"
_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive", "server", "date"}


def _form(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8")))


def _secret() -> str:
    # URL- and JSON-special characters, so a secret's encoded forms differ from its plain one.
    return secrets.token_urlsafe(18) + '+/=&%"' + secrets.token_hex(4)


@dataclass
class GateAccount:
    """One account of the gate: its secrets for every method, and its token upstream."""

    name: str
    upstream_token: str | None = None
    password: str = field(default_factory=_secret)
    api_key: str = field(default_factory=_secret)
    client_secret: str = field(default_factory=_secret)

    @property
    def client_id(self) -> str:
        return f"client-{self.name}"

    def secrets(self) -> list[str]:
        return [self.password, self.api_key, self.client_secret]


class AuthGate:
    def __init__(
        self,
        accounts: dict[str, str | None],
        *,
        upstream: str | None = None,
        token_seconds: float = 300,
        session_seconds: float = 3600,
        tls: tuple[Path, Path, Path] | None = None,  # server cert, server key, client CA
        revoke_every: int = 0,  # forget every token and session after this many requests let in
    ) -> None:
        self.accounts = {name: GateAccount(name, token) for name, token in accounts.items()}
        self.upstream = upstream
        self.token_seconds = token_seconds
        self.session_seconds = session_seconds
        self.tls = tls
        self.revoke_every = revoke_every
        self.issued: list[str] = []  # every token, session id and CSRF token handed out
        self.counts: Counter[str] = Counter()  # logins, grants, refreshes, refusals
        self.user_agents: Counter[str] = Counter()  # what every request said its client was
        self._csrf: set[str] = set()
        self._sessions: dict[str, tuple[str, float]] = {}  # id -> account, expiry
        self._access: dict[str, tuple[str, float]] = {}
        self._refresh: dict[str, str] = {}
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def secrets(self) -> list[str]:
        """Every secret the gate knows: the accounts' own and all it handed out."""
        return [s for a in self.accounts.values() for s in a.secrets()] + self.issued

    def issue_bearer(self, account: str) -> str:
        """A long-lived access token for `account`, as a site's admin page would hand out."""
        token = self._issue()
        self._access[token] = (account, time.time() + 3600)
        return token

    def end_sessions(self) -> None:
        """Forget every login session and access token, as a server restart or expiry would."""
        self._sessions.clear()
        self._access.clear()

    # -- issuing -----------------------------------------------------------------------

    def _issue(self) -> str:
        value = secrets.token_urlsafe(24)
        self.issued.append(value)
        return value

    def _token_answer(self, account: str, refresh: bool) -> JSONResponse:
        access = self._issue()
        self._access[access] = (account, time.time() + self.token_seconds)
        body = {"access_token": access, "token_type": "Bearer", "expires_in": self.token_seconds}
        if refresh:
            body["refresh_token"] = refresh_token = self._issue()
            self._refresh[refresh_token] = account
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    # -- who is asking -----------------------------------------------------------------

    def _basic(self, header: str) -> tuple[str, str] | None:
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except ValueError:
            return None
        return user, password

    def _who(self, request: Request) -> str | None:
        """The account a request is authenticated as; '' when it carries credentials that
        do not hold; None when it carries none."""
        authorization = request.headers.get("authorization", "")
        if authorization.startswith("Bearer "):
            account, expiry = self._access.get(authorization[7:], ("", 0.0))
            return account if expiry > time.time() else ""
        if authorization.startswith("Basic "):
            user, password = self._basic(authorization) or ("", "")
            ok = user in self.accounts and secrets.compare_digest(
                password, self.accounts[user].password
            )
            return user if ok else ""
        key = request.headers.get(API_KEY_HEADER) or request.query_params.get(API_KEY_PARAMETER)
        if key is not None:
            match = [a.name for a in self.accounts.values() if a.api_key == key]
            return match[0] if match else ""
        session = request.cookies.get(SESSION_COOKIE)
        if session is not None:
            account, expiry = self._sessions.get(session, ("", 0.0))
            return account if expiry > time.time() else ""
        return None

    # -- the app -----------------------------------------------------------------------

    def app(self) -> FastAPI:
        app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)  # the upstream has its own
        gate = self

        @app.middleware("http")
        async def client_named(request: Request, call_next: Any) -> Response:
            gate.user_agents[request.headers.get("user-agent", "")] += 1
            response: Response = await call_next(request)
            return response

        @app.get("/login")
        def login_page() -> HTMLResponse:
            token = gate._issue()
            gate._csrf.add(token)
            page = (
                '<html><body><form method="post" action="/login">'
                f'<input type="hidden" name="{CSRF_FIELD}" value="{token}">'
                '<input name="username"><input type="password" name="password">'
                "</form></body></html>"
            )
            response = HTMLResponse(page)
            response.set_cookie(CSRF_COOKIE, token)
            return response

        @app.get("/login/json")
        def login_json() -> JSONResponse:
            token = gate._issue()
            gate._csrf.add(token)
            return JSONResponse({"csrf": {"token": token}})

        @app.post("/login")
        async def login(request: Request) -> Response:
            if request.headers.get("content-type", "").startswith("application/json"):
                fields = await request.json()
            else:
                fields = _form(await request.body())
            csrf = request.headers.get(CSRF_HEADER) or fields.get(CSRF_FIELD)
            user = gate.accounts.get(str(fields.get("user") or fields.get("username")))
            password = str(fields.get("pass") or fields.get("password") or "")
            if csrf not in gate._csrf or user is None or password != user.password:
                gate.counts["refused login"] += 1
                return JSONResponse({"error": "login refused"}, status_code=401)
            gate._csrf.discard(csrf)
            gate.counts[f"login {user.name}"] += 1
            session = gate._issue()
            gate._sessions[session] = (user.name, time.time() + gate.session_seconds)
            response = JSONResponse({"logged_in": True})
            response.set_cookie(SESSION_COOKIE, session, httponly=True)
            return response

        @app.post("/oauth/token")
        async def token(request: Request) -> JSONResponse:
            form = _form(await request.body())
            grant = form.get("grant_type")
            refused = JSONResponse({"error": "invalid_grant"}, status_code=400)
            if grant == "client_credentials":
                client, secret = gate._basic(request.headers.get("authorization", "")) or ("", "")
                match = [a for a in gate.accounts.values() if a.client_id == client]
                if not match or secret != match[0].client_secret:
                    gate.counts["refused grant"] += 1
                    return JSONResponse({"error": "invalid_client"}, status_code=401)
                gate.counts[f"client_credentials {match[0].name}"] += 1
                return gate._token_answer(match[0].name, refresh=False)
            if grant == "password":
                user = gate.accounts.get(str(form.get("username")))
                if user is None or form.get("password") != user.password:
                    gate.counts["refused grant"] += 1
                    return refused
                gate.counts[f"password {user.name}"] += 1
                return gate._token_answer(user.name, refresh=True)
            if grant == "refresh_token" and form.get("refresh_token") in gate._refresh:
                account = gate._refresh[str(form["refresh_token"])]
                gate.counts[f"refresh {account}"] += 1
                return gate._token_answer(account, refresh=True)
            return refused

        @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
        async def anything(request: Request, path: str) -> Response:
            who = gate._who(request)
            if who == "":
                gate.counts["refused request"] += 1
                return JSONResponse({"error": "not authenticated"}, status_code=401)
            gate.counts[f"let in {who}"] += 1
            gate.counts["let in"] += 1
            if gate.revoke_every and gate.counts["let in"] % gate.revoke_every == 0:
                gate.end_sessions()  # this request goes through; the next token is refused
            if path == "whoami":
                if who is None:
                    return JSONResponse({"error": "not authenticated"}, status_code=401)
                return JSONResponse({"account": who})
            if gate.upstream is None:
                return JSONResponse({"error": "no such page"}, status_code=404)
            body = await request.body()
            return await anyio.to_thread.run_sync(gate._forward, request, who, body)

        return app

    def _forward(self, request: Request, who: str | None, body: bytes) -> Response:
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() in ("content-type", "accept", "if-none-match", "range")
        }
        token = self.accounts[who].upstream_token if who else None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        query = [(k, v) for k, v in request.query_params.multi_items() if k != API_KEY_PARAMETER]
        answer = requests.request(
            request.method,
            f"{self.upstream}{request.url.path}",
            params=query,
            data=body,
            headers=headers,
            allow_redirects=False,
            timeout=30,
        )
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
        kept.pop("Content-Encoding", None)
        return Response(answer.content, answer.status_code, headers=kept)

    # -- serving -----------------------------------------------------------------------

    def __enter__(self) -> AuthGate:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        self.port = sock.getsockname()[1]
        self._socket = sock
        tls = {}
        if self.tls is not None:
            certificate, key, client_ca = self.tls
            tls = {
                "ssl_certfile": str(certificate),
                "ssl_keyfile": str(key),
                "ssl_ca_certs": str(client_ca),
                "ssl_cert_reqs": ssl.CERT_REQUIRED,
            }
        config = uvicorn.Config(
            self.app(),
            log_config=None,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=1,  # a refused TLS handshake leaves a connection open
            **tls,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the login gate did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(10)
        self._socket.close()
