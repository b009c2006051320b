"""Immigration-status data on victims and witnesses the run did not plant, in what a recipient
received (detect/status.py, the detector for data an inspector holds but did not plant).

Canary matching sees only the run's own persons. A system that can tell planted records from
real ones (by their case references, their wording, their contacts) could keep the firewall for
them alone and send real victims on: this finds such a leak by what it is, a status field on a
person held as a victim or a witness, whoever they are. A record the run's own canaries
attribute is left to the canary claim, which knows whether that person is protected (a planted
victim disclosed on a recorded basis is not).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from firewall_conformance.detect.attribution import attributed
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.record import Finding, scan_fields
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.status import StatusFinding, flat_status, scan_status_path
from firewall_conformance.detect.status_binding import UNKNOWN_ROLE
from firewall_conformance.detect.vocabulary import vocabulary
from firewall_conformance.recipients.ledger import Entry
from firewall_conformance.wording.plural import listing

# The record a whole answer or push is read as.
ONE_RECORD = 1


@dataclass
class StatusSeen:
    """What status detection saw in some things received: findings on victims and witnesses
    the run did not plant (each with the thing it was in), records read, and status values on
    persons whose role what was received does not say (no sign of a leak, nor proof of none)."""

    findings: list[tuple[str, StatusFinding]] = field(default_factory=list)
    records: int = 0
    unbound: int = 0


def _planted_at(findings: Iterable[Finding]) -> set[tuple[int, str]]:
    """(record, field) of every value that attributes a record to a planted person."""
    return {(f.record, f.field) for f in attributed(findings)}


def _excused(finding: StatusFinding, planted: set[tuple[int, str]]) -> bool:
    """Whether the person the finding is about is one the canaries attribute: a planted value
    in the same record, under the same part of it (or anywhere, where the person is the whole
    record)."""
    whole = finding.person.startswith("record ")
    return any(
        record == finding.record
        and (
            whole
            or place == finding.person
            or place.startswith((f"{finding.person}.", f"{finding.person}["))
        )
        for record, place in planted
    )


def _in_entry(
    entry: Entry, matcher: CanaryMatcher | None, salt: bytes
) -> tuple[list[StatusFinding], int, int]:
    """Status findings on victims and witnesses the run did not plant in one thing received,
    the records read, and how many status values were on persons whose role it does not say."""
    received = entry.received
    if received.file is not None:
        findings: list[StatusFinding] = []
        records = unbound = 0
        for report in scan_status_path(received.file, salt, received.file_format, workers=1):
            findings += report.findings
            records += report.records
            unbound += len(report.unbound)
        if findings and matcher is not None:
            reports = scan_path(matcher, received.file, received.file_format or "")
            planted = _planted_at(f for report in reports for f in report.findings)
            findings = [f for f in findings if not _excused(f, planted)]
        return findings, records, unbound
    fields = list(received.fields)
    _, found = flat_status(fields, received.channel, ONE_RECORD, salt, vocabulary())
    findings = [f for f in found if f.role != UNKNOWN_ROLE]
    unbound = len(found) - len(findings)
    if findings and matcher is not None:
        planted = _planted_at(scan_fields(matcher, received.channel, ONE_RECORD, fields))
        findings = [f for f in findings if not _excused(f, planted)]
    return findings, ONE_RECORD, unbound


def unplanted_status(entries: Sequence[Entry], matcher: CanaryMatcher | None) -> StatusSeen:
    """Status data on victims and witnesses not planted by the run, in `entries`. A file that
    cannot be read is passed over: the canary scan of the same entries names it, and the claim
    is inconclusive for it."""
    salt = secrets.token_bytes(16)
    seen = StatusSeen()
    for entry in entries:
        source = f"{entry.received.channel} (during «{entry.scenario}»)"
        try:
            found, records, unbound = _in_entry(entry, matcher, salt)
        except UnreadableExport:
            continue
        seen.findings += [(source, f) for f in found]
        seen.records += records
        seen.unbound += unbound
    return seen


def described(seen: StatusSeen, limit: int = 4) -> str:
    """Where status data on unplanted victims and witnesses was, one phrase per person: 'a
    victim's immigration_status and nationality in the csv export …, record 12'."""
    by_person: dict[tuple[str, int, str, str], list[str]] = {}
    for source, f in seen.findings:
        fields = by_person.setdefault((source, f.record, f.person, f.role), [])
        if f.field not in fields:
            fields.append(f.field)
    shown = [
        f"a {role}'s {listing(fields)} in {source}, record {record}"
        for (source, record, _, role), fields in list(by_person.items())[:limit]
    ]
    more = len(by_person) - limit
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def records(seen: StatusSeen) -> int:
    """How many records (or persons within one) hold the status data found."""
    return len({(source, f.record, f.person) for source, f in seen.findings})
