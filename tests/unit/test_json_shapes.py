"""JSON and XML shapes that once hid data from `scan` and bundle reading (issue 19, attacks 5,
6 and 7): name/value pairs and typed documents, duplicate keys, and planted values used as
keys or tag names."""

import json
import random

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.offline.reading import read_extract
from firewall_conformance.persons.personas import make_cast
from tests.unit.test_bundle_reading import _extract

SALT = b"test-salt"


def status(path):
    return [(f.field, f.category, f.role) for r in scan_status_path(path, SALT) for f in r.findings]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {
                "attributes": [
                    {"name": "role", "value": "victim"},
                    {"key": "immigration_status", "value": "overstayer"},
                ]
            },
            [("$.attributes[immigration_status]", "immigration record", "victim")],
        ),
        (
            {
                "role": "witness",
                "documents": [
                    {"type": "driving licence", "number": "DL-1"},
                    {"type": "passport", "number": "123456789"},
                ],
            },
            [("$.documents[passport]", "passport", "witness")],
        ),
        (
            {"person": {"fields": [{"field": "Role", "val": "V"}, {"field": "Nat", "val": "ER"}]}},
            [("$.person.fields[Nat]", "nationality", "victim")],
        ),
    ],
    ids=["name-value-pairs", "typed-documents", "nested-pairs"],
)
def test_name_value_pairs_and_typed_documents_are_read_as_fields(tmp_path, record, expected):
    path = tmp_path / "export.ndjson"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert status(path) == expected


def test_a_suspects_passport_is_not_a_finding(tmp_path):
    path = tmp_path / "export.ndjson"
    record = {"role": "suspect", "documents": [{"type": "passport", "number": "123456789"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert status(path) == []


DUPLICATED = '{"role": "victim", "role": "suspect", "nationality": "Eritrean"}'


@pytest.mark.parametrize(
    ("name", "text"), [("export.ndjson", DUPLICATED + "\n"), ("export.json", f"[{DUPLICATED}]")]
)
def test_a_duplicate_key_keeps_every_value(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert [(c, r) for _, c, r in status(path)] == [("nationality", "victim")]


def test_a_duplicated_status_field_reports_both_values(tmp_path):
    path = tmp_path / "export.ndjson"
    path.write_text(
        '{"role": "victim", "nationality": "British", "nationality": "Eritrean"}\n',
        encoding="utf-8",
    )
    found = [f for r in scan_status_path(path, SALT) for f in r.findings]
    assert sorted(f.value_length for f in found) == [7, 8]


def test_bundle_reading_keeps_a_duplicated_role(tmp_path):
    from firewall_conformance.offline.profile import FlatMapping

    path = tmp_path / "extract.ndjson"
    path.write_text(
        '{"ref": "A1", "role": "victim", "role": "suspect", "citizenship_note": "ER"}\n',
        encoding="utf-8",
    )
    reading = read_extract(_extract(path, FlatMapping("ref", "role", ()), "ndjson"), SALT)
    assert reading.roles == {"A1": {"suspect", "victim"}}
    assert [f.field for f in reading.findings] == ["$.citizenship_note"]


@pytest.fixture
def cast():
    return make_cast(random.Random(7))


def canaries(path, cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    return {(f.persona, f.attribute) for r in scan_path(matcher, path) for f in r.findings}


def test_a_planted_value_hidden_in_a_duplicate_key_is_found(tmp_path, cast):
    victim = cast["victim"]
    path = tmp_path / "export.ndjson"
    path.write_text(
        f'{{"passport": "{victim.passport_number}", "passport": "none"}}\n', encoding="utf-8"
    )
    assert ("the victim", "passport_number") in canaries(path, cast)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("export.json", '[{{"{given} {family}": {{"case": "C1"}}}}]'),
        ("export.ndjson", '{{"persons": {{"{given} {family}": {{"case": "C1"}}}}}}\n'),
        (
            "export.xml",
            "<Extract><Record><{given}{family}><Case>C1</Case></{given}{family}></Record></Extract>",
        ),
        ("export.xml", '<Extract><Record {given}_{family}="present">C1</Record></Extract>'),
    ],
    ids=["json-key", "ndjson-key", "xml-tag", "xml-attribute-name"],
)
def test_a_planted_name_used_as_a_key_or_tag_is_found(tmp_path, cast, name, text):
    victim = cast["victim"]
    path = tmp_path / name
    path.write_text(
        text.format(given=victim.given_name, family=victim.family_name), encoding="utf-8"
    )
    assert ("the victim", "full_name") in canaries(path, cast)
