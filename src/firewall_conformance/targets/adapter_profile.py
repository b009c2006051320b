"""The profile of a target reached through a vendor's own adapter (a kind registered through
the entry point group, registry.py): what the harness itself needs of it, its name and its
address, and the adapter's own settings, which the adapter checks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.documents import validate
from firewall_conformance.targets.profile import without_credentials


@dataclass(frozen=True)
class AdapterProfile:
    kind: str
    name: str
    base_url: str  # where the adapter reaches the system; any scheme (amqp, soap, https...)
    source: str
    settings: dict[str, Any]

    def identity(self) -> dict[str, str]:
        """What may be said about the target in evidence: never credentials."""
        return {"name": self.name, "base_url": self.base_url, "profile": self.source}

    def pointed_at(self, base_url: str, where: str = "--base-url") -> AdapterProfile:
        """The same profile at an address given elsewhere (`--base-url`)."""
        return replace(self, base_url=without_credentials(base_url, self.source, where))


def adapter_profile(document: dict[str, Any], path: Path) -> AdapterProfile:
    """An adapter profile from its parsed YAML; InvalidDocument naming what is wrong."""
    source = str(path)
    validate(document, "adapter_profile", source)
    target = document["target"]
    return AdapterProfile(
        kind=document["kind"],
        name=target["name"],
        base_url=without_credentials(target["base_url"], source),
        source=source,
        settings=document.get("settings", {}),
    )
