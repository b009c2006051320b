"""The mutant engine: ASGI middleware that lets a mutator see and rewrite every exchange.

A mutator is an async function ``(ctx, request, forward) -> Reply``: it may change the
request before forwarding it to the reference (or forward it twice, or as another user), and
change the reply before it leaves. The reference itself, its policy and its fault switches
are untouched: a mutant is a buggy vendor layer wrapped around a correct core, which is what
the harness must catch without being told where the bug is.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import Message, Receive, Scope, Send

from ..deps import RmsContext
from ..users import authenticate

ASGIApp = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class Request:
    """One HTTP request as the reference would receive it."""

    method: str
    path: str
    query: str
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def params(self) -> dict[str, str]:
        return dict(parse_qsl(self.query, keep_blank_values=True))

    def with_params(self, params: dict[str, str]) -> Request:
        return replace(self, query=urlencode(params))

    def with_json(self, document: Any) -> Request:
        return replace(self, body=json.dumps(document).encode("utf-8"))

    def token(self) -> str | None:
        for name, value in self.headers:
            if name.lower() == b"authorization" and value.lower().startswith(b"bearer "):
                return value[7:].decode("latin-1").strip()
        return None

    def as_token(self, token: str) -> Request:
        """The same request made with another user's bearer token."""
        kept = tuple(h for h in self.headers if h[0].lower() != b"authorization")
        return replace(self, headers=(*kept, (b"authorization", f"Bearer {token}".encode())))


@dataclass(frozen=True)
class Reply:
    """One HTTP response as it will leave the system."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def with_body(self, body: bytes, status: int | None = None) -> Reply:
        kept = tuple(h for h in self.headers if h[0].lower() != b"content-length")
        return Reply(
            self.status if status is None else status,
            (*kept, (b"content-length", str(len(body)).encode())),
            body,
        )

    def with_json(self, document: Any, status: int | None = None) -> Reply:
        kept = tuple(h for h in self.headers if h[0].lower() != b"content-type")
        typed = Reply(self.status, (*kept, (b"content-type", b"application/json")), self.body)
        return typed.with_body(json.dumps(document).encode("utf-8"), status)


Forward = Callable[[Request], Awaitable[Reply]]


def refusal(status: int, detail: str) -> Reply:
    """A refusal made up by the vendor layer, in the reference's error format."""
    return Reply(status, (), b"").with_json({"detail": detail})


@dataclass
class MutantContext:
    """What a mutator has at hand: the reference's data, every user's token (a vendor layer
    holds service credentials), and state it keeps between requests."""

    rms: RmsContext
    tokens: dict[str, str]
    state: dict[str, Any] = field(default_factory=dict)

    def role_of(self, request: Request) -> str | None:
        token = request.token()
        if token is None:
            return None
        with self.rms.db.transaction() as conn:
            user = authenticate(conn, token)
        return None if user is None else user.role


Mutator = Callable[[MutantContext, Request, Forward], Awaitable[Reply]]


def on(method: str, pattern: str) -> Callable[[Mutator], Mutator]:
    """Apply a mutator only to requests with ``method`` whose path fully matches ``pattern``
    (after the API prefix); every other request goes through untouched."""
    compiled = re.compile(rf"/api/v1{pattern}")

    def decorate(mutator: Mutator) -> Mutator:
        async def scoped(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
            if request.method == method and compiled.fullmatch(request.path):
                return await mutator(ctx, request, forward)
            return await forward(request)

        return scoped

    return decorate


class Intercept:
    """ASGI middleware running one mutator over every HTTP exchange."""

    def __init__(self, app: ASGIApp, ctx: MutantContext, mutator: Mutator) -> None:
        self.app, self.ctx, self.mutator = app, ctx, mutator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        request = Request(
            scope["method"],
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            tuple(scope["headers"]),
            body,
        )
        reply = await self.mutator(self.ctx, request, lambda r: self._forward(scope, r))
        await send(
            {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
        )
        await send({"type": "http.response.body", "body": reply.body})

    async def _forward(self, scope: Scope, request: Request) -> Reply:
        headers = tuple(h for h in request.headers if h[0].lower() != b"content-length")
        inner = {
            **scope,
            "method": request.method,
            "path": request.path,
            "raw_path": request.path.encode(),
            "query_string": request.query.encode("latin-1"),
            "headers": [*headers, (b"content-length", str(len(request.body)).encode())],
        }
        sent, done = False, asyncio.Event()
        started: Message = {}
        chunks: list[bytes] = []

        async def replay() -> Message:
            nonlocal sent
            if sent:  # the client stays connected until the whole response is out
                await done.wait()
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": request.body, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    done.set()

        await self.app(inner, replay, capture)
        return Reply(started["status"], tuple(started.get("headers", ())), b"".join(chunks))
