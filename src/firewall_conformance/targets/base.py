"""The small typed interface every target adapter implements: one method per capability.

Scenarios speak only to this interface, so the same suite runs over the declarative HTTP
adapter or over a vendor's own Python adapter class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from firewall_conformance.auditlog import AuditEntry, ChainRule
from firewall_conformance.offline.reading import ExtractReading
from firewall_conformance.personas import Persona
from firewall_conformance.targets.profile import Recipient

CAPABILITIES = (
    "seed-case",
    "search",
    "open-record",
    "disclose",
    "status-check",
    "export",
    "outbound",
    "audit-log",
)


@dataclass
class Attempt:
    """The target's answer to something the harness asked it to do."""

    allowed: bool
    status: str
    body: Any = None
    ids: list[str] = field(default_factory=list)


@dataclass
class ExportFile:
    """A fetched export; `path` is None when the target refused to make it."""

    path: Path | None
    format: str
    recipient: Recipient
    declared_records: int | None
    export_id: str | None
    refused: bool = False


@dataclass
class SeededCase:
    case_id: str
    person_ids: dict[str, str]


class Target(Protocol):
    def capabilities(self) -> frozenset[str]: ...

    def recipient(self, recipient_class: str) -> Recipient: ...

    def reachable(self) -> str | None:
        """None when the target answers; otherwise why not, in plain English."""

    def seed_case(self, personas: list[Persona], offence: str, narrative: str) -> SeededCase: ...

    def remove_case(self, seeded: SeededCase) -> list[str]:
        """Remove a planted case and its persons; return any problems seen."""

    def search_persons(self, account: str, name: str) -> Attempt: ...

    def open_record(self, account: str, person_id: str) -> Attempt: ...

    def disclose(self, recipient_class: str, person_ids: list[str]) -> Attempt: ...

    def status_check_purposes(self) -> list[str]: ...

    def status_check(self, person_id: str, purpose: str) -> Attempt: ...

    def export_formats(self) -> list[str]: ...

    def export(
        self, recipient_class: str, fmt: str, directory: Path, purpose: str | None = None
    ) -> ExportFile:
        """Export for a recipient; `purpose` (a harness purpose name) overrides the recipient's
        own, and raises CapabilityMissing when the profile does not say how to ask for it."""

    def outbound_window(self) -> float:
        """How long, in seconds, to wait for the target's outbound pushes to arrive."""

    def set_outbound_endpoint(self, recipient_class: str, url: str) -> None:
        """Have the target push the recipient's outbound feed to `url`."""

    def clear_outbound_endpoint(self, recipient_class: str) -> list[str]:
        """Stop the recipient's outbound feed; return any problems seen."""

    def trigger_outbound(self) -> bool:
        """Ask the target to push its feeds now; False when it only pushes on its own schedule."""

    def audit_log(self) -> list[AuditEntry]: ...

    def audit_chain_rule(self) -> ChainRule | None: ...

    def held_exports(self) -> list[ExtractReading]:
        """Extracts already sent, as handed over in an export bundle ('held-exports');
        a live target raises CapabilityMissing."""
