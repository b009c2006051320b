"""Case files, roles held per case, changes of role and redacted free text in the reference RMS
(FW-06, FW-07, FW-10), over real HTTP, clean and with each fault switched on."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from _rms_client import RmsClient

from firewall_conformance.reference import redaction
from firewall_conformance.reference.server import ReferenceServer

BASIS = "Data Protection Act 2018 s.35(2)(b)"


class Client(RmsClient):
    def ok(self, method: str, path: str, status: int = 201, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def person(self, given: str, family: str, **details: str) -> str:
        body = {"given_name": given, "family_name": family, **details}
        return self.ok("POST", "/api/v1/persons", json=body)["person_id"]

    def case(self, narrative: str, *involvements: tuple[str, str]) -> tuple[str, str]:
        reference = f"TEST/{uuid.uuid4().hex[:8].upper()}"
        body = {
            "reference": reference,
            "offence": "Assault occasioning actual bodily harm",
            "narrative": narrative,
            "involvements": [{"person_id": p, "role": r} for p, r in involvements],
        }
        return self.ok("POST", "/api/v1/cases", json=body)["case_id"], reference

    def material(self, case_id: str, person_id: str | None, kind: str, text: str) -> Any:
        body = {"person_id": person_id, "kind": kind, "text": text}
        return self.ok("POST", f"/api/v1/cases/{case_id}/material", json=body)

    def change_role(self, case_id: str, person_id: str, **fields: str | None):
        body = {"person_id": person_id, "from_role": "victim", "to_role": "suspect", **fields}
        return self.call("POST", f"/api/v1/cases/{case_id}/role-changes", json=body)

    def case_file(self, case_id: str, recipient_id: str) -> dict[str, Any]:
        body = {"recipient_id": recipient_id, "purpose": "prosecution", "legal_basis": BASIS}
        return self.ok("POST", f"/api/v1/cases/{case_id}/files", json=body)

    def audit(self) -> list[dict[str, Any]]:
        entries, after = [], 0
        while after is not None:
            page = self.ok(
                "GET", "/api/v1/audit", 200, user="auditor", params={"after": after, "limit": 500}
            )
            entries += page["items"]
            after = page["next_after"]
        return entries


@dataclass
class Planted:
    """A victim, a witness and a suspect in one case (with unique names), and its reference."""

    case_id: str
    reference: str
    victim: str
    witness: str
    suspect: str
    names: dict[str, tuple[str, str]]


def plant(client: Client) -> Planted:
    tag = uuid.uuid4().hex[:6].title()
    names = {
        "victim": (f"Ama{tag}", f"Okoro{tag}"),
        "witness": (f"Bea{tag}", f"Lind{tag}"),
        "suspect": (f"Cal{tag}", f"Moss{tag}"),
    }
    ids = {
        role: client.person(*names[role], phone="07700 900123", email=f"{role}{tag}@example.org")
        for role in names
    }
    narrative = (
        f"{' '.join(names['victim'])} reported an assault by {' '.join(names['suspect'])};"
        f" {' '.join(names['witness'])} saw it."
    )
    case_id, reference = client.case(narrative, *((ids[r], r) for r in names))
    return Planted(case_id, reference, ids["victim"], ids["witness"], ids["suspect"], names)


@pytest.fixture(scope="module")
def clean() -> Iterator[Client]:
    with ReferenceServer() as server:
        yield Client(server)


def faulty(fault: str) -> ReferenceServer:
    return ReferenceServer(faults={fault})


def _text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False)


# --- FW-06: one case per file ------------------------------------------------------------


def _suspect_is_victim_elsewhere(client: Client) -> tuple[Planted, str, str]:
    planted = plant(client)
    other_case, other_reference = client.case("Phone snatched at the Quarrow market.")
    client.ok(
        "POST",
        f"/api/v1/cases/{other_case}/involvements",
        json={"person_id": planted.suspect, "role": "victim"},
    )
    return planted, other_case, other_reference


def test_a_case_file_holds_its_own_case_only(clean: Client) -> None:
    planted, other_case, other_reference = _suspect_is_victim_elsewhere(clean)
    made = clean.case_file(planted.case_id, "cps")
    assert [c["reference"] for c in made["cases"]] == [planted.reference]
    suspect = next(p for p in made["persons"] if p["person_id"] == planted.suspect)
    assert suspect["roles"] == [{"case_id": planted.case_id, "role": "suspect"}]
    assert other_case not in _text(made) and other_reference not in _text(made)
    assert "Quarrow" not in _text(made)
    entry = [e for e in clean.audit() if e["action"] == "case-file"][-1]
    assert entry["recipient_id"] == "cps" and entry["purpose"] == "prosecution"
    assert entry["object"].split(",")[1] == planted.case_id


def test_fault_fw06_joins_in_every_case_of_the_persons_in_it() -> None:
    with faulty("FW-06") as server:
        client = Client(server)
        planted, other_case, other_reference = _suspect_is_victim_elsewhere(client)
        made = client.case_file(planted.case_id, "cps")
        assert {c["reference"] for c in made["cases"]} == {planted.reference, other_reference}
        suspect = next(p for p in made["persons"] if p["person_id"] == planted.suspect)
        assert {"case_id": other_case, "role": "victim"} in suspect["roles"]


# --- FW-07: changes of role, and victim-period material -----------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"reason": "counter-allegation"},
        {"approved_by": "DS Vale"},
        {"reason": " ", "approved_by": "DS Vale"},
        {"reason": "counter-allegation", "approved_by": "officer"},  # approving one's own change
    ],
)
def test_a_change_of_role_without_a_reason_and_another_approver_is_refused(
    clean: Client, fields: dict[str, str]
) -> None:
    planted = plant(clean)
    response = clean.change_role(planted.case_id, planted.victim, **fields)
    assert response.status_code == 403, response.text
    entry = [e for e in clean.audit() if e["action"] == "role.changed"][-1]
    assert entry["outcome"] == "refused" and planted.victim in entry["object"]
    roles = clean.ok("GET", f"/api/v1/persons/{planted.victim}", 200, params={"reason": "test"})
    assert roles["roles"] == [{"case_id": planted.case_id, "role": "victim"}]


def test_an_approved_change_of_role_is_logged_with_reason_and_approver(clean: Client) -> None:
    planted = plant(clean)
    response = clean.change_role(
        planted.case_id, planted.victim, reason="counter-allegation", approved_by="DS Vale"
    )
    assert response.status_code == 201, response.text
    entry = [e for e in clean.audit() if e["action"] == "role.changed"][-1]
    assert entry["outcome"] == "allowed" and entry["purpose"] == "counter-allegation"
    assert "approved by: DS Vale" in entry["detail"]
    record = clean.ok("GET", f"/api/v1/persons/{planted.victim}", 200, params={"reason": "test"})
    assert record["roles"] == [{"case_id": planted.case_id, "role": "suspect"}]
    wrong = clean.change_role(planted.case_id, planted.victim, reason="x", approved_by="DS Vale")
    assert wrong.status_code == 422  # no longer a victim in that case


def _former_victim_file(client: Client) -> tuple[Planted, dict[str, Any]]:
    planted = plant(client)
    recorded = client.material(planted.case_id, planted.victim, "statement", "I am afraid.")
    assert recorded["role_at_time"] == "victim"
    client.material(planted.case_id, planted.victim, "refuge-address", "Flat 9, Quill House")
    changed = client.change_role(
        planted.case_id, planted.victim, reason="counter-allegation", approved_by="DS Vale"
    )
    assert changed.status_code == 201
    client.material(planted.case_id, planted.victim, "statement", "Interview as a suspect.")
    return planted, client.case_file(planted.case_id, "hoie")


def test_immigration_enforcement_gets_a_former_victim_without_their_victim_material(
    clean: Client,
) -> None:
    planted, made = _former_victim_file(clean)
    assert {p["person_id"] for p in made["persons"]} == {planted.victim, planted.suspect}
    assert [m["text"] for m in made["material"]] == ["Interview as a suspect."]
    assert "afraid" not in _text(made) and "Quill House" not in _text(made)
    # The witness is left out, and the narrative names nobody protected.
    assert planted.witness not in _text(made) and planted.names["witness"][1] not in _text(made)


def test_fault_fw07_sends_every_statement_whatever_the_role_it_was_given_in() -> None:
    with faulty("FW-07") as server:
        _, made = _former_victim_file(Client(server))
        assert {m["text"] for m in made["material"]} == {
            "I am afraid.",
            "Flat 9, Quill House",
            "Interview as a suspect.",
        }


def test_material_is_about_a_person_in_that_case(clean: Client) -> None:
    planted = plant(clean)
    stranger = clean.person("Dee", f"Stranger{uuid.uuid4().hex[:6]}")
    body = {"person_id": stranger, "kind": "statement", "text": "hello"}
    response = clean.call("POST", f"/api/v1/cases/{planted.case_id}/material", json=body)
    assert response.status_code == 422
    missing = clean.call("POST", "/api/v1/cases/C-nope/files", json={
        "recipient_id": "cps", "purpose": "prosecution", "legal_basis": BASIS
    })  # fmt: skip
    assert missing.status_code == 404


# --- FW-10: redacted free text ------------------------------------------------------------


def _entry(planted: Planted) -> str:
    (vg, vf), (wg, wf), (sg, sf) = (planted.names[r] for r in ("victim", "witness", "suspect"))
    return (
        f"{vf.upper()}, {vg} (phone +44 7700 900123) called. She says she has overstayed her "
        f"visa. {wf} {wg} saw {sg} {sf} at the Tindle Road car wash."
    )


def test_a_partner_gets_free_text_redacted_and_the_prosecution_gets_it_whole(
    clean: Client,
) -> None:
    planted = plant(clean)
    entry = _entry(planted)
    clean.material(planted.case_id, None, "intelligence", entry)
    whole = clean.case_file(planted.case_id, "cps")
    assert entry in [m["text"] for m in whole["material"]]
    partner = clean.case_file(planted.case_id, "excc")
    assert [p["person_id"] for p in partner["persons"]] == [planted.suspect]
    assert set(partner["persons"][0]) >= {"given_name", "family_name"}
    assert partner["persons"][0]["phone"] is None
    text = _text(partner).casefold()
    for given, family in (planted.names["victim"], planted.names["witness"]):
        assert given.casefold() not in text and family.casefold() not in text
    assert "overstayed" not in text and "visa" not in text and "900123" not in text
    assert " ".join(planted.names["suspect"]).casefold() in text
    assert "tindle road car wash" in text


def test_fault_fw10_replaces_only_names_written_exactly_as_recorded() -> None:
    with faulty("FW-10") as server:
        client = Client(server)
        planted = plant(client)
        client.material(planted.case_id, None, "intelligence", _entry(planted))
        text = _text(client.case_file(planted.case_id, "excc"))
        assert planted.names["victim"][1].upper() in text  # "FAMILY, Given" survives
        assert "overstayed her visa" in text
        assert " ".join(planted.names["victim"]) not in text  # the narrative's exact name went


@pytest.mark.parametrize(
    "written",
    [
        "Ann SMITH-JONES",
        "SMITH-JONES, Ann",
        "smith-jones ann",
        "Mrs Smith-Jones",
        "Ann",
        "ann.sj@example.org",
        "07700 900456",
        "+44 7700 900456",
        "ZX1234567",
    ],
)
def test_redaction_removes_every_form_of_a_protected_persons_identity(written: str) -> None:
    victim = {
        "given_name": "Ann",
        "family_name": "Smith-Jones",
        "passport_number": "ZX1234567",
        "email": "ann.sj@example.org",
        "role": "victim",
    }
    out = redaction.redact(f"Seen by {written} near Tindle Road", [victim])
    assert written.casefold() not in out.casefold()
    assert out.startswith("Seen by ") and "[" in out and out.endswith("near Tindle Road")


def test_redaction_removes_status_remarks_and_keeps_the_rest() -> None:
    out = redaction.redact(
        "The suspect Cal Moss drove off. The victim says she has no leave to remain! "
        "A blue van was seen.",
        [],
    )
    assert out == (
        f"The suspect Cal Moss drove off. {redaction.STATUS_REMARK_REMOVED} A blue van was seen."
    )
