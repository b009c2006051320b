"""Logging people in the way a web application does: the login page sets a pre-session cookie
and carries a CSRF token in a hidden field; the form posted back must carry that token with the
same cookie, and a right username and password then get a session cookie that lasts a set time.
A request with no live session is answered 401."""

from __future__ import annotations

import html
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from .accounts import CasebookSecrets

SESSION_COOKIE = "cb_session"
PRE_SESSION_COOKIE = "cb_login"
CSRF_FIELD = "csrf_token"
MAX_FORM_BYTES = 4096
_FORM = """<!doctype html>
<html><head><title>Casebook: sign in</title></head><body>
<form method="post" action="/cb/login">
<input type="hidden" name="{field}" value="{token}">
<label>User <input name="username"></label>
<label>Password <input name="password" type="password"></label>
<button>Sign in</button>
</form></body></html>
"""


@dataclass
class Sessions:
    """The live sessions and pending login forms of one server; `lifetime` in seconds."""

    credentials: CasebookSecrets
    lifetime: float
    _sessions: dict[str, tuple[str, float]] = field(default_factory=dict)
    _forms: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def user(self, request: Request) -> str | None:
        """The user of the request's session cookie, while the session lasts."""
        cookie = request.cookies.get(SESSION_COOKIE)
        with self._lock:
            held = self._sessions.get(cookie or "")
            if held is None:
                return None
            if time.monotonic() >= held[1]:
                del self._sessions[cookie or ""]
                return None
        return held[0]

    async def form(self, request: Request) -> Response:
        """GET /cb/login: the sign-in page, its CSRF token bound to a pre-session cookie."""
        pre, token = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
        with self._lock:
            self._forms[pre] = token
        page = HTMLResponse(_FORM.format(field=CSRF_FIELD, token=html.escape(token)))
        page.set_cookie(PRE_SESSION_COOKIE, pre, httponly=True, secure=True, samesite="strict")
        return page

    async def login(self, request: Request) -> Response:
        """POST /cb/login: a form-encoded username, password and CSRF token."""
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            return JSONResponse({"error": "the login form is too large"}, status_code=413)
        fields = dict(parse_qsl(body.decode("utf-8", "replace")))
        with self._lock:
            expected = self._forms.pop(request.cookies.get(PRE_SESSION_COOKIE) or "", None)
        if expected is None or not secrets.compare_digest(expected, fields.get(CSRF_FIELD, "")):
            return JSONResponse({"error": "the login form's CSRF token is wrong"}, status_code=403)
        user = self.credentials.person(fields.get("username", ""), fields.get("password", ""))
        if user is None:
            return JSONResponse({"error": "unknown user name or wrong password"}, status_code=401)
        session = secrets.token_urlsafe(24)
        with self._lock:
            self._sessions[session] = (user, time.monotonic() + self.lifetime)
        answer = JSONResponse({"signed_in": user})
        answer.delete_cookie(PRE_SESSION_COOKIE)
        answer.set_cookie(SESSION_COOKIE, session, httponly=True, secure=True, samesite="strict")
        return answer
