"""Masking credentials before anything is written as evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MASK = "***"
SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)
_BEARER = re.compile(r"(?i)\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{6,}")


def headers(raw: Mapping[str, str]) -> dict[str, str]:
    """A copy of HTTP headers with credential-bearing ones masked."""
    return {k: (MASK if k.lower() in SENSITIVE_HEADERS else v) for k, v in raw.items()}


def text(value: str, secrets: Iterable[str] = ()) -> str:
    """Mask known secret values and anything shaped like an Authorization credential."""
    for secret in secrets:
        if secret:
            value = value.replace(secret, MASK)
    return _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", value)
