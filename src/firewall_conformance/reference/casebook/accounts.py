"""Who may use the casebook and how each proves it: people (the officers) log in with a
password, the auditor is a machine client with an OAuth 2.0 client secret. Every secret is made
fresh for each server, as the api-v1 tokens are, and each identity is the api-v1 user of the
same name behind the surface."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from ..users import AUDITOR, USERS

# The machine client the auditor account is, and the api-v1 user it acts as.
AUDIT_CLIENT_ID = "casebook-audit-client"
PEOPLE = tuple(user for user, role in USERS.items() if role != AUDITOR)
MACHINES = {AUDIT_CLIENT_ID: next(user for user, role in USERS.items() if role == AUDITOR)}


def _variable(kind: str, user: str) -> str:
    return f"FWC_CASEBOOK_{kind}_{user.upper().replace('-', '_')}"


@dataclass(frozen=True)
class CasebookSecrets:
    """The passwords of the people and the client secrets of the machine clients."""

    passwords: dict[str, str] = field(
        default_factory=lambda: {user: secrets.token_urlsafe(18) for user in PEOPLE}
    )
    client_secrets: dict[str, str] = field(
        default_factory=lambda: {client: secrets.token_urlsafe(24) for client in MACHINES}
    )

    def person(self, username: str, password: str) -> str | None:
        """The user a username and password log in as, or None."""
        expected = self.passwords.get(username)
        if expected is None or not secrets.compare_digest(expected, password):
            return None
        return username

    def machine(self, client_id: str, client_secret: str) -> str | None:
        """The api-v1 user a machine client acts as, or None for wrong credentials."""
        expected = self.client_secrets.get(client_id)
        if expected is None or not secrets.compare_digest(expected, client_secret):
            return None
        return MACHINES[client_id]

    def environment(self) -> dict[str, str]:
        """Every secret under the environment variable the casebook profile reads it from."""
        return {
            **{_variable("PASSWORD", user): pw for user, pw in self.passwords.items()},
            **{
                _variable("CLIENT_SECRET", MACHINES[client]): secret
                for client, secret in self.client_secrets.items()
            },
        }
