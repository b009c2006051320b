"""The reference system's tasks (FW-16), e-mail gateway (FW-17), safeguarding referrals (FW-19)
and referral actions (FW-23), compliant and with each fault, over a real socket."""

from __future__ import annotations

import pytest
from _casework_api import CaseworkApi, mentioning

from firewall_conformance.reference.server import ReferenceServer

IE_ADDRESS = "police-contact-line@ie.homeoffice.example.gov.uk"
CPS_ADDRESS = "casework@cps.example.gov.uk"


@pytest.fixture(scope="module", params=[None, "FW-16", "FW-17", "FW-19", "FW-23"])
def api(request: pytest.FixtureRequest):
    with ReferenceServer(faults=[request.param] if request.param else []) as server:
        yield CaseworkApi(server)


def fault(api: CaseworkApi) -> str | None:
    return next(iter(api.server.faults), None)


def test_tasks_follow_roles_never_nationality(api: CaseworkApi) -> None:
    victim = api.person(nationality="Eritrean")
    witness = api.person(nationality="British")
    suspect = api.person(nationality="Albanian")
    case_id, _ = api.case(victim=victim, witness=witness, suspect=suspect)
    tasks = api.ok("GET", f"/cases/{case_id}/tasks")["items"]
    kinds = {(t["person_id"], t["kind"]) for t in tasks}
    assert (victim, "victim-needs-assessment") in kinds
    assert (suspect, "suspect-enquiries") in kinds
    ie_tasks = [t for t in tasks if t["kind"] == "refer-to-immigration-enforcement"]
    notices = [e for e in api.audit() if e["recipient_id"] == "hoie" and victim in e["object"]]
    if fault(api) == "FW-16":
        assert [t["person_id"] for t in ie_tasks] == [victim]  # the British witness is spared
        assert len(notices) == 1
    else:
        assert ie_tasks == [] and notices == []


def test_a_person_recorded_in_a_case_later_raises_the_same_tasks(api: CaseworkApi) -> None:
    """Old behaviour: only the persons given as a case was created raised tasks, so on a
    system that attaches persons by a second call (the casebook) no task was ever raised and
    FW-16 could not be tested; the task rules now run whenever a person joins a case."""
    victim = api.person(nationality="Eritrean")
    case_id, _ = api.case()
    api.ok(
        "POST", f"/cases/{case_id}/involvements", 201, json={"person_id": victim, "role": "victim"}
    )
    kinds = [t["kind"] for t in api.ok("GET", f"/cases/{case_id}/tasks")["items"]]
    assert "victim-needs-assessment" in kinds
    referral = "refer-to-immigration-enforcement"
    assert (referral in kinds) == (fault(api) == "FW-16")
    again = api.ok(
        "POST", f"/cases/{case_id}/involvements", 201, json={"person_id": victim, "role": "victim"}
    )
    assert again and len(api.ok("GET", f"/cases/{case_id}/tasks")["items"]) == len(kinds)


def test_tasks_of_an_unknown_case_are_not_found(api: CaseworkApi) -> None:
    assert api.call("GET", "/cases/C-nosuchcase/tasks").status_code == 404


def test_mail_quoting_a_case_is_a_disclosure_to_whoever_receives_it(api: CaseworkApi) -> None:
    suspect = api.person()
    case_id, reference = api.case(suspect=suspect)
    for address, recipient in ((CPS_ADDRESS, "cps"), (IE_ADDRESS, "hoie")):
        sent = api.ok(
            "POST", "/mail", 201, json={"to": address, "subject": f"Re {reference}", "body": "x"}
        )
        recorded = [
            e
            for e in mentioning(api.audit(), "mail.disclosure", sent["message_id"])
            if e["recipient_id"] == recipient and case_id in e["object"]
        ]
        expected = not (fault(api) == "FW-17" and recipient == "hoie")
        assert sent["recorded_as_disclosure"] is expected
        assert len(recorded) == int(expected), (address, recorded)


def test_mail_without_a_case_reference_is_only_logged_as_sent(api: CaseworkApi) -> None:
    sent = api.ok("POST", "/mail", 201, json={"to": IE_ADDRESS, "subject": "Hello", "body": ""})
    assert not sent["recorded_as_disclosure"]
    assert mentioning(api.audit(), "mail.sent", sent["message_id"])


def test_referrals_are_marked_and_carry_no_status(api: CaseworkApi) -> None:
    victim = api.person(
        given_name="Abeba",
        nationality="Eritrean",
        immigration_status="no leave to remain",
        passport_number="ER1234567",
        phone="07700 900123",
    )
    case_id, _ = api.case(victim=victim)
    for scheme in ("mash", "nrm"):
        body = {"case_id": case_id, "person_id": victim, "scheme": scheme}
        payload = api.ok("POST", "/referrals", 201, json=body)["payload"]
        assert "NOT FOR IMMIGRATION USE" in payload["handling"]
        assert payload["person"]["phone"] == "07700 900123"
        status_fields = {"nationality", "immigration_status", "passport_number"}
        if fault(api) == "FW-19":
            assert status_fields <= payload["person"].keys()
        else:
            assert not status_fields & payload["person"].keys()
            assert "Eritrean" not in str(payload) and "ER1234567" not in str(payload)


def test_referral_of_a_person_not_in_the_case_is_rejected(api: CaseworkApi) -> None:
    stranger = api.person()
    case_id, _ = api.case(suspect=api.person())
    body = {"case_id": case_id, "person_id": stranger, "scheme": "mash"}
    assert api.call("POST", "/referrals", json=body).status_code == 422


@pytest.mark.parametrize("status", ["unknown", "doubted"])
def test_domestic_abuse_victim_is_signposted_never_referred(api: CaseworkApi, status: str) -> None:
    victim = api.person(immigration_status=status)
    suspect = api.person()
    case_id, _ = api.case("Controlling or coercive behaviour", victim=victim, suspect=suspect)

    def offered(person: str) -> dict[str, bool]:
        actions = api.ok("GET", f"/cases/{case_id}/persons/{person}/actions")["actions"]
        return {name: action["offered"] for name, action in actions.items()}

    assert offered(suspect)["refer-to-immigration-enforcement"]
    body = {"case_id": case_id, "person_id": victim}
    referable = fault(api) == "FW-23" and status == "unknown"
    assert offered(victim) == {
        "refer-to-immigration-enforcement": referable,
        "signpost-independent-advice": True,
    }
    referral = api.call("POST", "/immigration-referrals", json=body)
    assert referral.status_code == (201 if referable else 403), referral.text
    signposted = api.ok("POST", "/signposting", 201, json=body)["signposting_id"]
    entries = api.audit()
    outcome = "allowed" if referable else "refused"
    assert [e["outcome"] for e in mentioning(entries, "immigration-referral", victim)] == [outcome]
    assert mentioning(entries, "signposting", signposted)


def test_a_suspect_is_not_offered_signposting(api: CaseworkApi) -> None:
    suspect = api.person()
    case_id, _ = api.case(suspect=suspect)
    body = {"case_id": case_id, "person_id": suspect}
    assert api.call("POST", "/signposting", json=body).status_code == 403
    assert api.call("POST", "/immigration-referrals", json=body).status_code == 201
