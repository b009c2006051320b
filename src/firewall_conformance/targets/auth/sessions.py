"""One `requests.Session` per account, ready to send: its own cookie jar, its login method as
the session's auth handler, its client certificate, the profile's CA bundle, and no proxy or
netrc settings taken from the environment."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth

from firewall_conformance.targets.auth.declared import Credentials
from firewall_conformance.targets.auth.login import FormLogin
from firewall_conformance.targets.auth.oauth import OAuth2Bearer
from firewall_conformance.targets.auth.secrets import RunSecrets
from firewall_conformance.targets.auth.simple import HeaderAuth, QueryKeyAuth
from firewall_conformance.targets.auth.wire import Record, Wire
from firewall_conformance.targets.client_identity import first_client
from firewall_conformance.targets.profile import TargetProfile


def anonymous_session(profile: TargetProfile) -> requests.Session:
    """A session for requests sent as no account (the health check), with the profile's own
    client certificate if it names one."""
    session = requests.Session()
    session.verify = profile.ca_bundle or True
    if profile.client_certificate is not None:
        session.cert = tuple(str(part) for part in profile.client_certificate)  # type: ignore[assignment]
    session.trust_env = False
    # Logins and token requests too name the client every request does (client_identity.py).
    session.headers["User-Agent"] = profile.user_agent or first_client().user_agent
    return session


def account_session(
    profile: TargetProfile,
    account: str,
    credentials: Credentials,
    secrets: RunSecrets,
    record: Record,
) -> requests.Session:
    """The account's session; a login or token fetch happens on its first request."""
    session = anonymous_session(profile)
    session.cert = None
    if credentials.client_certificate is not None:
        certificate, key = credentials.client_certificate
        session.cert = (str(certificate), str(key))
    session.hooks["response"].append(
        lambda response, **send: secrets.obtained(*response.cookies.values())
    )
    wire = Wire(account, profile.base_url, profile.timeout_seconds, secrets, record)
    session.auth = _handler(session, wire, credentials)
    return session


def close_session(session: requests.Session) -> None:
    """Close every connection the session holds, and those of the session its sign-in fetches
    tokens on. `Session.close` alone does not: urllib3 2 drops its connection pools without
    closing them, and an answer kept as evidence keeps its pool, so its idle connection, open."""
    sessions = [session]
    if isinstance(session.auth, OAuth2Bearer):
        sessions.append(session.auth.token_session)
    for each in sessions:
        for adapter in each.adapters.values():
            if isinstance(adapter, HTTPAdapter):
                pools = adapter.poolmanager.pools
                for key in pools.keys():  # noqa: SIM118 (the container cannot be iterated)
                    pools[key].close()
        each.close()


def _handler(session: requests.Session, wire: Wire, credentials: Credentials) -> AuthBase | None:
    settings: Any = credentials.settings
    match credentials.method:
        case "bearer":
            return HeaderAuth("Authorization", f"Bearer {settings['token']}")
        case "api_key" if "header" in settings:
            return HeaderAuth(settings["header"], settings["key"])
        case "api_key":
            return QueryKeyAuth(settings["query"], settings["key"])
        case "basic":
            return HTTPBasicAuth(settings["username"], settings["password"])
        case "login":
            return FormLogin(session, wire, settings)
        case "oauth2":
            return OAuth2Bearer(session, wire, settings)
    return None  # a client certificate alone
