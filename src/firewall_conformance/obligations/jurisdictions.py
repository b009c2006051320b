"""Jurisdiction profiles: what a verdict means where the target operates.

The same obligation can be law in California and an adopted policy in the UK, and the
restricted recipient is called something different in each place. Reports show the profile's
standing and caveats beside the verdicts so no reader mistakes one for the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from firewall_conformance.inputs.documents import load_yaml
from firewall_conformance.obligations.catalogue import Source


@dataclass(frozen=True)
class Jurisdiction:
    id: str
    name: str
    restricted_recipient: str
    standing: str
    caveats: tuple[str, ...]
    sources: tuple[Source, ...]
    status_only_exchange: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "restricted_recipient": self.restricted_recipient,
            "standing": self.standing,
            "status_only_exchange": self.status_only_exchange,
            "caveats": list(self.caveats),
            "sources": [{"title": s.title, "url": s.url} for s in self.sources],
        }


def _path() -> Path:
    return Path(str(resources.files("firewall_conformance.data").joinpath("jurisdictions.yaml")))


@cache
def load_jurisdictions() -> dict[str, Jurisdiction]:
    """Every jurisdiction profile, by id."""
    document = load_yaml(_path(), "jurisdictions")
    return {
        key: Jurisdiction(
            id=key,
            name=spec["name"],
            restricted_recipient=spec["restricted_recipient"],
            standing=spec["standing"],
            caveats=tuple(spec["caveats"]),
            sources=tuple(Source(s["title"], s["url"]) for s in spec["sources"]),
            status_only_exchange=bool(spec.get("status_only_exchange", False)),
        )
        for key, spec in document["jurisdictions"].items()
    }


def jurisdiction(key: str) -> Jurisdiction:
    """One profile; KeyError names the known ones."""
    known = load_jurisdictions()
    if key not in known:
        raise KeyError(f"unknown jurisdiction profile '{key}'; known: {', '.join(known)}")
    return known[key]
