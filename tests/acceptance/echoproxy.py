"""A hostile target for the masking tests: a proxy in front of the reference that echoes each
request's bearer token back inside every JSON answer, in every form it may travel in
(tests/secret_encodings.py), so the reports must mask all of them (issue 19)."""

from __future__ import annotations

import json

from tests.acceptance.faultproxy import FaultProxy
from tests.secret_encodings import encodings


class EchoProxy(FaultProxy):
    """Forward to `upstream` and echo the caller's token back in each JSON object answer."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream)
        self.echoed = 0

    def _relayed(self, request_headers: dict[str, str], content: bytes) -> bytes:
        token = request_headers.get("Authorization", "").removeprefix("Bearer ")
        if not token:
            return content
        try:
            document = json.loads(content)
        except ValueError:
            return content
        if not isinstance(document, dict):
            return content
        self.echoed += 1
        return json.dumps({"echo": encodings(token), **document}).encode()
