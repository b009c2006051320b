"""Claims over the whole run's egress ledger (recipients/ledger.py): whatever scenario caused it, nothing
that reached immigration enforcement may identify a planted victim or witness, or hold the
immigration-status data of any other person it marks as one (FW-01), and nothing a recipient
free to use it onward received may identify one or remark on immigration status (FW-10)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims._wording import located
from firewall_conformance.claims.case_files import remarks_in
from firewall_conformance.claims.unplanted_status import described, records, unplanted_status
from firewall_conformance.detect.attribution import attributed
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.record import Finding, scan_fields
from firewall_conformance.detect.scan import scan_export
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.recipients.ledger import RESTRICTED_CLASS, EgressLedger, Entry
from firewall_conformance.wording.plural import count, listing

KINDS = {"answer": "answers", "export": "exports", "push": "outbound pushes"}


@dataclass
class _Scanned:
    """What scanning some ledger entries found, and what could not be read."""

    entries: int = 0
    records: int = 0
    bytes: int = 0
    findings: list[Finding] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    channels: set[str] = field(default_factory=set)


def _scan(matcher: CanaryMatcher, entries: Sequence[Entry]) -> _Scanned:
    scanned = _Scanned()
    for entry in entries:
        received = entry.received
        source = f"{received.channel} (during «{entry.scenario}»)"
        scanned.entries += 1
        scanned.channels.add(received.channel)
        if received.file is not None:
            try:
                report = scan_export(matcher, received.file, received.file_format or "", source)
            except UnreadableExport as exc:
                scanned.unread.append(f"{source}: {exc}")
                continue
            scanned.records += report.records
            scanned.bytes += report.bytes
            scanned.findings += report.findings
            continue
        scanned.unread += [f"{source}: {why}" for why in received.unread]
        scanned.records += 1
        scanned.bytes += sum(len(text) for _, text in received.fields)
        scanned.findings += scan_fields(matcher, source, 1, list(received.fields))
    return scanned


def _matcher(ledger: EgressLedger) -> CanaryMatcher:
    matcher = ledger.matcher()
    if matcher is None:
        raise Inconclusive("Nobody was planted during the run, so nothing could be looked for.")
    return matcher


def _first_found(
    matcher: CanaryMatcher, entries: Sequence[Entry], protected: set[str]
) -> tuple[int, list[Finding]]:
    """Scan entries in the order they came until one identifies a victim or witness: how many
    were scanned, and what that one held (none: nothing anywhere)."""
    for scanned, entry in enumerate(entries, start=1):
        found = [f for f in attributed(_scan(matcher, [entry]).findings) if f.persona in protected]
        if found:
            return scanned, found
    return len(entries), []


def lawful_control(evidence: ScenarioEvidence, ledger: EgressLedger) -> Claim:
    """Positive control: for each kind of channel immigration enforcement was reached through,
    a planted victim or witness is found by the same scan in what a lawful recipient or the
    force's own staff received through that kind of channel."""
    restricted = ledger.reaching_restricted()
    if not restricted:
        raise Inconclusive(
            "Nothing reached immigration enforcement during the run, so there was nothing to "
            "examine; an empty channel proves nothing."
        )
    matcher, protected = _matcher(ledger), _protected(ledger)
    kinds = sorted({e.received.kind for e in restricted})
    examined: dict[str, int] = {}
    for kind in kinds:
        lawful = [e for e in ledger.lawful() if e.received.kind == kind]
        scanned, found = _first_found(matcher, lawful, protected)
        if not found:
            raise Inconclusive(
                f"The control failed: no planted victim or witness was found in the "
                f"{KINDS[kind]} lawful recipients or the force's own staff received during the "
                f"run, so their absence from the {KINDS[kind]} immigration enforcement received "
                "would show nothing."
            )
        evidence.found(found, f"lawful {KINDS[kind]} over the run")
        examined[f"lawful {KINDS[kind]}"] = scanned
    return Claim(
        claim=f"planted victims and witnesses were found in the "
        f"{listing([KINDS[k] for k in kinds])} lawful recipients and the force's own staff "
        "received during the run",
        examined=examined,
        control="lawful recipient",
    )


def _protected(ledger: EgressLedger) -> set[str]:
    return {
        p.persona.label
        for p in ledger.labelled()
        if p.persona.role in PROTECTED_ROLES and p.not_protected is None
    }


def restricted_clean(
    evidence: ScenarioEvidence, ledger: EgressLedger, status_only_exchange: bool = False
) -> Claim:
    """Nothing immigration enforcement received during the run identifies a protected person,
    nor holds status data on a victim or witness the run did not plant (a system that keeps the
    firewall for planted records alone, or for those recorded since the test began,
    claims/unplanted_status.py; counted, not failed, where the jurisdiction lets status-only
    information go to immigration enforcement). Nothing received is no proof, whichever claim
    came before this one (the phrase is one of the general "no …/nothing …" form, so it may be
    written without its control)."""
    reached = ledger.reaching_restricted()
    if not reached:
        raise Inconclusive(
            "Nothing reached immigration enforcement during the run, so there was nothing to "
            "examine; an empty channel proves nothing."
        )
    matcher = _matcher(ledger)
    scanned = _scan(matcher, reached)
    protected = _protected(ledger)
    leaks = [f for f in attributed(scanned.findings) if f.persona in protected]
    if leaks:
        evidence.found(leaks, "immigration enforcement, over the whole run")
        who = listing(sorted({f.persona for f in leaks}))
        raise Breach(
            f"{who[0].upper()}{who[1:]} reached immigration enforcement during the run: "
            f"{located(leaks)}."
        )
    # What is published (statistics) is left out: a count of victims by nationality is no one's.
    status = unplanted_status(
        [e for e in reached if e.received.recipient_class == RESTRICTED_CLASS], matcher
    )
    if status.findings and not status_only_exchange:
        evidence.attach(
            "status data on victims and witnesses the run did not plant (values withheld)",
            [{"received": source, **f.to_json()} for source, f in status.findings],
        )
        raise Breach(
            "Immigration-status data on victims or witnesses whom the run did not plant reached "
            f"immigration enforcement during the run, in {count(records(status), 'records')}: "
            f"{described(status)}."
        )
    if scanned.unread:
        raise Inconclusive(
            "Not everything immigration enforcement received could be read: "
            f"{listing(scanned.unread)}."
        )
    set_aside = sorted(
        f"{p.persona.label} ({p.not_protected})" for p in ledger.labelled() if p.not_protected
    )
    examined = {
        "things received": scanned.entries,
        "records": scanned.records,
        "bytes": scanned.bytes,
        "channels": len(scanned.channels),
        "records read for status": status.records,
    }
    if status_only_exchange:
        examined["status details of victims and witnesses, allowed here"] = len(status.findings)
    return Claim(
        claim=f"nothing of the {len(protected)} victims and witnesses planted in the run"
        + (
            ""
            if status_only_exchange
            else ", and no immigration-status data on any other victim or witness,"
        )
        + f" was in any of the {scanned.entries} things immigration enforcement received "
        f"through {len(scanned.channels)} channels"
        + (f"; not counted: {listing(set_aside)}" if set_aside else "")
        + (
            f"; not judged: {count(status.unbound, 'status values')} on persons whose role "
            "what was received does not say"
            if status.unbound
            else ""
        ),
        examined=examined,
    )


def signs_of_a_leak(
    ledger: EgressLedger, entries: Sequence[Entry], status_only_exchange: bool = False
) -> bool:
    """Whether `entries`, some of what reached immigration enforcement, show a sign that
    `restricted_clean` will find a breach: a protected person planted by the scenario that
    caused the entry (`EgressLedger.scenario_matcher`), or status data on a victim or a
    witness (not yet excused as someone planted); a push is looked at for everyone planted.
    A quick look for a run that may judge early (run/early_judgement.py): it may miss what the
    claim finds at the end, and only the claim decides."""
    protected = _protected(ledger)
    everyone = dict.fromkeys(p.scenario for p in ledger.labelled())
    by_scenario: dict[str, list[Entry]] = {}
    for entry in entries:
        # A push arrives when it will, with whoever the system holds by then.
        for scenario in everyone if entry.received.kind == "push" else [entry.scenario]:
            by_scenario.setdefault(scenario, []).append(entry)
    for scenario, caused in by_scenario.items():
        matcher = ledger.scenario_matcher(scenario)
        scanned = _scan(matcher, caused) if matcher is not None else _Scanned()
        if any(f.persona in protected for f in attributed(scanned.findings)):
            return True
    if status_only_exchange:
        return False
    restricted = [e for e in entries if e.received.recipient_class == RESTRICTED_CLASS]
    return bool(unplanted_status(restricted, None).findings)


def _texts(entry: Entry) -> Iterator[str]:
    """Every text of an entry for the status-remark detector; a file line by line."""
    received = entry.received
    if received.file is None:
        yield from (text for _, text in received.fields)
        return
    with received.file.open(encoding="utf-8", errors="replace") as lines:
        yield from lines


def _remarks(entries: Sequence[Entry]) -> list[tuple[Entry, list[str]]]:
    found = [(entry, remarks_in(_texts(entry))) for entry in entries]
    return [(entry, remarks) for entry, remarks in found if remarks]


def onward_clean(
    evidence: ScenarioEvidence, ledger: EgressLedger, onward: Collection[str]
) -> Claim:
    """Nothing a recipient free to use it onward received during the run identifies a
    protected person or remarks on immigration status. The control: the status-remark
    detector finds a remark in what the force's own staff or a barred recipient received."""
    if not onward:
        raise CapabilityMissing(
            "recipients", "no recipient is declared free to use what it receives onward"
        )
    entries = [e for e in ledger.entries if e.received.recipient_class in onward]
    if not entries:
        raise Inconclusive(
            f"Nothing reached {listing(sorted(onward))} during the run, so there was nothing to "
            "examine; an empty channel proves nothing."
        )
    barred = [e for e in ledger.lawful() if e.received.recipient_class not in onward]
    if not any(remarks_in(_texts(entry)) for entry in barred):
        raise Inconclusive(
            "The control failed: the status-remark detector found no remark in anything the "
            "force's own staff or a recipient barred from onward use received during the run, "
            "so finding none elsewhere would show nothing."
        )
    scanned = _scan(_matcher(ledger), entries)
    protected = _protected(ledger)
    leaks = [f for f in attributed(scanned.findings) if f.persona in protected]
    remarks = _remarks(entries)
    problems = []
    if leaks:
        evidence.found(leaks, "recipients free to use it onward, over the whole run")
        problems.append(located(leaks))
    for entry, found in remarks[:4]:
        quoted = listing(sorted({f"'{r}'" for r in found}))
        problems.append(
            f"a remark on immigration status ({quoted}) in {entry.received.channel} "
            f"(during «{entry.scenario}»)"
        )
    if problems:
        raise Breach(
            f"What {listing(sorted(onward))} received during the run, free to use it onward, "
            f"was not cleared: {'; '.join(problems)}."
        )
    return Claim(
        claim=f"nothing of the {len(protected)} victims and witnesses planted in the run, and no "
        f"remark on immigration status, was in any of the {scanned.entries} things "
        f"{listing(sorted(onward))} received",
        examined={
            "things received": scanned.entries,
            "records": scanned.records,
            "bytes": scanned.bytes,
        },
        control="status remarks found where lawful",
    )
