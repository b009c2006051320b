"""The reference system's crime-report intake and victim-services referral (FW-20),
compliant and with its fault."""

from __future__ import annotations

import pytest
from _casework_api import CaseworkApi, mentioning

from firewall_conformance.reference.server import ReferenceServer


@pytest.fixture(scope="module", params=[None, "FW-20"])
def api(request: pytest.FixtureRequest):
    with ReferenceServer(faults=[request.param] if request.param else []) as server:
        yield CaseworkApi(server)


def report(api: CaseworkApi, **reporter: str | None):
    body = {
        "offence": "Theft from the person",
        "account": "My phone was snatched.",
        "reporter": {"family_name": "Reporter", **reporter},
    }
    return api.call("POST", "/crime-reports", json=body)


def test_a_report_with_full_details_is_taken_and_raises_a_victim_task(api: CaseworkApi) -> None:
    taken = report(
        api,
        nationality="Eritrean",
        immigration_status="asylum claim pending",
        identity_document="ER7654321",
    )
    assert taken.status_code == 201, taken.text
    case_id, person_id = taken.json()["case_id"], taken.json()["person_id"]
    tasks = api.ok("GET", f"/cases/{case_id}/tasks")["items"]
    assert [(t["person_id"], t["kind"]) for t in tasks] == [(person_id, "victim-needs-assessment")]


@pytest.mark.parametrize(
    ("nationality", "status"),
    [("Eritrean", "unknown"), ("British", "British citizen"), (None, "unknown")],
)
def test_no_document_is_demanded_whatever_the_status(
    api: CaseworkApi, nationality: str | None, status: str | None
) -> None:
    taken = report(api, nationality=nationality, immigration_status=status)
    entries = api.audit()
    if api.server.faults == {"FW-20"} and nationality != "British":
        assert taken.status_code == 422
        assert taken.json()["detail"][0]["loc"] == ["body", "reporter", "identity_document"]
        assert entries[-1]["action"] == "crime-report.received"
        assert entries[-1]["outcome"] == "refused"
        return
    assert taken.status_code == 201, taken.text
    case_id, person_id = taken.json()["case_id"], taken.json()["person_id"]
    assert mentioning(entries, "crime-report.received", person_id)
    body = {"case_id": case_id, "person_id": person_id}
    referral = api.ok("POST", "/victim-services/referrals", 201, json=body)["referral_id"]
    assert mentioning(api.audit(), "referral", referral)
