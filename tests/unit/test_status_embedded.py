"""Immigration-status data kept as a JSON document inside a text field — a CSV column or a
JSON string, as databases export JSON columns — is read like any other field. Before, a
victim's status there was "nothing found", exit 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from firewall_conformance.detect.status import scan_status_path

SALT = b"test-salt"
DETAILS = {"immigration_status": "overstayed visa", "nationality": "Eritrean"}


def _csv(details: str) -> str:
    quoted = details.replace('"', '""')
    return f'person_id,role,name,details\nP1,suspect,A,"{{}}"\nP2,victim,B,"{quoted}"\n'


def _ndjson(details: str) -> str:
    rows = [
        {"person_id": "P1", "role": "suspect", "name": "A", "details": "{}"},
        {"person_id": "P2", "role": "victim", "name": "B", "details": details},
    ]
    return "".join(json.dumps(row) + "\n" for row in rows)


@pytest.mark.parametrize(("fmt", "write"), [("csv", _csv), ("ndjson", _ndjson)])
def test_status_inside_a_json_text_field_of_a_victim_is_found(tmp_path: Path, fmt, write):
    path = tmp_path / f"export.{fmt}"
    path.write_text(write(json.dumps(DETAILS)), encoding="utf-8")
    found = [f for report in scan_status_path(path, SALT) for f in report.findings]
    assert {(f.role, f.category) for f in found} == {
        ("victim", "immigration record"),
        ("victim", "nationality"),
    }, found
    assert all("details" in f.field for f in found)
    assert "overstayed" not in json.dumps([f.to_json() for f in found])


@pytest.mark.parametrize(("fmt", "write"), [("csv", _csv), ("ndjson", _ndjson)])
def test_text_that_only_looks_like_json_is_left_as_text(tmp_path: Path, fmt, write):
    path = tmp_path / f"export.{fmt}"
    path.write_text(write("{not json: nationality}"), encoding="utf-8")
    found = [f for report in scan_status_path(path, SALT) for f in report.findings]
    assert found == []


def test_a_plain_xml_export_naming_roles_in_a_field_is_read_like_a_flat_one(tmp_path: Path):
    # Before: only NIEM-style roles (role elements, references) were understood in XML, so a
    # plain export writing <role>victim</role> was INCONCLUSIVE, "no record names a role".
    path = tmp_path / "export.xml"
    path.write_text(
        "<persons>"
        "<person><role>suspect</role><name>A</name><nationality>Albanian</nationality></person>"
        "<person><role>victim</role><name>B</name><nationality>Eritrean</nationality>"
        f"<details>{json.dumps(DETAILS)}</details></person>"
        "</persons>",
        encoding="utf-8",
    )
    [report] = scan_status_path(path, SALT)
    assert report.names_roles
    assert sorted((f.record, f.role, f.category) for f in report.findings) == [
        (2, "victim", "immigration record"),
        (2, "victim", "nationality"),
        (2, "victim", "nationality"),
    ]
