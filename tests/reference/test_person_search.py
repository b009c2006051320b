"""Searching person records in the reference RMS by each field it accepts, over real HTTP: the
same firewall (FW-03) holds whatever an immigration officer searches by."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from _rms_client import RmsClient

from firewall_conformance.reference.server import ReferenceServer

REASON = {"reason": "reference self-test"}


@pytest.fixture(scope="module")
def client() -> Iterator[RmsClient]:
    with ReferenceServer() as server:
        yield RmsClient(server, prefix="/api/v1")


def _plant(client: RmsClient, role: str) -> tuple[str, dict[str, str]]:
    unique = uuid.uuid4().hex[:8]
    details = {
        "given_name": f"Given{unique}",
        "family_name": f"Family{unique}",
        "date_of_birth": "1931-02-03",
        "phone": f"07700 9{int(unique, 16) % 10**5:05d}",
        "passport_number": f"PP{unique.upper()}",
        "home_office_reference": f"HO{unique.upper()}",
    }
    person = client.call("POST", "/persons", json=details)
    assert person.status_code == 201, person.text
    person_id = person.json()["person_id"]
    case = client.call(
        "POST",
        "/cases",
        json={
            "reference": f"TEST/{unique}",
            "offence": "Harassment",
            "narrative": None,
            "involvements": [{"person_id": person_id, "role": role}],
        },
    )
    assert case.status_code == 201, case.text
    return person_id, details


def _found(client: RmsClient, user: str, **criteria: str) -> list[str]:
    response = client.call("GET", "/persons", user, params={**criteria, **REASON})
    assert response.status_code == 200, response.text
    return [item["person_id"] for item in response.json()["items"]]


def _by_field(details: dict[str, str]) -> dict[str, str]:
    """One search per field, each written differently from how it was recorded."""
    return {
        "family_name": details["family_name"].upper(),
        "given_name": details["given_name"].lower(),
        "date_of_birth": details["date_of_birth"],
        "phone": details["phone"].replace(" ", ""),
        "document_number": details["passport_number"].lower(),
    }


def test_an_investigator_finds_a_person_by_each_field(client: RmsClient) -> None:
    person_id, details = _plant(client, "suspect")
    for field, value in _by_field(details).items():
        assert person_id in _found(client, "officer", **{field: value}), field
    assert _found(client, "officer", document_number=details["home_office_reference"]) == [
        person_id
    ]


def test_an_immigration_officer_finds_a_suspect_but_no_victim_or_witness_by_any_field(
    client: RmsClient,
) -> None:
    suspect, suspect_details = _plant(client, "suspect")
    for field, value in _by_field(suspect_details).items():
        assert suspect in _found(client, "ie-officer", **{field: value}), field
    for role in ("victim", "witness"):
        person_id, details = _plant(client, role)
        for field, value in _by_field(details).items():
            assert person_id in _found(client, "officer", **{field: value}), field
            assert person_id not in _found(client, "ie-officer", **{field: value}), (role, field)


def test_criteria_together_must_all_hold(client: RmsClient) -> None:
    person_id, details = _plant(client, "suspect")
    assert _found(
        client, "officer", family_name=details["family_name"], phone=details["phone"]
    ) == [person_id]
    assert _found(client, "officer", family_name=details["family_name"], phone="0000") == []


@pytest.mark.parametrize(
    "params",
    [{}, {"family_name": " "}, {"phone": "no digits"}, {"date_of_birth": "3 Feb 1931"}],
)
def test_a_search_without_a_usable_criterion_is_rejected(client: RmsClient, params) -> None:
    response = client.call("GET", "/persons", params={**params, **REASON})
    assert response.status_code == 422, response.text
