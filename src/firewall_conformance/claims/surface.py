"""Claims about the operations a system publishes but its profile does not map (FW-03).

Every answer is scanned whole, whatever its status: a refusal page can carry a record too.
What the probe itself typed in (a name put into a search box) is taken out first, as from any
answer on the egress ledger: an answer repeating the question tells nothing new.
What could not be examined (an operation that writes, one whose parameters the run cannot
fill, a read that failed) is listed with the claim, never passed over.

An answer can also tell without showing: a suggestion box that repeats a typed name only when
someone on record bears it, a flag set only for a number someone holds. So each answer about a
planted person is compared with the same read's answers for people not on record
(claims/existence.py), what each read typed in or named taken out of its own answer; reads by a
detail many people share (a given name, a date of birth) are not compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import unquote

from firewall_conformance.claims import PROTECTED_ROLES, existence
from firewall_conformance.claims._wording import located
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.record import Finding, flatten_json, scan_fields
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.recipients.ledger import without_echo
from firewall_conformance.targets.surface import Read, SurfacePlan
from firewall_conformance.wording.plural import listing

_WHO = {"investigator": "the investigator", "immigration_officer": "the immigration officer"}


def _own_values(group: Sequence[Read]) -> list[list[str]]:
    """What each read of `group` typed in or named that the others did not (its person's
    values, never a value all share, such as a page size)."""
    asked = [
        {v for _, v in read.probe.query} | {unquote(s) for s in read.probe.path.split("/")}
        for read in group
    ]
    shared = set.intersection(*asked)
    return [[v for v in values - shared if v] for values in asked]


def telling(reads: Sequence[Read]) -> list[tuple[Read, list[str]]]:
    """Each answer about a planted person that differs from the same read's answers for people
    not on record, with where; reads by a detail many people share are left out."""
    strangers: dict[tuple[str, str], list[Read]] = {}
    for read in reads:
        if read.probe.stranger and read.attempt is not None:
            strangers.setdefault(read.probe.asked, []).append(read)
    found = []
    for read in reads:
        against = strangers.get(read.probe.asked, [])
        if (
            read.probe.stranger
            or not read.probe.person
            or read.attempt is None
            or len(against) < existence.DECOYS_PER_SEARCH
            or set(read.probe.details) & existence.SHARED
        ):
            continue
        group = [read, *against]
        places = existence.differences(
            read.attempt, [d.attempt for d in against if d.attempt], _own_values(group)
        )
        if places:
            found.append((read, places))
    return found


def _planted(reads: Sequence[Read]) -> list[Read]:
    return [r for r in reads if not r.probe.stranger]


def _protected(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, reads: Sequence[Read], account: str
) -> tuple[list[Finding], int]:
    """Identifying findings about a victim or witness in every answer, and the bytes read."""
    leaks, seen = [], 0
    for read in _planted(reads):
        if read.attempt is None:
            continue
        source = f"{read.probe.label} for {read.probe.about}, read by {_WHO[account]}"
        fields = without_echo(
            tuple(flatten_json(read.attempt.body, "$")), (v for _, v in read.probe.query)
        )
        findings = scan_fields(matcher, source, 1, list(fields))
        evidence.found(findings, source)
        seen += sum(len(text) for _, text in fields)
        leaks += [f for f in findings if f.role in PROTECTED_ROLES and f.identifying]
    return leaks, seen


def not_examined(plan: SurfacePlan, reads: Sequence[Read]) -> list[str]:
    """Each unmapped operation left unexamined, with why, in plain words."""
    failed = {r.probe.operation.label: r.error for r in reads if r.attempt is None}
    return [f"{label} ({why})" for label, why in {**plan.left_out, **failed}.items()]


def carries_planted(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, reads: Sequence[Read]
) -> Claim:
    """Positive control: reading the unmapped operations as the investigator brings back the
    victim or the witness at least once, so the detector works on this surface."""
    leaks, seen = _protected(evidence, matcher, reads, "investigator")
    reads = _planted(reads)
    answered = [r for r in reads if r.attempt is not None]
    if not leaks:
        raise Inconclusive(
            f"The control failed: the investigator read {len(answered)} of {len(reads)} "
            "operations the profile does not map, and no answer carried the victim or the "
            "witness, so an immigration officer's answers carrying nothing would show nothing."
        )
    found = sorted({f.persona for f in leaks})
    return Claim(
        claim=f"reading the operations the profile does not map, the investigator got "
        f"{listing(found)} back",
        examined={"answers": len(answered), "bytes": seen},
        control="investigator account",
    )


def unsearched(plan: SurfacePlan, control: Sequence[Read]) -> list[str]:
    """The operations taking typed values whose answer to them was not seen: those the run
    could not fill, and those that refused every filling even to the investigator (the values
    were not taken as typed, so a refusal to the officer shows nothing)."""
    queried = {r.probe.operation.label for r in control if r.probe.query}
    understood = {
        r.probe.operation.label for r in control if r.attempt is not None and r.attempt.allowed
    }
    return [*plan.unsearched, *sorted(queried - understood)]


def none_protected(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    plan: SurfacePlan,
    reads: Sequence[Read],
    control: Sequence[Read] = (),
) -> Claim:
    """No answer the immigration officer got from an unmapped operation carries a victim or a
    witness; what could not be examined is listed with it. `control` holds the investigator's
    reads of the same probes."""
    leaks, seen = _protected(evidence, matcher, reads, "immigration_officer")
    if leaks:
        who = listing(sorted({f.persona for f in leaks}))
        raise Breach(
            f"{who[0].upper()}{who[1:]} reached an immigration officer through an operation "
            f"the target profile does not map: {located(leaks)}."
        )
    told = [
        f"{read.probe.label} for {read.probe.about} (differing in {existence.where(places)})"
        for read, places in telling(reads)
    ]
    if told:
        raise Breach(
            "An immigration officer's read of an operation the target profile does not map "
            "answered otherwise for a person on record than for people not on record, which "
            f"tells them the person is on record: {listing(told[:4])}"
            + (f" and {len(told) - 4} more." if len(told) > 4 else ".")
        )
    compared = sum(1 for r in reads if r.probe.stranger and r.attempt is not None)
    reads = _planted(reads)
    unseen_answers = unsearched(plan, control)
    if unseen_answers:
        raise Inconclusive(
            f"The query parameters of {listing(unseen_answers)} (a name or a number typed in, "
            "as into a search or suggestion box) could not be filled, or every filling was "
            "refused even to the investigator, so what an immigration officer who types in a "
            "victim's or a witness's name is answered there was not seen."
        )
    answered = [r for r in reads if r.attempt is not None]
    unseen = not_examined(plan, reads)
    if not answered:
        raise Inconclusive(
            "None of the operations the profile does not map could be read as an immigration "
            f"officer: {listing(unseen) or 'the system publishes none'}."
        )
    operations = sorted({r.probe.operation.label for r in answered})
    return Claim(
        claim=f"an immigration officer's reads of {listing(operations)} (operations the "
        "profile does not map) carried nothing about the victim or the witness",
        examined={
            "operations": len(operations),
            "answers": len(answered),
            "bytes": seen,
            "answers for people not on record": compared,
        },
        not_examined=unseen,
    )
