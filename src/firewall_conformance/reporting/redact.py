"""Masking credentials before anything is written as evidence."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

MASK = "***"
# Shorter values would match ordinary text; real tokens are far longer.
MIN_SECRET_LENGTH = 8
# A run holds one set of secrets (its accounts' credentials) and masks every answer it
# receives with it: the forms are worked out once per set, not once per answer.
SECRET_SETS_REMEMBERED = 16
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


def _base64_cores(raw: bytes) -> set[str]:
    """What base64 of any text holding `raw` is sure to contain, at each of the three byte
    alignments `raw` can start at: so "user:secret" as HTTP Basic sends it is caught whatever
    the user, and padding or its absence does not matter."""
    cores = set()
    for offset in range(3):
        encoded = base64.b64encode(bytes(offset) + raw).decode()
        # Characters mixing in the filler before, or the unknown bytes after, are left out.
        core = encoded[(8 * offset + 5) // 6 : (8 * (offset + len(raw))) // 6]
        cores |= {core, core.replace("+", "-").replace("/", "_")}
    return cores


def forms(secret: str) -> set[str]:
    """Every form a secret may travel in: plain, URL-encoded, base64 (standard or URL-safe,
    padded or not, alone or inside HTTP Basic), JSON- and HTML-escaped; too-short ones dropped."""
    found = {
        secret,
        quote(secret),
        quote(secret, safe=""),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        html.escape(secret),
        html.escape(secret, quote=False),
        *_base64_cores(secret.encode()),
    }
    return {f for f in found if len(f) >= MIN_SECRET_LENGTH}


def known_forms(secrets: Iterable[str]) -> list[str]:
    """The forms of every secret, longest first so a longer form is masked whole."""
    return list(_known_forms(tuple(secrets)))


@lru_cache(maxsize=SECRET_SETS_REMEMBERED)
def _known_forms(secrets: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({f for s in secrets if s for f in forms(s)}, key=len, reverse=True))


def text(value: str, secrets: Iterable[str] = ()) -> str:
    """Mask known secret values, in every form, and anything shaped like an Authorization
    credential."""
    for form in _known_forms(tuple(secrets)):
        value = value.replace(form, MASK)
    return _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", value)


CREDENTIAL_PARAMETERS = frozenset(
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
            (k, MASK if k.lower() in CREDENTIAL_PARAMETERS else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ],
        safe="*",
    )
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def identity(target: Mapping[str, str]) -> dict[str, str]:
    """A target's identity as evidence may state it: its URL with credentials masked."""
    return {k: (url(v) if k == "base_url" else v) for k, v in target.items()}
