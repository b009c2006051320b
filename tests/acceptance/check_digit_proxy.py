"""A system whose person numbers end in a check character, on a real socket: the reference
issues numbers that pass the Luhn check over hexadecimal (mod 16), and a proxy in front of it
answers the opening of a number that fails the check as malformed, in the same status as "not
found" but in other words, before the reference ever sees it. It withholds nothing and tells
nothing, so FW-03 must not be judged BREACH through it."""

from __future__ import annotations

import json
import re
import secrets
from urllib.parse import urlsplit

from firewall_conformance.targets.decoy_ids import passes_luhn, with_luhn_check
from tests.acceptance.faultproxy import Answer, FaultProxy

_PERSON = re.compile(r"/api/v1/persons/P-([0-9a-f]{16})")
MALFORMED = json.dumps({"detail": "malformed person number: its check character is wrong"})


class CheckedIds:
    """Stands for the `secrets` module in the reference's id maker (reference/db.py): every
    id it makes passes the check, and begins with a letter, which the harness keeps as a
    prefix when it makes numbers of the same form (the harder case)."""

    def token_hex(self, nbytes: int) -> str:
        return with_luhn_check("a" + secrets.token_hex(nbytes)[1:])

    def __getattr__(self, name: str) -> object:
        return getattr(secrets, name)


class CheckDigitProxy(FaultProxy):
    """Forwards everything but the opening of a person number that fails the check."""

    def _upstream(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        asked = _PERSON.fullmatch(urlsplit(path).path)
        if method == "GET" and asked and not passes_luhn(asked.group(1)):
            return 404, "Not Found", [("Content-Type", "application/json")], MALFORMED.encode()
        return super()._upstream(method, path, headers, body)
