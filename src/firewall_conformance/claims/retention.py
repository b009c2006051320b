"""Claims about retention and erasure of victims' and witnesses' data (FW-22).

After the retention review, a planted victim or witness of a case closed longer ago than
the schedule keeps their data must be gone from every way in: search, opening the record by
id, and the bulk exports, and each erasure must be in the audit log. The control is a victim
of a case closed yesterday, who must still be found the same three ways: it shows search,
opening and the export scan would have found an erased person had they still been there.

Erased means not there, not merely out of reach: a search must answer and find nothing of the
person, and opening the record must answer "not found" (a status the profile lists as
`missing_status`). A refusal may be a record restricted but still kept, so it proves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims.exports import scan_fetched
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_document
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.persons.personas import Persona
from firewall_conformance.targets.answers import RetentionSchedule
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import ExportFile
from firewall_conformance.wording.plural import listing


@dataclass(frozen=True)
class Lookup:
    """What search and opening by id answered for one planted person after the review."""

    persona: Persona
    person_id: str
    search: Attempt
    opened: Attempt

    @property
    def found_by_search(self) -> bool:
        return self.search.allowed and self.person_id in self.search.ids

    @property
    def opened_by_id(self) -> bool:
        return self.opened.allowed

    @property
    def not_found_by_id(self) -> bool:
        """The system answered that no such record exists (not a refusal)."""
        return self.opened.missing


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def retention_years(attempt: Attempt) -> int:
    """The schedule's retention period for victims' and witnesses' data, in whole years."""
    if not attempt.allowed:
        raise Inconclusive(f"The system refused to give its retention schedule ({attempt.status}).")
    years = attempt.answer_as(RetentionSchedule).years
    if not 0 <= years <= 150:
        raise Inconclusive(f"The retention schedule gave no usable number of years ({years!r}).")
    return years


def _exports_found(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, exports: Sequence[ExportFile]
) -> tuple[set[str], dict[str, int]]:
    if not exports:
        raise Inconclusive("No export was made after the retention review.")
    found: set[str] = set()
    totals = {"exports": 0, "records": 0, "bytes": 0}
    for export in exports:
        if export.refused:
            raise Inconclusive(
                f"The system refused a {export.format} export for "
                f"{export.recipient.recipient_class} after the retention review."
            )
        report = scan_fetched(evidence, matcher, export)
        found |= report.personas_found()
        totals["exports"] += 1
        totals["records"] += report.records
        totals["bytes"] += report.bytes
    return found, totals


def still_there(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    kept: Lookup,
    exports: Sequence[ExportFile],
) -> Claim:
    """Positive control: a victim still within retention is found by search, by id and in
    every export."""
    found, totals = _exports_found(evidence, matcher, exports)
    missing = [
        way
        for way, seen in (
            ("search", kept.found_by_search),
            ("opening their record", kept.opened_by_id),
            ("the exports", kept.persona.label in found),
        )
        if not seen
    ]
    if missing:
        raise Inconclusive(
            f"The control failed: {kept.persona.label}, whose case closed only yesterday, could "
            f"not be found by {listing(missing)} after the retention review, so an absence of "
            "the erased persons would show nothing."
        )
    return Claim(
        claim=f"{kept.persona.label}, within the retention period, was still found by search, "
        "by opening their record and in every export after the review",
        examined={**totals, "look-ups": 2},
        control="within retention",
    )


def erased(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    past: Sequence[Lookup],
    exports: Sequence[ExportFile],
) -> Claim:
    """The victims and witnesses past retention are gone from search, opening and exports:
    a search answers and finds nothing of them, opening their record answers "not found"."""
    if not past:
        raise Inconclusive("No person past the retention period was looked for.")
    found, totals = _exports_found(evidence, matcher, exports)
    kept = []
    for lookup in past:
        in_results = lookup.search.allowed and lookup.persona.label in (
            scan_document(matcher, lookup.search.body, "the search results").personas_found()
        )
        ways = [
            way
            for way, seen in (
                ("search", lookup.found_by_search or in_results),
                ("opening their record", lookup.opened_by_id),
                ("the exports", lookup.persona.label in found),
            )
            if seen
        ]
        if ways:
            kept.append(f"{lookup.persona.label} (by {listing(ways)})")
    if kept:
        raise Breach(
            f"Data the retention schedule says must be erased was still held after the review: "
            f"{listing(kept)}."
        )
    unseen = [
        f"the search for {lookup.persona.label} answered {lookup.search.status}"
        for lookup in past
        if not lookup.search.allowed
    ] + [
        f"opening {lookup.persona.label}'s record answered {lookup.opened.status}, "
        "not that it does not exist"
        for lookup in past
        if not lookup.opened.allowed and not lookup.not_found_by_id
    ]
    if unseen:
        raise Inconclusive(
            f"The run could not see that the data past retention was erased: {listing(unseen)}. "
            "A refusal may be a record restricted but still kept (the target profile's "
            "open-record `missing_status` names the answers that mean not found)."
        )
    who = listing([lookup.persona.label for lookup in past])
    return Claim(
        claim=f"{who}, past the retention period, were found neither by search nor in any "
        "export, and opening their records answered that they do not exist",
        examined={**totals, "look-ups": 2 * len(past)},
    )


def erasures_logged(entries: Sequence[AuditEntry], past: Sequence[Lookup]) -> Claim:
    """Each erased person has an erasure entry in the audit log that names them."""
    if not past:
        raise Inconclusive("No person past the retention period was erased.")
    erasures = [e for e in entries if e.kind == "erase" and not e.refused]
    missing = [
        lookup.persona.label
        for lookup in past
        if not any(e.mentions(lookup.person_id) for e in erasures)
    ]
    if missing:
        raise Breach(
            f"The audit log holds no entry recording the erasure of {listing(missing)} (no entry "
            "of the kind the target profile names as an erasure mentions them)."
        )
    return Claim(
        claim=f"the audit log records the erasure of {listing([p.persona.label for p in past])}",
        examined={"audit entries": len(entries), "erasure entries": len(erasures)},
    )
