"""The methods that need no conversation with the target: a fixed header or query parameter."""

from __future__ import annotations

import requests
from requests.auth import AuthBase


class HeaderAuth(AuthBase):
    """A bearer token (`Authorization: Bearer …`) or an API key in a named header."""

    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[self.name] = self.value
        return request


class QueryKeyAuth(AuthBase):
    """An API key in a named query parameter of every request."""

    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.prepare_url(request.url or "", {self.name: self.value})
        return request
