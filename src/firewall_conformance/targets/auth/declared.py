"""An account's `auth:` declaration with its secrets loaded: from environment variables or
owner-only files the profile names, never from the profile itself. Every problem with every
account is found before the run starts and reported together, without echoing a value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.targets.credentials import (
    CredentialProblem,
    from_environment,
    from_file,
    require_private,
)
from firewall_conformance.targets.profile import TargetProfile

METHODS = ("bearer", "api_key", "basic", "login", "oauth2")
# Keys whose value is a secret ({env: …} or {file: …}); masked wherever the run writes.
SECRET_KEYS = frozenset({"token", "key", "password", "client_secret"})
# Keys that may be written in the profile, or read like a secret when a site keeps them private.
NAME_KEYS = frozenset({"username", "client_id"})


@dataclass(frozen=True)
class Credentials:
    """One account's way in: a method, its settings with secrets filled in, the secrets alone
    (for masking) and an optional client certificate and key (mutual TLS)."""

    method: str | None
    settings: Mapping[str, Any] = field(repr=False)
    secrets: tuple[str, ...] = field(repr=False)
    client_certificate: tuple[Path, Path] | None = None

    @classmethod
    def bearer(cls, token: str) -> Credentials:
        """The `token_env` / `token_file` shorthand (and a bare token given by a test)."""
        return cls("bearer", {"token": token}, (token,))


def resolve(profile: TargetProfile, environ: Mapping[str, str]) -> dict[str, Credentials]:
    """Every declared account's credentials; any problem is an InvalidDocument naming them all."""
    problems: list[str] = []
    credentials: dict[str, Credentials] = {}
    try:
        tokens = profile.tokens(environ)
    except InvalidDocument as exc:
        tokens, problems = {}, exc.problems
    for account, token in tokens.items():
        try:
            credentials[account] = Credentials.bearer(token)
        except CredentialProblem as exc:
            problems.append(str(exc))
    for account, declaration in profile.auth.items():
        try:
            credentials[account] = _load(account, declaration, environ)
        except CredentialProblem as exc:
            problems.append(str(exc))
    if problems:
        raise InvalidDocument(profile.source, problems)
    return credentials


def _load(account: str, declaration: Mapping[str, Any], environ: Mapping[str, str]) -> Credentials:
    method = next((m for m in METHODS if m in declaration), None)
    settings: dict[str, Any] = {}
    secrets: list[str] = []
    for key, value in (declaration[method] if method else {}).items():
        if key in SECRET_KEYS or (key in NAME_KEYS and isinstance(value, dict)):
            value = _secret(account, key.replace("_", " "), value, environ)
            if key in SECRET_KEYS:
                secrets.append(value)
        settings[key] = value
    certificate = declaration.get("client_certificate")
    pair = None
    if certificate is not None:
        key_path = Path(certificate["key"])
        try:
            require_private(account, key_path, "client key")
        except OSError as exc:
            raise CredentialProblem(
                f"the client key file for account {account} ({key_path}) cannot be read "
                f"({exc.strerror})"
            ) from exc
        pair = (Path(certificate["cert"]), key_path)
        if not pair[0].is_file():
            raise CredentialProblem(
                f"the client certificate file for account {account} ({pair[0]}) cannot be read"
            )
    return Credentials(method, settings, tuple(secrets), pair)


def _secret(account: str, what: str, where: Mapping[str, str], environ: Mapping[str, str]) -> str:
    if "env" in where:
        return from_environment(account, where["env"], environ, what)
    return from_file(account, Path(where["file"]), what)
