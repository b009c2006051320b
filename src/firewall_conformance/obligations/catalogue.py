"""The obligation catalogue: the single declaration of every obligation's metadata."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.documents import InvalidDocument, load_yaml


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    profile: str | None = None  # the jurisdiction profile whose law or guidance it is


@dataclass(frozen=True)
class Obligation:
    id: str
    title: str
    statement: str
    group: str
    severity: str
    basis: str
    basis_by_profile: dict[str, str]
    profiles: tuple[str, ...]
    capabilities: tuple[str, ...]
    not_tested_reason: str
    sources: tuple[Source, ...]
    bundle_capabilities: tuple[str, ...] = ()
    bundle_reason: str = ""  # why a bundle cannot answer it, or why this one did not

    def basis_for(self, profile: str) -> str:
        """The basis that applies under a jurisdiction profile (e.g. law in us-ca)."""
        return self.basis_by_profile.get(profile, self.basis)

    def sources_for(self, profile: str) -> tuple[Source, ...]:
        """The sources of a jurisdiction profile, so a UK reader is not pointed to a Californian
        statute as the basis of the verdict; when the profile has none of its own (an
        engineering reading there), every source, each naming its own profile for comparison."""
        own = tuple(s for s in self.sources if s.profile == profile)
        return own or self.sources


@dataclass(frozen=True)
class Catalogue:
    obligations: tuple[Obligation, ...]

    def __getitem__(self, obligation_id: str) -> Obligation:
        for obligation in self.obligations:
            if obligation.id == obligation_id:
                return obligation
        raise KeyError(obligation_id)

    def __contains__(self, obligation_id: object) -> bool:
        return any(o.id == obligation_id for o in self.obligations)

    def in_scope(self, profile: str) -> tuple[Obligation, ...]:
        """Obligations that apply under a jurisdiction profile, in catalogue order."""
        return tuple(o for o in self.obligations if profile in o.profiles)


NO_BUNDLE_SCENARIO = "No scenario has been written to check it over an export bundle yet."


def _bundle_reason(spec: dict[str, Any]) -> str:
    return spec.get("not_tested_reason") or spec.get("unanswerable") or NO_BUNDLE_SCENARIO


def default_catalogue_path() -> Path:
    return Path(str(resources.files("firewall_conformance.data").joinpath("catalogue.yaml")))


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and validate the catalogue, in ID order whatever the file's order; duplicate IDs
    are an error too."""
    path = path or default_catalogue_path()
    document = load_yaml(path, "catalogue")
    obligations = tuple(
        Obligation(
            id=o["id"],
            title=o["title"],
            statement=o["statement"],
            group=o["group"],
            severity=o["severity"],
            basis=o["basis"],
            basis_by_profile=dict(o.get("basis_by_profile", {})),
            profiles=tuple(o["profiles"]),
            capabilities=tuple(o["capabilities"]),
            not_tested_reason=o["not_tested_reason"],
            sources=tuple(Source(s["title"], s["url"], s["profile"]) for s in o["sources"]),
            bundle_capabilities=tuple(o.get("bundle", {}).get("capabilities", ())),
            bundle_reason=_bundle_reason(o.get("bundle", {})),
        )
        for o in sorted(document["obligations"], key=lambda o: o["id"])
    )
    ids = [o.id for o in obligations]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InvalidDocument(str(path), [f"obligation id declared twice: {', '.join(duplicates)}"])
    return Catalogue(obligations)
