"""The minimisation claims (FW-09, FW-14) on hand-made exports and disclosures."""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from pathlib import Path

import pytest

from firewall_conformance.claims import minimisation as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.targets.base import ExportFile
from firewall_conformance.targets.profile import Recipient
from tests.answered import answered

CAST = make_cast(random.Random(9))
MATCHER = CanaryMatcher.for_personas(CAST.values())
APPROVED = ("person_id", "roles", "given_name", "family_name", "nationality")
CPS = Recipient("prosecution", "cps", "prosecution", "DPA", APPROVED)
COLUMNS = (
    "person_id",
    "role",
    "given_name",
    "family_name",
    "nationality",
    "passport_number",
    "remarks",
)


def export(tmp_path: Path, fill: dict[str, dict[str, str]]) -> ExportFile:
    path = tmp_path / "cps.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for role, persona in CAST.items():
            row = {
                "role": role,
                "given_name": persona.given_name,
                "family_name": persona.family_name,
                "nationality": persona.nationality,
            }
            writer.writerow({**row, **fill.get(role, {})})
    return ExportFile(path, "csv", CPS, None, "E-1")


def test_field_names_and_approval() -> None:
    assert check.field_name("$.persons[0].roles[1].case_id") == "persons.roles.case_id"
    assert check.is_approved("roles.case_id", ["roles"])
    assert not check.is_approved("rolesx", ["roles"])


def test_an_approved_status_field_is_seen_and_passes(tmp_path: Path) -> None:
    made = check.status_fields_approved(MATCHER, [export(tmp_path, {})], CPS, list(CAST.values()))
    assert "approved nationality field was seen filled in" in made.claim
    assert check.no_protected_status(MATCHER, [export(tmp_path, {})], CPS, list(CAST.values()))


def test_an_unapproved_status_column_with_values_is_a_breach(tmp_path: Path) -> None:
    leaky = export(tmp_path, {"suspect": {"passport_number": CAST["suspect"].passport_number}})
    with pytest.raises(Breach, match="passport number in the csv export for prosecution"):
        check.status_fields_approved(MATCHER, [leaky], CPS, list(CAST.values()))


def test_a_victims_status_in_an_innocent_column_is_a_breach(tmp_path: Path) -> None:
    # The column's name reveals nothing, but its value does: a status-revealing detail.
    victim = CAST["victim"]
    leaky = export(tmp_path, {"victim": {"remarks": victim.immigration_status}})
    for claim in (check.status_fields_approved, check.no_protected_status):
        with pytest.raises(Breach, match=r"the victim's immigration status .* line 2 \(remarks\)"):
            claim(MATCHER, [leaky], CPS, list(CAST.values()))


def test_a_status_value_under_an_approved_harmless_column_is_a_breach(tmp_path: Path) -> None:
    witness = CAST["witness"]
    leaky = export(tmp_path, {"witness": {"person_id": witness.immigration_status}})
    for claim in (check.status_fields_approved, check.no_protected_status):
        with pytest.raises(Breach, match=r"the witness's immigration status .* \(person id\)"):
            claim(MATCHER, [leaky], CPS, list(CAST.values()))


def test_a_document_number_under_an_approved_column_is_a_breach(tmp_path: Path) -> None:
    # person_id is approved for the prosecution service; a passport number is not, whatever
    # column it is written under.
    victim = CAST["victim"]
    leaky = export(tmp_path, {"victim": {"person_id": victim.passport_number}})
    for claim in (check.status_fields_approved, check.no_protected_status):
        with pytest.raises(Breach, match=r"the victim's passport number .* \(person id\)"):
            claim(MATCHER, [leaky], CPS, list(CAST.values()))


def test_a_document_number_under_its_own_approved_field_passes(tmp_path: Path) -> None:
    approving = Recipient(
        "prosecution", "cps", "prosecution", "DPA", (*APPROVED, "passport_number")
    )
    fill = {"victim": {"passport_number": CAST["victim"].passport_number}}
    made = export(tmp_path, fill)
    assert check.no_protected_status(MATCHER, [made], approving, list(CAST.values()))
    assert check.status_fields_approved(MATCHER, [made], approving, list(CAST.values()))


def test_without_approved_fields_the_obligation_is_not_tested(tmp_path: Path) -> None:
    bare = Recipient("prosecution", "cps", "prosecution", "DPA")
    with pytest.raises(CapabilityMissing, match="approved_fields"):
        check.status_fields_approved(MATCHER, [export(tmp_path, {})], bare, list(CAST.values()))


def disclosed(person: dict, allowed: bool = True, *others: dict, **envelope: object) -> Tried:
    """A disclosure answer as the reference sends it: an envelope around the person records,
    the answer's `persons` being the very list in the body, as the HTTP adapter digs it out."""
    body = {"disclosure_id": "D-1", "recipient_id": "cps", "persons": [person, *others]}
    body.update(envelope)
    attempt = answered("disclose", "", allowed=allowed, body=body, persons=body["persons"])
    return Tried("disclose", CAST["victim"], "P-1", attempt, recipient="prosecution")


def record(**extra: str) -> dict:
    victim = CAST["victim"]
    return {
        "person_id": "P-1",
        "roles": [{"case_id": "C-1", "role": "victim"}],
        "given_name": victim.given_name,
        "family_name": victim.family_name,
        "nationality": victim.nationality,
        "passport_number": None,
        **extra,
    }


def test_a_disclosure_of_exactly_the_approved_fields_passes() -> None:
    tried = disclosed(record())
    control = check.carries_approved(ScenarioEvidence(), MATCHER, tried, CPS)
    assert control.control == "approved fields"
    assert check.carries_nothing_else(MATCHER, tried, CPS).examined["fields"] == 6


def test_a_profile_that_does_not_say_where_the_disclosed_records_are_is_not_tested() -> None:
    undeclared = disclosed(record())
    body = undeclared.attempt.body
    undeclared.attempt = answered("disclose", "", body=body, id=body["disclosure_id"])
    with pytest.raises(CapabilityMissing, match=r"disclose\.returns\.persons"):
        check.carries_approved(ScenarioEvidence(), MATCHER, undeclared, CPS)
    absent = disclosed(record())
    absent.attempt = answered("disclose", "", body=body, persons=None)
    with pytest.raises(Inconclusive, match="did not list the persons"):
        check.carries_approved(ScenarioEvidence(), MATCHER, absent, CPS)


def test_another_persona_sharing_only_the_date_of_birth_does_not_fail_the_control() -> None:
    # A date of birth is shared by many people and attributes nothing alone: a witness born on
    # the victim's birthday made the disclosure of the victim INCONCLUSIVE ("carried details of
    # the witness in the same record"), as a CI run through the casebook once showed.
    born = {**CAST, "witness": replace(CAST["witness"], date_of_birth="1980-02-29")}
    born["victim"] = replace(CAST["victim"], date_of_birth="1980-02-29")
    matcher = CanaryMatcher.for_personas(born.values())
    tried = disclosed(record(date_of_birth="1980-02-29"))
    approved = Recipient("prosecution", "cps", "prosecution", "DPA", (*APPROVED, "date_of_birth"))
    control = check.carries_approved(ScenarioEvidence(), matcher, tried, approved)
    assert "date of birth" in control.claim
    with_witness = disclosed(record(date_of_birth="1980-02-29", note=CAST["witness"].family_name))
    with pytest.raises(Inconclusive, match="carried details of the witness"):
        check.carries_approved(ScenarioEvidence(), matcher, with_witness, approved)


def test_a_disclosure_with_more_than_approved_is_a_breach() -> None:
    tried = disclosed(record(passport_number=CAST["victim"].passport_number, phone="07700 900001"))
    with pytest.raises(Breach, match="not approved for that recipient: passport number and phone"):
        check.carries_nothing_else(MATCHER, tried, CPS)


def test_a_disclosure_missing_an_approved_field_fails_the_control() -> None:
    tried = disclosed({k: v for k, v in record().items() if k != "nationality"})
    with pytest.raises(Inconclusive, match="did not carry the approved nationality"):
        check.carries_approved(ScenarioEvidence(), MATCHER, tried, CPS)
    with pytest.raises(Inconclusive, match="refused"):
        check.carries_approved(ScenarioEvidence(), MATCHER, disclosed(record(), False), CPS)


def test_every_person_record_in_a_disclosure_is_examined() -> None:
    # The old check looked only at the first record holding the victim's details, so a
    # second record, here the witness's with immigration status, passed unseen.
    witness = CAST["witness"]
    extra = {
        "person_id": "P-2",
        "given_name": witness.given_name,
        "family_name": witness.family_name,
        "immigration_status": witness.immigration_status,
    }
    tried = disclosed(record(), True, extra)
    with pytest.raises(Breach, match="2 person records for the one person disclosed"):
        check.carries_nothing_else(MATCHER, tried, CPS)


def test_details_outside_the_person_records_are_a_breach() -> None:
    victim = CAST["victim"]
    # a case block beside the person records, carrying the narrative with the victim's name
    case = {"case_id": "C-1", "narrative": f"{victim.full_name} reported an assault."}
    with pytest.raises(Breach, match=r"the victim's .* outside the person records"):
        check.carries_nothing_else(MATCHER, disclosed(record(), True, case=case), CPS)
    # a status-revealing field outside the records, about no planted person
    status = {"case_id": "C-1", "immigration_status": "overstayer"}
    with pytest.raises(Breach, match="immigration status outside the person records"):
        check.carries_nothing_else(MATCHER, disclosed(record(), True, case=status), CPS)


def test_a_plain_envelope_around_one_record_passes() -> None:
    result = check.carries_nothing_else(
        MATCHER, disclosed(record(), True, sent_at="2025-01-02"), CPS
    )
    assert result.examined["values outside the person record"] == 3


def test_a_status_written_beside_an_approved_nationality_is_a_breach(tmp_path: Path) -> None:
    # The nationality column is approved; the immigration status written into it is not.
    victim = CAST["victim"]
    both = f"{victim.nationality} ({victim.immigration_status})"
    leaky = export(tmp_path, {"victim": {"nationality": both}})
    for claim in (check.status_fields_approved, check.no_protected_status):
        with pytest.raises(Breach, match=r"the victim's immigration status .* \(nationality\)"):
            claim(MATCHER, [leaky], CPS, list(CAST.values()))


CONTACT = Recipient("prosecution", "cps", "prosecution", "DPA", (*APPROVED, "email", "address"))


def test_a_document_number_under_an_approved_contact_field_is_a_breach() -> None:
    tried = disclosed(record(email=CAST["victim"].home_office_reference, address="1 High Road"))
    assert check.carries_approved(ScenarioEvidence(), MATCHER, tried, CONTACT)
    with pytest.raises(Breach, match=r"the victim's home office reference in .* \(email\)"):
        check.carries_nothing_else(MATCHER, tried, CONTACT)


def test_a_status_appended_to_an_approved_address_is_a_breach() -> None:
    victim = CAST["victim"]
    address = f"{victim.address}; status {victim.immigration_status}"
    tried = disclosed(record(email=victim.email, address=address))
    with pytest.raises(Breach, match=r"the victim's immigration status in .* \(address\)"):
        check.carries_nothing_else(MATCHER, tried, CONTACT)


def test_approved_contact_fields_holding_their_own_values_pass() -> None:
    victim = CAST["victim"]
    tried = disclosed(record(email=victim.email, address=victim.address))
    assert check.carries_nothing_else(MATCHER, tried, CONTACT).examined["fields"] == 8
