"""The base of every adapter: whatever an adapter does not provide answers CapabilityMissing.

So an adapter writes only what its system can do, a scenario that needs anything else is
NOT TESTED (never passed), and an interface method added later reaches every adapter as a
refusal, not as a silent gap. A vendor's adapter subclasses this, names its `kind` and the
groups it provides, and is registered through the `firewall_conformance.adapters` entry point
group (registry.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from firewall_conformance.audit.log import AuditEntry, ChainRule
from firewall_conformance.model.outcomes import CapabilityMissing
from firewall_conformance.offline.reading import ExtractReading
from firewall_conformance.persons.personas import Persona
from firewall_conformance.targets.base import (
    JUSTIFICATION,
    Attempt,
    ExportFile,
    Group,
    SeededCase,
)
from firewall_conformance.targets.operations import Operations
from firewall_conformance.targets.profile import Recipient
from firewall_conformance.targets.surface import Operation
from firewall_conformance.targets.ways_of_asking import Asking, Askings


class Adapter(Operations):
    """A target that provides nothing until a subclass says otherwise."""

    kind: ClassVar[str] = "unnamed"  # the profile kind it opens (registry.py)
    groups: ClassVar[frozenset[Group]] = frozenset()
    # Why this adapter lacks what it lacks, said in every CapabilityMissing it raises.
    lacking: ClassVar[str] = ""
    # Whether it sends nothing that changes the system when the Opening says read-only: the
    # harness cannot see inside a vendor's code, so a read-only run needs the adapter to say so.
    honours_read_only: ClassVar[bool] = False

    def _missing(self, capability: str) -> CapabilityMissing:
        return CapabilityMissing(
            capability, self.lacking or f"the {self.kind} adapter does not provide it"
        )

    # -- what every target answers -----------------------------------------------------

    def capabilities(self) -> frozenset[str]:
        return frozenset()

    def provides(self, group: Group) -> bool:
        return group in self.groups

    def reachable(self) -> str | None:
        return None

    def secrets_to_mask(self) -> list[str]:
        return []

    def run_notes(self) -> list[str]:
        return []

    def close(self) -> None:
        return None

    def recipient(self, recipient_class: str) -> Recipient:
        raise self._missing("recipients")

    # -- a live system -----------------------------------------------------------------

    def operate(
        self,
        capability: str,
        operation: str,
        values: dict[str, Any],
        account: str | None = None,
    ) -> Attempt:
        raise self._missing(capability)

    def seed_case(self, personas: list[Persona], offence: str, narrative: str) -> SeededCase:
        raise self._missing("seed-case")

    def remove_case(self, seeded: SeededCase) -> list[str]:
        raise self._missing("seed-case")

    def remove_case_once(self, seeded: SeededCase) -> list[str]:
        return self.remove_case(seeded)

    def as_another_client(self) -> Adapter:
        raise self._missing("another-client")

    def search_fields(self) -> list[str]:
        raise self._missing("search")

    def search_persons(
        self,
        account: str,
        text: str,
        reason: str | None = JUSTIFICATION,
        field: str = "full_name",
    ) -> Attempt:
        raise self._missing("search")

    def published_askings(self, capability: str) -> Askings:
        raise self._missing(capability)

    def search_asked(
        self, account: str, asking: Asking, text: str, field: str = "full_name"
    ) -> Attempt:
        raise self._missing("search")

    def open_record(
        self, account: str, person_id: str, reason: str | None = JUSTIFICATION
    ) -> Attempt:
        raise self._missing("open-record")

    def open_record_as_written(
        self,
        account: str,
        path_text: str,
        reason: str | None = JUSTIFICATION,
        accept: str | None = None,
        query: tuple[tuple[str, str], ...] = (),
    ) -> Attempt:
        raise self._missing("open-record")

    def disclose(self, recipient_class: str, person_ids: list[str]) -> Attempt:
        raise self._missing("disclose")

    def status_check_purposes(self) -> list[str]:
        raise self._missing("status-check")

    def status_check(self, person_id: str, purpose: str) -> Attempt:
        raise self._missing("status-check")

    def export_formats(self) -> list[str]:
        raise self._missing("export")

    def export(
        self, recipient_class: str, fmt: str, directory: Path, purpose: str | None = None
    ) -> ExportFile:
        raise self._missing("export")

    def outbound_window(self) -> float:
        raise self._missing("outbound")

    def outbound_quiet(self) -> float | None:
        raise self._missing("outbound")

    def set_outbound_endpoint(self, recipient_class: str, url: str) -> None:
        raise self._missing("outbound")

    def clear_outbound_endpoint(self, recipient_class: str) -> list[str]:
        raise self._missing("outbound")

    def trigger_outbound(self) -> bool:
        raise self._missing("outbound")

    def published_operations(self) -> list[Operation]:
        raise self._missing("openapi")

    def mapped_requests(self) -> list[tuple[str, str]]:
        raise self._missing("openapi")

    def read_as(self, account: str, path: str, query: Mapping[str, str] | None = None) -> Attempt:
        raise self._missing("openapi")

    # -- an audit source ---------------------------------------------------------------

    def audit_log(self, *kinds: str, whole: bool = False) -> list[AuditEntry]:
        raise self._missing("audit-log")

    def audit_log_as(self, account: str) -> Attempt:
        raise self._missing("audit-log")

    def audit_chain_rule(self) -> ChainRule | None:
        raise self._missing("audit-log")

    def audit_kinds(self) -> frozenset[str]:
        raise self._missing("audit-log")

    # -- a holder of exports already sent ----------------------------------------------

    def held_exports(self) -> list[ExtractReading]:
        raise self._missing("held-exports")
