"""Answers that tell an immigration officer a person is on record without showing them
(claims/existence.py): the answer for a protected person is compared with the same search's
answers for people who are not on record, leaving out what differs between any two searches."""

from __future__ import annotations

import random

import pytest

from firewall_conformance.claims import existence
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import make_cast, make_persona
from firewall_conformance.targets.attempt import Attempt

CAST = make_cast(random.Random(3))
DECOYS = [make_persona("victim", random.Random(n), f"someone not on record ({n})") for n in (1, 2)]
EMPTY = {"items": [], "total": 0}


def _answer(body: object, status: str = "accepted (200)", stamp: int = 0) -> Attempt:
    allowed = status.startswith("accepted")
    if isinstance(body, dict):  # a time stamp and the value echoed back differ every time
        body = {**body, "answered_at": f"12:00:{stamp:02d}", "query": f"q{stamp}"}
    return Attempt(allowed, status, body)


def _tried(account: str, persona, attempt: Attempt, field: str = "phone") -> Tried:
    return Tried("search", persona, "P-1", attempt, account=account, detail=field)


def _searches(account: str, answer: Attempt, field: str = "phone") -> list[Tried]:
    return [_tried(account, CAST[role], answer, field) for role in ("victim", "witness")]


def _decoys(account: str, answer: Attempt, field: str = "phone") -> list[Tried]:
    return [
        _tried(account, decoy, _answer(answer.body, answer.status, n), field)
        for n, decoy in enumerate(DECOYS, 1)
    ]


FOUND = _answer({"items": [{"id": "P-1", "name": "X"}], "total": 1}, stamp=7)
CONTROLS = _searches("investigator", FOUND)
DECOY_ANSWERS = _decoys("investigator", _answer(EMPTY)) + _decoys(
    "immigration_officer", _answer(EMPTY)
)


def _judge(officer_answer: Attempt, decoys: list[Tried] = DECOY_ANSWERS):
    return existence.answers_tell_nothing(
        ScenarioEvidence(), CONTROLS, _searches("immigration_officer", officer_answer), decoys
    )


def test_the_same_empty_answer_as_for_people_not_on_record_tells_nothing():
    result = _judge(_answer(EMPTY, stamp=9))
    assert "as they did for people not on record" in result.claim
    assert result.examined == {"searches compared": 2, "searches for people not on record": 4}


@pytest.mark.parametrize(
    ("answer", "where"),
    [
        (
            _answer({"detail": "a record matching this search is restricted"}, "refused (403)"),
            "whether it was answered or refused",
        ),
        (_answer({"items": [], "total": 1}, stamp=9), "total"),
        (_answer({"items": [], "total": 0, "withheld": True}, stamp=9), "withheld"),
        (_answer({"items": [{"restricted": True}], "total": 0}, stamp=9), "items[].restricted"),
    ],
)
def test_an_answer_that_differs_where_answers_for_strangers_agree_is_a_breach(answer, where):
    # Before: an empty list, a refusal or a count for a person on record passed, since none of
    # them holds a detail of the person.
    with pytest.raises(
        Breach, match=r"tells them the person is on record: the victim by phone"
    ) as caught:
        _judge(answer)
    assert where in str(caught.value)


def test_a_field_whose_control_cannot_tell_anyone_apart_is_inconclusive():
    # The investigator's answer for the person looks like theirs for strangers: the comparison
    # would not see a person on record even where one is.
    blind = _decoys("investigator", FOUND) + _decoys("immigration_officer", _answer(EMPTY))
    with pytest.raises(Inconclusive, match="did not differ either"):
        _judge(_answer(EMPTY, stamp=9), blind)


def _shared(answer_for, field: str = "date_of_birth") -> tuple[list[Tried], list[Tried]]:
    """The investigator's searches for the victim and the witness by a shared `field`, each
    finding the person and anyone in `answer_for` too, and both accounts' searches for the
    people not on record, which find no one."""
    controls = []
    for role in ("victim", "witness"):
        ids = [f"P-{role}", *answer_for]
        found = Attempt(True, "accepted (200)", [{"person_id": i} for i in ids], ids=ids)
        controls.append(Tried("search", CAST[role], f"P-{role}", found, detail=field))
    nobody = [
        Tried(
            "search", decoy, "", Attempt(True, "accepted (200)", [], ids=[]), account, detail=field
        )
        for account in ("investigator", "immigration_officer")
        for decoy in DECOYS
    ]
    return controls, nobody


def test_a_birth_date_search_found_no_one_else_by_is_compared_and_a_withheld_count_breaches():
    # Before: a search by date of birth was never compared, so "1 withheld" for the victim's
    # date against an empty answer for dates no one has passed.
    controls, nobody = _shared([])
    officer = [
        Tried("search", CAST[r], f"P-{r}", Attempt(True, "accepted (200)", {"withheld": 1}),
              account="immigration_officer", detail="date_of_birth")
        for r in ("victim", "witness")
    ]  # fmt: skip
    with pytest.raises(Breach, match="the victim by date of birth"):
        existence.answers_tell_nothing(ScenarioEvidence(), controls, officer, nobody)
    same = [
        Tried("search", t.persona, t.person_id, Attempt(True, "accepted (200)", []),
              account="immigration_officer", detail="date_of_birth")
        for t in officer
    ]  # fmt: skip
    claim = existence.answers_tell_nothing(ScenarioEvidence(), controls, same, nobody)
    assert "by date of birth" in claim.claim and "not compared" not in claim.claim


def test_a_shared_value_a_stranger_holds_too_is_left_out_and_alone_is_inconclusive():
    # The investigator's search by the victim's given name found someone not planted: the
    # officer's answer holds that stranger, so it cannot be compared with an empty one.
    controls, nobody = _shared(["P-stranger"], "given_name")
    officer = _searches("immigration_officer", _answer({"items": [], "total": 1}), "given_name")
    with pytest.raises(Inconclusive, match="no search by a detail that can be compared"):
        existence.answers_tell_nothing(ScenarioEvidence(), controls, officer, nobody)
    phone = _searches("immigration_officer", _answer(EMPTY, stamp=9))
    claim = existence.answers_tell_nothing(
        ScenarioEvidence(), [*controls, *CONTROLS], [*officer, *phone], [*nobody, *DECOY_ANSWERS]
    )
    assert "not compared: the search by given name" in claim.claim


def test_what_differs_between_two_strangers_answers_is_left_out():
    first, second = _answer(EMPTY, stamp=1), _answer(EMPTY, stamp=2)
    assert existence.differences(_answer(EMPTY, stamp=3), [first, second]) == []
    assert existence.differences(_answer({"items": [], "total": 2}, stamp=3), [first, second]) == [
        "$.total"
    ]


def test_a_header_telling_the_count_is_compared_but_one_telling_the_time_is_not():
    # Before: only the status and body were compared, so `X-Total-Count: 1` for the victim
    # against 0 for people not on record passed.
    def answered(count: str, date: str) -> Attempt:
        attempt = _answer(EMPTY, stamp=9)
        attempt.headers = {"X-Total-Count": count, "Date": date, "Content-Type": "json"}
        return attempt

    same_second = "Sat, 05 Dec 2026 11:00:00 GMT"
    decoys = [answered("0", same_second), answered("0", same_second)]
    later = "Sat, 05 Dec 2026 11:00:01 GMT"
    assert existence.differences(answered("0", later), decoys) == []
    assert existence.differences(answered("1", later), decoys) == ["header x-total-count"]


# --- opening a record by its number -----------------------------------------------------

VICTIM_ID, NOT_FOUND = "P-3f9c0a1b2d4e5f60", "not found (404)"


def _opened(account: str, person_id: str, attempt: Attempt) -> Tried:
    return Tried("open-record", CAST["victim"], person_id, attempt, account=account)


def _gone(person_id: str) -> Attempt:
    return Attempt(False, NOT_FOUND, {"detail": f"no person with id {person_id!r}"}, missing=True)


DECOY_IDS = ["P-4a0d1b2c3e5f6a71", "P-5b1e2c3d4f6a7b82"]
OPENING_DECOYS = [
    _opened(account, decoy, _gone(decoy))
    for account in ("investigator", "immigration_officer")
    for decoy in DECOY_IDS
]
OPENED = [_opened("investigator", VICTIM_ID, Attempt(True, "accepted (200)", {"id": VICTIM_ID}))]


def _judge_opening(answer: Attempt, decoys: list[Tried] = OPENING_DECOYS):
    officer = [_opened("immigration_officer", VICTIM_ID, answer)]
    return existence.openings_tell_nothing(ScenarioEvidence(), OPENED, officer, decoys)


def test_opening_a_protected_record_answered_as_for_a_number_nobody_holds_tells_nothing():
    result = _judge_opening(_gone(VICTIM_ID))
    assert "the same answer as for numbers of the same form that no one holds" in result.claim
    assert result.examined == {"records tried": 1, "numbers no one holds tried": 4}


@pytest.mark.parametrize(
    "answer",
    [
        # Before: a refusal naming the firewall passed, since it holds no detail of the person.
        Attempt(False, "refused (403)", {"detail": "this record is firewalled"}),
        # The same status, but words only a protected record gets, where the number is echoed.
        Attempt(False, NOT_FOUND, {"detail": f"record {VICTIM_ID!r} is restricted"}, missing=True),
    ],
)
def test_opening_a_protected_record_answered_otherwise_is_a_breach(answer):
    with pytest.raises(Breach, match="tells them the person is on record: the victim"):
        _judge_opening(answer)


def test_opening_with_no_number_confirmed_unheld_is_inconclusive():
    # The investigator could open each decoy: those numbers are someone's, so they show nothing.
    held = [
        _opened("investigator", decoy, Attempt(True, "accepted (200)", {"id": decoy}))
        for decoy in DECOY_IDS
    ]
    with pytest.raises(Inconclusive, match="no number of the same form"):
        _judge_opening(_gone(VICTIM_ID), held + OPENING_DECOYS[2:])


def test_opening_whose_control_cannot_tell_a_record_from_none_is_inconclusive():
    blind = [_opened("investigator", VICTIM_ID, _gone(VICTIM_ID))]
    officer = [_opened("immigration_officer", VICTIM_ID, _gone(VICTIM_ID))]
    with pytest.raises(Inconclusive, match="did not differ either"):
        existence.openings_tell_nothing(ScenarioEvidence(), blind, officer, OPENING_DECOYS)


def _respelled(account: str, person_id: str, attempt: Attempt) -> Tried:
    return Tried("open-record", CAST["victim"], person_id, attempt, account, detail="in lower case")


def test_another_spelling_answered_otherwise_than_the_same_spelling_of_unheld_numbers_tells():
    # Before: only a record served or a planted detail counted, so a lower-case id refused as
    # firewalled where a lower-case number no one holds is "not found" passed.
    decoys = OPENING_DECOYS + [
        _respelled("immigration_officer", d, _gone(d.lower())) for d in DECOY_IDS
    ]
    same = [_respelled("immigration_officer", VICTIM_ID, _gone(VICTIM_ID.lower()))]
    result = existence.respellings_tell_nothing(ScenarioEvidence(), same, decoys)
    assert "written the same way" in result.claim
    firewalled = Attempt(False, "refused (403)", {"detail": "this record is firewalled"})
    told = [_respelled("immigration_officer", VICTIM_ID, firewalled)]
    with pytest.raises(Breach, match="the victim by the id in lower case"):
        existence.respellings_tell_nothing(ScenarioEvidence(), told, decoys)
    with pytest.raises(Inconclusive, match="no number of the same form"):
        existence.respellings_tell_nothing(ScenarioEvidence(), told, OPENING_DECOYS)
