"""One HTTP client for the reference system's self-tests: a user's bearer token on every
request, over the server's real socket, with a bounded time-out."""

from __future__ import annotations

from typing import Any

import requests

from firewall_conformance.reference.server import ReferenceServer

TIMEOUT = 10


class RmsClient:
    """Acts as one of the server's users. `prefix` is put before every path, so tests that
    speak of `/cases` and tests that speak of `/api/v1/cases` share the one client."""

    def __init__(self, server: ReferenceServer, prefix: str = "") -> None:
        self.server = server
        self.prefix = prefix
        self.session = requests.Session()

    def call(
        self, method: str, path: str, user: str = "officer", **kwargs: Any
    ) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.server.tokens[user]}"}
        return self.session.request(
            method,
            self.server.base_url + self.prefix + path,
            headers=headers,
            timeout=TIMEOUT,
            **kwargs,
        )
