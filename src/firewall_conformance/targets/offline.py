"""The offline adapter: an export bundle behind the same Target interface as a live system.

A bundle records what was sent; it cannot be asked to do anything. So it provides only
`held-exports` (the extracts each recipient received) and `audit-log`; every capability that
would ask the system to act raises CapabilityMissing, which makes a scenario NOT TESTED.
Every file is read once when the target is opened, so a bundle that does not match its
profile stops the run before anything is concluded.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from firewall_conformance.auditlog import AuditEntry, ChainRule, entries_from, require_kinds
from firewall_conformance.documents import InvalidDocument
from firewall_conformance.offline.auditfile import AuditLogMismatch, AuditLogReading, read_audit_log
from firewall_conformance.offline.profile import BundleProfile
from firewall_conformance.offline.reading import BundleMismatch, ExtractReading, read_extract
from firewall_conformance.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.personas import Persona
from firewall_conformance.targets.base import JUSTIFICATION, Attempt, ExportFile, SeededCase
from firewall_conformance.targets.operations import Operations
from firewall_conformance.targets.profile import Recipient
from firewall_conformance.targets.surface import Operation

_CANNOT_ACT = "an export bundle records what was sent; it cannot be asked to do anything"


class OfflineTarget(Operations):
    """An export bundle, read as its bundle profile describes it."""

    def __init__(
        self,
        profile: BundleProfile,
        extracts: list[ExtractReading],
        audit: AuditLogReading | None,
        notes: list[str] | None = None,
    ) -> None:
        self.profile = profile
        self._extracts = extracts
        self._audit = audit
        self.notes = notes or []  # how the bundle was read, for the run's notes

    @classmethod
    def open(
        cls, profile: BundleProfile, salt: bytes | None = None, spark: Any | None = None
    ) -> OfflineTarget:
        """Read every file of the bundle; InvalidDocument when one does not match the profile.
        With a SparkSession, CSV and NDJSON extracts are read split by split on Spark, to the
        same readings (offline/spark_reading.py)."""
        salt = salt or secrets.token_bytes(16)
        notes: list[str] = []
        try:
            if spark is None:
                extracts = [read_extract(e, salt) for e in profile.extracts]
            else:
                # Imported here: pyspark is an optional extra, needed only for this engine.
                from firewall_conformance.offline.spark_reading import read_extracts_with_spark

                extracts, notes = read_extracts_with_spark(spark, profile.extracts, salt)
            audit = read_audit_log(profile.audit_log) if profile.audit_log else None
        except (BundleMismatch, AuditLogMismatch) as exc:
            raise InvalidDocument(profile.source, [f"the bundle does not match it: {exc}"]) from exc
        for reading in extracts:
            reading.log_period = profile.audit_log.period if profile.audit_log else None
        return cls(profile, extracts, audit, notes)

    def capabilities(self) -> frozenset[str]:
        held = {"held-exports"} if self._extracts else set()
        return frozenset(held | ({"audit-log"} if self._audit else set()))

    def reachable(self) -> str | None:
        return None

    def held_exports(self) -> list[ExtractReading]:
        if not self._extracts:
            raise CapabilityMissing("held-exports", "the bundle profile lists no extracts")
        return self._extracts

    def audit_log(self, *kinds: str) -> list[AuditEntry]:
        if self._audit is None:
            raise CapabilityMissing("audit-log", "the bundle profile names no audit log")
        require_kinds(self.audit_kinds(), kinds)
        if self._audit.unreadable:
            raise Inconclusive(
                f"The bundle's audit log could not be read: {self._audit.unreadable}."
            )
        spec = self._audit.spec
        return entries_from(self._audit.raw, spec.fields, spec.actions, spec.refused_outcomes)

    def audit_log_as(self, account: str) -> Attempt:
        raise CapabilityMissing("audit-log", "a bundle's log cannot be asked who may read it")

    def audit_chain_rule(self) -> ChainRule | None:
        return self._audit.spec.chain if self._audit else None

    def audit_kinds(self) -> frozenset[str]:
        return frozenset(self._audit.spec.actions) if self._audit else frozenset()

    # -- what a bundle cannot do ---------------------------------------------------------

    def recipient(self, recipient_class: str) -> Recipient:
        for extract in self.profile.extracts:
            if extract.recipient.recipient_class == recipient_class:
                return Recipient(recipient_class, extract.recipient.id, "", "")
        raise CapabilityMissing(
            "held-exports", f"the bundle holds no extract for {recipient_class}"
        )

    def operate(
        self,
        capability: str,
        operation: str,
        values: dict[str, Any],
        account: str | None = None,
    ) -> Attempt:
        raise CapabilityMissing(capability, _CANNOT_ACT)

    def seed_case(self, personas: list[Persona], offence: str, narrative: str) -> SeededCase:
        raise CapabilityMissing("seed-case", _CANNOT_ACT)

    def remove_case(self, seeded: SeededCase) -> list[str]:
        return []

    def search_fields(self) -> list[str]:
        raise CapabilityMissing("search", _CANNOT_ACT)

    def search_persons(
        self,
        account: str,
        text: str,
        reason: str | None = JUSTIFICATION,
        field: str = "full_name",
    ) -> Attempt:
        raise CapabilityMissing("search", _CANNOT_ACT)

    def open_record(
        self, account: str, person_id: str, reason: str | None = JUSTIFICATION
    ) -> Attempt:
        raise CapabilityMissing("open-record", _CANNOT_ACT)

    def open_record_as_written(
        self, account: str, path_text: str, reason: str | None = JUSTIFICATION
    ) -> Attempt:
        raise CapabilityMissing("open-record", _CANNOT_ACT)

    def disclose(self, recipient_class: str, person_ids: list[str]) -> Attempt:
        raise CapabilityMissing("disclose", _CANNOT_ACT)

    def status_check_purposes(self) -> list[str]:
        raise CapabilityMissing("status-check", _CANNOT_ACT)

    def status_check(self, person_id: str, purpose: str) -> Attempt:
        raise CapabilityMissing("status-check", _CANNOT_ACT)

    def export_formats(self) -> list[str]:
        raise CapabilityMissing("export", _CANNOT_ACT)

    def export(
        self, recipient_class: str, fmt: str, directory: Path, purpose: str | None = None
    ) -> ExportFile:
        raise CapabilityMissing("export", _CANNOT_ACT)

    def outbound_window(self) -> float:
        raise CapabilityMissing("outbound", _CANNOT_ACT)

    def outbound_quiet(self) -> float | None:
        raise CapabilityMissing("outbound", _CANNOT_ACT)

    def published_operations(self) -> list[Operation]:
        raise CapabilityMissing("openapi", _CANNOT_ACT)

    def mapped_requests(self) -> list[tuple[str, str]]:
        raise CapabilityMissing("openapi", _CANNOT_ACT)

    def read_as(self, account: str, path: str) -> Attempt:
        raise CapabilityMissing("openapi", _CANNOT_ACT)

    def set_outbound_endpoint(self, recipient_class: str, url: str) -> None:
        raise CapabilityMissing("outbound", _CANNOT_ACT)

    def clear_outbound_endpoint(self, recipient_class: str) -> list[str]:
        return []

    def trigger_outbound(self) -> bool:
        raise CapabilityMissing("outbound", _CANNOT_ACT)
