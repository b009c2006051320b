"""A secret in every form it may travel or be echoed in: what the masking pass must recognise.
Written out here, apart from redact.forms, so the tests do not check the code against itself."""

from __future__ import annotations

import base64
import html
import json
from urllib.parse import quote, quote_plus


def encodings(secret: str) -> dict[str, str]:
    raw = secret.encode()
    basic = f"investigator:{secret}".encode()
    return {
        "plain": secret,
        "quote": quote(secret),
        "quote, nothing safe": quote(secret, safe=""),
        "quote_plus": quote_plus(secret),
        "base64": base64.b64encode(raw).decode(),
        "base64 unpadded": base64.b64encode(raw).decode().rstrip("="),
        "urlsafe base64": base64.urlsafe_b64encode(raw).decode(),
        "urlsafe base64 unpadded": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "HTTP Basic": base64.b64encode(basic).decode(),
        "HTTP Basic, urlsafe": base64.urlsafe_b64encode(basic).decode(),
        "JSON": json.dumps(secret)[1:-1],
        "HTML": html.escape(secret),
    }
