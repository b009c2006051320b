"""How the harness's requests present themselves to the system (data/client_identities.yaml).

A system built to behave only while it is tested would look for what sets the harness's
requests apart from an officer's: the HTTP library's own User-Agent, an unusual header or
header order, a look-up reason naming the harness. So every request sends the headers an
ordinary client sends, in its order, and the reads FW-03 turns on are asked a second time as
another client (steps/access.py), so an answer kept for the first client alone is seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from firewall_conformance.inputs.documents import load_yaml

V = TypeVar("V")


@dataclass(frozen=True)
class ClientIdentity:
    """The headers one client sends, in order, and the look-up reason it gives where the
    profile gives none ("" keeps the harness's own)."""

    name: str
    headers: tuple[tuple[str, str], ...]
    look_up_reason: str = ""

    @property
    def user_agent(self) -> str:
        return dict(self.headers)["User-Agent"]

    def with_user_agent(self, user_agent: str | None) -> ClientIdentity:
        """This identity with `user_agent` (a profile's) in place of its own, if given."""
        if not user_agent:
            return self
        swapped = tuple((k, user_agent if k == "User-Agent" else v) for k, v in self.headers)
        return ClientIdentity(self.name, swapped, self.look_up_reason)

    def ordered(self, sent: Mapping[str, V]) -> dict[str, V]:
        """`sent` (a prepared request's headers) in this identity's order, those it does not
        name (the account's credentials, a body's type) after them."""
        own = [k for k, _ in self.headers]
        by_name = {k.lower(): k for k in sent}
        first = [by_name[k.lower()] for k in own if k.lower() in by_name]
        return {k: sent[k] for k in [*first, *(k for k in sent if k not in first)]}


def _path() -> Path:
    return Path(
        str(resources.files("firewall_conformance.data").joinpath("client_identities.yaml"))
    )


@cache
def client_identities() -> tuple[ClientIdentity, ...]:
    """Every identity declared: the first is every request's, the second the repeat's."""
    document = load_yaml(_path(), "client_identities")
    return tuple(
        ClientIdentity(
            i["name"], tuple((k, v) for k, v in i["headers"]), i.get("look_up_reason", "")
        )
        for i in document["identities"]
    )


def first_client() -> ClientIdentity:
    return client_identities()[0]


def another_client() -> ClientIdentity:
    return client_identities()[1]
