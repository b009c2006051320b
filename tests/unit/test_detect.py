import csv
import json
import random

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.readers import UnreadableExport
from firewall_conformance.detect.scan import scan_document, scan_export
from firewall_conformance.personas import make_cast


@pytest.fixture
def cast():
    return make_cast(random.Random(7))


def _csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_personas_are_unique_per_cast():
    first, second = make_cast(), make_cast()
    assert first["victim"].family_name != second["victim"].family_name
    assert first["victim"].email.endswith("@example.org")
    assert first["victim"].phone.startswith("07700 900")


def test_csv_hits_are_located_by_record_and_field_case_insensitively(tmp_path, cast):
    witness = cast["witness"]
    path = _csv(
        tmp_path / "e.csv",
        [
            {"name": "Nobody Here", "passport": "000"},
            {"name": witness.full_name.upper(), "passport": witness.passport_number},
        ],
    )
    report = scan_export(CanaryMatcher(cast.values()), path, "csv", "the test export")
    assert report.records == 2
    assert report.bytes == path.stat().st_size
    located = {(f.persona, f.record, f.field, f.attribute) for f in report.findings}
    assert ("the witness", 2, "name", "full_name") in located
    assert ("the witness", 2, "passport", "passport_number") in located
    assert report.personas_found() == {"the witness"}


def test_ndjson_hits_carry_json_paths(tmp_path, cast):
    victim = cast["victim"]
    path = tmp_path / "e.ndjson"
    lines = [{"person": {"names": ["x", victim.family_name]}}, {"other": 1}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    report = scan_export(CanaryMatcher(cast.values()), path, "ndjson", "the export")
    assert report.records == 2
    assert [(f.record, f.field) for f in report.findings] == [(1, "$.person.names[1]")]


def test_shared_values_are_not_canaries(tmp_path, cast):
    document = {
        "nationality": cast["victim"].nationality,
        "status": cast["victim"].immigration_status,
    }
    assert scan_document(CanaryMatcher(cast.values()), document, "doc").findings == []


def test_phone_alone_does_not_attribute_a_record(cast):
    report = scan_document(CanaryMatcher(cast.values()), {"phone": cast["suspect"].phone}, "doc")
    assert report.findings and report.personas_found() == set()
    assert report.personas_found(identifying_only=False) == {"the suspect"}


def test_malformed_inputs_say_which_record(tmp_path, cast):
    matcher = CanaryMatcher(cast.values())
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,b\n1,2\n3\n", encoding="utf-8")
    with pytest.raises(UnreadableExport, match="record 2: 1 fields, header has 2"):
        scan_export(matcher, ragged, "csv", "x")
    broken = tmp_path / "broken.ndjson"
    broken.write_text('{"a": 1}\n{"a": \n', encoding="utf-8")
    with pytest.raises(UnreadableExport, match="record 2: not JSON"):
        scan_export(matcher, broken, "ndjson", "x")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("a\n\xe9\n".encode("latin-1"))
    with pytest.raises(UnreadableExport, match="not UTF-8"):
        scan_export(matcher, latin, "csv", "x")


def test_empty_export_reports_zero_records(tmp_path, cast):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert scan_export(CanaryMatcher(cast.values()), empty, "csv", "x").records == 0
