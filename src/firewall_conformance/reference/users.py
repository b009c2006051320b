"""Users, roles and bearer-token authentication.

Only a SHA-256 digest of each token is stored, as a real system would store it. The
``immigration-enforcement`` role is an immigration officer embedded in the force: an
ordinary, authenticated user whom the firewall must still keep away from victims and
witnesses.
"""

import hashlib
import sqlite3
from dataclasses import dataclass

OFFICER = "officer"
ANALYST = "analyst"
AUDITOR = "auditor"
IMMIGRATION_ENFORCEMENT = "immigration-enforcement"

USERS: dict[str, str] = {
    "officer": OFFICER,
    "analyst": ANALYST,
    "auditor": AUDITOR,
    "ie-officer": IMMIGRATION_ENFORCEMENT,
}


@dataclass(frozen=True)
class User:
    """An authenticated user."""

    username: str
    role: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def register_tokens(conn: sqlite3.Connection, tokens: dict[str, str]) -> None:
    """Store every user in ``USERS``; only users given a token in ``tokens`` can log in."""
    unknown = sorted(tokens.keys() - USERS.keys())
    if unknown:
        raise ValueError(f"tokens given for unknown user(s): {', '.join(unknown)}")
    if not all(tokens.values()) or len(set(tokens.values())) != len(tokens):
        raise ValueError("each user needs a different, non-empty token")
    conn.execute("UPDATE users SET token_sha256 = NULL")
    for username, role in USERS.items():
        token = tokens.get(username)
        conn.execute(
            "INSERT INTO users (username, role, token_sha256) VALUES (?, ?, ?)"
            " ON CONFLICT (username) DO UPDATE"
            " SET role = excluded.role, token_sha256 = excluded.token_sha256",
            (username, role, None if token is None else _digest(token)),
        )


def token_holders(tokens: dict[str, str]) -> dict[str, User]:
    """The users `register_tokens` lets log in, by their token's digest: an app's tokens are
    fixed when it is built, so it can look them up without the database."""
    return {_digest(token): User(username, USERS[username]) for username, token in tokens.items()}


def holder(holders: dict[str, User], token: str) -> User | None:
    """The user holding ``token`` among `token_holders`, or None if no user does."""
    return holders.get(_digest(token))


def authenticate(conn: sqlite3.Connection, token: str) -> User | None:
    """The user holding ``token``, or None if no user does."""
    row = conn.execute(
        "SELECT username, role FROM users WHERE token_sha256 = ?", (_digest(token),)
    ).fetchone()
    return None if row is None else User(row["username"], row["role"])
