"""Masking credentials before anything is written as evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)
# Header names that sites give their CSRF tokens, API keys and session ids.
_SENSITIVE_HEADER_NAME = re.compile(r"(?i)csrf|xsrf|api[-_]?key|token|secret|session|auth")
_BEARER = re.compile(r"(?i)\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{6,}")


def headers(raw: Mapping[str, str], secrets: Iterable[str] = ()) -> dict[str, str]:
    """A copy of HTTP headers with credential-bearing ones masked: by name, and any header
    holding a known secret (an API key in a header of the site's own naming)."""
    secrets = [s for s in secrets if s]
    return {
        k: (
            MASK
            if k.lower() in SENSITIVE_HEADERS
            or _SENSITIVE_HEADER_NAME.search(k)
            or any(s in v for s in secrets)
            else v
        )
        for k, v in raw.items()
    }


def text(value: str, secrets: Iterable[str] = ()) -> str:
    """Mask known secret values and anything shaped like an Authorization credential."""
    for secret in secrets:
        if secret:
            value = value.replace(secret, MASK)
    return _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", value)


_CREDENTIAL_PARAMETERS = frozenset(
    {"token", "access_token", "api_key", "apikey", "key", "password", "secret", "sig", "signature"}
)


def url(value: str) -> str:
    """A URL with user-info passwords and credential-like query values masked."""
    parts = urlsplit(value)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", f":{MASK}@", 1)
    query = urlencode(
        [
            (k, MASK if k.lower() in _CREDENTIAL_PARAMETERS else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ],
        safe="*",
    )
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def identity(target: Mapping[str, str]) -> dict[str, str]:
    """A target's identity as evidence may state it: its URL with credentials masked."""
    return {k: (url(v) if k == "base_url" else v) for k, v in target.items()}
