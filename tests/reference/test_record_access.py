"""Looking up person records in the reference RMS (FW-05), over real HTTP: a reason for every
search and read, every look-up logged with who, when and why, and the log for auditors only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from _rms_client import RmsClient

from firewall_conformance.reference.server import ReferenceServer


class Client(RmsClient):
    def person(self) -> tuple[str, str]:
        family = f"Lookup{uuid.uuid4().hex[:10]}"
        response = self.call(
            "POST", "/api/v1/persons", json={"family_name": family, "given_name": "Test"}
        )
        assert response.status_code == 201, response.text
        return response.json()["person_id"], family

    def audit(self) -> list[dict[str, Any]]:
        response = self.call("GET", "/api/v1/audit", "auditor", params={"limit": 500})
        assert response.status_code == 200, response.text
        entries, after = response.json()["items"], response.json()["next_after"]
        while after is not None:
            page = self.call(
                "GET", "/api/v1/audit", "auditor", params={"after": after, "limit": 500}
            ).json()
            entries += page["items"]
            after = page["next_after"]
        return entries


@pytest.fixture(scope="module")
def clean() -> Iterator[Client]:
    with ReferenceServer() as server:
        yield Client(server)


@pytest.fixture(scope="module")
def faulty() -> Iterator[Client]:
    with ReferenceServer(faults={"FW-05"}) as server:
        yield Client(server)


def test_a_look_up_with_a_reason_is_logged_with_who_when_and_why(clean: Client) -> None:
    person_id, family = clean.person()
    reason = f"checking an alibi {uuid.uuid4().hex[:6]}"
    found = clean.call("GET", "/api/v1/persons", params={"name": family, "reason": reason})
    assert found.status_code == 200 and found.json()["total"] == 1
    opened = clean.call("GET", f"/api/v1/persons/{person_id}", params={"reason": reason})
    assert opened.status_code == 200
    logged = [e for e in clean.audit() if e["purpose"] == reason]
    assert [(e["action"], e["outcome"], e["object"]) for e in logged] == [
        ("person.search", "allowed", person_id),
        ("person.read", "allowed", person_id),
    ]
    assert all(e["actor"] == "officer" and e["at"].endswith("Z") for e in logged)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_look_up_without_a_reason_is_refused_and_the_refusal_logged(
    clean: Client, reason: str | None
) -> None:
    person_id, family = clean.person()
    params = {} if reason is None else {"reason": reason}
    search = clean.call("GET", "/api/v1/persons", params={"name": family, **params})
    read = clean.call("GET", f"/api/v1/persons/{person_id}", params=params)
    assert search.status_code == read.status_code == 403
    assert "reason" in search.json()["detail"]
    entries = clean.audit()
    assert any(
        e["action"] == "person.search" and e["outcome"] == "refused" and family in e["detail"]
        for e in entries
    )
    assert any(
        e["action"] == "person.read" and e["outcome"] == "refused" and e["object"] == person_id
        for e in entries
    )


@pytest.mark.parametrize("user", ["officer", "analyst", "ie-officer"])
def test_operational_users_cannot_read_the_audit_log(clean: Client, user: str) -> None:
    assert clean.call("GET", "/api/v1/audit", user).status_code == 403
    assert clean.call("GET", "/api/v1/audit", "auditor").status_code == 200


def test_fault_fw05_lets_a_look_up_through_without_a_reason(faulty: Client) -> None:
    person_id, family = faulty.person()
    assert faulty.call("GET", "/api/v1/persons", params={"name": family}).status_code == 200
    assert faulty.call("GET", f"/api/v1/persons/{person_id}").status_code == 200
    read = [e for e in faulty.audit() if e["action"] == "person.read" and e["object"] == person_id]
    assert [(e["outcome"], e["purpose"]) for e in read] == [("allowed", None)]
