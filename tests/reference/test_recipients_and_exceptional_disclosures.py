"""The reference's recipient register (FW-11, FW-12), exceptional disclosures (FW-13) and
subject access with notices (FW-15), and each of their faults, over a real socket."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from _rms_client import RmsClient

from firewall_conformance.reference.server import ReferenceServer


def today() -> str:
    """Read when used, not at import: a run that crosses midnight must not compare the
    server's date with yesterday's."""
    return date.today().isoformat()


def next_year() -> str:
    return (date.today() + timedelta(days=365)).isoformat()


class Api(RmsClient):
    def __init__(self, server: ReferenceServer) -> None:
        super().__init__(server, "/api/v1")

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    # -- the domain, as a client would use it ------------------------------------------

    def register(self, name: str = "Test analytics vendor") -> str:
        return self.ok("POST", "/recipients", 201, json={"name": name})["recipient_id"]

    def approve(self, recipient_id: str, approver: str = "Chief Inspector Able") -> dict:
        body = {"recipient_class": "prosecution", "approved_by": approver}
        return self.ok("PUT", f"/recipients/{recipient_id}/approval", json=body)

    def certify(self, recipient_id: str, valid_until: str | None = None) -> dict:
        body = {
            "no_immigration_use": True,
            "no_onward_disclosure": True,
            "signed_by": "Vendor DPO",
            "signed_on": today(),
            "valid_until": valid_until or next_year(),
        }
        return self.ok("PUT", f"/recipients/{recipient_id}/certification", json=body)

    def export(self, recipient_id: str):
        body = {
            "recipient_id": recipient_id,
            "format": "csv",
            "purpose": "prosecution",
            "legal_basis": "Data Protection Act 2018 s.35(2)(b)",
        }
        return self.call("POST", "/exports", json=body)

    def disclose(self, recipient_id: str, person_ids: list[str]):
        body = {
            "person_ids": person_ids,
            "recipient_id": recipient_id,
            "purpose": "prosecution",
            "legal_basis": "Data Protection Act 2018 s.35(2)(b)",
        }
        return self.call("POST", "/disclosures", json=body)

    def person(self, family_name: str) -> str:
        return self.ok("POST", "/persons", 201, json={"family_name": family_name})["person_id"]

    def case(self, involvements: list[tuple[str, str]]) -> str:
        body = {
            "reference": "T/1",
            "offence": "Harassment",
            "involvements": [{"person_id": p, "role": r} for p, r in involvements],
        }
        return self.ok("POST", "/cases", 201, json=body)["case_id"]

    def basis(self, person_id: str, kind: str = "consent", approver: str = "Sgt Baker") -> str:
        body = {"kind": kind, "reference": "consent form CF-1", "approved_by": approver}
        path = f"/persons/{person_id}/disclosure-bases"
        return self.ok("POST", path, 201, json=body)["basis_id"]

    def exceptional(self, person_id: str, basis_id: str, recipient_id: str = "hoie"):
        body = {
            "person_id": person_id,
            "recipient_id": recipient_id,
            "basis_id": basis_id,
            "purpose": "crime-prevention",
            "legal_basis": "informed consent of the data subject",
        }
        return self.call("POST", "/exceptional-disclosures", json=body)

    def audit(self) -> list[dict]:
        return self.ok("GET", "/audit", user="auditor", params={"limit": 500})["items"]


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    with ReferenceServer() as server:
        yield Api(server)


def _with_fault(fault: str) -> Iterator[Api]:
    with ReferenceServer(faults=[fault]) as server:
        yield Api(server)


# -- FW-11, FW-12: the recipient register -------------------------------------------------


def test_seeded_recipients_are_approved_and_all_but_immigration_enforcement_certified(api):
    cps = api.ok("GET", "/recipients/cps")
    assert cps["status"] == "approved" and cps["approved_by"]
    assert cps["certification"]["signed_on"] <= today() <= cps["certification"]["valid_until"]
    hoie = api.ok("GET", "/recipients/hoie")
    assert hoie["status"] == "approved" and hoie["certification"] is None
    assert api.export("cps").status_code == 201
    assert api.export("hoie").status_code == 201  # the firewall filters it; see FW-01


def test_a_new_recipient_is_refused_until_approved_and_certified(api):
    recipient_id = api.register()
    entry = api.ok("GET", f"/recipients/{recipient_id}")
    assert entry["status"] == "pending" and entry["recipient_class"] == "unclassified"
    refused = api.export(recipient_id)
    assert refused.status_code == 403 and "approved" in refused.json()["detail"]
    api.certify(recipient_id)
    assert api.export(recipient_id).status_code == 403  # certified, still not approved
    approved = api.approve(recipient_id, approver="Chief Inspector Able")
    assert approved["status"] == "approved" and approved["approved_by"] == "Chief Inspector Able"
    made = api.export(recipient_id)
    assert made.status_code == 201 and made.json()["record_count"] > 0
    log = api.audit()
    assert any(
        e["action"] == "recipient.approved"
        and e["object"] == recipient_id
        and "Chief Inspector Able" in e["detail"]
        for e in log
    )
    assert any(
        e["action"] == "export" and e["outcome"] == "refused" and e["object"] == recipient_id
        for e in log
    )


def test_an_approved_recipient_without_a_current_certification_receives_nothing(api):
    recipient_id = api.register()
    api.approve(recipient_id)
    export = api.export(recipient_id)
    assert export.status_code == 403 and "certification" in export.json()["detail"]
    person = api.person("Uncertifiedtest")
    api.case([(person, "suspect")])
    assert api.disclose(recipient_id, [person]).status_code == 403
    api.certify(recipient_id, valid_until=(date.today() - timedelta(days=1)).isoformat())
    assert api.export(recipient_id).status_code == 403  # lapsed
    api.certify(recipient_id)
    assert api.export(recipient_id).status_code == 201


def test_a_certification_must_give_both_undertakings(api):
    recipient_id = api.register()
    body = {
        "no_immigration_use": True,
        "no_onward_disclosure": False,
        "signed_by": "x",
        "signed_on": today(),
        "valid_until": next_year(),
    }
    response = api.call("PUT", f"/recipients/{recipient_id}/certification", json=body)
    assert response.status_code == 422


def test_a_retired_recipient_receives_nothing_and_stays_in_the_register(api):
    recipient_id = api.register()
    api.approve(recipient_id)
    api.certify(recipient_id)
    assert api.export(recipient_id).status_code == 201
    assert api.call("DELETE", f"/recipients/{recipient_id}").status_code == 204
    assert api.ok("GET", f"/recipients/{recipient_id}")["status"] == "retired"
    assert api.export(recipient_id).status_code == 403
    assert api.call("GET", "/recipients/R-nosuch").status_code == 404


def test_fault_fw11_lets_bulk_exports_reach_an_uncertified_recipient():
    for api in _with_fault("FW-11"):
        recipient_id = api.register()
        api.approve(recipient_id)
        assert api.export(recipient_id).status_code == 201
        person = api.person("Faulttest")
        api.case([(person, "suspect")])
        assert api.disclose(recipient_id, [person]).status_code == 403  # still checked here


def test_fault_fw12_approves_new_recipients_by_default():
    for api in _with_fault("FW-12"):
        recipient_id = api.register()
        entry = api.ok("GET", f"/recipients/{recipient_id}")
        assert entry["status"] == "approved" and entry["recipient_class"] == "partner-agency"
        assert api.export(recipient_id).status_code == 403  # certification is still required
        api.certify(recipient_id)
        assert api.export(recipient_id).status_code == 201


# -- FW-13: exceptional disclosures --------------------------------------------------------


@pytest.fixture(scope="module")
def victims(api) -> tuple[str, str]:
    victim, other, suspect = api.person("Victimtest"), api.person("Othertest"), api.person("S")
    api.case([(victim, "victim"), (other, "witness"), (suspect, "suspect")])
    return victim, other


def test_an_exceptional_disclosure_on_a_consent_record_goes_through_and_is_logged(api, victims):
    victim, _ = victims
    basis_id = api.basis(victim, approver="Sgt Baker")
    made = api.exceptional(victim, basis_id)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["person"]["person_id"] == victim and body["approved_by"] == "Sgt Baker"
    entry = next(
        e
        for e in api.audit()
        if e["action"] == "exceptional-disclosure" and body["disclosure_id"] in e["object"]
    )
    assert entry["outcome"] == "allowed" and basis_id in entry["detail"]
    assert "Sgt Baker" in entry["detail"]


def test_an_exceptional_disclosure_without_a_fitting_basis_is_refused_and_logged(api, victims):
    victim, other = victims
    victims_basis = api.basis(victim)
    for person_id, basis_id in ((other, victims_basis), (victim, "B-madeup"), (victim, "yes")):
        refused = api.exceptional(person_id, basis_id)
        assert refused.status_code == 403, (person_id, basis_id)
    refusals = [
        e
        for e in api.audit()
        if e["action"] == "exceptional-disclosure" and e["outcome"] == "refused"
    ]
    assert {"B-madeup", "yes", victims_basis} <= {e["detail"].rsplit("=", 1)[1] for e in refusals}


def test_ordinary_disclosures_of_a_victim_to_immigration_enforcement_stay_refused(api, victims):
    victim, _ = victims
    api.basis(victim)
    assert api.disclose("hoie", [victim]).status_code == 403


def test_a_basis_must_be_of_a_listed_kind(api, victims):
    body = {"kind": "officer-discretion", "reference": "x", "approved_by": "y"}
    response = api.call("POST", f"/persons/{victims[0]}/disclosure-bases", json=body)
    assert response.status_code == 422


def test_a_safeguarding_need_no_supervisor_signed_off_is_no_basis(api, victims):
    _, witness = victims
    body = {"kind": "safeguarding", "reference": "concern SC-1, awaiting sign-off"}
    path = f"/persons/{witness}/disclosure-bases"
    basis = api.ok("POST", path, 201, json={**body, "approved_by": None})
    assert basis["approved_by"] is None
    refused = api.exceptional(witness, basis["basis_id"])
    assert refused.status_code == 403 and "signed it off" in refused.json()["detail"]
    signed = api.ok("POST", path, 201, json={**body, "approved_by": "Inspector Dale"})
    assert api.exceptional(witness, signed["basis_id"]).status_code == 201


def test_fault_fw13_accepts_any_basis_text():
    for api in _with_fault("FW-13"):
        victim = api.person("Faultvictim")
        api.case([(victim, "victim")])
        assert api.exceptional(victim, "any text at all").status_code == 201
        assert api.disclose("hoie", [victim]).status_code == 403  # FW-01 unaffected


# -- FW-15: subject access and notices -----------------------------------------------------


def _listed(api: Api, person_id: str) -> set[str]:
    answer = api.ok("GET", f"/persons/{person_id}/subject-access")
    return {r["recipient_id"] for r in answer["recipients"]}


def test_subject_access_lists_every_recipient_including_immigration_enforcement(api):
    victim = api.person("Accesstest")
    api.case([(victim, "victim")])
    assert _listed(api, victim) == set()
    assert api.disclose("cps", [victim]).status_code == 201
    assert api.exceptional(victim, api.basis(victim)).status_code == 201
    assert _listed(api, victim) == {"cps", "hoie"}


def test_a_notice_naming_the_agency_is_sent_within_three_days(api):
    victim = api.person("Noticetest")
    api.case([(victim, "victim")])
    made = api.exceptional(victim, api.basis(victim)).json()
    notices = api.ok("GET", f"/persons/{victim}/notices")["items"]
    assert [n["disclosure_id"] for n in notices] == [made["disclosure_id"]]
    notice = notices[0]
    assert notice["agency"] == "Home Office Immigration Enforcement"
    sent = datetime.fromisoformat(notice["sent_at"].replace("Z", "+00:00"))
    disclosed = datetime.fromisoformat(notice["disclosed_at"].replace("Z", "+00:00"))
    assert timedelta(0) <= sent - disclosed <= timedelta(days=3)
    assert sent <= datetime.now(UTC)


def test_a_recorded_restriction_withholds_immigration_enforcement_and_says_so(api):
    victim = api.person("Restrictedtest")
    api.case([(victim, "victim")])
    api.disclose("cps", [victim])
    api.exceptional(victim, api.basis(victim))
    body = {"reason": "would prejudice an investigation", "approved_by": "Supt Cole"}
    api.ok("POST", f"/persons/{victim}/access-restrictions", 201, json=body)
    answer = api.ok("GET", f"/persons/{victim}/subject-access")
    assert answer["restricted"] and answer["restriction_note"]
    assert {r["recipient_id"] for r in answer["recipients"]} == {"cps"}


def test_fault_fw15_leaves_immigration_enforcement_out_of_subject_access():
    for api in _with_fault("FW-15"):
        victim = api.person("Faultaccess")
        api.case([(victim, "victim")])
        api.disclose("cps", [victim])
        api.exceptional(victim, api.basis(victim))
        answer = api.ok("GET", f"/persons/{victim}/subject-access")
        assert not answer["restricted"]
        assert {r["recipient_id"] for r in answer["recipients"]} == {"cps"}


def test_fault_fw15_notice_waits_for_the_weekly_print_run():
    for api in _with_fault("FW-15/notice"):
        victim = api.person("Faultnotice")
        api.case([(victim, "victim")])
        assert api.exceptional(victim, api.basis(victim)).status_code == 201
        (notice,) = api.ok("GET", f"/persons/{victim}/notices")["items"]
        assert notice["sent_at"] is None
        due = datetime.fromisoformat(notice["due_by"].replace("Z", "+00:00"))
        disclosed = datetime.fromisoformat(notice["disclosed_at"].replace("Z", "+00:00"))
        assert due - disclosed == timedelta(days=7)
