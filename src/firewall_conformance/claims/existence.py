"""Whether an answer tells its reader that a person is on record, without showing the person.

A search that withholds a victim from an immigration officer but answers differently than it
does for someone nobody ever recorded — a refusal instead of an empty list, a count of one, a
"restricted" flag — tells the officer the person is known to the police, which is what the
firewall exists to hide. So the same search is made for people who are not on record (decoys,
never planted), and the answers are compared: first the two decoys' answers with each other,
so what differs between any two searches (a timestamp, a request id, the value echoed back) is
set aside, then the protected person's answer with theirs in everything else.

The control: the same comparison tells the investigator's answer for the person from the
investigator's answers for the decoys, so it can see a person on record where one is.

Opening a record by its number is compared the same way: an officer holding a number (from a
crime report, a letter, or by counting up) who is told "firewalled" for a victim's and "not
found" for a number no one holds learns who is on record. The decoys there are numbers of the
same form (targets/decoy_ids.py) the investigator could not open, and the number each answer
was asked for is taken out of it first, so "no record P-1" and "no record P-2" agree while
"record P-3 restricted" still differs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from urllib.parse import quote, unquote

from firewall_conformance.detect.record import flatten_json
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.base import Attempt
from firewall_conformance.targets.decoy_ids import no_one_holds
from firewall_conformance.targets.id_variants import id_variants
from firewall_conformance.targets.search_fields import spoken
from firewall_conformance.wording.plural import listing

DECOYS_PER_SEARCH = 2
# Fields many people share a value of (a planted given name is a real one: personas.py): a
# search by one may find strangers, whose number differs from one search to the next. Such a
# search is compared only where the investigator's answers show that it finds no one but the
# planted person, and that the value searched for a person not on record finds no one at all.
SHARED = frozenset({"date_of_birth", "given_name"})
_POSITION = re.compile(r"\[\d+\]")
_STATUS = "whether it was answered or refused"
# Headers that vary with when an answer was made, how long it took or how it travelled, not
# with what was asked; a body's length and digest are left to the body, compared itself. Two
# searches for people not on record can still agree in them (made in the same second), so
# they are never compared.
_UNCOMPARED_HEADERS = frozenset(
    {
        "age", "cf-ray", "content-length", "date", "etag", "expires", "last-modified",
        "ratelimit", "ratelimit-remaining", "ratelimit-reset", "request-id", "retry-after",
        "server-timing", "set-cookie", "traceparent", "tracestate", "via", "x-amzn-trace-id",
        "x-cache", "x-cache-hits", "x-correlation-id", "x-ratelimit-remaining",
        "x-ratelimit-reset", "x-request-id", "x-response-time", "x-runtime", "x-served-by",
        "x-trace-id",
    }
)  # fmt: skip
_ASKED = "(the number asked for)"
_Shape = Counter[tuple[str, str]]


def _unechoed(value: str, asked: Sequence[str]) -> str:
    for text in sorted(asked, key=len, reverse=True):
        value = value.replace(text, _ASKED).replace(quote(text, safe=""), _ASKED)
    return value


def _shape(attempt: Attempt, asked: Sequence[str] = ()) -> _Shape:
    """An answer, whole (a search's count beside its results too), as (place, value) pairs,
    list positions taken out of the places and `asked` (what the answer was asked for: a
    number, a typed name) out of the values; each header but those above is a place of its
    own."""
    shape: _Shape = Counter({(_STATUS, attempt.status): 1})
    answer = attempt.body if attempt.whole is None else attempt.whole
    for path, value in flatten_json(answer, "$"):
        shape[(_POSITION.sub("[]", path), _unechoed(value, asked))] += 1
    for name, value in attempt.headers.items():
        if name.lower() not in _UNCOMPARED_HEADERS:
            shape[(f"header {name.lower()}", _unechoed(value, asked))] += 1
    return shape


def _places(shape: _Shape) -> set[str]:
    return {place for place, _ in shape}


def differences(
    asked: Attempt, decoys: Sequence[Attempt], echoes: Sequence[Sequence[str]] = ()
) -> list[str]:
    """Where `asked` answers otherwise than every one of `decoys` does, leaving out the places
    in which the decoys' answers differ from each other. `echoes`, when given, are what each
    was asked for (a number, a typed name), `asked`'s first, taken out of its own answer."""
    own = list(echoes) or [()] * (len(decoys) + 1)
    shapes = [_shape(decoy, number) for decoy, number in zip(decoys, own[1:], strict=True)]
    noise = {place for a in shapes for b in shapes for place in _places((a - b) + (b - a))}
    mine = _shape(asked, own[0])
    theirs = shapes[0]
    differing = _places((mine - theirs) + (theirs - mine)) - noise
    return sorted(differing, key=lambda place: (place != _STATUS, place))


def _found_only(attempt: Attempt, planted: set[str]) -> bool:
    """Whether a search answer lists planted persons and no one else (each result's id read)."""
    body = attempt.body
    return (
        attempt.allowed
        and isinstance(body, list)
        and 0 < len(body) == len(attempt.ids)
        and set(attempt.ids) <= planted
    )


def _found_nobody(attempt: Attempt) -> bool:
    return attempt.allowed and attempt.body == []


def _by_shared_fields(
    controls: Sequence[Tried], searches: Sequence[Tried], decoys: Sequence[Tried]
) -> tuple[list[Tried], list[Tried], list[str]]:
    """The searches and decoys to compare, and the SHARED fields left out: a search by one is
    kept where the investigator's same search found only planted persons, a decoy's where the
    investigator's found no one; a field with no such search or too few such decoys is left
    out."""
    planted = {t.person_id for t in controls}
    alone = {
        (t.persona.label, t.detail)
        for t in controls
        if t.detail in SHARED and _found_only(t.attempt, planted)
    }
    nobody = {
        (d.persona.label, d.detail)
        for d in decoys
        if d.account == "investigator" and d.detail in SHARED and _found_nobody(d.attempt)
    }
    left_out = [
        field
        for field in dict.fromkeys(t.detail for t in searches if t.detail in SHARED)
        if not any((t.persona.label, field) in alone for t in searches if t.detail == field)
        or sum(1 for _, f in nobody if f == field) < DECOYS_PER_SEARCH
    ]
    kept = [
        t
        for t in searches
        if t.detail not in SHARED
        or (t.detail not in left_out and (t.persona.label, t.detail) in alone)
    ]
    usable = [d for d in decoys if d.detail not in SHARED or (d.persona.label, d.detail) in nobody]
    return kept, usable, left_out


def first_four(seen: Sequence[str], noun: str) -> str:
    """The first four of `seen` listed, and how many more there are (`noun` after the count)."""
    more = [f"{len(seen) - 4} more{noun}"] if len(seen) > 4 else []
    return listing([*seen[:4], *more])


def where(places: Sequence[str]) -> str:
    """The places an answer differed in, in plain words, the first four named."""
    named = [place if place == _STATUS else place.removeprefix("$.") for place in places[:4]]
    return listing(named) + (f" and {len(places) - 4} more places" if len(places) > 4 else "")


def _same_search(tried: Tried) -> Hashable:
    """The same account searching by the same field, from the same kind of client (a system
    may answer another client in another, harmless shape)."""
    return tried.account, tried.detail, tried.attempt.client


def _same_person(tried: Tried) -> Hashable:
    """The same account opening the same person's number, written the same way (`detail`),
    from the same kind of client."""
    return tried.account, tried.persona.label, tried.detail, tried.attempt.client


def _spellings(number: str) -> list[str]:
    """A number as an answer may repeat it: as given, and as each other spelling reads."""
    return [number, *(unquote(v.path_text).strip("./") for v in id_variants(number))]


def telling_apart(
    asked: Sequence[Tried],
    decoys: Sequence[Tried],
    alike: Callable[[Tried], Hashable] = _same_search,
    numbers: bool = False,
) -> list[tuple[Tried, list[str]]]:
    """Each attempt whose answer differs from the answers to the decoys `alike` pairs it with
    (the same search for people not on record; numbers no one holds for the same person's).
    With `numbers`, the record number each was asked for is taken out of its answer."""
    found = []
    for tried in asked:
        against = [d for d in decoys if alike(d) == alike(tried)]
        if len(against) < DECOYS_PER_SEARCH:
            continue
        asked_for = [_spellings(t.person_id) for t in (tried, *against)] if numbers else []
        places = differences(tried.attempt, [d.attempt for d in against], asked_for)
        if places:
            found.append((tried, places))
    return found


def answers_tell_nothing(
    evidence: ScenarioEvidence,
    controls: Sequence[Tried],
    searches: Sequence[Tried],
    decoys: Sequence[Tried],
) -> Claim:
    """The immigration officer's search answers for a protected person are the answers the same
    searches give for people not on record, in every place that does not differ anyway.

    A field whose control shows nothing (the investigator's answer for the person did not
    differ from theirs for the decoys) leaves the claim inconclusive for that field. A search
    by a value strangers may share is compared where the investigator's answers allow it
    (`_by_shared_fields`), and otherwise named as left out."""
    searches, decoys, left_out = _by_shared_fields(controls, searches, decoys)
    if not searches:
        raise Inconclusive(
            "The immigration officer made no search by a detail that can be compared with a "
            "search for people not on record."
        )
    personas = {t.persona.label for t in searches}
    controls = [t for t in controls if t.persona.label in personas]
    seen = [
        f"{tried.persona.label} by {spoken(tried.detail)} ({tried.attempt.status}; differing in "
        f"{where(places)})"
        for tried, places in telling_apart(searches, decoys)
    ]
    if seen:
        raise Breach(
            "An immigration officer's search answered otherwise for a person on record than for "
            f"people who are not, which tells them the person is on record: "
            f"{first_four(seen, ' searches')}."
        )
    fields = list(dict.fromkeys(t.detail for t in searches))
    shown = {t.detail for t, _ in telling_apart(controls, decoys)}
    blind = [spoken(f) for f in fields if f not in shown]
    if blind:
        raise Inconclusive(
            "The immigration officer's answers did not differ for people on record, but the "
            f"investigator's answers to the search by {listing(blind)} did not differ either, "
            "so for that the comparison shows nothing."
        )
    evidence.attach(
        "searches for people not on record",
        [{"account": d.account, "field": d.detail, "answer": d.attempt.status} for d in decoys],
    )
    unseen = (
        f" (not compared: the search by {listing(map(spoken, left_out))}, as the investigator's "
        "answers did not show that it finds no one else)"
        if left_out
        else ""
    )
    return Claim(
        claim=f"the immigration officer's searches by {listing(map(spoken, fields))} answered for "
        f"{listing(dict.fromkeys(t.persona.label for t in searches))} as they did for people "
        f"not on record, while the investigator's showed the difference{unseen}",
        examined={
            "searches compared": len(searches),
            "searches for people not on record": len(decoys),
        },
        control="investigator account",
    )


def unheld(decoys: Sequence[Tried]) -> list[Tried]:
    """The numbers no one holds: those the investigator could not open (a number it could, or
    one the system turned away by its form, is someone's or shows nothing), as tried by each
    account, at most DECOYS_PER_SEARCH per person."""
    absent = {
        (d.persona.label, d.person_id)
        for d in decoys
        if d.account == "investigator" and no_one_holds(d.attempt)
    }
    kept: list[Tried] = []
    for tried in decoys:
        pairs = sum(1 for k in kept if _same_person(k) == _same_person(tried))
        if (tried.persona.label, tried.person_id) in absent and pairs < DECOYS_PER_SEARCH:
            kept.append(tried)
    return kept


def _short_of_decoys(asked: Sequence[Tried], compared_with: Sequence[Tried]) -> None:
    """Inconclusive unless every attempt has DECOYS_PER_SEARCH numbers no one holds to be
    compared with, tried the same way."""
    short = [
        t.persona.label
        for t in asked
        if sum(1 for d in compared_with if _same_person(d) == _same_person(t)) < DECOYS_PER_SEARCH
    ]
    if short:
        raise Inconclusive(
            f"For {listing(dict.fromkeys(short))} no number of the same form was confirmed "
            "to be no one's (the investigator could open it, or none was tried), so what the "
            "immigration officer is told for a number no one holds was not seen."
        )


def respellings_tell_nothing(
    evidence: ScenarioEvidence, respellings: Sequence[Tried], decoys: Sequence[Tried]
) -> Claim:
    """Each other spelling of a protected record's number is answered to the immigration
    officer as the same spelling of numbers no one holds is (`decoys`, with the investigator's
    openings that confirm them no one's). The control is the opening's own (above)."""
    if not respellings:
        raise Inconclusive("The immigration officer tried no other spelling of a record's id.")
    compared_with = unheld(decoys)
    _short_of_decoys(respellings, compared_with)
    seen = [
        f"{tried.persona.label} by the id {tried.detail} ({tried.attempt.status}; differing in "
        f"{where(places)})"
        for tried, places in telling_apart(respellings, compared_with, _same_person, numbers=True)
    ]
    if seen:
        raise Breach(
            "An immigration officer opening a record by another spelling of its number was "
            "answered otherwise than for numbers no one holds written the same way, which tells "
            f"them the person is on record: {first_four(seen, '')}."
        )
    return Claim(
        claim="each other spelling of the numbers of "
        f"{listing(dict.fromkeys(t.persona.label for t in respellings))} was answered to the "
        "immigration officer as numbers no one holds written the same way",
        examined={"other spellings compared": len(respellings)},
    )


def openings_tell_nothing(
    evidence: ScenarioEvidence,
    controls: Sequence[Tried],
    openings: Sequence[Tried],
    decoys: Sequence[Tried],
) -> Claim:
    """The immigration officer's answer to opening a protected record is the answer the same
    account gets for numbers of the same form that no one holds (`decoys`, the investigator's
    and the officer's tries of them), in every place that does not differ anyway. The control:
    the investigator's opening of the record differs from its openings of those numbers."""
    if not openings:
        raise Inconclusive("The immigration officer did not try to open any record.")
    compared_with = unheld(decoys)
    _short_of_decoys(openings, compared_with)
    seen = [
        f"{tried.persona.label} ({tried.attempt.status}; differing in {where(places)})"
        for tried, places in telling_apart(openings, compared_with, _same_person, numbers=True)
    ]
    if seen:
        raise Breach(
            "An immigration officer opening a record by its number was answered otherwise for "
            "a person on record than for numbers of the same form that no one holds, which "
            f"tells them the person is on record: {listing(seen)}."
        )
    labels = list(dict.fromkeys(t.persona.label for t in openings))
    shown = {t.persona.label for t, _ in telling_apart(controls, compared_with, _same_person, True)}
    blind = [label for label in labels if label not in shown]
    if blind:
        raise Inconclusive(
            "The immigration officer's answers did not differ for records on file, but the "
            f"investigator's opening of the record of {listing(blind)} did not differ either "
            "from its openings of numbers no one holds, so the comparison shows nothing."
        )
    evidence.attach(
        "numbers no one holds, opened",
        [
            {"account": d.account, "number": d.person_id, "answer": d.attempt.status}
            for d in compared_with
        ],
    )
    return Claim(
        claim=f"opening the record of {listing(labels)}, the immigration officer got the same "
        "answer as for numbers of the same form that no one holds, while the investigator's "
        "openings showed the difference",
        examined={"records tried": len(openings), "numbers no one holds tried": len(compared_with)},
        control="investigator account",
    )
