"""Claims about who can find and open which records.

The immigration-enforcement account is tried as an adversary would: a search by every detail
the target's search accepts, every detail typed on its own into the search box (or into every
field where there is none), each record opened by other spellings of its id as well as the id
as returned, and every refusal asked again (targets/asking_again.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from firewall_conformance.claims import PROTECTED_ROLES, existence
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.record import Finding, flatten_json, scan_fields
from firewall_conformance.detect.scan import scan_document
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.recipients.ledger import without_echo
from firewall_conformance.targets.search_fields import SEARCH_BOX, SEARCH_FIELDS, spoken, typed_into
from firewall_conformance.targets.ways_of_asking import Askings
from firewall_conformance.wording.plural import listing


def _fields(searches: Sequence[Tried]) -> list[str]:
    """The search fields tried, in the harness's order (`Tried.detail` holds the field)."""
    tried = {t.detail for t in searches}
    return [f for f in SEARCH_FIELDS if f in tried]


def _found_by_investigator(searches: Sequence[Tried]) -> dict[str, bool]:
    """For each field tried, whether the investigator's search by it found every persona."""
    return {
        field: all(
            t.attempt.allowed and t.person_id in t.attempt.ids
            for t in searches
            if t.detail == field
        )
        for field in _fields(searches)
    }


def found_by_search(evidence: ScenarioEvidence, searches: Sequence[Tried]) -> Claim:
    """Positive control: an investigator's search by each field finds each planted persona.

    A field whose control fails leaves only that field unproven (the immigration officer's
    claim is then inconclusive for it); when no field's control holds, nothing is."""
    found = _found_by_investigator(searches)
    working = [f for f, ok in found.items() if ok]
    if not working:
        raise Inconclusive(
            "The control failed: an investigator's search found none of the planted persons by "
            f"{listing(map(spoken, found)) or 'any detail'}, so an immigration officer finding "
            "nothing would show nothing."
        )
    failed = [spoken(f) for f, ok in found.items() if not ok]
    personas = listing(dict.fromkeys(t.persona.label for t in searches))
    return Claim(
        claim=f"an investigator's search by {listing(map(spoken, working))} found {personas}"
        + (f" (not by {listing(failed)})" if failed else ""),
        examined={
            f"searches by {spoken(f)}": sum(t.detail == f for t in searches) for f in working
        },
        control="investigator account",
    )


def not_found_by_search(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    controls: Sequence[Tried],
    searches: Sequence[Tried],
    declared: Sequence[str],
) -> Claim:
    """An immigration officer's searches, by every declared field, return no protected
    persona: not by id, and not by any identifying planted detail in the results.

    A result that is a protected person is a breach whatever the controls say; otherwise a
    field whose control failed makes the claim inconclusive, and fields the target does not
    declare are named as not tried, never counted."""
    if not searches:
        raise Inconclusive("No search was made by the immigration officer.")
    seen = []
    for tried in searches:
        if not tried.attempt.allowed:
            continue
        report = scan_document(
            matcher, tried.attempt.body, "the immigration officer's search results"
        )
        evidence.found(report.findings, f"search for {tried.persona.label} by {tried.detail}")
        if tried.person_id in tried.attempt.ids or tried.persona.label in report.personas_found():
            seen.append(f"{tried.persona.label} by {spoken(tried.detail)} ({tried.attempt.status})")
    if seen:
        raise Breach(f"An immigration officer's search found {listing(seen)}.")
    unproven = [spoken(f) for f, ok in _found_by_investigator(controls).items() if not ok]
    unproven += [spoken(f) for f in _fields(searches) if f not in _fields(controls)]
    if unproven:
        raise Inconclusive(
            "The immigration officer's searches found nobody protected, but the investigator's "
            f"search by {listing(unproven)} did not find them either, so for that the result "
            "shows nothing."
        )
    tried_fields = _fields(searches)
    untried = [spoken(f) for f in SEARCH_FIELDS if f not in declared]
    return Claim(
        claim=(
            f"an immigration officer's search by {listing(map(spoken, tried_fields))} found "
            f"none of {listing(dict.fromkeys(t.persona.label for t in searches))}"
            + (
                f" (not tried by {listing(untried)}: the target's search does not accept it)"
                if untried
                else ""
            )
        ),
        examined={
            f"searches by {spoken(f)}": sum(t.detail == f for t in searches) for f in tried_fields
        },
    )


def _place(field: str) -> str:
    """Where a detail was typed, as an inspector reads it."""
    return "the search box" if field == SEARCH_BOX else f"the search by {spoken(field)}"


def not_found_by_one_detail(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    controls: Sequence[Tried],
    typed: Sequence[Tried],
    declared: Sequence[str],
) -> Claim:
    """No detail typed on its own into the search finds a protected persona for an immigration
    officer (`Tried.detail` holds the persona attribute typed, `Tried.into` the field).

    A system may read a date or a number typed into a name search as a search by it, past
    the firewall a search by that detail passes; a result naming the person, or carrying an
    identifying planted detail, is a breach. Otherwise the claim stands only on the fields
    whose search the investigator's control showed to work, and only if some value typed
    into them was taken: a field that turns every such value away as malformed shows
    nothing."""
    fields = typed_into(declared)
    if not fields:
        raise CapabilityMissing(
            "search", "search.fields declares no field to type a detail into on its own"
        )
    if not typed:
        raise Inconclusive("The immigration officer typed nothing into the search.")
    seen = []
    for tried in typed:
        if not tried.attempt.allowed:
            continue
        where = (
            f"{_place(tried.into)} for {tried.persona.label} by their {spoken(tried.detail)} alone"
        )
        report = scan_document(matcher, tried.attempt.body, f"the results of {where}")
        evidence.found(report.findings, where)
        if tried.person_id in tried.attempt.ids or tried.persona.label in report.personas_found():
            seen.append(
                f"{tried.persona.label} by their {spoken(tried.detail)} alone in "
                f"{_place(tried.into)} ({tried.attempt.status})"
            )
    if seen:
        raise Breach(f"An immigration officer's search found {listing(seen)}.")
    found = _found_by_investigator(controls)
    working = [f for f in fields if found.get(f, False)]
    counted = [t for t in typed if t.into in working]
    if not counted:
        raise Inconclusive(
            f"Nothing typed alone into {listing(map(_place, fields))} found anyone protected for "
            "the immigration officer, but the investigator's search by "
            f"{listing(map(spoken, fields))} did not find them either, so that silence shows "
            "nothing."
        )
    if all(t.attempt.rejected for t in counted):
        raise Inconclusive(
            f"{listing(map(_place, working)).capitalize()} turned away every detail typed into "
            "it on its own as malformed, so nothing shows what such a search would find."
        )
    personas = listing(dict.fromkeys(t.persona.label for t in counted))
    details = listing(dict.fromkeys(spoken(t.detail) for t in counted))
    rejected = sum(t.attempt.rejected for t in counted)
    return Claim(
        claim=f"no one of the {details} of {personas}, typed alone into "
        f"{listing(map(_place, working))}, found them for the immigration officer"
        + (f" ({rejected} turned away as malformed)" if rejected else ""),
        examined={
            f"searches by one detail in {_place(f)}": sum(t.into == f for t in counted)
            for f in working
        },
    )


def opened(evidence: ScenarioEvidence, matcher: CanaryMatcher, reads: Sequence[Tried]) -> Claim:
    """Positive control: the investigator can open each record, and it shows the persona."""
    failed = []
    for tried in reads:
        report = scan_document(matcher, tried.attempt.body, "the record opened by the investigator")
        if not tried.attempt.allowed or tried.persona.label not in report.personas_found():
            failed.append(tried.persona.label)
    if not reads or failed:
        raise Inconclusive(
            f"The control failed: the investigator could not open the record of "
            f"{listing(failed) or 'anyone'}, so a closed record for an immigration officer would show nothing."
        )
    return Claim(
        claim=f"the investigator opened the records of {listing([t.persona.label for t in reads])}",
        examined={"records opened": len(reads)},
        control="investigator account",
    )


def stayed_closed(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, reads: Sequence[Tried]
) -> Claim:
    """Every attempt by an immigration officer to open a protected record was refused."""
    if not reads:
        raise Inconclusive("The immigration officer did not try to open any record.")
    opened_ = []
    for tried in reads:
        if tried.attempt.allowed:
            report = scan_document(
                matcher, tried.attempt.body, "the record opened by the immigration officer"
            )
            evidence.found(report.findings, f"record of {tried.persona.label}")
            opened_.append(f"{tried.persona.label} ({tried.attempt.status})")
    if opened_:
        raise Breach(f"An immigration officer opened the record of {listing(opened_)}.")
    return Claim(
        claim=f"the immigration officer was refused the records of {listing([t.persona.label for t in reads])}",
        examined={"refused reads": len(reads)},
    )


def _not_asked(askings: Askings, read: str) -> list[str]:
    """The published options not asked of `read`, or why none were looked for."""
    return [
        *(f"the option {why}" for why in askings.unasked),
        *(
            [f"the options the system publishes for {read} ({askings.unlooked})"]
            if askings.unlooked
            else []
        ),
    ]


def respellings_stay_closed(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    reads: Sequence[Tried],
    askings: Askings | None = None,
) -> Claim:
    """No other spelling of a protected record's id, other format or option the system
    publishes for opening a record (`askings`, whose options not asked are listed) opens it
    for an immigration officer.

    Any answer (a refusal, a "not found", a redirect, an error page) that carries an
    identifying planted detail is a breach, as is a success naming the person's id; an answer
    carrying neither served nothing, whatever its status."""
    if not reads:
        raise Inconclusive("The immigration officer tried no other spelling of a record's id.")
    served = []
    for tried in reads:
        report = scan_document(
            matcher, tried.attempt.body, f"the answer to opening a record by an id {tried.detail}"
        )
        evidence.found(report.findings, f"record of {tried.persona.label} by an id {tried.detail}")
        named = (
            tried.attempt.allowed
            and tried.person_id.casefold() in str(tried.attempt.body).casefold()
        )
        if named or tried.persona.label in report.personas_found():
            served.append(
                f"{tried.persona.label} by the id {tried.detail} ({tried.attempt.status})"
            )
    if served:
        raise Breach(f"An immigration officer opened the record of {listing(served)}.")
    spellings = listing(dict.fromkeys(t.detail for t in reads))
    return Claim(
        claim=f"no other spelling of the ids of {listing(dict.fromkeys(t.persona.label for t in reads))} "
        f"opened their records for the immigration officer (ids {spellings})",
        examined={"other spellings tried": len(reads)},
        not_examined=_not_asked(askings, "opening a record") if askings else [],
    )


@dataclass
class AskedSearches:
    """The searches asked in other ways (ways_of_asking.py), by the immigration officer and by
    the investigator (the control), for the planted persons and for people not on record."""

    officer: list[Tried] = field(default_factory=list)
    officer_strangers: list[Tried] = field(default_factory=list)
    control: list[Tried] = field(default_factory=list)
    control_strangers: list[Tried] = field(default_factory=list)


def _carried(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, tried: Tried
) -> tuple[list[Finding], bool, int]:
    """What an answer to a search asked another way carries, what the search typed in taken
    out first: the planted details found, whether the person's record number (which the
    search did not type) is in it, and the bytes read."""
    source = f"the answer to a search for {tried.persona.label} {tried.detail}"
    fields = without_echo(tuple(flatten_json(tried.attempt.body, "$")), [tried.searched])
    findings = scan_fields(matcher, source, 1, list(fields))
    evidence.found(findings, source)
    number = tried.person_id.casefold()
    named = bool(number) and any(number in text.casefold() for _, text in fields)
    return findings, named, sum(len(text) for _, text in fields)


def _served(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    reads: Sequence[Tried],
    said: Callable[[Tried], str],
) -> tuple[list[str], int]:
    """The answers that carry a victim or a witness (an identifying planted detail, or the
    record number of the person asked for), each as `said` names it with its status; and the
    bytes read."""
    served, seen = [], 0
    for tried in reads:
        findings, named, size = _carried(evidence, matcher, tried)
        seen += size
        if named or any(f.role in PROTECTED_ROLES and f.identifying for f in findings):
            served.append(f"{said(tried)} ({tried.attempt.status})")
    return served, seen


def _shows(evidence: ScenarioEvidence, matcher: CanaryMatcher, tried: Tried) -> bool:
    """Whether an answer shows the person it was asked for (the control)."""
    findings, named, _ = _carried(evidence, matcher, tried)
    return named or any(f.persona == tried.persona.label and f.identifying for f in findings)


def asked_otherwise_finds_nothing(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    searches: AskedSearches,
    askings: Askings,
) -> Claim:
    """No other way of asking the search (another format, an option the system publishes)
    hands an immigration officer a victim or a witness, or tells them one is on record.

    Every answer is read whole, whatever its status (a refusal page can carry a record too),
    what the search typed in taken out first; an identifying planted detail in it, or the
    person's record number, is a breach; so is an answer that differs from the same way's
    answers for people not on record (claims/existence.py). The investigator's answers are the
    control: a way that showed the investigator no one, or whose answers did not differ for
    people on record, is named as showing nothing, as are the published options not asked."""
    reads = searches.officer
    if not reads:
        raise Inconclusive("The immigration officer asked the search no other way.")
    served, seen = _served(evidence, matcher, reads, lambda t: f"{t.persona.label} {t.detail}")
    if served:
        raise Breach(f"An immigration officer's search asked another way found {listing(served)}.")
    comparable = [t for t in reads if t.into not in existence.SHARED | {"case", "person"}]
    told = [
        f"{tried.persona.label} {tried.detail} ({tried.attempt.status}; differing in "
        f"{existence.where(places)})"
        for tried, places in existence.telling_apart(comparable, searches.officer_strangers)
    ]
    if told:
        raise Breach(
            "An immigration officer's search asked another way answered otherwise for a person "
            f"on record than for people who are not, which tells them the person is on record: "
            f"{existence.first_four(told, '')}."
        )
    ways = list(dict.fromkeys(t.detail for t in reads))
    shown = {t.detail for t in searches.control if _shows(evidence, matcher, t)}
    compared = {
        t.detail for t, _ in existence.telling_apart(searches.control, searches.control_strangers)
    }
    blind = [w for w in ways if w not in shown and w not in compared]
    return Claim(
        claim=(
            f"the immigration officer's searches for "
            f"{listing(dict.fromkeys(t.persona.label for t in reads))}, "
            f"{listing(ways)}, found none of them and answered as for people not on record"
        ),
        examined={
            "searches asked another way": len(reads),
            "answered": sum(t.attempt.allowed for t in reads),
            "bytes": seen,
            "searches for people not on record": len(searches.officer_strangers),
        },
        control="investigator account",
        not_examined=[
            *(
                f"the search {way} (the investigator's answers did not show the victim or the "
                "witness, nor differ for them, so the immigration officer's show nothing)"
                for way in blind
            ),
            *dict.fromkeys(
                f"the search {t.detail}: {t.attempt.unread}" for t in reads if t.attempt.unread
            ),
            *_not_asked(askings, "its search"),
        ],
    )


def at_once_finds_nothing(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    officer: Sequence[Tried],
    control: Sequence[Tried],
) -> Claim:
    """The immigration officer's searches made at the same moment as the investigator's
    (targets/at_once.py) carry no victim or witness: every answer read whole, whatever its
    status. The control: the investigator's searches made with them found the persons, so the
    system answered searches while they overlapped."""
    if not officer:
        raise Inconclusive("The immigration officer made no search at the same moment as another.")
    served, seen = _served(evidence, matcher, officer, lambda t: t.persona.label)
    if served:
        raise Breach(
            "An immigration officer's search made at the same moment as an investigator's "
            f"found {listing(served)}."
        )
    unshown = sorted(
        {t.persona.label for t in officer}
        - {t.persona.label for t in control if _shows(evidence, matcher, t)}
    )
    if unshown:
        raise Inconclusive(
            "The control failed: the investigator's searches made at the same moment did not "
            f"find {listing(unshown)}, so the immigration officer's finding nobody shows nothing."
        )
    return Claim(
        claim=(
            "the immigration officer's searches for "
            f"{listing(dict.fromkeys(t.persona.label for t in officer))}, made at the same "
            "moment as the investigator's, found none of them"
        ),
        examined={"searches made at the same moment": len(officer), "bytes": seen},
        control="investigator account",
    )
