"""OAuth 2.0 against the target's token endpoint, client-credentials or resource-owner password
grant, through Authlib. A token is fetched on first use and renewed shortly before it expires:
with the refresh token when the endpoint gave one (and afresh if that is refused), otherwise
by fetching again. A token the site stops accepting before then (revoked, or the site
restarted) is fetched afresh once, as a login form logs in again once on 401; refused again,
the request's 401 stands, and the adapter says the credentials were not accepted. Every token
endpoint answer is recorded as evidence with its tokens masked."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from requests.auth import AuthBase

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.auth.wire import Wire, send_again
from firewall_conformance.targets.bounded import BoundedSending, Bounds, CutOff, OverLimit

DEFAULT_REFRESH_BEFORE_SECONDS = 30
_TOKEN_FIELDS = ("access_token", "refresh_token", "id_token")
_ERROR_CODE = re.compile(r"[a-z_]{1,40}")


class _TokenSession(BoundedSending, OAuth2Session):
    """Authlib's client, each token request read whole within the profile's bounds: a token
    endpoint trickling its answer or sending one without end must not hang the run."""

    def __init__(self, bounds: Bounds, read_timeout: float, **settings: Any) -> None:
        self.bounds, self.read_timeout = bounds, read_timeout
        super().__init__(**settings)


class OAuth2Bearer(AuthBase):
    """requests auth handler putting the account's current access token on every request."""

    def __init__(self, session: requests.Session, wire: Wire, settings: Mapping[str, Any]) -> None:
        self._wire = wire
        self._settings = settings
        self._endpoint = wire.url(settings["token_endpoint"])
        secret = settings.get("client_secret")
        self._client = _TokenSession(
            Bounds.of(wire.timeout),
            wire.timeout,
            client_id=settings["client_id"],
            client_secret=secret,
            token_endpoint_auth_method="client_secret_basic" if secret else "none",
            scope=settings.get("scope"),
            leeway=settings.get("refresh_before_seconds", DEFAULT_REFRESH_BEFORE_SECONDS),
            trust_env=False,
            verify=session.verify,
            cert=session.cert,
        )
        # The token requests name the same client as the account's others (profile
        # `user_agent`): a system could otherwise tell the harness's logins apart.
        self._client.headers["User-Agent"] = session.headers["User-Agent"]
        self._client.register_compliance_hook("access_token_response", self._answer("obtain"))
        self._client.register_compliance_hook("refresh_token_response", self._answer("refresh"))

    @property
    def token_session(self) -> requests.Session:
        """The session the tokens are fetched on (sessions.close_session closes it)."""
        return self._client

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._access_token()}"
        request.register_hook("response", self._once_more_on_401)
        return request

    def _once_more_on_401(self, response: requests.Response, **send: Any) -> requests.Response:
        if response.status_code != 401:
            return response
        self._client.token = None  # not the refresh token: a revoked token's may be too
        retry = response.request.copy()
        retry.headers["Authorization"] = f"Bearer {self._access_token()}"
        return send_again(response, retry, **send)

    def _answer(self, verb: str) -> Callable[[requests.Response], requests.Response]:
        def seen(response: requests.Response) -> requests.Response:
            try:
                body = response.json()
            except ValueError:
                body = None
            if isinstance(body, dict):
                self._wire.secrets.obtained(*(body.get(name) for name in _TOKEN_FIELDS))
            self._wire.record(
                f"{verb} an OAuth 2.0 token for the {self._wire.account} account",
                response.request,
                response,
                time.monotonic() - response.elapsed.total_seconds(),
                None,
            )
            return response

        return seen

    def _access_token(self) -> str:
        client = self._client
        token = client.token
        try:
            if not token or token.is_expired(leeway=client.leeway):
                if token and token.get("refresh_token"):
                    try:
                        client.refresh_token(self._endpoint, allow_redirects=False)
                    except OAuthError:
                        self._fetch()  # the refresh token was refused: ask afresh, once
                else:
                    self._fetch()
        except (OAuthError, ValueError, requests.RequestException, OverLimit, CutOff) as exc:
            raise Inconclusive(
                f"The token endpoint did not give the {self._wire.account} account a token "
                f"({_reason(exc)})."
            ) from exc
        access = client.token.get("access_token") if client.token else None
        if not isinstance(access, str) or not access:
            raise Inconclusive(
                f"The token endpoint's answer for the {self._wire.account} account held no "
                "access token."
            )
        return access

    def _fetch(self) -> None:
        settings = self._settings
        grant = {"grant_type": settings["grant"]}
        if settings["grant"] == "password":
            grant |= {"username": settings["username"], "password": settings["password"]}
        self._client.fetch_token(self._endpoint, allow_redirects=False, **grant)


def _reason(exc: Exception) -> str:
    """Why a token was not given, in words that cannot carry a secret back."""
    if isinstance(exc, OAuthError):
        code = str(exc.error or "")
        return f"it answered {code}" if _ERROR_CODE.fullmatch(code) else "it refused"
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"it answered {exc.response.status_code}"
    if isinstance(exc, requests.RequestException | CutOff):
        return "it could not be reached"
    if isinstance(exc, OverLimit):
        return f"its answer {exc}"
    return "its answer was not a token"
