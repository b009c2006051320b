"""The auth layer's own requests (a login page, a login, a token endpoint). Each is one bounded
exchange (bounded.py: a deadline on the whole answer, a cap on its size), never redirected, and recorded as evidence like any other exchange, but
only once every secret they carry or bring back is known to the masking."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import requests

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.auth.secrets import RunSecrets
from firewall_conformance.targets.bounded import Bounds, CutOff, OverLimit, exchange

# (action, request as sent, answer or None, monotonic start, error or None)
Record = Callable[
    [str, requests.PreparedRequest, requests.Response | None, float, str | None], None
]


def unchanged(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """An auth handler that adds nothing: the requests that log an account in must not
    themselves go through its login."""
    return request


def send_again(
    refused: requests.Response, retry: requests.PreparedRequest, **send: Any
) -> requests.Response:
    """Send `retry` in place of a request the site refused (401) once fresh credentials are
    on it. Sent on the connection itself, so no response hook runs again: once, never a loop.
    The refusal's body is not read (it may never end); closing drops its connection."""
    refused.close()
    again = refused.connection.send(retry, **send)
    again.history.append(refused)
    again.request = retry
    return again


@dataclass(frozen=True)
class Wire:
    account: str
    base_url: str
    timeout: float
    secrets: RunSecrets
    record: Record

    def url(self, path_or_url: str) -> str:
        return path_or_url if "://" in path_or_url else self.base_url + path_or_url

    def send(
        self,
        session: requests.Session,
        action: str,
        request: requests.Request,
        harvest: Callable[[requests.Response], Iterable[object]] = lambda response: (),
    ) -> requests.Response:
        """Send `request` on the account's session; `harvest` names the secrets in the answer."""
        request.auth = unchanged
        prepared = session.prepare_request(request)
        started = time.monotonic()
        try:
            response = exchange(
                session, prepared, Bounds.of(self.timeout), read_timeout=self.timeout
            )
        except OverLimit as exc:
            self.record(action, prepared, None, started, str(exc))
            raise Inconclusive(
                f"The system's answer when the {self.account} account tried to {action} {exc}."
            ) from exc
        except (requests.RequestException, CutOff) as exc:
            self.record(action, prepared, None, started, "no answer")
            raise Inconclusive(
                f"The system could not be reached when the {self.account} account tried to "
                f"{action}."
            ) from exc
        self.secrets.obtained(*harvest(response), *response.cookies.values())
        self.record(action, prepared, response, started, None)
        return response
