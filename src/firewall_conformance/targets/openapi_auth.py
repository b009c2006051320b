"""How `init` writes each account's login from the OpenAPI document's security schemes.

The document says how the system is entered (a bearer token, an API key, HTTP Basic, an OAuth
2.0 token endpoint), never with what: every secret is written as an environment variable name
marked TODO, and every name only the force knows (a user name, a client id) as TODO text, so
`check` refuses the profile until each is settled. A scheme the harness cannot use as it stands
(OpenID Connect, an authorisation-code flow, a key in a cookie), or a document that does not say
which of several applies, gives a login form to fill in.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN_URL = re.compile(r"^(/|https?://[^/\s]+(/.*)?$)")


def _env(kind: str, account: str) -> dict[str, str]:
    return {"env": f"TODO_FWC_{kind}_{account.upper()}"}


def _scheme(document: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The scheme the document applies to its operations, when it says which one."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    schemes = {name: s for name, s in schemes.items() if isinstance(s, dict)}
    required = [
        name
        for requirement in document.get("security") or []
        if isinstance(requirement, dict)
        for name in requirement
        if name in schemes
    ]
    if required:
        return required[0], schemes[required[0]]
    if len(schemes) == 1:
        return next(iter(schemes.items()))
    return None


def _oauth2(scheme: dict[str, Any], account: str) -> dict[str, Any] | None:
    flows = scheme.get("flows") or {}
    for flow, grant in (("clientCredentials", "client_credentials"), ("password", "password")):
        if isinstance(flows.get(flow), dict):
            url = str(flows[flow].get("tokenUrl", ""))
            declared: dict[str, Any] = {
                "grant": grant,
                "token_endpoint": url if _TOKEN_URL.match(url) else "/TODO-the-token-endpoint",
                "client_id": f"TODO: the {account} account's client id",
            }
            if grant == "password":
                declared["username"] = f"TODO: the {account} account's user name"
                declared["password"] = _env("PASSWORD", account)
            else:
                declared["client_secret"] = _env("CLIENT_SECRET", account)
            return {"oauth2": declared}
    return None


def _login(account: str) -> dict[str, Any]:
    return {
        "login": {
            "path": "/TODO-the-login-path",
            "username": f"TODO: the {account} account's user name",
            "password": _env("PASSWORD", account),
        }
    }


def account_entry(document: dict[str, Any], account: str) -> dict[str, Any]:
    """The account's entry under `accounts`, as far as the document tells."""
    found = _scheme(document)
    scheme = found[1] if found else {}
    kind, where = scheme.get("type"), scheme.get("in")
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return {"token_env": f"TODO_FWC_TOKEN_{account.upper()}"}
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        username = f"TODO: the {account} account's user name"
        return {"auth": {"basic": {"username": username, "password": _env("PASSWORD", account)}}}
    if kind == "apiKey" and where in ("header", "query") and scheme.get("name"):
        key = {where: str(scheme["name"]), "key": _env("API_KEY", account)}
        return {"auth": {"api_key": key}}
    if kind == "oauth2":
        declared = _oauth2(scheme, account)
        if declared is not None:
            return {"auth": declared}
    return {"auth": _login(account)}


def scheme_note(document: dict[str, Any]) -> str:
    """What the document says of its security scheme, for the comment above `accounts`."""
    found = _scheme(document)
    if found is None:
        return "the document names no one security scheme for its operations: a login form"
    name, scheme = found
    kind = scheme.get("scheme") or scheme.get("in") or ", ".join(scheme.get("flows") or [])
    return f"the document's security scheme {name} ({scheme.get('type')}, {kind})"
