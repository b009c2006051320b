"""The casebook surface as one ASGI application: sign-in, the token endpoint, the renamed
operations of routes.yaml, the handlers whose answers differ in shape, and an OpenAPI document
listing the casebook's own operations only. The api-v1 application it stands in front of is
given to it, never mounted: none of api-v1's paths can be reached through it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ... import __version__
from .accounts import CasebookSecrets
from .backend import Backend
from .login import Sessions
from .oauth import TokenEndpoint
from .route_table import Rename, path_parameters, renames
from .shapes import audit, export, passed_on, search

LOGIN_PATH, TOKEN_PATH, OPENAPI_PATH = "/cb/login", "/cb/oauth/token", "/cb/openapi.json"
Handler = Callable[[Backend, str, Request], Awaitable[Response]]
# The handlers of shapes.py: method, path, handler, and the query parameters the document
# lists (name, whether required).
SHAPED: tuple[tuple[str, str, Handler, tuple[tuple[str, bool], ...]], ...] = (
    ("GET", "/cb/people", search, (("field", True), ("value", True), ("reason", False))),
    ("POST", "/cb/exports", export, ()),
    ("GET", "/cb/audit", audit, (("page", False), ("per_page", False))),
)


class _Who:
    """Whose request it is: a live session's user, or a live OAuth token's."""

    def __init__(self, sessions: Sessions, tokens: TokenEndpoint) -> None:
        self.sessions, self.tokens = sessions, tokens

    def __call__(self, request: Request) -> str | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            return self.tokens.user(token.strip())
        return self.sessions.user(request)


def _unauthenticated() -> Response:
    return JSONResponse(
        {"error": "sign in first, or bring a live access token"},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="casebook"'},
    )


def _renamed(rename: Rename, backend: Backend, who: _Who) -> Route:
    async def forward(request: Request) -> Response:
        user = None if rename.public else who(request)
        if user is None and not rename.public:
            return _unauthenticated()
        body = await request.body()
        answer = await backend.send(
            user,
            rename.api_method,
            rename.api_target(dict(request.path_params)),
            params=list(request.query_params.multi_items()),
            content=body or None,
            content_type=request.headers.get("content-type") if body else None,
        )
        return passed_on(answer)

    return Route(rename.path, forward, methods=[rename.method])


def _shaped(method: str, path: str, handler: Handler, backend: Backend, who: _Who) -> Route:
    async def answer(request: Request) -> Response:
        user = who(request)
        return _unauthenticated() if user is None else await handler(backend, user, request)

    return Route(path, answer, methods=[method])


def openapi_document() -> dict[str, Any]:
    """The casebook's API as an OpenAPI document: its own operations, nothing of api-v1."""
    paths: dict[str, dict[str, Any]] = {}
    operations: list[tuple[str, str, tuple[tuple[str, bool], ...]]]
    operations = [(r.method, r.path, ()) for r in renames()]
    operations += [(method, path, query) for method, path, _, query in SHAPED]
    for method, path, query in operations:
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in path_parameters(path)
        ] + [
            {"name": name, "in": "query", "required": required, "schema": {"type": "string"}}
            for name, required in query
        ]
        operation_id = f"{method.lower()}{path.replace('/', '_').replace('{', '').replace('}', '')}"
        paths.setdefault(path, {})[method.lower()] = {
            "operationId": operation_id,
            "parameters": parameters,
            "responses": {"200": {"description": "done"}},
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Exampleshire casebook", "version": __version__},
        "paths": paths,
    }


def create_casebook(
    records_app: Any,
    tokens: dict[str, str],
    credentials: CasebookSecrets,
    session_lifetime: float = 900.0,
    token_lifetime: float = 300.0,
) -> Starlette:
    """The casebook in front of `records_app` (the api-v1 app, its users' `tokens` given)."""
    backend = Backend(records_app, tokens)
    sessions = Sessions(credentials, session_lifetime)
    endpoint = TokenEndpoint(credentials, token_lifetime)
    who = _Who(sessions, endpoint)
    document = openapi_document()

    async def openapi(request: Request) -> Response:
        return JSONResponse(document)

    routes = [
        Route(LOGIN_PATH, sessions.form, methods=["GET"]),
        Route(LOGIN_PATH, sessions.login, methods=["POST"]),
        Route(TOKEN_PATH, endpoint.token, methods=["POST"]),
        Route(OPENAPI_PATH, openapi, methods=["GET"]),
        *(_shaped(m, p, h, backend, who) for m, p, h, _ in SHAPED),
        *(_renamed(rename, backend, who) for rename in renames()),
    ]
    return Starlette(routes=routes)
