"""`firewall-conformance scan` on files an inspector holds."""

from __future__ import annotations

import dataclasses
import gzip
import json
import random

from firewall_conformance.persons.personas import make_cast
from tests.acceptance.conftest import cli


def _personas_file(tmp_path, cast):
    path = tmp_path / "personas.json"
    path.write_text(json.dumps([dataclasses.asdict(p) for p in cast.values()]), encoding="utf-8")
    return path


def test_planted_persona_in_a_gzip_export_is_found_and_located(tmp_path):
    cast = make_cast(random.Random(11))
    export = tmp_path / "ie-feed.ndjson.gz"
    lines = [
        {"name": "someone"},
        {"pseudonym": cast["witness"].passport_number.upper(), "note": "x"},
    ]
    export.write_bytes(gzip.compress("".join(json.dumps(line) + "\n" for line in lines).encode()))
    result = cli(
        "scan", str(export), "--personas", str(_personas_file(tmp_path, cast)), "--format", "json"
    )
    assert result.code == 1, result.stderr
    document = json.loads(result.stdout)
    [report] = document["canaries"]
    assert {(f["record"], f["field"], f["persona"]) for f in report["findings"]} == {
        (2, "$.pseudonym", "the witness")
    }


def test_status_data_on_a_victim_is_found_without_canaries_and_values_stay_hidden(tmp_path):
    export = tmp_path / "extract.csv"
    export.write_text(
        "role,name,nationality\nsuspect,A,Albanian\nvictim,B,Eritrean\n", encoding="utf-8"
    )
    result = cli("scan", str(export))
    assert result.code == 1, result.stdout + result.stderr
    assert "record 3, nationality: nationality of a victim" in result.stdout
    assert "Eritrean" not in result.stdout and "Albanian" not in result.stdout


def test_escape_sequences_in_an_exports_name_and_field_names_are_shown_not_obeyed(tmp_path):
    # A crafted export handed to an inspector: its field name and its own name erase the line
    # above and make a word a link. Before: both reached the terminal as they came.
    export = tmp_path / "extract\x1b]8;;evil.invalid\x07.csv"
    export.write_text(
        "role,name,nationality\x1b[1A\x1b[2K\nsuspect,A,Albanian\nvictim,B,Eritrean\n",
        encoding="utf-8",
    )
    result = cli("scan", str(export))
    assert result.code == 1, result.stdout + result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    assert "nationality\\x1b[1A\\x1b[2K" in result.stdout
    assert "extract\\x1b]8;;" in result.stdout


def test_clean_files_exit_zero_and_an_unreadable_one_exits_two(tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("role,name,nationality\nsuspect,A,Albanian\nvictim,B,\n", encoding="utf-8")
    assert cli("scan", str(clean)).code == 0
    broken = tmp_path / "broken.ndjson"
    broken.write_text('{"a": 1}\n{"a": \n', encoding="utf-8")
    result = cli("scan", str(clean), str(broken))
    assert result.code == 2
    assert "broken.ndjson, line 2: not JSON" in result.stdout


def test_invalid_personas_file_is_an_error_naming_the_key(tmp_path):
    bad = tmp_path / "personas.json"
    bad.write_text(
        json.dumps([{"label": "x", "role": "bystander", "given_name": "A", "family_name": "B"}])
    )
    export = tmp_path / "e.csv"
    export.write_text("a\n1\n", encoding="utf-8")
    result = cli("scan", str(export), "--personas", str(bad))
    assert result.code == 3
    assert "[0].role" in result.stderr


def test_persons_without_roles_are_inconclusive_not_clean(tmp_path):
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("name,nationality\nA,Eritrean\n", encoding="utf-8")
    ndjson_file = tmp_path / "people.ndjson"
    ndjson_file.write_text('{"name": "A", "nationality": "Eritrean"}\n', encoding="utf-8")
    for path in (csv_file, ndjson_file):
        result = cli("scan", str(path))
        assert result.code == 2, result.stdout + result.stderr
        assert f"roles unknown {path.name}" in result.stdout
        assert "INCONCLUSIVE" in result.stdout
        document = json.loads(cli("scan", str(path), "--format", "json").stdout)
        assert document["roles_unknown"] == [path.name]


def test_niem_xml_with_a_comment_before_its_declaration_is_read(tmp_path):
    export = tmp_path / "exchange.xml"
    export.write_text(
        "<!-- Exchange gateway 4.2 -->\n"
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ex:Exchange xmlns:ex="urn:ex" xmlns:nc="urn:nc" xmlns:j="urn:j" xmlns:s="urn:s">'
        '<nc:Person s:id="P1"><nc:PersonCitizenship>Eritrea</nc:PersonCitizenship></nc:Person>'
        '<j:Victim><nc:RoleOfPerson s:ref="P1"/></j:Victim></ex:Exchange>\n',
        encoding="utf-8",
    )
    result = cli("scan", str(export))
    assert result.code == 1, result.stdout + result.stderr
    assert "citizenship of a victim (P1)" in result.stdout


def test_status_in_values_and_in_nested_parts_is_found_by_the_command(tmp_path):
    """The records of a real export's shapes that read as "nothing found" before: a status
    field beside a role in a nested object, an abbreviated status column, a remark in free
    text and status flags, each on a victim or witness; status data whose owner's role cannot
    be told is INCONCLUSIVE; a Visa card on a theft victim is nothing."""
    records = {
        "nested.ndjson": {
            "incident": "I-1",
            "party": {"involvement": "Victim", "name": "A B"},
            "notes": {"visa": "overstayer"},
        },
        "abbreviated.ndjson": {
            "incident": "I-2",
            "person_type": "W",
            "name": "C D",
            "imm_status": "No recourse to public funds",
        },
        "remark.ndjson": {
            "incident": "I-4",
            "role": "complainant",
            "name": "G H",
            "comments": "Victim disclosed she is an asylum seeker awaiting decision",
        },
        "flags.ndjson": {
            "incident": "I-6",
            "role": "victim",
            "name": "K L",
            "flags": ["IMMIGRATION_INTEREST", "HO_REFERRAL"],
        },
    }
    for name, record in records.items():
        path = tmp_path / name
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        result = cli("scan", str(path), "--format", "json")
        assert result.code == 1, name + result.stdout + result.stderr
        assert "overstayer" not in result.stdout and "asylum seeker" not in result.stdout
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("role,comments\nsuspect,x\nX9,asylum seeker\n", encoding="utf-8")
    result = cli("scan", str(unknown))
    assert result.code == 2, result.stdout + result.stderr
    assert "record 3, comments: asylum flag of a person whose role cannot be told" in (
        result.stdout
    )
    card = tmp_path / "card.csv"
    card.write_text("role,offence,notes\nvictim,Theft,Paid with a Visa debit card\n")
    assert cli("scan", str(card)).code == 0
