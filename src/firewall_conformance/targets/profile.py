"""Target profiles: the YAML that maps the harness's capabilities onto one system's API."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from firewall_conformance.documents import InvalidDocument, load_yaml


@dataclass(frozen=True)
class Recipient:
    recipient_class: str
    id: str
    purpose: str
    legal_basis: str


@dataclass(frozen=True)
class TargetProfile:
    source: str
    name: str
    base_url: str
    health: str | None
    timeout_seconds: float
    retries: int
    ca_bundle: str | None
    accounts: dict[str, str]
    recipients: dict[str, Recipient]
    capabilities: dict[str, dict[str, Any]] = field(repr=False)

    def with_base_url(self, base_url: str) -> TargetProfile:
        """The same profile pointed elsewhere (the embedded reference runs on a free port)."""
        return replace(self, base_url=base_url)

    def identity(self) -> dict[str, str]:
        """What may be said about the target in evidence: never credentials."""
        return {"name": self.name, "base_url": self.base_url, "profile": self.source}

    def tokens(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """Resolve every declared account's token; a missing variable is a clear error."""
        environ = os.environ if environ is None else environ
        missing = [
            f"{acct} (set {var})" for acct, var in self.accounts.items() if not environ.get(var)
        ]
        if missing:
            raise InvalidDocument(
                self.source, [f"no credential in the environment for account {m}" for m in missing]
            )
        return {acct: environ[var] for acct, var in self.accounts.items()}


def load_profile(path: Path) -> TargetProfile:
    """Load and validate a target profile."""
    document = load_yaml(path, "profile")
    target = document["target"]
    return TargetProfile(
        source=str(path),
        name=target["name"],
        base_url=target["base_url"].rstrip("/"),
        health=target.get("health"),
        timeout_seconds=float(target.get("timeout_seconds", 10)),
        retries=int(target.get("retries", 2)),
        ca_bundle=target.get("ca_bundle"),
        accounts={name: spec["token_env"] for name, spec in document["accounts"].items()},
        recipients={
            cls: Recipient(cls, spec["id"], spec["purpose"], spec["legal_basis"])
            for cls, spec in document["recipients"].items()
        },
        capabilities=document["capabilities"],
    )
