"""The api-v1 application behind the casebook, called in-process as one of its users: the
casebook holds no records of its own and decides nothing the records system decides."""

from __future__ import annotations

from typing import Any

import httpx

# The api-v1 app is reached through no socket; this host name only completes the URLs.
_INSIDE = "http://records.internal"


class Backend:
    """Sends requests to the api-v1 app with the bearer token of the user they are made for."""

    def __init__(self, app: Any, tokens: dict[str, str]) -> None:
        self._tokens = dict(tokens)
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=_INSIDE, timeout=None
        )

    async def send(
        self,
        user: str | None,
        method: str,
        path: str,
        params: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> httpx.Response:
        """One api-v1 request as `user` (None: as nobody, for its public health check)."""
        headers = {"Accept": "application/json"}
        if user is not None:
            headers["Authorization"] = f"Bearer {self._tokens[user]}"
        if content_type:
            headers["Content-Type"] = content_type
        return await self._client.request(
            method, path, params=params, content=content, headers=headers
        )
