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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from firewall_conformance.claims._wording import listing
from firewall_conformance.detect.record import flatten_json
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.base import Attempt
from firewall_conformance.targets.search_fields import spoken

DECOYS_PER_SEARCH = 2
# Fields many people share a value of: a search by one finds strangers, whose number differs
# from one search to the next, so the comparison could show nothing there. A planted given
# name is a real one (personas.py).
UNCOMPARED = frozenset({"date_of_birth", "given_name"})
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
_Shape = Counter[tuple[str, str]]


def _shape(attempt: Attempt) -> _Shape:
    """An answer as (place, value) pairs, list positions taken out of the places; each header
    but those above is a place of its own."""
    shape: _Shape = Counter({(_STATUS, attempt.status): 1})
    for path, value in flatten_json(attempt.body, "$"):
        shape[(_POSITION.sub("[]", path), value)] += 1
    for name, value in attempt.headers.items():
        if name.lower() not in _UNCOMPARED_HEADERS:
            shape[(f"header {name.lower()}", value)] += 1
    return shape


def _places(shape: _Shape) -> set[str]:
    return {place for place, _ in shape}


def differences(asked: Attempt, decoys: Sequence[Attempt]) -> list[str]:
    """Where `asked` answers otherwise than every one of `decoys` does, leaving out the places
    in which the decoys' answers differ from each other."""
    shapes = [_shape(decoy) for decoy in decoys]
    noise = {place for a in shapes for b in shapes for place in _places((a - b) + (b - a))}
    mine = _shape(asked)
    theirs = shapes[0]
    differing = _places((mine - theirs) + (theirs - mine)) - noise
    return sorted(differing, key=lambda place: (place != _STATUS, place))


def compared(fields: Sequence[str]) -> list[str]:
    """The search fields whose answers are compared with the answers for people not on record."""
    return [field for field in fields if field not in UNCOMPARED]


def _where(places: Sequence[str]) -> str:
    named = [place if place == _STATUS else place.removeprefix("$.") for place in places[:4]]
    return listing(named) + (f" and {len(places) - 4} more places" if len(places) > 4 else "")


def _decoys_for(tried: Tried, decoys: Sequence[Tried]) -> list[Attempt]:
    return [d.attempt for d in decoys if d.account == tried.account and d.detail == tried.detail]


def _telling(searches: Sequence[Tried], decoys: Sequence[Tried]) -> list[tuple[Tried, list[str]]]:
    """Each search whose answer differs from the same search's for people not on record."""
    found = []
    for tried in searches:
        against = _decoys_for(tried, decoys)
        if len(against) < DECOYS_PER_SEARCH:
            continue
        places = differences(tried.attempt, against)
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
    differ from theirs for the decoys) leaves the claim inconclusive for that field."""
    searches = [t for t in searches if t.detail in compared([t.detail])]
    if not searches:
        raise Inconclusive(
            "The immigration officer made no search by a detail that can be compared with a "
            "search for people not on record."
        )
    personas = {t.persona.label for t in searches}
    controls = [t for t in controls if t.persona.label in personas]
    seen = [
        f"{tried.persona.label} by {spoken(tried.detail)} ({tried.attempt.status}; differing in "
        f"{_where(places)})"
        for tried, places in _telling(searches, decoys)
    ]
    if seen:
        more = f"{len(seen) - 4} more searches" if len(seen) > 4 else None
        raise Breach(
            "An immigration officer's search answered otherwise for a person on record than for "
            f"people who are not, which tells them the person is on record: "
            f"{listing(seen[:4] + ([more] if more else []))}."
        )
    fields = list(dict.fromkeys(t.detail for t in searches))
    shown = {t.detail for t, _ in _telling(controls, decoys)}
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
    return Claim(
        claim=f"the immigration officer's searches by {listing(map(spoken, fields))} answered for "
        f"{listing(dict.fromkeys(t.persona.label for t in searches))} as they did for people "
        "not on record, while the investigator's showed the difference",
        examined={
            "searches compared": len(searches),
            "searches for people not on record": len(decoys),
        },
        control="investigator account",
    )
