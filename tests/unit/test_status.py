"""Immigration-status fields on victims and witnesses, found without canaries."""

import json

import pytest

from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.detect.vocabulary import vocabulary

SALT = b"test-salt"


def findings(path):
    return [f for report in scan_status_path(path, SALT) for f in report.findings]


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("nationality", "nationality"),
        ("PersonCitizenshipISO3166Alpha3Code", "citizenship"),
        ("nc:PersonNationalityISO3166Alpha2Code", "nationality"),
        ("im:AlienNumber", "alien status"),
        ("passport_no", "passport"),
        ("Home Office Ref", "home office reference"),
        ("country_of_birth", "foreign birth"),
        ("NRPF flag", "no recourse to public funds"),
    ],
)
def test_status_field_names_are_recognised(name, category):
    assert vocabulary().category(name) == category


@pytest.mark.parametrize(
    "name",
    [
        "j:PersonResidentCode",
        "resident_of_force_area",
        "ethnicity_code",
        "EthnicityCategoryCode",
        "property_category",
        "stolen_passport_number",
        "scr:PersonEmailIdentification",
        "given_name",
        "role",
    ],
)
def test_near_misses_are_not_immigration_data(name):
    assert vocabulary().category(name) is None


def test_flat_csv_flags_only_victims_and_witnesses_and_never_shows_values(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "role,name,nationality,ethnicity_code,resident_code,property_category\n"
        "suspect,A,Albanian,W1,R,\n"
        "victim,B,Eritrean,B2,N,Passport\n"
        "witness,C,unknown,A1,R,\n"
        "witness,D,Brazilian,,,\n",
        encoding="utf-8",
    )
    found = findings(path)
    assert [(f.record, f.field, f.role, f.category) for f in found] == [
        (3, "nationality", "victim", "nationality"),
        (5, "nationality", "witness", "nationality"),
    ]
    text = json.dumps([f.to_json() for f in found])
    assert "Eritrean" not in text and "Brazilian" not in text
    assert found[0].value_length == len("Eritrean")


def test_nested_json_binds_role_to_its_own_person(tmp_path):
    path = tmp_path / "cases.ndjson"
    case = {
        "case": "C1",
        "persons": [
            {"role": "suspect", "nationality": "Albanian"},
            {"role": "Victim", "details": {"passport_number": "X123"}},
        ],
    }
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    [finding] = findings(path)
    assert (finding.field, finding.role, finding.person) == (
        "$.persons[1].details.passport_number",
        "victim",
        "$.persons[1]",
    )


NIEM = """<?xml version="1.0" encoding="UTF-8"?>
<ex:Exchange xmlns:ex="urn:ex" xmlns:nc="http://release.niem.gov/niem/niem-core/5.0/"
    xmlns:j="http://release.niem.gov/niem/domains/jxdm/7.0/"
    xmlns:s="http://release.niem.gov/niem/structures/5.0/">
  <nc:Person s:id="P1"><nc:PersonCitizenship><nc:CountryText>Eritrea</nc:CountryText></nc:PersonCitizenship></nc:Person>
  <nc:Person s:id="P2"><nc:PersonNationality>Albania</nc:PersonNationality></nc:Person>
  <nc:Person s:id="P3"><nc:PersonPassportIdentification><nc:IdentificationID>X9</nc:IdentificationID></nc:PersonPassportIdentification></nc:Person>
  <nc:Person s:id="P4"><nc:PersonSameAs s:ref="P3"/><nc:PersonBirthLocation>Lagos</nc:PersonBirthLocation></nc:Person>
  <nc:Person s:id="P5"><j:PersonResidentCode>R</j:PersonResidentCode><nc:PersonEthnicityText>W</nc:PersonEthnicityText></nc:Person>
  <j:Victim s:id="V1"><nc:RoleOfPerson s:ref="P1"/></j:Victim>
  <j:Subject><nc:RoleOfPerson s:ref="P2"/></j:Subject>
  <j:Witness s:id="W1"><nc:RoleOfPersonReference s:ref="P3"/></j:Witness>
  <j:Victim s:id="V2"><nc:RoleOfPerson><nc:PersonCitizenship>Syria</nc:PersonCitizenship></nc:RoleOfPerson></j:Victim>
  <j:ActivityVictimAssociation><nc:Activity s:ref="I1"/><j:Victim s:ref="V9"/></j:ActivityVictimAssociation>
  <j:Victim s:id="V9"><nc:RoleOfPerson s:ref="P5"/></j:Victim>
</ex:Exchange>
"""


def test_niem_roles_link_to_persons_in_every_form(tmp_path):
    path = tmp_path / "exchange.xml"
    path.write_text(NIEM, encoding="utf-8")
    found = {(f.person, f.role, f.category) for f in findings(path)}
    assert ("P1", "victim", "citizenship") in found  # role element -> reference
    assert ("P3", "witness", "passport") in found  # NIEM 2 RoleOfPersonReference
    assert ("P4", "witness", "foreign birth") in found  # a same-as copy of the witness
    assert ("V2", "victim", "citizenship") in found  # person written inside the role
    assert not any(person == "P2" for person, _, _ in found)  # the suspect is not reported
    assert not any(
        person == "P5" for person, _, _ in found
    )  # residence and ethnicity are near misses


ASSOCIATION = """<ex:Exchange xmlns:ex="urn:ex" xmlns:nc="urn:nc" xmlns:j="urn:j" xmlns:s="urn:s">
  <nc:Person s:id="P1"><nc:PersonCitizenship>Eritrea</nc:PersonCitizenship></nc:Person>
  <nc:Person s:id="P2"><nc:PersonNationality>Albania</nc:PersonNationality></nc:Person>
  <nc:Person s:id="P3"><nc:PersonNationality>Brazil</nc:PersonNationality></nc:Person>
  <j:ActivityVictimAssociation>
    <j:VictimReference s:ref="P1"/><j:WitnessReference s:ref="P2"/><j:SuspectReference s:ref="P3"/>
  </j:ActivityVictimAssociation>
</ex:Exchange>
"""


def test_an_association_gives_each_person_the_role_of_its_own_reference(tmp_path):
    path = tmp_path / "exchange.xml"
    path.write_text(ASSOCIATION, encoding="utf-8")
    found = {(f.person, f.role) for f in findings(path)}
    assert found == {("P1", "victim"), ("P2", "witness")}  # the suspect is not a victim


def test_a_comment_before_the_xml_declaration_is_read(tmp_path):
    path = tmp_path / "exchange.xml"
    path.write_text("<!-- Licensed under CC-BY 4.0 -->\n" + NIEM, encoding="utf-8")
    [report] = scan_status_path(path, SALT)
    assert ("P1", "victim") in {(f.person, f.role) for f in report.findings}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("people.csv", "name,nationality\nA,Eritrean\nB,Albanian\n"),
        ("people.ndjson", '{"name": "A", "nationality": "Eritrean"}\n{"name": "B"}\n'),
        ("people.csv", "name,role\nA,\nB,unknown\n"),
    ],
    ids=["csv", "ndjson", "blank-roles"],
)
def test_a_file_naming_no_role_has_roles_unknown(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [report] = scan_status_path(path, SALT)
    assert report.records == 2 and report.findings == []
    assert report.roles_unknown
