"""Logging in the way a person does: fetch the login page for its CSRF token if the site uses
one, post the user name and password, and keep the session cookie the site sets in the
account's own cookie jar. The session is renewed by logging in again when it is older than
the profile says it lasts, or once when the site answers 401, never more: a site that refuses a
fresh login is not asked again, so the scenario is INCONCLUSIVE rather than stuck."""

from __future__ import annotations

import time
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import requests
from requests.auth import AuthBase

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.auth.wire import Wire, send_again
from firewall_conformance.targets.templates import dig


class _InputValues(HTMLParser):
    """The value of every named <input> of an HTML page (hidden form fields among them)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.values.setdefault(attributes["name"] or "", attributes.get("value") or "")


def _csrf_token(response: requests.Response, source: Mapping[str, str]) -> str | None:
    if "cookie" in source:
        return response.cookies.get(source["cookie"])
    if "json" in source:
        try:
            value = dig(response.json(), source["json"])
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    page = _InputValues()
    page.feed(response.text)
    return page.values.get(source["form_field"])


class FormLogin(AuthBase):
    """requests auth handler for one account's session, which it logs in on first use."""

    def __init__(self, session: requests.Session, wire: Wire, settings: Mapping[str, Any]) -> None:
        self._session = session
        self._wire = wire
        self._settings = settings
        self._logged_in_at: float | None = None
        self._csrf: str | None = None

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        lasts = self._settings.get("expires_after_seconds")
        if self._logged_in_at is None or (
            lasts is not None and time.monotonic() - self._logged_in_at >= lasts
        ):
            self._login()
        self._carry_session(request)
        request.register_hook("response", self._once_more_on_401)
        return request

    def _carry_session(self, request: requests.PreparedRequest) -> None:
        """Put the current session cookie (and CSRF header) on a request prepared before it."""
        request.headers.pop("Cookie", None)
        request.prepare_cookies(self._session.cookies)
        header = self._settings.get("csrf", {}).get("send_as", {}).get("header")
        if header and self._csrf:
            request.headers[header] = self._csrf

    def _once_more_on_401(self, response: requests.Response, **send: Any) -> requests.Response:
        if response.status_code != 401:
            return response
        self._login()
        retry = response.request.copy()
        self._carry_session(retry)
        return send_again(response, retry, **send)

    def _login(self) -> None:
        settings, wire, account = self._settings, self._wire, self._wire.account
        self._session.cookies.clear()
        fields = {
            settings.get("username_field", "username"): settings["username"],
            settings.get("password_field", "password"): settings["password"],
        }
        headers = {"Accept": "application/json, text/html"}
        self._csrf = None
        csrf = settings.get("csrf")
        if csrf is not None:
            page = wire.send(
                self._session,
                "fetch the login page",
                requests.Request("GET", wire.url(csrf["path"]), headers=headers),
                harvest=lambda answer: [_csrf_token(answer, csrf["from"])],
            )
            self._csrf = _csrf_token(page, csrf["from"])
            if not self._csrf:
                raise Inconclusive(
                    f"The login page gave the {account} account no CSRF token where the "
                    "profile says it is."
                )
            if "field" in csrf["send_as"]:
                fields[csrf["send_as"]["field"]] = self._csrf
            else:
                headers[csrf["send_as"]["header"]] = self._csrf
        as_json = settings.get("format") == "json"
        answer = wire.send(
            self._session,
            "log in",
            requests.Request(
                "POST",
                wire.url(settings["path"]),
                headers=headers,
                json=fields if as_json else None,
                data=None if as_json else fields,
            ),
        )
        if answer.status_code >= 400:
            raise Inconclusive(
                f"The system refused the login of the {account} account ({answer.status_code})."
            )
        if not self._session.cookies:
            raise Inconclusive(
                f"The system set no session cookie when the {account} account logged in."
            )
        self._logged_in_at = time.monotonic()
