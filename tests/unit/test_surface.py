"""The published surface: listing an OpenAPI document, diffing it with a profile, filling probes,
and the claims over what the probes brought back."""

from __future__ import annotations

import random

import pytest

from firewall_conformance.claims import surface as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import make_cast, make_persona
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.surface import (
    Operation,
    Strangers,
    declared_requests,
    operations,
    plan,
    read_all,
    strangers,
    unmapped,
)

DOCUMENT = {
    "openapi": "3.1.0",
    "paths": {
        "/api/persons": {
            "get": {"parameters": [{"name": "name", "in": "query", "required": True}]},
            "post": {},
        },
        "/api/persons/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True}],
            "get": {"parameters": [{"name": "reason", "in": "query"}]},
            "delete": {},
        },
        "/api/persons/{person_id}/card": {"get": {}},
        "/api/cases/{caseId}/summary": {"get": {}},
        "/api/cases/{case_id}/persons/{person_id}/flags": {"get": {}},
        "/api/exports/{export_id}": {"get": {}},
        "/api/directory": {"get": {"parameters": [{"name": "q", "in": "query", "required": True}]}},
        "/api/recipients": {"get": {}, "x-extension": {"get": "ignored"}},
    },
}

PROFILE = {
    "search": {"method": "GET", "path": "/api/persons", "query": {"name": "{name}"}},
    "open-record": {"method": "GET", "path": "/api/persons/{person_id}"},
    "seed-case": {
        "create_person": {"method": "POST", "path": "/api/persons"},
        "remove_person": {"method": "DELETE", "path": "/api/persons/{person_id}/"},
    },
    "export": {"download": {"method": "GET", "path": "{file}"}},
}

IDS = {"the victim": "P/1", "the witness": "P-2"}


def test_every_operation_of_the_document_is_listed_with_its_required_query():
    listed = {op.label: op for op in operations(DOCUMENT)}
    assert len(listed) == 10
    assert listed["GET /api/persons"].required_query == ("name",)
    assert listed["GET /api/persons/{id}"].required_query == ()
    assert "DELETE /api/persons/{id}" in listed


@pytest.mark.parametrize(
    "document", [{}, {"paths": {"/a": {"get": {}}}}, {"openapi": "3.0.0", "paths": {}}, [1]]
)
def test_a_document_that_is_not_openapi_or_lists_nothing_is_refused(document):
    with pytest.raises(ValueError):
        operations(document)


def test_the_profile_requests_are_found_at_any_depth():
    assert sorted(declared_requests(PROFILE)) == [
        ("DELETE", "/api/persons/{person_id}/"),
        ("GET", "/api/persons"),
        ("GET", "/api/persons/{person_id}"),
        ("GET", "{file}"),
        ("POST", "/api/persons"),
    ]


def test_unmapped_compares_method_and_template_whatever_the_placeholder_names():
    missing = {op.label for op in unmapped(operations(DOCUMENT), declared_requests(PROFILE))}
    assert missing == {
        "GET /api/persons/{person_id}/card",
        "GET /api/cases/{caseId}/summary",
        "GET /api/cases/{case_id}/persons/{person_id}/flags",
        "GET /api/exports/{export_id}",
        "GET /api/directory",
        "GET /api/recipients",
    }


def test_probes_fill_persons_and_cases_and_leave_out_what_they_cannot_with_why():
    document = {**DOCUMENT, "paths": {**DOCUMENT["paths"], "/api/notes": {"post": {}}}}
    surface = plan(operations(document), declared_requests(PROFILE), IDS, "C 9")
    probes = {(p.label, p.about) for p in surface.probes}
    assert probes == {
        ("GET /api/persons/P%2F1/card", "the victim"),
        ("GET /api/persons/P-2/card", "the witness"),
        ("GET /api/cases/C%209/summary", "the case"),
        ("GET /api/cases/C%209/persons/P%2F1/flags", "the victim"),
        ("GET /api/cases/C%209/persons/P-2/flags", "the witness"),
        ("GET /api/recipients", "no planted id"),
    }
    assert surface.left_out == {
        "GET /api/exports/{export_id}": "the run planted nothing to fill its export_id with",
        "GET /api/directory": "it needs query parameters the run has no planted value for (q)",
        "POST /api/notes": "it would write to the system, so it is not probed",
    }


# --- the claims over the reads -----------------------------------------------------------------


@pytest.fixture
def cast():
    return make_cast(random.Random(3))


def _reads(answers: dict[str, object]):
    """Reads of the card operation for each planted person, answered from `answers` by path;
    an answer that is an exception is raised, as a failed request is."""
    surface = plan([Operation("GET", "/api/persons/{person_id}/card")], [], IDS, "C1")

    def read(path: str, query: dict[str, str]) -> Attempt:
        answer = answers[path]
        if isinstance(answer, Exception):
            raise answer
        return Attempt(True, "answered 200", answer)

    return surface, read_all(surface.probes, read)


def test_the_control_needs_a_protected_person_in_some_answer(cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    victim = {"name": cast["victim"].full_name}
    _, reads = _reads({"/api/persons/P%2F1/card": victim, "/api/persons/P-2/card": {}})
    result = check.carries_planted(ScenarioEvidence(), matcher, reads)
    assert result.control == "investigator account" and "the victim" in result.claim
    _, reads = _reads({"/api/persons/P%2F1/card": {}, "/api/persons/P-2/card": "x"})
    with pytest.raises(Inconclusive, match="The control failed"):
        check.carries_planted(ScenarioEvidence(), matcher, reads)


def test_a_witness_in_any_answer_to_the_immigration_officer_is_a_breach(cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    refusal = f"<p>Forbidden: record of {cast['witness'].full_name}</p>"
    surface, reads = _reads({"/api/persons/P%2F1/card": {}, "/api/persons/P-2/card": refusal})
    with pytest.raises(Breach, match=r"The witness reached .* GET /api/persons/P-2/card"):
        check.none_protected(ScenarioEvidence(), matcher, surface, reads)


def test_a_failed_read_is_listed_as_not_examined_and_nothing_read_is_inconclusive(cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    failed = Inconclusive("The system took longer than 2 seconds to answer")
    surface, reads = _reads({"/api/persons/P%2F1/card": {"ok": 1}, "/api/persons/P-2/card": failed})
    result = check.none_protected(ScenarioEvidence(), matcher, surface, reads)
    [unseen] = result.not_examined
    assert unseen.startswith("GET /api/persons/{person_id}/card (The system took longer")
    assert result.examined["answers"] == 1
    surface, reads = _reads({"/api/persons/P%2F1/card": failed, "/api/persons/P-2/card": failed})
    with pytest.raises(Inconclusive, match="None of the operations"):
        check.none_protected(ScenarioEvidence(), matcher, surface, reads)


SUGGEST = {
    "get": {
        "parameters": [
            {"name": "q", "in": "query"},
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
            {"name": "page", "in": "query", "schema": {"type": "string"}},
            {"name": "per_page", "in": "query", "required": True},
            {"name": "scope", "in": "query", "required": True, "schema": {"enum": ["all", "open"]}},
        ]
    }
}


def _details(cast):
    return {cast[role].label: cast[role].attributes() for role in ("victim", "witness")}


def test_a_suggestion_box_is_read_with_each_planted_detail_typed_in_alone(cast):
    # Before: GET /api/suggest (q optional) was read bare, once, and GET /api/directory (q
    # required) not at all: what either hands an officer who types a victim's name was unseen.
    document = {**DOCUMENT, "paths": {**DOCUMENT["paths"], "/api/suggest": SUGGEST}}
    surface = plan(operations(document), declared_requests(PROFILE), IDS, "C 9", _details(cast))
    victim = cast["victim"]
    asked = {
        (p.operation.path, p.about): dict(p.query) for p in surface.probes if p.operation.query
    }
    typed = asked[("/api/suggest", "the victim's family name typed into q")]
    # limit and page, not needed, left out; per_page, needed, given 1; nothing typed into them
    assert typed == {"scope": "all", "per_page": "1", "q": victim.family_name}
    assert asked[("/api/directory", "the witness's phone typed into q")] == {
        "q": cast["witness"].phone
    }
    assert len(asked) == 2 * 2 * 10  # two boxes, two persons, ten details typed alone
    assert surface.unsearched == []


def test_query_parameters_are_filled_by_what_their_names_ask_for(cast):
    lookup = {
        "get": {
            "parameters": [
                {"name": "dateOfBirth", "in": "query", "required": True},
                {"name": "surname", "in": "query", "required": True},
                {"name": "caseRef", "in": "query"},
            ]
        }
    }
    surface = plan(
        operations({"openapi": "3.1.0", "paths": {"/api/lookup": lookup}}),
        [],
        IDS,
        "C 9",
        _details(cast),
    )
    victim = cast["victim"]
    [first, _] = surface.probes
    assert first.about == "the victim's date of birth, family name, case id"
    assert dict(first.query) == {
        "dateOfBirth": victim.date_of_birth,
        "surname": victim.family_name,
        "caseRef": "C 9",
    }


def test_an_operation_whose_query_cannot_be_filled_is_never_compliant_unread(cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    filtered = {
        "get": {
            "parameters": [
                {"name": "filter", "in": "query", "required": True, "schema": {"type": "object"}}
            ]
        }
    }
    document = {"openapi": "3.1.0", "paths": {"/api/filtered": filtered}}
    surface = plan(operations(document), [], IDS, "C 9", _details(cast))
    assert surface.unsearched == ["GET /api/filtered"]
    assert "cannot fill (filter)" in surface.left_out["GET /api/filtered"]
    with pytest.raises(Inconclusive, match=r"query parameters of GET /api/filtered \("):
        check.none_protected(ScenarioEvidence(), matcher, surface, [])


def test_what_the_probe_typed_in_is_not_a_leak_but_what_came_with_it_is(cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    document = {"openapi": "3.1.0", "paths": {"/api/suggest": SUGGEST}}
    victim = cast["victim"]
    surface = plan(operations(document), [], IDS, "C 9", _details(cast))

    def echoing(path: str, query: dict[str, str]) -> Attempt:
        return Attempt(True, "answered 200", {"no results for": query["q"]})

    reads = read_all(surface.probes, echoing)
    assert check.none_protected(ScenarioEvidence(), matcher, surface, reads).examined

    def suggesting(path: str, query: dict[str, str]) -> Attempt:
        found = query["q"] == victim.phone
        return Attempt(True, "answered 200", {"q": query["q"], "hit": found and victim.full_name})

    reads = read_all(surface.probes, suggesting)
    with pytest.raises(Breach, match=r"GET /api/suggest for the victim's phone typed into q"):
        check.none_protected(ScenarioEvidence(), matcher, surface, reads)


def test_a_box_that_refuses_every_filling_even_to_the_investigator_was_not_searched(cast):
    # A box whose typed values are refused to everyone (a parameter taken for something else)
    # shows nothing by refusing the officer too: not COMPLIANT.
    matcher = CanaryMatcher.for_personas(cast.values())
    document = {"openapi": "3.1.0", "paths": {"/api/suggest": SUGGEST}}
    surface = plan(operations(document), [], IDS, "C 9", _details(cast))
    refused = read_all(surface.probes, lambda path, query: Attempt(False, "answered 422", {}))
    with pytest.raises(Inconclusive, match=r"GET /api/suggest .* refused even to the investig"):
        check.none_protected(ScenarioEvidence(), matcher, surface, refused, refused)
    answered = read_all(surface.probes, lambda path, query: Attempt(True, "answered 200", []))
    assert check.none_protected(ScenarioEvidence(), matcher, surface, refused, answered).claim


def _with_strangers(cast):
    strangers = [make_persona("victim", random.Random(n), f"someone ({n})") for n in (1, 2)]
    return Strangers(
        {s.label: f"P-{n}0" for n, s in enumerate(strangers, 1)},
        {s.label: s.attributes() for s in strangers},
    )


def test_strangers_are_read_the_same_way_but_only_where_a_person_is_named(cast):
    document = {**DOCUMENT, "paths": {**DOCUMENT["paths"], "/api/suggest": SUGGEST}}
    surface = plan(
        operations(document), declared_requests(PROFILE), IDS, "C 9", _details(cast),
        _with_strangers(cast),
    )  # fmt: skip
    theirs = [p for p in surface.probes if p.stranger]
    ours = [p for p in surface.probes if not p.stranger and p.person]
    assert theirs and {p.asked for p in theirs} == {p.asked for p in ours}
    assert "/api/persons/P-10/card" in {p.path for p in theirs}
    assert all(p.operation.parameters or p.operation.query for p in theirs)


def test_an_answer_that_shows_no_one_but_differs_for_a_person_on_record_is_a_breach(cast):
    # Before: a box repeating what was typed only when someone on record bears it passed: the
    # repeat is taken out before the scan, and nothing else of the victim is in the answer.
    matcher = CanaryMatcher.for_personas(cast.values())
    document = {"openapi": "3.1.0", "paths": {"/api/suggest": SUGGEST}}
    surface = plan(operations(document), [], IDS, "C 9", _details(cast), _with_strangers(cast))
    planted = {v for role in ("victim", "witness") for v in cast[role].attributes().values()}

    def confirming(path: str, query: dict[str, str]) -> Attempt:
        return Attempt(
            True, "answered 200", {"suggestions": [query["q"]] * (query["q"] in planted)}
        )

    reads = read_all(surface.probes, confirming)
    with pytest.raises(Breach, match=r"otherwise .* people not on record.*GET /api/suggest"):
        check.none_protected(ScenarioEvidence(), matcher, surface, reads)

    def repeating(path: str, query: dict[str, str]) -> Attempt:
        return Attempt(True, "answered 200", {"suggestions": [], "for": query["q"]})

    reads = read_all(surface.probes, repeating)
    result = check.none_protected(ScenarioEvidence(), matcher, surface, reads)
    assert result.examined["answers for people not on record"] > 0


def test_strangers_get_only_numbers_the_investigator_could_not_open():
    """Was steps/surface.py; a number someone holds, or one turned away for its form, is no
    stranger's number, and without a way to open records no stranger has one."""
    people = [make_persona("victim", random.Random(n), f"someone ({n})") for n in (1, 2, 3)]
    answers = iter(
        [Attempt(True, "opened"), Attempt(False, "not found"), Attempt(False, "not found")]
    )
    asked: list[str] = []

    def open_record(number: str) -> Attempt:
        asked.append(number)
        return next(answers, Attempt(False, "no such number", rejected=True))

    found = strangers(people, "P-1234", open_record)
    assert list(found.ids.values()) == [asked[1], asked[2], ""]
    assert found.details == {p.label: p.attributes() for p in people}
    assert set(strangers(people, "P-1234", None).ids.values()) == {""}
