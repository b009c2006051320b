"""The offline adapter: an export bundle behind the same Target interface as a live system.

A bundle records what was sent; it cannot be asked to do anything. So it provides only
`held-exports` (the extracts each recipient received) and `audit-log`; every capability that
would ask the system to act is answered CapabilityMissing by the Adapter base, which makes a
scenario NOT TESTED.
Every file is read once when the target is opened, so a bundle that does not match its
profile stops the run before anything is concluded.
"""

from __future__ import annotations

import secrets

from firewall_conformance.audit.log import AuditEntry, ChainRule, entries_from, require_kinds
from firewall_conformance.model.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.offline.auditfile import AuditLogMismatch, AuditLogReading, read_audit_log
from firewall_conformance.offline.profile import BundleProfile
from firewall_conformance.offline.reading import BundleMismatch, ExtractReading, read_extract
from firewall_conformance.targets.adapter import Adapter
from firewall_conformance.targets.base import Group
from firewall_conformance.targets.opening import AdapterError, Opening
from firewall_conformance.targets.profile import Recipient


class OfflineTarget(Adapter):
    """An export bundle, read as its bundle profile describes it."""

    kind = "offline"
    groups = frozenset({Group.HELD_EXPORTS, Group.AUDIT_SOURCE})
    lacking = "an export bundle records what was sent; it cannot be asked to do anything"
    honours_read_only = True  # it only reads files

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
        self._notes = notes or []  # how the bundle was read, for the run's notes

    @classmethod
    def opened(
        cls, profile: BundleProfile, opening: Opening, salt: bytes | None = None
    ) -> OfflineTarget:
        """Read every file of the bundle (registry.py opens it so); AdapterError when one does
        not match the profile. With a SparkSession in the Opening, CSV and NDJSON extracts are
        read split by split on Spark, to the same readings (offline/spark_reading.py)."""
        salt = salt or secrets.token_bytes(16)
        notes: list[str] = []
        try:
            if opening.spark is None:
                extracts = [read_extract(e, salt) for e in profile.extracts]
            else:
                # Imported here: pyspark is an optional extra, needed only for this engine.
                from firewall_conformance.offline.spark_reading import read_extracts_with_spark

                extracts, notes = read_extracts_with_spark(opening.spark, profile.extracts, salt)
                notes.insert(
                    0,
                    "The bundle's CSV and NDJSON extracts were read split by split with Spark "
                    f"(master {opening.spark_master or 'as spark-submit or local[*]'}); JSON "
                    "and XML documents and zip members by the embedded reader.",
                )
            audit = read_audit_log(profile.audit_log) if profile.audit_log else None
        except (BundleMismatch, AuditLogMismatch) as exc:
            raise AdapterError(
                f"invalid bundle profile {profile.source}: the bundle does not match it: {exc}"
            ) from exc
        for reading in extracts:
            reading.log_period = profile.audit_log.period if profile.audit_log else None
        return cls(profile, extracts, audit, notes)

    def run_notes(self) -> list[str]:
        return self._notes

    def capabilities(self) -> frozenset[str]:
        held = {"held-exports"} if self._extracts else set()
        return frozenset(held | ({"audit-log"} if self._audit else set()))

    def held_exports(self) -> list[ExtractReading]:
        if not self._extracts:
            raise CapabilityMissing("held-exports", "the bundle profile lists no extracts")
        return self._extracts

    def audit_log(self, *kinds: str, whole: bool = False) -> list[AuditEntry]:
        if self._audit is None:
            raise CapabilityMissing("audit-log", "the bundle profile names no audit log")
        require_kinds(self.audit_kinds(), kinds)
        if self._audit.unreadable:
            raise Inconclusive(
                f"The bundle's audit log could not be read: {self._audit.unreadable}."
            )
        spec = self._audit.spec
        return entries_from(self._audit.raw, spec.fields, spec.actions, spec.refused_outcomes)

    def audit_chain_rule(self) -> ChainRule | None:
        return self._audit.spec.chain if self._audit else None

    def audit_kinds(self) -> frozenset[str]:
        return frozenset(self._audit.spec.actions) if self._audit else frozenset()

    def recipient(self, recipient_class: str) -> Recipient:
        for extract in self.profile.extracts:
            if extract.recipient.recipient_class == recipient_class:
                return Recipient(recipient_class, extract.recipient.id, "", "")
        raise CapabilityMissing(
            "held-exports", f"the bundle holds no extract for {recipient_class}"
        )
