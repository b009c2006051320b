"""FW-22 on the reference RMS over a real socket: the retention review erases victims and
witnesses of cases closed longer ago than the schedule, keeps everyone else, and logs each
erasure (unless the FW-22 fault is on)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import requests
from _rms_client import RmsClient

from firewall_conformance.reference.retention import RETENTION_YEARS, years_before
from firewall_conformance.reference.server import ReferenceServer


class Rms(RmsClient):
    def person(self) -> str:
        body = {"family_name": f"Canary{uuid.uuid4().hex[:8]}", "given_name": "Test"}
        return self.call("POST", "/api/v1/persons", json=body).json()["person_id"]

    def case(self, *involvements: tuple[str, str]) -> str:
        body = {
            "reference": f"T/{uuid.uuid4().hex[:6]}",
            "offence": "Harassment",
            "involvements": [{"person_id": p, "role": r} for p, r in involvements],
        }
        return self.call("POST", "/api/v1/cases", json=body).json()["case_id"]

    def close(self, case_id: str, closed_on: str) -> requests.Response:
        return self.call("PUT", f"/api/v1/cases/{case_id}/closure", json={"closed_on": closed_on})

    def exists(self, person_id: str) -> bool:
        response = self.call("GET", f"/api/v1/persons/{person_id}", params={"reason": "test"})
        return response.status_code == 200

    def erasures(self) -> list[str]:
        entries, after = [], 0
        while after is not None:
            page = self.call(
                "GET", "/api/v1/audit", "auditor", params={"after": after, "limit": 500}
            ).json()
            entries += page["items"]
            after = page["next_after"]
        return [e["object"] for e in entries if e["action"] == "retention.erasure"]


def scenario(server: ReferenceServer) -> tuple[dict[str, str], list[str]]:
    rms = Rms(server)
    today = datetime.now(UTC).date()
    long_ago = years_before(today, RETENTION_YEARS + 1).isoformat()
    people = {name: rms.person() for name in ("victim", "witness", "suspect", "dual", "recent")}
    old = rms.case(
        (people["victim"], "victim"),
        (people["witness"], "witness"),
        (people["suspect"], "suspect"),
        (people["dual"], "victim"),
    )
    rms.case((people["dual"], "witness"))  # dual is also a witness in an open case
    recent = rms.case((people["recent"], "victim"))
    assert rms.close(old, long_ago).status_code == 200
    assert rms.close(recent, (today - timedelta(days=1)).isoformat()).status_code == 200
    schedule = rms.call("GET", "/api/v1/retention/schedule").json()
    assert schedule["victim_witness_years"] == RETENTION_YEARS
    review = rms.call("POST", "/api/v1/retention/reviews")
    assert review.status_code == 201, review.text
    assert set(review.json()["erased"]) == {people["victim"], people["witness"]}
    gone = {name: not rms.exists(pid) for name, pid in people.items()}
    assert gone == {
        "victim": True,
        "witness": True,
        "suspect": False,
        "dual": False,
        "recent": False,
    }
    return people, rms.erasures()


def test_review_erases_what_is_due_and_logs_each_erasure() -> None:
    with ReferenceServer() as server:
        people, erasures = scenario(server)
        assert sorted(erasures) == sorted([people["victim"], people["witness"]])
        assert Rms(server).call("POST", "/api/v1/retention/reviews").json()["erased"] == []


def test_closure_validation() -> None:
    with ReferenceServer() as server:
        rms = Rms(server)
        case = rms.case((rms.person(), "victim"))
        tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
        assert rms.close(case, tomorrow).status_code == 422
        assert rms.close("C-nope", "2001-01-01").status_code == 404
        assert rms.call("POST", "/api/v1/retention/reviews", "ie-officer").status_code == 403


def test_fw22_fault_erases_without_logging() -> None:
    with ReferenceServer(faults=["FW-22"]) as server:
        _, erasures = scenario(server)
        assert erasures == []


def test_the_adapter_tells_an_erased_record_from_a_refused_one() -> None:
    """Through the reference profile: an erased victim's record answers the investigator "not
    found" (`missing_status`), a kept one opens for it. To the immigration officer a kept
    victim's record is "not found" too, as a number no one holds is (FW-03); before, it was
    "refused", which told the officer the victim was on record."""
    from firewall_conformance.run.runner import _credentials, reference_environment
    from firewall_conformance.scenario_suite.files import reference_profile
    from firewall_conformance.targets.http import HttpTarget
    from firewall_conformance.targets.profile import load_profile

    with ReferenceServer() as server:
        people, _ = scenario(server)
        profile = load_profile(reference_profile()).with_base_url(server.base_url)
        target = HttpTarget(profile, _credentials(profile, reference_environment(server.tokens)))
        erased = target.open_record("investigator", people["victim"])
        assert (erased.allowed, erased.missing) == (False, True), erased.status
        withheld = target.open_record("immigration_officer", people["recent"])
        assert (withheld.allowed, withheld.missing) == (False, True), withheld.status
        assert target.open_record("investigator", people["recent"]).allowed
