"""Who may use the workbench, and that every form was sent from its own pages.

Anyone on the machine can reach a port on 127.0.0.1, and any web page the inspector opens can
make their browser send a request there. So, as notebook servers do, a random access token is
printed at start; opening the printed address once sets a cookie derived from it, and every
request without that cookie is refused. Every form carries a token signed with the
workbench's secret over the browser's session cookie (a signed double submit), so another
site cannot post a form in the inspector's name even if the browser sent the cookies along.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

ACCESS_COOKIE = "fwc_workbench_access"
SESSION_COOKIE = "fwc_workbench_session"
FORM_FIELD = "form_token"
TOKEN_PARAMETER = "token"
# A form token outlives a working day, not more.
FORM_TOKEN_SECONDS = 12 * 3600


class Access:
    """The access check and the form tokens of one workbench."""

    def __init__(self, token: str, secret: bytes) -> None:
        self._token = token
        self._cookie = hmac.new(secret, b"access:" + token.encode(), hashlib.sha256).hexdigest()
        self._forms = URLSafeTimedSerializer(secret, salt="workbench-form")

    def token_matches(self, given: str | None) -> bool:
        """Whether `given` is the printed access token (compared in constant time)."""
        return given is not None and hmac.compare_digest(given.encode(), self._token.encode())

    @property
    def cookie_value(self) -> str:
        """What the access cookie holds: derived from the token, so the token itself is never
        stored in the browser."""
        return self._cookie

    def admits(self, cookie: str | None) -> bool:
        return cookie is not None and hmac.compare_digest(cookie.encode(), self._cookie.encode())

    @staticmethod
    def new_session() -> str:
        return secrets.token_urlsafe(18)

    def form_token(self, session: str) -> str:
        """The token every form of this browser session carries."""
        return self._forms.dumps(session)

    def form_token_valid(self, given: object, session: str | None) -> bool:
        """Whether a form's token was issued by this workbench for this browser session and
        is not older than a working day."""
        if not isinstance(given, str) or not session:
            return False
        try:
            signed = self._forms.loads(given, max_age=FORM_TOKEN_SECONDS)
        except BadSignature:
            return False
        return isinstance(signed, str) and hmac.compare_digest(signed.encode(), session.encode())
