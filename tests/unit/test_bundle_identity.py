"""Bundle reading against disguised roles and ids (issue 19, attack 1): a profile's own role
codes, an unrecognised role in an extract for immigration enforcement, and persons linked
across files by identifying details when their ids differ."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from firewall_conformance.claims import export_bundles as bundles
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.offline.profile import BundleRecipient, FlatMapping, XmlMapping
from firewall_conformance.offline.reading import read_extract
from tests.unit.test_bundle_reading import _extract

SALT = b"unit-test-salt"
HOIE = BundleRecipient("hoie", "immigration-enforcement", "Immigration Enforcement")
MAPPING = FlatMapping("ref", "party", ("nationality",))
SENT = FlatMapping("ref", "party", ())
LAWFUL = (
    "ref,party,given_name,family_name,date_of_birth,passport_no,nationality\n"
    "A1,victim,Ada,Lovelace,1990-01-02,123 456 789,Eritrean\n"
    "A2,suspect,Bob,Babbage,1980-05-06,,Polish\n"
)


def _reading(tmp_path: Path, name: str, text: str, mapping=MAPPING, restricted=False):
    mapping = SENT if restricted and mapping is MAPPING else mapping
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    extract = _extract(path, mapping, path.suffix.lstrip("."))
    return read_extract(replace(extract, recipient=HOIE) if restricted else extract, SALT)


def test_a_profile_maps_the_targets_own_role_codes(tmp_path):
    mapping = replace(MAPPING, role_codes=(("1", "victim"), ("S", "suspect")))
    reading = _reading(tmp_path, "e.csv", "ref,party,nationality\nA1,1,ER\nA2,s,PL\n", mapping)
    assert reading.roles == {"A1": {"victim"}, "A2": {"suspect"}}
    assert [f.person for f in reading.findings] == ["A1"]


@pytest.mark.parametrize("role", ["", "unknown", "P9", "S"])
def test_an_unrecognised_role_sent_to_immigration_enforcement_is_inconclusive(tmp_path, role):
    lawful = _reading(tmp_path, "cps.csv", LAWFUL)
    restricted = _reading(
        tmp_path,
        "hoie.csv",
        f"ref,party,nationality\nZ1,suspect,PL\nZ2,{role},ER\n",
        restricted=True,
    )
    with pytest.raises(Inconclusive, match="no role the reader recognises"):
        bundles.restricted_clean([lawful, restricted])


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("given_name,family_name,date_of_birth", "ADA,lovelace,02/01/1990"),
        ("full_name,dob", '"Lovelace, Ada",1990-01-02'),
        ("surname,forename,birth_date", "Lovelace,Ada,2 January 1990"),
        ("passport_no,family_name", "123456789,Smith"),
    ],
    ids=["name-and-birth-date", "full-name", "other-columns", "document-number"],
)
def test_a_victim_under_a_new_id_and_a_false_role_is_linked_by_identifying_details(
    tmp_path, header, row
):
    lawful = _reading(tmp_path, "cps.csv", LAWFUL)
    restricted = _reading(
        tmp_path, "hoie.csv", f"ref,party,{header}\nZ1,suspect,{row}\n", restricted=True
    )
    with pytest.raises(Breach, match="matched by name and date of birth or a document number"):
        bundles.restricted_clean([lawful, restricted])


@pytest.mark.parametrize(
    "row",
    ["Ada,Lovelace,1991-01-02,", "Ada,Byron,1990-01-02,", "Bob,Babbage,1980-05-06,"],
    ids=["other-birth-date", "other-name", "a-suspect"],
)
def test_a_different_person_is_not_linked(tmp_path, row):
    lawful = _reading(tmp_path, "cps.csv", LAWFUL)
    restricted = _reading(
        tmp_path,
        "hoie.csv",
        f"ref,party,given_name,family_name,date_of_birth,passport_no\nZ1,suspect,{row}\n",
        restricted=True,
    )
    assert bundles.restricted_clean([lawful, restricted]).claim


def test_xml_persons_are_linked_by_identifying_details_too(tmp_path):
    lawful = _reading(tmp_path, "cps.csv", LAWFUL)
    xml = (
        '<x:E xmlns:x="urn:x" xmlns:nc="urn:nc" xmlns:j="urn:j" xmlns:s="urn:s">'
        '<nc:Person s:id="N1"><nc:PersonName><nc:PersonGivenName>Ada</nc:PersonGivenName>'
        "<nc:PersonSurName>Lovelace</nc:PersonSurName></nc:PersonName>"
        "<nc:PersonBirthDate><nc:Date>1990-01-02</nc:Date></nc:PersonBirthDate></nc:Person>"
        '<j:Subject><nc:RoleOfPerson s:ref="N1"/></j:Subject></x:E>'
    )
    mapping = XmlMapping("Person", {"victim": ("Victim",), "suspect": ("Subject",)}, ())
    restricted = _reading(tmp_path, "hoie.xml", xml, mapping, restricted=True)
    with pytest.raises(Breach, match="matched by name and date of birth"):
        bundles.restricted_clean([lawful, restricted])


def test_role_codes_are_read_from_the_profile_and_checked_against_its_schema(tmp_path):
    import yaml

    from firewall_conformance.inputs.documents import InvalidDocument
    from firewall_conformance.offline.profile import load_bundle_profile

    (tmp_path / "e.csv").write_text("ref,party,nationality\nA1,1,ER\n", encoding="utf-8")
    document = {
        "bundle_version": 1,
        "bundle": {"name": "b", "period": {"from": "2024-01-01", "to": "2024-01-31"}},
        "extracts": [
            {
                "path": "e.csv",
                "recipient": {"id": "cps", "class": "prosecution"},
                "period": {"from": "2024-01-01", "to": "2024-01-31"},
                "format": "csv",
                "fields": {
                    "person_id": "ref",
                    "role": "party",
                    "sensitive": ["nationality"],
                    "role_codes": {"1": "victim", "S": "suspect"},
                },
            }
        ],
    }
    path = tmp_path / "bundle.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    (extract,) = load_bundle_profile(path).extracts
    assert extract.mapping.codes() == {"1": "victim", "s": "suspect"}
    document["extracts"][0]["fields"]["role_codes"] = {"1": "bystander"}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(InvalidDocument, match=r"role_codes\.1: expected one of"):
        load_bundle_profile(path)
