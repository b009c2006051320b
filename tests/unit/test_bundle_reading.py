"""Reading bundle extracts: NIEM linkage and real-world XML quirks, and profile mismatches."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from firewall_conformance.claims import export_bundles as bundles
from firewall_conformance.detect.xmlhead import repaired_head
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.offline.profile import (
    BundleRecipient,
    Extract,
    FlatMapping,
    Period,
    XmlMapping,
)
from firewall_conformance.offline.reading import BundleMismatch, read_extract

SALT = b"unit-test-salt"
DAY = Period(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
CPS = BundleRecipient("cps", "prosecution", "Crown Prosecution Service")
NIEM = XmlMapping(
    person="Person",
    roles={"victim": ("Victim",), "witness": ("Witness",), "suspect": ("Subject",)},
    sensitive=("PersonCitizenshipText",),
)
BODY = """<exch:Extract xmlns:exch="urn:x" xmlns:nc="urn:nc" xmlns:j="urn:j" xmlns:s="urn:s">\r
  <nc:Person s:id="P1"><nc:PersonCitizenshipText>Érythréenne</nc:PersonCitizenshipText></nc:Person>\r
  <nc:Person s:id="P2"><nc:PersonCitizenshipText>British</nc:PersonCitizenshipText></nc:Person>\r
  <j:Case s:id="C1"><j:Victim><nc:RoleOfPerson s:ref="P1"/></j:Victim>\r
  <j:Subject><nc:RoleOfPerson s:ref="P2"/></j:Subject></j:Case>\r
</exch:Extract>\r
"""


def _extract(path: Path, mapping, fmt: str = "xml", encoding: str | None = None) -> Extract:
    return Extract(path, path.name, CPS, DAY, fmt, mapping, "E-1", encoding, "extracts[0]")


@pytest.mark.parametrize(
    ("head", "encoding", "declared"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?>\r\n', "utf-8", None),
        ('<!-- written by Gateway 4.2 -->\r\n<?xml version="1.0"?>\r\n', "utf-8", None),
        ("\ufeff<!-- banner -->\n<?xml version='1.0' encoding='UTF-8'?>\n", "utf-8", None),
        ('<?xml version="1.0" encoding="ISO-8859-1"?>\n', "latin-1", None),
        ("", "latin-1", "ISO-8859-1"),
    ],
    ids=["crlf", "comment-first", "bom-comment-first", "latin-1-declared", "latin-1-by-profile"],
)
def test_niem_linkage_survives_real_world_heads(tmp_path, head, encoding, declared):
    path = tmp_path / "extract.xml"
    path.write_bytes((head + BODY).encode(encoding))
    reading = read_extract(_extract(path, NIEM, encoding=declared), SALT)
    assert reading.unreadable is None
    assert reading.records == 2
    assert reading.roles == {"P1": {"victim"}, "P2": {"suspect"}}
    assert [(f.role, f.person, f.value_length) for f in reading.findings] == [("victim", "P1", 11)]
    assert "Érythréenne" not in repr(reading.findings)


def test_a_comment_before_the_declaration_is_moved_not_dropped():
    repaired = repaired_head(b"<!-- c -->\n<?xml version='1.0'?><a/>", None)
    assert repaired.startswith(b"<?xml version='1.0'?>") and b"<!-- c -->" in repaired


def test_hostile_xml_is_recorded_as_unreadable(tmp_path):
    path = tmp_path / "extract.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    )
    reading = read_extract(_extract(path, NIEM), SALT)
    assert reading.unreadable and "declares entities" in reading.unreadable


def test_role_elements_absent_altogether_is_a_mismatch(tmp_path):
    path = tmp_path / "extract.xml"
    path.write_text(BODY.replace("j:Victim", "j:Other").replace("j:Subject", "j:Other"))
    with pytest.raises(BundleMismatch, match=r"'Victim' \(mapped as roles.victim\)"):
        read_extract(_extract(path, NIEM), SALT)


def test_csv_status_fields_of_a_witness_are_found_with_mapped_names(tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text(
        "ref,involvement_type,citizenship_note\nA1,Witness,Eritrean\nA2,Suspect,Polish\n",
        encoding="utf-8",
    )
    mapping = FlatMapping("ref", "involvement_type", ("citizenship_note",))
    reading = read_extract(_extract(path, mapping, "csv"), SALT)
    assert reading.roles == {"A1": {"witness"}, "A2": {"suspect"}}
    assert [(f.record, f.field, f.role) for f in reading.findings] == [
        (2, "citizenship_note", "witness")
    ]


def test_an_excel_extract_is_read_sheet_by_sheet_as_csv(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Extract"
    for row in (["ref", "involvement_type", "citizenship_note"], ["A1", "Witness", "Eritrean"]):
        book.active.append(row)
    path = tmp_path / "extract.xlsx"
    book.save(path)
    mapping = FlatMapping("ref", "involvement_type", ("citizenship_note",))
    reading = read_extract(_extract(path, mapping, "csv"), SALT)
    assert reading.unreadable is None
    assert reading.roles == {"A1": {"witness"}}
    assert [(f.record, f.field, f.role) for f in reading.findings] == [
        (2, "citizenship_note", "witness")
    ]


@pytest.mark.parametrize(
    ("name", "fmt", "text"),
    [
        ("extract.csv", "csv", "ref,involvement_type,citizenship_note\nA1,,Eritrean\nA2,,Polish\n"),
        (
            "extract.ndjson",
            "ndjson",
            '{"ref": "A1", "involvement_type": "", "citizenship_note": "Eritrean"}\n'
            '{"ref": "A2", "involvement_type": "n/a", "citizenship_note": "Polish"}\n',
        ),
    ],
    ids=["csv", "ndjson"],
)
def test_an_extract_naming_no_role_is_inconclusive(tmp_path, name, fmt, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    mapping = FlatMapping("ref", "involvement_type", ("citizenship_note",))
    immigration = BundleRecipient("hoie", "immigration-enforcement", "Immigration Enforcement")
    reading = read_extract(replace(_extract(path, mapping, fmt), recipient=immigration), SALT)
    assert reading.records == 2 and reading.roles_unknown
    with pytest.raises(Inconclusive, match="Roles unknown: none of the 2 records"):
        bundles.restricted_clean([reading])


def test_ndjson_role_lists_count_every_role(tmp_path):
    path = tmp_path / "extract.ndjson"
    path.write_text(
        '{"ref": "A1", "roles": ["suspect", "victim"], "citizenship_note": "Eritrean"}\n',
        encoding="utf-8",
    )
    reading = read_extract(_extract(path, FlatMapping("ref", "roles", ()), "ndjson"), SALT)
    assert reading.roles == {"A1": {"suspect", "victim"}}
    assert [(f.field, f.role) for f in reading.findings] == [("$.citizenship_note", "victim")]


def test_an_association_gives_each_person_the_role_its_reference_names(tmp_path):
    path = tmp_path / "extract.xml"
    path.write_text(
        BODY.replace(
            '<j:Case s:id="C1">',
            '<j:Case s:id="C1"><j:VictimAssociation><j:VictimReference s:ref="P1"/>'
            '<j:SubjectReference s:ref="P2"/></j:VictimAssociation>',
        ),
        encoding="utf-8",
    )
    mapping = XmlMapping(
        person="Person",
        roles={"victim": ("VictimAssociation",), "suspect": ("Subject",)},
        sensitive=("PersonCitizenshipText",),
    )
    reading = read_extract(_extract(path, mapping), SALT)
    assert reading.roles == {"P1": {"victim"}, "P2": {"suspect"}}
    assert [(f.person, f.role) for f in reading.findings] == [("P1", "victim")]
