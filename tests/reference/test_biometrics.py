"""The reference system's fingerprint routing (FW-18), compliant and with its fault."""

from __future__ import annotations

import pytest
from _casework_api import CaseworkApi, mentioning

from firewall_conformance.reference.server import ReferenceServer


@pytest.fixture(scope="module", params=[None, "FW-18"])
def api(request: pytest.FixtureRequest):
    with ReferenceServer(faults=[request.param] if request.param else []) as server:
        yield CaseworkApi(server)


def submit(api: CaseworkApi, case_id: str, person_id: str, kind: str) -> dict[str, bool]:
    body = {"case_id": case_id, "person_id": person_id, "kind": kind}
    return api.ok("POST", "/biometrics", 201, json=body)["immigration_check"]


def checked(api: CaseworkApi, person_id: str) -> int:
    return len(mentioning(api.audit(), "biometrics.immigration-check", person_id))


def test_arrest_prints_of_a_suspect_are_checked_and_logged(api: CaseworkApi) -> None:
    suspect = api.person()
    case_id, _ = api.case(suspect=suspect)
    assert submit(api, case_id, suspect, "arrest") == {"sent": True, "held_for_review": False}
    assert checked(api, suspect) == 1


def test_elimination_prints_are_never_checked(api: CaseworkApi) -> None:
    victim, witness = api.person(), api.person()
    case_id, _ = api.case(victim=victim, witness=witness, suspect=api.person())
    faulty = api.server.faults == {"FW-18"}
    for person in (victim, witness):
        assert submit(api, case_id, person, "elimination")["sent"] is faulty
        assert checked(api, person) == int(faulty)


def test_counter_allegation_arrest_of_a_victim_is_held_for_review(api: CaseworkApi) -> None:
    victim = api.person()
    case_id, _ = api.case("Controlling or coercive behaviour", victim=victim, suspect=api.person())
    assert submit(api, case_id, victim, "arrest") == {"sent": False, "held_for_review": True}
    assert checked(api, victim) == 0


def test_prints_of_a_person_outside_the_case_are_rejected(api: CaseworkApi) -> None:
    case_id, _ = api.case(suspect=api.person())
    body = {"case_id": case_id, "person_id": api.person(), "kind": "arrest"}
    assert api.call("POST", "/biometrics", json=body).status_code == 422
