"""The FW-03 claims over searches by every field and other spellings of an id."""

from __future__ import annotations

import random

import pytest

from firewall_conformance.claims import access as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.search_fields import name_spellings
from firewall_conformance.targets.ways_of_asking import Askings
from tests.unit.fixed_person import person

CAST = make_cast(random.Random(7))
VICTIM = CAST["victim"]
MATCHER = CanaryMatcher.for_personas(CAST.values())


def _search(field: str, found: bool, account: str = "investigator") -> Tried:
    item = {"person_id": "P-1", "family_name": VICTIM.family_name}
    attempt = Attempt(True, "accepted (200)", [item] if found else [], ["P-1"] if found else [])
    return Tried("search", VICTIM, "P-1", attempt, account=account, detail=field)


def test_a_field_whose_control_fails_is_named_and_leaves_the_claim_inconclusive() -> None:
    controls = [_search("full_name", True), _search("phone", False)]
    control = check.found_by_search(ScenarioEvidence(), controls)
    assert "not by phone" in control.claim
    searches = [_search(f, False, "immigration_officer") for f in ("full_name", "phone")]
    with pytest.raises(Inconclusive, match="by phone did not find them"):
        check.not_found_by_search(
            ScenarioEvidence(), MATCHER, controls, searches, ["full_name", "phone"]
        )


def test_no_working_control_is_inconclusive() -> None:
    with pytest.raises(Inconclusive, match="The control failed"):
        check.found_by_search(ScenarioEvidence(), [_search("phone", False)])


def test_a_protected_person_found_by_any_field_is_a_breach_naming_it_even_if_a_control_failed() -> (
    None
):
    controls = [_search("full_name", True), _search("phone", False)]
    searches = [
        _search("full_name", False, "immigration_officer"),
        _search("family_name", True, "immigration_officer"),
    ]
    with pytest.raises(Breach, match="found the victim by family name"):
        check.not_found_by_search(
            ScenarioEvidence(), MATCHER, controls, searches, ["full_name", "family_name", "phone"]
        )


def test_a_clean_claim_names_the_fields_tried_and_those_the_target_does_not_accept() -> None:
    controls = [_search("full_name", True), _search("family_name", True)]
    searches = [_search(f, False, "immigration_officer") for f in ("full_name", "family_name")]
    result = check.not_found_by_search(
        ScenarioEvidence(), MATCHER, controls, searches, ["full_name", "family_name"]
    )
    assert result.examined == {"searches by full name": 1, "searches by family name": 1}
    assert "not tried by given name, date of birth, phone and document number" in result.claim


def _spelling(status: int, body: object) -> Tried:
    attempt = Attempt(200 <= status < 300, f"answered {status}", body)
    return Tried("open-record", VICTIM, "P-1", attempt, "immigration_officer", detail="zero-padded")


def test_a_refusal_or_not_found_that_carries_nothing_is_closed_whatever_its_status() -> None:
    reads = [_spelling(404, {"detail": "no person with id 'P-01'"}), _spelling(307, "")]
    assert check.respellings_stay_closed(ScenarioEvidence(), MATCHER, reads).examined == {
        "other spellings tried": 2
    }


@pytest.mark.parametrize(
    "status, body",
    [
        (200, {"person_id": "p-1"}),
        (403, {"detail": "refused", "record": {"family_name": VICTIM.family_name}}),
        (200, {"passport": VICTIM.passport_number}),
    ],
)
def test_an_answer_carrying_the_person_is_a_breach_naming_the_spelling(status, body) -> None:
    with pytest.raises(Breach, match="by the id zero-padded"):
        check.respellings_stay_closed(ScenarioEvidence(), MATCHER, [_spelling(status, body)])


def test_no_spelling_tried_is_inconclusive() -> None:
    with pytest.raises(Inconclusive):
        check.respellings_stay_closed(ScenarioEvidence(), MATCHER, [])


def _typed(
    detail: str, results: list[dict], status: str = "accepted (200)", into: str = "full_name"
) -> Tried:
    attempt = Attempt(True, status, results, [str(r.get("person_id")) for r in results])
    return Tried("search", VICTIM, "P-1", attempt, "immigration_officer", detail=detail, into=into)


def _turned_away(detail: str, into: str) -> Tried:
    attempt = Attempt(False, "value not accepted (422)", {"error": "malformed"}, rejected=True)
    return Tried("search", VICTIM, "P-1", attempt, "immigration_officer", detail=detail, into=into)


def _box_claim(typed: list[Tried], controls: list[Tried] | None = None, declared=("full_name",)):
    controls = [_search("full_name", True)] if controls is None else controls
    return check.not_found_by_one_detail(ScenarioEvidence(), MATCHER, controls, typed, declared)


@pytest.mark.parametrize(
    "results",
    [
        [{"person_id": "P-1", "date_of_birth": VICTIM.date_of_birth}],
        [{"person_id": "P-9", "given_name": VICTIM.given_name, "family_name": VICTIM.family_name}],
    ],
)
def test_a_detail_typed_alone_into_the_box_that_finds_the_person_is_a_breach(results) -> None:
    typed = [_typed("family_name", []), _typed("date_of_birth", results)]
    with pytest.raises(Breach, match="found the victim by their date of birth alone"):
        _box_claim(typed)


def test_a_box_that_finds_no_one_protected_is_a_claim_counting_every_detail_typed() -> None:
    stranger = {"person_id": "P-7", "family_name": "Zzyzx", "date_of_birth": VICTIM.date_of_birth}
    typed = [_typed("family_name", []), _typed("date_of_birth", [stranger])]
    result = _box_claim(typed)
    assert result.examined == {"searches by one detail in the search box": 2}
    assert "family name and date of birth of the victim" in result.claim


def test_a_box_whose_full_name_control_failed_shows_nothing() -> None:
    with pytest.raises(Inconclusive, match="did not find them either"):
        _box_claim([_typed("phone", [])], controls=[_search("full_name", False)])


def test_nothing_typed_into_the_box_is_inconclusive() -> None:
    with pytest.raises(Inconclusive):
        _box_claim([], declared=("full_name",))


def test_a_search_with_no_field_leaves_the_claim_not_tested() -> None:
    with pytest.raises(CapabilityMissing, match="no field to type a detail into"):
        _box_claim([], declared=())


NO_BOX = ("family_name", "date_of_birth")
FIELD_CONTROLS = [_search("family_name", True), _search("date_of_birth", True)]


def test_with_no_box_a_detail_typed_into_another_field_that_finds_the_person_is_a_breach() -> None:
    """Before: NOT TESTED (no search box to type into), so FW-03 could never be COMPLIANT
    through a search taking one field per query, nor catch a field matched too widely."""
    leak = [{"person_id": "P-1", "family_name": VICTIM.family_name}]
    typed = [_typed("phone", [], into="date_of_birth"), _typed("phone", leak, into="family_name")]
    with pytest.raises(Breach, match="phone alone in the search by family name"):
        _box_claim(typed, controls=FIELD_CONTROLS, declared=NO_BOX)


def test_with_no_box_the_claim_counts_each_field_and_what_was_turned_away() -> None:
    typed = [
        _typed("phone", [], into="family_name"),
        _turned_away("phone", "date_of_birth"),
        _typed("date_of_birth", [], into="date_of_birth"),
    ]
    result = _box_claim(typed, controls=FIELD_CONTROLS, declared=NO_BOX)
    assert result.examined == {
        "searches by one detail in the search by family name": 1,
        "searches by one detail in the search by date of birth": 2,
    }
    assert "(1 turned away as malformed)" in result.claim


def test_a_field_that_turns_every_detail_away_shows_nothing() -> None:
    typed = [_turned_away("phone", "family_name"), _turned_away("email", "date_of_birth")]
    with pytest.raises(Inconclusive, match="turned away every detail"):
        _box_claim(typed, controls=FIELD_CONTROLS, declared=NO_BOX)


def test_fields_whose_control_failed_are_left_out_of_the_claim() -> None:
    controls = [_search("family_name", False), _search("date_of_birth", True)]
    typed = [_typed("phone", [], into="family_name"), _typed("phone", [], into="date_of_birth")]
    result = _box_claim(typed, controls=controls, declared=NO_BOX)
    assert result.examined == {"searches by one detail in the search by date of birth": 1}


def test_a_name_is_also_searched_as_other_clients_spell_it() -> None:
    victim = person("Bakofadi")
    assert name_spellings(victim, "full_name") == [
        "QIU BAKOFADI",
        "qiu bakofadi",
        " Qiu Bakofadi ",
        "Bakofadi, Qiu",
    ]
    assert name_spellings(victim, "family_name") == ["BAKOFADI", "bakofadi", " Bakofadi "]


STRANGERS = list(make_cast(random.Random(8)).values())[:2]


def _asked(
    status: int,
    body: object,
    way: str = "asked for as CSV",
    searched: str = "",
    account: str = "immigration_officer",
    persona=VICTIM,
    person_id: str = "P-1",
) -> Tried:
    attempt = Attempt(200 <= status < 300, f"answered {status}", body)
    return Tried(
        "search",
        persona,
        person_id,
        attempt,
        account,
        detail=way,
        searched=searched or persona.full_name,
        into="full_name",
    )


def _searches(
    officer: list[Tried],
    control: list[Tried] | None = None,
    officer_body: object = "",
    control_body: object = "",
    status: int = 200,
) -> check.AskedSearches:
    """The officer's and the investigator's searches, and each way asked for two strangers
    (answered `status`)."""
    ways = dict.fromkeys(t.detail for t in officer)
    return check.AskedSearches(
        officer,
        [_asked(status, officer_body, w, persona=p, person_id="") for w in ways for p in STRANGERS],
        control if control is not None else [],
        [
            _asked(status, control_body, w, account="investigator", persona=p, person_id="")
            for w in ways
            for p in STRANGERS
        ],
    )


def _investigator_found() -> list[Tried]:
    row = f"P-1,{VICTIM.given_name},{VICTIM.family_name},{VICTIM.date_of_birth}"
    return [_asked(200, row, account="investigator")]


def test_a_search_asked_another_way_that_echoes_only_what_was_typed_finds_nothing() -> None:
    result = check.asked_otherwise_finds_nothing(
        ScenarioEvidence(),
        MATCHER,
        _searches([_asked(200, "")], _investigator_found()),
        Askings([], unasked=["limit (no value to ask it with)"]),
    )
    assert result.examined["searches asked another way"] == 1
    assert result.examined["searches for people not on record"] == 2
    assert result.not_examined == ["the option limit (no value to ask it with)"]


def test_a_way_that_shows_the_investigator_nothing_is_named_as_showing_nothing() -> None:
    refused = {"detail": "text/csv is not offered"}
    result = check.asked_otherwise_finds_nothing(
        ScenarioEvidence(),
        MATCHER,
        _searches(
            [_asked(406, refused)],
            [_asked(406, refused, account="investigator")],
            officer_body=refused,
            control_body=refused,
            status=406,
        ),
        Askings([]),
    )
    assert result.examined["answered"] == 0
    assert result.not_examined == [
        "the search asked for as CSV (the investigator's answers did not show the victim or "
        "the witness, nor differ for them, so the immigration officer's show nothing)"
    ]


def test_a_search_asked_another_way_that_carries_a_victim_is_a_breach_whatever_its_status() -> None:
    page = f"person_id,date_of_birth\r\nP-9,{VICTIM.date_of_birth}\r\n{VICTIM.phone}\r\n"
    with pytest.raises(Breach, match=r"the victim asked for as CSV \(answered 403\)"):
        check.asked_otherwise_finds_nothing(
            ScenarioEvidence(), MATCHER, _searches([_asked(403, page)]), Askings([])
        )


def test_the_record_number_in_an_answer_to_a_search_that_did_not_type_it_is_a_breach() -> None:
    with pytest.raises(Breach, match="by case_id"):
        check.asked_otherwise_finds_nothing(
            ScenarioEvidence(),
            MATCHER,
            _searches([_asked(200, {"items": [{"id": "p-1"}]}, "by case_id", "C-4")]),
            Askings([]),
        )


def test_an_answer_that_differs_only_for_a_person_on_record_tells_them_so() -> None:
    empty = {"items": [], "withheld": 0}
    with pytest.raises(Breach, match=r"tells them the person is on record: the victim with"):
        check.asked_otherwise_finds_nothing(
            ScenarioEvidence(),
            MATCHER,
            _searches(
                [_asked(200, {"items": [], "withheld": 1}, "with sort=date_of_birth")],
                officer_body=empty,
            ),
            Askings([]),
        )


def test_options_never_looked_for_are_said_and_no_search_asked_is_inconclusive() -> None:
    result = check.asked_otherwise_finds_nothing(
        ScenarioEvidence(),
        MATCHER,
        _searches([_asked(200, [])], _investigator_found(), officer_body=[]),
        Askings([], unlooked="the target profile names no OpenAPI document"),
    )
    assert result.not_examined == [
        "the options the system publishes for its search (the target profile names no OpenAPI "
        "document)"
    ]
    with pytest.raises(Inconclusive, match="asked the search no other way"):
        check.asked_otherwise_finds_nothing(
            ScenarioEvidence(), MATCHER, check.AskedSearches(), Askings([])
        )


def test_a_paged_search_asked_another_way_says_only_its_first_page_was_read() -> None:
    first_page = _asked(200, [])
    first_page.attempt.unread = "only its first page was read"
    result = check.asked_otherwise_finds_nothing(
        ScenarioEvidence(),
        MATCHER,
        _searches([first_page], _investigator_found(), officer_body=[]),
        Askings([]),
    )
    assert result.not_examined == ["the search asked for as CSV: only its first page was read"]
