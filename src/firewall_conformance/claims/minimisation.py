"""Claims about data minimisation: status-revealing fields in exports (FW-09) and the fields a
lawful disclosure carries (FW-14), judged against the fields the force approved for each
recipient (the target profile's `approved_fields`).

A field "leaves the system" when it carries a value: a column a recipient's layout keeps but
leaves empty carries nothing. Field names are compared as the system writes them, with list
positions dropped, so `roles[0].case_id` is part of the approved field `roles`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.detect.attribution import attributed
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.phrases import holds_phrase
from firewall_conformance.detect.record import Finding, flatten_json, scan_fields
from firewall_conformance.detect.scan import ScanReport, scan_document
from firewall_conformance.detect.sources import open_sources
from firewall_conformance.detect.structured import Fields, source_records
from firewall_conformance.detect.vocabulary import vocabulary
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.persons.personas import Persona
from firewall_conformance.targets.answers import Disclosure
from firewall_conformance.targets.base import ExportFile
from firewall_conformance.targets.profile import Recipient
from firewall_conformance.wording.plural import listing

DOCUMENT_NUMBERS = ("passport_number", "home_office_reference", "brp_number")
# What a field's name must mark (its vocabulary category) to be approved for a value of each
# status-revealing kind: a passport number under an approved "given_name" is not approved.
KIND_CATEGORIES = {
    "passport_number": frozenset({"passport"}),
    "home_office_reference": frozenset({"home office reference"}),
    "brp_number": frozenset({"biometric residence permit"}),
    "nationality": frozenset({"nationality", "citizenship"}),
    "immigration_status": frozenset(
        {"immigration status", "asylum", "visa", "alien status", "deportation"}
        | {"no recourse to public funds"}
    ),
}
# Status-revealing values many people share: looked for only in their holder's own record.
SHARED_STATUS = ("nationality", "immigration_status")
_INDEX = re.compile(r"\[\d+\]")


def approved(recipient: Recipient) -> tuple[str, ...]:
    """The recipient's approved fields; without them the obligation cannot be judged."""
    if not recipient.approved_fields:
        raise CapabilityMissing(
            "recipients",
            f"no approved_fields are declared for the {recipient.recipient_class} recipient",
        )
    return recipient.approved_fields


def field_name(locator: str) -> str:
    """'$.persons[0].roles[1].case_id' relative to '$.persons[0]' -> 'roles.case_id'."""
    return _INDEX.sub("", locator).removeprefix("$").lstrip(".")


def is_approved(name: str, fields: Sequence[str]) -> bool:
    """True when `name` is an approved field or lies inside one (a nested part of it)."""
    return any(name == f or name.startswith(f + ".") for f in fields)


def approved_for(name: str, kind: str, fields: Sequence[str]) -> bool:
    """True when a value of `kind` may leave under field `name`: the field is approved and its
    own name marks that kind of detail, so the value is where the approval expects it."""
    return is_approved(name, fields) and vocabulary().category(name) in KIND_CATEGORIES[kind]


def _plain(name: str) -> str:
    return name.replace("_", " ").replace(".", " ")


# -- reading an export record by record ---------------------------------------------------


@dataclass
class ExportReading:
    """What one export carried: status-revealing fields with values, and the planted
    victims' and witnesses' status details found outside the approved fields."""

    source: str
    records: int = 0
    status_fields: dict[str, int] = field(default_factory=dict)  # field -> records with a value
    first_record: dict[str, int] = field(default_factory=dict)  # field -> first record number
    seen_for: dict[str, set[str]] = field(default_factory=dict)  # field -> personas seen in it
    leaks: list[str] = field(default_factory=list)


def _records(export: ExportFile, label: str) -> Iterator[tuple[int, Fields]]:
    assert export.path is not None
    # XML records hold their fields by element paths, which approved_fields does not name.
    if export.format not in ("csv", "ndjson", "json"):
        raise Inconclusive(
            f"{_sentence(label)} is in {export.format}, whose fields this check cannot hold "
            "against the approved fields."
        )
    for source in open_sources(export.path, export.format):
        yield from source_records(replace(source, label=label))


def _sentence(label: str) -> str:
    return label[:1].upper() + label[1:]


def read_export(
    matcher: CanaryMatcher, export: ExportFile, fields: Sequence[str], cast: Sequence[Persona]
) -> ExportReading:
    """Read every record of an export once; attribute each record to the planted persons
    whose identifying details it holds."""
    label = f"the {export.format} export for {export.recipient.recipient_class}"
    words = vocabulary()
    by_label = {p.label: p for p in cast}
    reading = ExportReading(label)
    try:
        for number, record in _records(export, label):
            reading.records += 1
            hits = scan_fields(matcher, label, number, record)
            owners = {f.persona for f in hits if f.identifying}
            for locator, value in record:
                name = field_name(locator)
                if words.category(locator) and words.says_something(value):
                    reading.status_fields[name] = reading.status_fields.get(name, 0) + 1
                    reading.first_record.setdefault(name, number)
                    reading.seen_for.setdefault(name, set()).update(owners)
            reading.leaks += _leaks(hits, owners, record, fields, by_label, label, number)
    except UnreadableExport as exc:
        raise Inconclusive(f"{_sentence(label)} could not be read: {exc}.") from exc
    if reading.records == 0:
        raise Inconclusive(f"{_sentence(label)} held no records; an empty export proves nothing.")
    return reading


@dataclass(frozen=True)
class Misplaced:
    """A status-revealing value of a planted person in a field not approved and named for it."""

    persona: str
    kind: str
    field: str

    def where(self, place: str) -> str:
        return f"{self.persona}'s {_plain(self.kind)} in {place} ({_plain(self.field)})"


def misplaced_status(
    hits: Sequence[Finding], people: Sequence[Persona], record: Fields, fields: Sequence[str]
) -> list[Misplaced]:
    """Status-revealing values in one record wherever they are not approved, judged by value
    whatever the field is called: a document number among `hits` (the matcher's, so also when
    encoded), and a nationality or immigration status of one of `people` (whose record it is)
    alone or written inside another value, unless the field is approved and named for it."""
    found = [
        Misplaced(f.persona, f.attribute, field_name(f.field))
        for f in hits
        if f.attribute in DOCUMENT_NUMBERS
        and not approved_for(field_name(f.field), f.attribute, fields)
    ]
    for person in people:
        for locator, value in record:
            name = field_name(locator)
            found += [
                Misplaced(person.label, kind, name)
                for kind in SHARED_STATUS
                if holds_phrase(value, getattr(person, kind))
                and not approved_for(name, kind, fields)
            ]
    return found


def _leaks(
    hits: list[Finding],
    owners: set[str],
    record: Fields,
    fields: Sequence[str],
    by_label: dict[str, Persona],
    label: str,
    number: int,
) -> list[str]:
    """The misplaced status-revealing values of victims and witnesses in one export record:
    their document numbers anywhere, their nationality and status in their own records."""
    protected = [
        by_label[o] for o in sorted(owners) if o in by_label and by_label[o].role in PROTECTED_ROLES
    ]
    documents = [f for f in hits if f.role in PROTECTED_ROLES]
    return [
        m.where(f"{label}, line {number}")
        for m in misplaced_status(documents, protected, record, fields)
    ]


def status_fields_approved(
    matcher: CanaryMatcher,
    exports: Sequence[ExportFile],
    recipient: Recipient,
    cast: Sequence[Persona],
) -> Claim:
    """Every status-revealing field that carries a value in the exports is approved for the
    recipient; where one is approved, the harness shows it can see it."""
    fields = approved(recipient)
    made = [e for e in exports if not e.refused]
    if not made:
        raise Inconclusive(f"No export for the {recipient.recipient_class} recipient was made.")
    readings = [read_export(matcher, e, fields, cast) for e in made]
    unapproved = []
    for reading in readings:
        for name, count in reading.status_fields.items():
            if not is_approved(name, fields):
                unapproved.append(
                    f"{_plain(name)} in {reading.source} ({count} records, the first on line "
                    f"{reading.first_record[name]})"
                )
    unapproved += [leak for r in readings for leak in r.leaks]
    if unapproved:
        raise Breach(
            f"Status-revealing details not approved for the {recipient.recipient_class} "
            f"recipient left the system: {listing(unapproved)}."
        )
    seen = sorted({_plain(n) for r in readings for n in r.status_fields})
    planted = sorted({p for r in readings for who in r.seen_for.values() for p in who})
    named = listing(seen) + (" field was" if len(seen) == 1 else " fields were")
    shown = (
        f"; the approved {named} seen filled in, in the records of {listing(planted)}"
        if seen and planted
        else f"; the approved {named} seen filled in"
        if seen
        else "; none carried a status-revealing field"
    )
    return Claim(
        claim=f"every status-revealing field in the exports for {recipient.recipient_class} "
        f"({listing([e.format for e in made])}) is approved for it{shown}",
        examined={
            "exports": len(readings),
            "records": sum(r.records for r in readings),
            "status fields seen": len(seen),
        },
    )


def no_protected_status(
    matcher: CanaryMatcher,
    exports: Sequence[ExportFile],
    recipient: Recipient,
    cast: Sequence[Persona],
) -> Claim:
    """No document number, nationality or immigration status of a planted victim or witness
    appears anywhere in the exports outside the approved fields."""
    fields = approved(recipient)
    made = [e for e in exports if not e.refused]
    if not made:
        raise Inconclusive(f"No export for the {recipient.recipient_class} recipient was made.")
    readings = [read_export(matcher, e, fields, cast) for e in made]
    leaks = [leak for r in readings for leak in r.leaks]
    if leaks:
        more = f"; and {len(leaks) - 4} more" if len(leaks) > 4 else ""
        raise Breach(
            f"Status details of a victim or a witness left the system outside the fields "
            f"approved for the {recipient.recipient_class} recipient: {'; '.join(leaks[:4])}{more}."
        )
    return Claim(
        claim=f"the exports for {recipient.recipient_class} hold no document number, and no "
        "nationality or immigration status outside the approved fields, of the victim or the "
        "witness",
        examined={"exports": len(readings), "records": sum(r.records for r in readings)},
    )


# -- what a disclosure carries ------------------------------------------------------------


@dataclass
class Disclosed:
    """What one disclosure sent, as the recipient gets it: the record of the persona
    disclosed and its scan report, every record the answer listed, and what the answer carried
    outside the person records."""

    person: dict[str, Any]
    report: ScanReport
    records: list[Any]
    outside: list[tuple[str, str]]  # (locator, value) outside the person records


def _without(document: Any, skip: set[int]) -> Any:
    """The document with the objects in `skip` (by identity) left out."""
    if id(document) in skip:
        return None
    if isinstance(document, dict):
        return {k: _without(v, skip) for k, v in document.items()}
    if isinstance(document, list):
        return [_without(v, skip) for v in document]
    return document


def _disclosed(matcher: CanaryMatcher, tried: Tried) -> Disclosed:
    """The disclosed record of the persona, the other records listed, and the rest."""
    who, to = tried.persona.label, tried.recipient
    if not tried.attempt.allowed:
        raise Inconclusive(
            f"The control failed: the system refused to disclose {who} to the {to} recipient, "
            "so what a lawful disclosure carries could not be seen."
        )
    disclosure = tried.attempt.answer_as(Disclosure)
    if "persons" not in disclosure.declared:
        raise CapabilityMissing(
            "disclose", "disclose.returns.persons does not say where the disclosed records are"
        )
    listed = disclosure.persons
    records = [listed] if isinstance(listed, dict) else listed
    if not isinstance(records, list):
        raise Inconclusive(f"The disclosure of {who} to {to} did not list the persons disclosed.")
    rest = _without(tried.attempt.body, {id(listed), *(id(r) for r in records)})
    outside = [(loc, v) for loc, v in flatten_json(rest, "$") if v.strip()]
    for person in records:
        report = scan_document(matcher, person, f"the disclosure to {to}")
        if isinstance(person, dict) and who in report.personas_found():
            return Disclosed(person, report, records, outside)
    raise Inconclusive(
        f"The control failed: the disclosure of {who} to {to} was accepted, but the detector "
        "did not find their details in any record it listed."
    )


def _beyond_the_record(matcher: CanaryMatcher, disclosed: Disclosed, to: str) -> list[str]:
    """What a disclosure of one person carried besides that person's record: other person
    records, and planted details or status-revealing fields anywhere outside the records."""
    problems = []
    others = [r for r in disclosed.records if r is not disclosed.person]
    if others:
        found = sorted({p for r in others for p in scan_document(matcher, r, to).personas_found()})
        problems.append(
            f"{len(disclosed.records)} person records for the one person disclosed"
            + (f" (the others holding details of {listing(found)})" if found else "")
        )
    if disclosed.outside:
        rest = scan_fields(matcher, f"the disclosure to {to}", 1, disclosed.outside)
        for persona in sorted({f.persona for f in rest}):
            attributes = sorted({_plain(f.attribute) for f in rest if f.persona == persona})
            problems.append(f"{persona}'s {listing(attributes)} outside the person records")
        words = vocabulary()
        status = sorted(
            {
                _plain(field_name(loc))
                for loc, value in disclosed.outside
                if words.category(loc) and words.says_something(value)
            }
        )
        if status:
            problems.append(f"{listing(status)} outside the person records")
    return problems


def _carried(person: dict[str, Any]) -> dict[str, str]:
    """Each leaf field that carries a value, by its name without list positions."""
    carried: dict[str, str] = {}
    for locator, value in flatten_json(person, "$"):
        if str(value).strip():
            carried.setdefault(field_name(locator), value)
    return carried


def carries_approved(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, tried: Tried, recipient: Recipient
) -> Claim:
    """Positive control: the disclosure carries every approved field, with the persona's
    details, so an absence of anything more is meaningful."""
    fields = approved(recipient)
    disclosed = _disclosed(matcher, tried)
    report = disclosed.report
    evidence.found(report.findings, f"disclosure to {tried.recipient}")
    carried = _carried(disclosed.person)
    missing = [f for f in fields if not any(is_approved(name, [f]) for name in carried)]
    if missing:
        raise Inconclusive(
            f"The control failed: the disclosure of {tried.persona.label} to {tried.recipient} "
            f"did not carry the approved {listing(map(_plain, missing))}; the approved field "
            "list in the target profile does not describe what the system sends."
        )
    # Only what attributes the record to another persona: a date of birth alone is shared
    # with too many people to say the record holds anyone else's details.
    mine = tried.persona.label
    others = sorted({f.persona for f in attributed(report.findings) if f.persona != mine})
    if others:
        raise Inconclusive(
            f"The disclosure of {tried.persona.label} to {tried.recipient} carried details of "
            f"{listing(others)} in the same record, so the record could not be told apart."
        )
    attributes = sorted({_plain(f.attribute) for f in report.findings})
    return Claim(
        claim=f"the disclosure of {tried.persona.label} to {tried.recipient} carried every one "
        f"of the {len(fields)} approved fields, and the detector found their "
        f"{listing(attributes)} there",
        examined={"disclosures": 1, "fields": len(carried)},
        control="approved fields",
    )


def carries_nothing_else(matcher: CanaryMatcher, tried: Tried, recipient: Recipient) -> Claim:
    """The disclosure carries no field beyond those approved for its recipient: one person
    record for the one person disclosed, holding approved fields only and no status-revealing
    value under an approved field not named for it, and no planted detail or status-revealing
    field outside it."""
    fields = approved(recipient)
    disclosed = _disclosed(matcher, tried)
    carried = _carried(disclosed.person)
    extra = sorted({name for name in carried if not is_approved(name, fields)})
    problems = _beyond_the_record(matcher, disclosed, str(tried.recipient))
    misplaced = misplaced_status(
        disclosed.report.findings,
        [tried.persona],
        list(flatten_json(disclosed.person, "$")),
        fields,
    )
    problems[:0] = [m.where("the person record") for m in misplaced if is_approved(m.field, fields)]
    if extra:
        problems.insert(0, f"fields not approved for that recipient: {listing(map(_plain, extra))}")
    if problems:
        raise Breach(
            f"The disclosure of {tried.persona.label} to {tried.recipient} carried "
            f"{'; and '.join(problems)}."
        )
    return Claim(
        claim=f"the disclosure of {tried.persona.label} to {tried.recipient} carried one person "
        f"record with nothing beyond the fields approved for it ({len(carried)} values "
        f"examined), and no personal detail outside it ({len(disclosed.outside)} other values "
        "examined)",
        examined={
            "disclosures": 1,
            "fields": len(carried),
            "values outside the person record": len(disclosed.outside),
        },
    )
