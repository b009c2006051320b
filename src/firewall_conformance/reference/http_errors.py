"""Two HTTP errors answered as the OpenAPI contract says; both found by fuzzing the reference
against its own contract (tests/reference/test_api_fuzz.py).

- A 405 names every method the path accepts (RFC 9110 §15.5.6). Starlette matches one route
  per method, so its own 405 listed only the first route's (`Allow: POST` on a path that also
  answers GET). The complete list is read from the contract itself.
- A body that is not even text (invalid UTF-8) is a 422 like any other unreadable body, not an
  undocumented 400.
"""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
_UNPARSABLE_BODY = "There was an error parsing the body"


def _documented_methods(app: FastAPI, path: str) -> set[str]:
    methods: set[str] = set()
    for template, item in app.openapi()["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods |= {m.upper() for m in item if m in _METHODS}
    return methods


async def _as_documented(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
        invalid = RequestValidationError(
            [{"type": "json_invalid", "loc": ("body",), "msg": "The body is not UTF-8 JSON"}]
        )
        return await request_validation_exception_handler(request, invalid)
    if exc.status_code == 405:
        methods = _documented_methods(request.app, request.url.path)
        if methods:
            exc.headers = {**(exc.headers or {}), "Allow": ", ".join(sorted(methods))}
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    """Answer every HTTP error as FastAPI does, except the two cases above."""
    app.add_exception_handler(HTTPException, _as_documented)
