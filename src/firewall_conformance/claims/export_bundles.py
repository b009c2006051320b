"""Claims about an export bundle: what immigration enforcement was sent, and whether each
extract was logged. Nothing is planted, so the control is real data: the same reading must
find victims' and witnesses' status details in what lawful recipients were sent."""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims.audit import REQUIRED_DISCLOSURE_FIELDS
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.offline.reading import ExtractReading
from firewall_conformance.wording.plural import agree, every, listing

DISCLOSURE_KINDS = ("disclose", "export")


def _totals(readings: Sequence[ExtractReading]) -> dict[str, int]:
    return {
        "extracts": len(readings),
        "records": sum(r.records for r in readings),
        "bytes": sum(r.bytes for r in readings),
    }


def _readable(readings: Sequence[ExtractReading]) -> None:
    """Each extract was read, and says who in it holds which role: without roles, a victim in
    it cannot be told from anyone else, so finding none would show nothing."""
    for reading in readings:
        if reading.unreadable:
            raise Inconclusive(
                f"{reading.extract.describe()} could not be read: {reading.unreadable}."
            )
        if reading.roles_unknown:
            raise Inconclusive(
                f"Roles unknown: none of the {reading.records} records of "
                f"{reading.extract.describe()} names a role the reader recognises, so it "
                "cannot say whether any person in it is a victim or a witness."
            )


def _split(readings: Sequence[ExtractReading]) -> tuple[list[ExtractReading], list[ExtractReading]]:
    restricted = [r for r in readings if r.extract.recipient.restricted]
    if not restricted:
        raise Inconclusive(
            "The bundle holds no extract sent to immigration enforcement, so there is nothing "
            "to show either way."
        )
    return [r for r in readings if not r.extract.recipient.restricted], restricted


def lawful_control(readings: Sequence[ExtractReading]) -> Claim:
    """Positive control: for every format immigration enforcement was sent, an extract in that
    format for a lawful recipient shows victims' or witnesses' status details to the reader."""
    lawful, restricted = _split(readings)
    _readable(lawful)
    formats = sorted({r.extract.format for r in restricted})
    for fmt in formats:
        shown = [r for r in lawful if r.extract.format == fmt and r.finding_count]
        if not shown:
            raise Inconclusive(
                f"The control failed: no {fmt} extract sent to a lawful recipient showed a "
                "victim's or witness's status details, so the profile's role and field mappings "
                f"cannot be shown to work for {fmt}, and their absence from what immigration "
                "enforcement was sent would show nothing."
            )
    used = [r for r in lawful if r.extract.format in formats]
    persons = set().union(*(r.protected_persons for r in used))
    return Claim(
        claim=f"status details of {len(persons)} victims and witnesses were found in the "
        f"extracts for lawful recipients, in every format immigration enforcement was sent "
        f"({listing(formats)})",
        examined={
            **_totals(used),
            "status findings": sum(r.finding_count for r in used),
            "victims and witnesses": len(persons),
        },
        control="lawful recipient",
    )


def restricted_clean(
    readings: Sequence[ExtractReading], status_only_exchange: bool = False
) -> Claim:
    """No extract sent to immigration enforcement holds a person the bundle shows as a victim
    or witness anywhere, nor the status details of one. Where the jurisdiction lets status-only
    information go to immigration enforcement, status details alone are counted, not failed."""
    _, restricted = _split(readings)
    _readable(restricted)
    empty = [r.extract.name for r in restricted if r.records == 0]
    if empty:
        raise Inconclusive(f"{listing(empty)} held no records; an empty extract proves nothing.")
    protected = set().union(*(r.protected_persons for r in readings))
    linked = set().union(*(r.protected_identity for r in readings))
    problems = []
    for reading in restricted:
        present = [p for p in reading.roles if p in protected]
        matched = [
            p for p, keys in reading.identities.items() if p not in protected and keys & linked
        ]
        if present or matched:
            problems.append(
                f"{reading.extract.describe()} holds {len(present) + len(matched)} persons shown "
                "in the bundle as a victim or witness"
                + (
                    f" ({len(matched)} of them under another id, matched by name and date of "
                    "birth or a document number)"
                    if matched
                    else ""
                )
            )
        if reading.finding_count and not status_only_exchange:
            more = reading.finding_count - len(reading.findings[:3])
            problems.append(
                f"{reading.extract.describe()} carries {reading.finding_count} status details "
                f"of victims or witnesses: {'; '.join(f.shown() for f in reading.findings[:3])}"
                + (f"; and {more} more" if more > 0 else "")
            )
    if problems:
        raise Breach(
            "Victim or witness data reached immigration enforcement: " + ". ".join(problems) + "."
        )
    for reading in restricted:
        if reading.unroled:
            raise Inconclusive(
                f"{reading.extract.describe()} holds {reading.unroled} records whose person "
                "holds no role the reader recognises (blank, or a value neither the role "
                "vocabulary nor the bundle profile maps): any of them could be a victim or a "
                "witness."
            )
    status_details = sum(r.finding_count for r in restricted)
    return Claim(
        claim=f"the {len(restricted)} extracts sent to immigration enforcement held none of "
        f"the {len(protected)} victims and witnesses the bundle shows, and "
        + (
            f"{status_details} status details of a victim or witness on their own, which this "
            "jurisdiction's status-only caveat does not count as a breach"
            if status_details
            else "no status details of a victim or witness"
        ),
        examined={**_totals(restricted), "victims and witnesses": len(protected)},
    )


def _entry_name(entry: AuditEntry, position: int) -> str:
    return f"entry {entry.get('sequence') or position}"


def extracts_logged(entries: Sequence[AuditEntry], readings: Sequence[ExtractReading]) -> Claim:
    """Exactly one complete, allowed disclosure entry for each extract, naming its recipient."""
    if not entries:
        raise Inconclusive("The bundle's audit log holds no entries; an empty log proves nothing.")
    problems = []
    for reading in readings:
        extract = reading.extract
        if extract.reference is None:
            raise Inconclusive(
                f"The bundle profile gives no log reference for {extract.name}, so its "
                "disclosure cannot be found in the audit log."
            )
        if reading.log_period is None or not reading.log_period.covers(extract.period):
            raise Inconclusive(
                f"The audit log handed over covers {reading.log_period}, but {extract.name} was sent "
                f"in {extract.period}: its entry could lie outside the log."
            )
        matching = [
            e
            for e in entries
            if e.kind in DISCLOSURE_KINDS and not e.refused and e.mentions(extract.reference)
        ]
        what = f"{extract.name} (sent to {extract.recipient.describe()} as {extract.reference})"
        if len(matching) != 1:
            problems.append(f"{what} has {len(matching)} log entries instead of one")
            continue
        empty = [f.replace("_", " ") for f in REQUIRED_DISCLOSURE_FIELDS if not matching[0].get(f)]
        if empty:
            problems.append(f"the log entry for {what} does not say its {listing(empty)}")
        elif matching[0].get("recipient") != extract.recipient.id:
            problems.append(
                f"the log entry for {what} names the recipient as {matching[0].get('recipient')!r}"
            )
    if problems:
        raise Breach("Extracts are not logged completely: " + "; ".join(problems) + ".")
    return Claim(
        claim=f"each of the {len(readings)} extracts in the bundle has exactly one complete "
        "entry in the audit log",
        examined={"log entries": len(entries), "extracts": len(readings)},
    )


def disclosures_complete(entries: Sequence[AuditEntry]) -> Claim:
    """Every disclosure or export the log records says who, when, to whom, why and on what
    legal basis."""
    disclosures = [
        (position, e)
        for position, e in enumerate(entries, start=1)
        if e.kind in DISCLOSURE_KINDS and not e.refused
    ]
    if not disclosures:
        raise Inconclusive(
            "The bundle's audit log records no disclosure or export, so there was nothing to "
            "check for completeness."
        )
    problems = []
    for position, entry in disclosures:
        empty = [f.replace("_", " ") for f in REQUIRED_DISCLOSURE_FIELDS if not entry.get(f)]
        if empty:
            problems.append(f"{_entry_name(entry, position)} does not say its {listing(empty)}")
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise Breach(
            f"{len(problems)} of the {len(disclosures)} disclosures in the audit log are "
            f"incomplete: {shown}."
        )
    return Claim(
        claim=f"{every(len(disclosures), 'disclosures and exports')} in the audit log "
        f"{agree(len(disclosures), 'says', 'say')} who, when, to whom, why and on what basis",
        examined={"log entries": len(entries), "disclosures": len(disclosures)},
    )
