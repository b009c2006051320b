"""Canary detection: every variant kind and every format, located to record and field."""

import base64
import csv
import gzip
import hashlib
import io
import json
import pickle
import random
import zipfile
from dataclasses import replace
from datetime import date
from urllib.parse import quote

import pytest

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_document, scan_export, scan_path
from firewall_conformance.persons.personas import make_cast


@pytest.fixture
def cast():
    return make_cast(random.Random(7))


@pytest.fixture
def matcher(cast):
    return CanaryMatcher.for_personas(cast.values())


def hits(matcher, document):
    return {
        (f.persona, f.attribute, f.variant, f.field)
        for f in scan_document(matcher, document, "doc").findings
    }


def write_csv(path, rows, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


# -- variants ------------------------------------------------------------------------------


def test_case_spacing_and_punctuation_are_folded(matcher, cast):
    witness = cast["witness"]
    spaced = " ".join(witness.passport_number[i : i + 3] for i in range(0, 9, 3))
    found = hits(
        matcher,
        {
            "n": f"  {witness.full_name.upper()} ",
            "p": spaced,
            "h": witness.home_office_reference.lower(),
        },
    )
    assert ("the witness", "full_name", "plain", "$.n") in found
    assert ("the witness", "passport_number", "plain", "$.p") in found
    assert ("the witness", "home_office_reference", "plain", "$.h") in found


def test_diacritics_are_stripped(matcher, cast):
    victim = cast["victim"]
    accented = victim.family_name[0] + "\u0301" + victim.family_name[1:]
    assert ("the victim", "family_name", "plain", "$.n") in hits(matcher, {"n": accented})


def test_names_reordered_and_split_across_fields(cast):
    # A given name long enough to be looked for (real ones are often shorter).
    victim = replace(cast["victim"], given_name="Caroline")
    matcher = CanaryMatcher.for_personas([victim])
    found = hits(matcher, {"a": f"{victim.family_name}, {victim.given_name}"})
    assert ("the victim", "full_name", "reordered", "$.a") in found
    found = hits(matcher, {"first": victim.given_name, "last": victim.family_name})
    assert ("the victim", "full_name", "split-name", "$.first + $.last") in found


@pytest.mark.parametrize(
    ("variant", "render"),
    [
        ("dob-uk", lambda d: d.strftime("%d/%m/%Y")),
        ("dob-us", lambda d: d.strftime("%m/%d/%Y")),
        ("dob-written", lambda d: f"{d.day} {d.strftime('%B')} {d.year}"),
        ("dob-written", lambda d: f"{d.strftime('%b')} {d.day}, {d.year}"),
    ],
)
def test_dates_of_birth_in_every_form(matcher, cast, variant, render):
    born = date.fromisoformat(cast["suspect"].date_of_birth)
    found = hits(matcher, {"dob": render(born)})
    assert ("the suspect", "date_of_birth", variant, "$.dob") in found


def test_phone_in_international_form(matcher, cast):
    e164 = "+44 " + cast["suspect"].phone[1:]
    assert ("the suspect", "phone", "phone-e164", "$.tel") in hits(matcher, {"tel": e164})


@pytest.mark.parametrize("algorithm", ["sha256", "sha1", "md5"])
def test_hashed_identifiers_are_still_personal_data(matcher, cast, algorithm):
    passport = cast["witness"].passport_number
    digest = hashlib.new(algorithm, passport.encode()).hexdigest().upper()
    assert ("the witness", "passport_number", algorithm, "$.pseudonym") in hits(
        matcher, {"pseudonym": digest}
    )


def test_base64_and_url_encoded_values(matcher, cast):
    witness = cast["witness"]
    encoded = base64.b64encode(witness.email.encode()).decode()
    assert ("the witness", "email", "base64", "$.blob") in hits(matcher, {"blob": encoded})
    url = f"https://example.org/search?q={quote(witness.full_name)}"
    assert ("the witness", "full_name", "url-encoded", "$.link") in hits(matcher, {"link": url})


def test_shared_and_weak_values_do_not_attribute(matcher, cast):
    victim = cast["victim"]
    assert hits(matcher, {"n": victim.nationality, "s": victim.immigration_status}) == set()
    report = scan_document(matcher, {"born": victim.date_of_birth}, "doc")
    assert report.findings and report.personas_found() == set()
    # Phones are drawn unique to the run from ranges no subscriber holds: one attributes.
    assert scan_document(matcher, {"phone": victim.phone}, "doc").personas_found() == {"the victim"}


def test_matcher_survives_pickling_for_distributed_workers(matcher, cast):
    copy = pickle.loads(pickle.dumps(matcher))
    value = cast["suspect"].email
    assert copy.value_hits(value) == matcher.value_hits(value)
    assert len(matcher) > 300


def test_clean_data_gives_no_false_hits(matcher):
    rng = random.Random(1)
    rows = [
        {"name": "".join(rng.choice("abcdefghij ") for _ in range(30)), "n": str(rng.random())}
        for _ in range(2000)
    ]
    assert all(not scan_document(matcher, row, "doc").findings for row in rows)


# -- formats -------------------------------------------------------------------------------


def test_csv_hits_carry_line_and_column(tmp_path, matcher, cast):
    witness = cast["witness"]
    path = write_csv(
        tmp_path / "e.csv",
        [
            {"name": "Nobody Here", "passport": "000", "note": "multi\nline, quoted"},
            {"name": witness.full_name, "passport": witness.passport_number, "note": ""},
        ],
    )
    report = scan_export(matcher, path, "csv", "the export")
    assert (report.records, report.bytes) == (2, path.stat().st_size)
    located = {(f.unit, f.record, f.field, f.attribute) for f in report.findings}
    assert ("line", 4, "passport", "passport_number") in located


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "latin-1"])
def test_csv_in_other_encodings(tmp_path, matcher, cast, encoding):
    victim = cast["victim"]
    path = write_csv(tmp_path / "e.csv", [{"name": "Zoë Ñoño", "email": victim.email}], encoding)
    [report] = scan_path(matcher, path)
    assert report.encoding == encoding
    assert report.personas_found() == {"the victim"}


def test_ndjson_with_json_escapes_and_paths(tmp_path, matcher, cast):
    victim = cast["victim"]
    accented = victim.given_name[:2] + "\u00e9" + victim.given_name[3:]
    lines = [{"x": 1}, {"person": {"names": [accented, victim.family_name]}}]
    path = tmp_path / "e.ndjson"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    report = scan_export(matcher, path, "ndjson", "the export")
    assert report.records == 2
    assert {(f.record, f.field) for f in report.findings if f.attribute == "family_name"} == {
        (2, "$.person.names[1]")
    }


def test_gzip_ndjson_is_streamed(tmp_path, matcher, cast):
    path = tmp_path / "e.ndjson.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i in range(5000):
            out.write(
                json.dumps({"i": i, "email": cast["suspect"].email if i == 4321 else "x@y"}) + "\n"
            )
    [report] = scan_path(matcher, path)
    assert report.records == 5000
    assert {f.record for f in report.findings} == {4322}
    assert "email" in {f.attribute for f in report.findings}


def test_zip_members_are_scanned_separately(tmp_path, matcher, cast):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", f"name\n{cast['witness'].full_name}\n")
        archive.writestr("b.ndjson", '{"ok": true}\n')
    reports = {r.source: r for r in scan_path(matcher, path)}
    assert set(reports) == {"bundle.zip!a.csv", "bundle.zip!b.ndjson"}
    assert reports["bundle.zip!a.csv"].personas_found() == {"the witness"}
    assert not reports["bundle.zip!b.ndjson"].findings


def test_json_array_and_object_members_are_records(tmp_path, matcher, cast):
    suspect = cast["suspect"]
    document = {
        "exported": "2026-11-01",
        "persons": [{"n": "a"}, {"n": suspect.full_name}],
        "cases": [{"ref": "C1"}],
    }
    path = tmp_path / "e.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    [report] = scan_path(matcher, path)
    assert report.records == 4
    assert {(f.record, f.field) for f in report.findings if f.attribute == "full_name"} == {
        (2, "$.persons[1].n")
    }


def test_niem_style_xml_with_namespaces_and_xpath(tmp_path, matcher, cast):
    witness = cast["witness"]
    xml = f"""<!-- exported by RMS -->
<?xml version="1.0" encoding="UTF-8"?>
<ex:Exchange xmlns:ex="urn:example" xmlns:nc="http://release.niem.gov/niem/niem-core/5.0/">
  <nc:Person ex:id="P1"><nc:PersonName><nc:PersonGivenName>Ann</nc:PersonGivenName></nc:PersonName></nc:Person>
  <nc:Person ex:id="P2"><nc:PersonName><nc:PersonSurName>{witness.family_name}</nc:PersonSurName></nc:PersonName></nc:Person>
</ex:Exchange>"""
    path = tmp_path / "e.xml"
    path.write_text(xml, encoding="utf-8")
    [report] = scan_path(matcher, path)
    assert report.records == 2
    [finding] = [f for f in report.findings if f.attribute == "family_name"]
    assert (finding.record, finding.field) == (
        2,
        "/ex:Exchange/nc:Person[2]/nc:PersonName[1]/nc:PersonSurName[1]",
    )


# -- bad input -----------------------------------------------------------------------------


def test_hostile_xml_is_refused(tmp_path, matcher):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>'
    )
    with pytest.raises(UnreadableExport, match="refused: it declares entities"):
        list(scan_path(matcher, bomb))
    deep = tmp_path / "deep.xml"
    deep.write_text("<a>" * 500 + "</a>" * 500)
    with pytest.raises(UnreadableExport, match="nested deeper than"):
        list(scan_path(matcher, deep))


def test_decompression_bomb_is_refused(tmp_path, matcher, monkeypatch):
    import firewall_conformance.detect.sources as sources

    monkeypatch.setattr(sources, "RATIO_FLOOR_BYTES", 1024)
    path = tmp_path / "bomb.ndjson.gz"
    path.write_bytes(gzip.compress(b'{"a": 1}\n' * 200_000))
    with pytest.raises(UnreadableExport, match="decompression bomb"):
        list(scan_path(matcher, path))


def test_malformed_inputs_say_where(tmp_path, matcher, cast):
    ragged = tmp_path / "ragged.csv"
    ragged.write_text(f"a,b\n1,2\n{cast['victim'].email}\n", encoding="utf-8")
    with pytest.raises(UnreadableExport, match="line 3: 1 fields, header has 2"):
        scan_export(matcher, ragged, "csv", "x")
    broken = tmp_path / "broken.ndjson"
    broken.write_text('{"a": 1}\n{"a": \n{"b": 2}\n', encoding="utf-8")
    with pytest.raises(UnreadableExport, match="line 2: not JSON"):
        scan_export(matcher, broken, "ndjson", "x")
    cut = tmp_path / "cut.json"
    cut.write_text('[{"a": 1}, {"b": ', encoding="utf-8")
    with pytest.raises(UnreadableExport, match="JSON"):
        list(scan_path(matcher, cut))
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(b"a\n" + b"x\n" * 40000 + b"\xe9\n")
    with pytest.raises(UnreadableExport, match=r"byte \d+: not valid UTF-8"):
        list(scan_path(matcher, mixed))


def test_empty_export_reports_zero_records(tmp_path, matcher):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert scan_export(matcher, empty, "csv", "x").records == 0


def test_parallel_survey_finds_exactly_what_a_single_process_finds(
    tmp_path, matcher, cast, monkeypatch
):
    import firewall_conformance.detect.linescan as linescan

    monkeypatch.setattr(linescan, "CHUNK_BYTES", 4096)
    rows = [
        {"name": f"n{i}", "note": "two\nlines" if i % 7 == 0 else "x", "email": "-"}
        for i in range(3000)
    ]
    for i, persona in zip((5, 1500, 2999), cast.values(), strict=True):
        rows[i]["email"] = persona.email
    csv_path = write_csv(tmp_path / "big.csv", rows)
    ndjson_path = tmp_path / "big.ndjson"
    ndjson_path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for path, fmt in ((csv_path, "csv"), (ndjson_path, "ndjson")):
        results = []
        for workers in (1, 2):
            with path.open("rb") as stream:
                scan = linescan.scan_lines(
                    matcher, stream, fmt, path.name, "utf-8", workers=workers
                )
            results.append(
                (scan.records, sorted((f.record, f.field, f.persona) for f in scan.findings))
            )
        assert results[0] == results[1]
        assert results[0][0] == 3000
        assert {persona for _, _, persona in results[0][1]} == {p.label for p in cast.values()}
