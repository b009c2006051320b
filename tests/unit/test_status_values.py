"""Status detection reads values, not only field names: a remark or a flag on a victim's or
witness's record is a finding; status data whose owner's role cannot be told makes the scan
inconclusive, never "nothing found"; and the values real exports hold for other reasons (a
Visa debit card, a Home Office approved lock, a suspect's deportation) find nothing."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from firewall_conformance.cli.main import main
from firewall_conformance.detect import linescan
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.detect.status_literals import status_literals
from firewall_conformance.detect.vocabulary import vocabulary

SALT = b"values"

# The records of the brief: each a victim's or witness's immigration status, today unseen.
NESTED_ROLE = {
    "incident": "I-1",
    "party": {"involvement": "Victim", "name": "A B"},
    "notes": {"visa": "overstayer"},
}
ABBREVIATED = {
    "incident": "I-2",
    "person_type": "W",
    "name": "C D",
    "imm_status": "No recourse to public funds",
}
REMARK = {
    "incident": "I-4",
    "role": "complainant",
    "name": "G H",
    "comments": "Victim disclosed she is an asylum seeker awaiting decision",
}
FLAGS = {
    "incident": "I-6",
    "role": "victim",
    "name": "K L",
    "flags": ["IMMIGRATION_INTEREST", "HO_REFERRAL"],
}


def _scan(tmp_path, name, text, **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return list(scan_status_path(path, SALT, **options))


def _found(reports):
    return [(f.record, f.field, f.category, f.role) for r in reports for f in r.findings]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (NESTED_ROLE, [(1, "$.notes.visa", "visa", "victim")]),
        (ABBREVIATED, [(1, "$.imm_status", "immigration status", "witness")]),
        (REMARK, [(1, "$.comments", "asylum remark", "victim")]),
        (
            FLAGS,
            [
                (1, "$.flags[0]", "immigration status flag", "victim"),
                (1, "$.flags[1]", "home office referral flag", "victim"),
            ],
        ),
    ],
    ids=["nested-role", "abbreviated-name", "remark", "flags"],
)
def test_each_record_of_the_brief_is_a_finding(tmp_path, record, expected):
    [report] = _scan(tmp_path, "one.ndjson", json.dumps(record) + "\n")
    assert _found([report]) == expected
    assert not report.roles_unknown


@pytest.mark.parametrize(
    "name",
    [
        "imm_status", "immig_status", "imm_stat", "ImmigStatus", "visa_type", "daca_status",
        "uvisa_cert", "lawful_status", "ice_detainer", "ICEHold",
    ],
)  # fmt: skip
def test_abbreviated_status_column_names(name):
    assert vocabulary().category(name) in {"immigration status", "visa"}


def test_the_us_arrival_record_number_is_a_status_column():
    assert vocabulary().category("i94_number") == "alien status"


@pytest.mark.parametrize(
    "name",
    [
        "leave_status", "leave_type", "immunisation_status", "imm_date", "immediate_action",
        "legal_status", "residency_status", "ice_warning", "road_ice", "tps_status",
    ],
)  # fmt: skip
def test_names_that_only_look_like_status(name):
    """'leave' is also a patient's leave under the Mental Health Act or a prisoner's temporary
    release; 'imm' stands for other things beside 'status'."""
    assert vocabulary().category(name) is None


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


REMARK_CSV = _csv(
    [
        ["incident", "role", "name", "comments", "flags"],
        ["I-4", "complainant", "G H", "Victim disclosed she is an asylum seeker", ""],
        ["I-5", "witness", "M N", "", "NRPF; HO_REFERRAL"],
        ["I-7", "suspect", "S T", "Deported in 2019, returned illegally", "IMMIGRATION_INTEREST"],
        ["I-8", "victim", "P Q", "Paid with a Visa debit card", ""],
    ]
)
REMARK_XML = """<?xml version="1.0"?>
<export>
  <record><incident>I-4</incident><role>complainant</role><name>G H</name>
    <comments>Victim disclosed she is an asylum seeker</comments></record>
  <record><incident>I-5</incident><role>witness</role><flags><flag>NRPF</flag></flags></record>
  <record><incident>I-7</incident><role>suspect</role><comments>Deported in 2019</comments></record>
</export>
"""
REMARK_JSON = json.dumps(
    {
        "records": [
            REMARK,
            {"incident": "I-7", "role": "suspect", "comments": "overstayer, deported 2019"},
        ]
    }
)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "remarks.csv",
            REMARK_CSV,
            [
                (2, "comments", "asylum remark", "victim"),
                (3, "flags", "no recourse to public funds flag", "witness"),
            ],
        ),
        (
            "remarks.xml",
            REMARK_XML,
            [
                (1, "/export/record[1]/comments[1]", "asylum remark", "victim"),
                (
                    2,
                    "/export/record[2]/flags[1]/flag[1]",
                    "no recourse to public funds flag",
                    "witness",
                ),
            ],
        ),
        ("remarks.json", REMARK_JSON, [(1, "$.records[0].comments", "asylum remark", "victim")]),
    ],
    ids=["csv", "xml", "json-document"],
)
def test_remarks_and_flags_in_every_format(tmp_path, name, text, expected):
    reports = _scan(tmp_path, name, text)
    assert _found(reports) == expected
    assert not any(r.roles_unknown for r in reports)


def test_findings_never_show_the_value(tmp_path):
    [report] = _scan(tmp_path, "one.ndjson", json.dumps(REMARK) + "\n")
    text = json.dumps([f.to_json() for f in report.findings])
    assert "asylum" not in text.replace("asylum remark", "")
    assert [f.value_length for f in report.findings] == [len(REMARK["comments"])]


@pytest.mark.parametrize(
    "record",
    [
        {"role": "X9", "name": "A", "notes": "asylum seeker"},
        {"role": "X9", "name": "A", "nationality": "Eritrean"},
        {"name": "A", "flags": ["NRPF"]},
        {
            "parties": [{"role": "victim", "name": "A"}, {"role": "suspect", "name": "B"}],
            "summary": "one of them is an overstayer",
        },
        {
            "party": {"involvement": "Victim", "name": "A B"},
            "other": {"name": "E F"},
            "notes": {"visa": "overstayer"},
        },
    ],
    ids=["unknown-code", "unknown-code-by-name", "no-role", "two-persons", "second-named-person"],
)
def test_status_data_whose_owner_cannot_be_told_is_roles_unknown(tmp_path, record):
    lines = json.dumps({"role": "suspect", "name": "Z"}) + "\n" + json.dumps(record) + "\n"
    [report] = _scan(tmp_path, "export.ndjson", lines)
    assert report.findings == [] and report.names_roles
    assert report.roles_unknown
    assert [u.record for u in report.unbound] == [2]


@pytest.mark.parametrize(
    "record",
    [
        {"role": "victim", "offence": "Theft", "notes": "Paid with a Visa debit card"},
        {"role": "victim", "offence": "Theft", "notes": "paid by VISA credit card, contactless"},
        {"role": "victim", "notes": "Home Office approved lock fitted to the rear door"},
        {"role": "witness", "occupation": "Immigration officer at Heathrow"},
        {"role": "victim", "address": "12 Asylum Road, London SE15"},
        {"role": "victim", "notes": "Told of her right to remain silent"},
        {"role": "suspect", "notes": "Deported in 2019, an overstayer", "flags": ["NRPF"]},
        {"role": "witness", "notes": "British national, lives locally"},
        {"role": "victim", "notes": "Reported online; statement taken at scene"},
    ],
    ids=[
        "visa-card",
        "visa-credit",
        "home-office-lock",
        "officer",
        "street",
        "remain-silent",
        "suspect",
        "british-national",
        "ordinary",
    ],
)
def test_values_real_exports_hold_for_other_reasons_find_nothing(tmp_path, record):
    [report] = _scan(tmp_path, "export.ndjson", json.dumps(record) + "\n")
    assert report.findings == [] and list(report.unbound) == []
    assert not report.roles_unknown


def test_nationality_stays_a_finding_once(tmp_path):
    record = {"role": "witness", "nationality": "British national", "notes": "British national"}
    [report] = _scan(tmp_path, "export.ndjson", json.dumps(record) + "\n")
    assert _found([report]) == [(1, "$.nationality", "nationality", "witness")]


def test_a_record_with_status_only_in_its_values_is_a_candidate():
    chunk = (
        b'{"role": "victim", "note": "x"}\n'
        b'{"role": "victim", "comments": "an Asylum-Seeker"}\n'
        b'{"role": "victim", "flags": ["HO_REFERRAL"]}\n'
        b'{"role": "victim", "flags": "ImmigrationInterest"}\n'
    )
    assert status_literals().lines(chunk) >= {1, 2, 3}


def _many(records):
    return "".join(json.dumps(r) + "\n" for r in records)


MANY = [
    *(
        {"role": "witness", "name": f"N{i}", "note": "asylum seeker" if i % 50 == 0 else "seen"}
        for i in range(300)
    ),
    REMARK,
    FLAGS,
    NESTED_ROLE,
    {"role": "X9", "notes": "asylum seeker"},
    {"role": "victim", "notes": "Paid with a Visa debit card"},
    *({"role": "suspect", "note": "deported"} for _ in range(100)),
    ABBREVIATED,
]


@pytest.mark.parametrize("workers", [1, 2])
def test_every_engine_finds_the_same(tmp_path, monkeypatch, workers):
    """The line path in workers (flat records by the fast reader), and every record read one
    by one (a JSON document holding the same records), find the same."""
    monkeypatch.setattr(linescan, "CHUNK_BYTES", 2000)
    [lines] = _scan(tmp_path, "many.ndjson", _many(MANY), workers=workers)
    [whole] = _scan(tmp_path, "many.json", json.dumps(MANY))
    assert len(lines.findings) == 11
    assert [(f.record, f.category, f.value_hash) for f in lines.findings] == [
        (f.record, f.category, f.value_hash) for f in whole.findings
    ]
    assert [u.record for u in lines.unbound] == [u.record for u in whole.unbound] == [304]


@pytest.mark.parametrize(
    ("record", "code", "said"),
    [
        (REMARK, 1, "asylum remark of a victim"),
        ({"role": "X9", "notes": "asylum seeker"}, 2, "whose role cannot be told"),
        ({"role": "victim", "notes": "Paid with a Visa debit card"}, 0, "nothing found"),
    ],
)
def test_the_scan_command_says_and_exits(tmp_path, record, code, said):
    path = tmp_path / "export.ndjson"
    path.write_text(json.dumps({"role": "suspect"}) + "\n" + json.dumps(record) + "\n")
    result = CliRunner().invoke(main, ["scan", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == code, result.output
    assert said in result.output
    assert "asylum seeker" not in result.output


def test_a_remark_broken_over_lines_of_a_quoted_csv_field_is_found(tmp_path):
    text = 'role,comments\nsuspect,x\nvictim,"an asylum\nseeker, since May"\n'
    [report] = _scan(tmp_path, "export.csv", text)
    assert _found([report]) == [(3, "comments", "asylum remark", "victim")]


def test_niem_persons_bound_by_role_elements_are_not_roles_unknown(tmp_path):
    """Read flat, a NIEM person element names no role: its status fields are bound by the
    role elements that refer to it (and the suspect's are not reported), so nothing is left
    whose role cannot be told."""
    text = (
        '<ex:Exchange xmlns:ex="urn:ex" xmlns:nc="urn:nc" xmlns:j="urn:j" xmlns:s="urn:s">'
        '<nc:Person s:id="P1"><nc:PersonCitizenship>Eritrea</nc:PersonCitizenship>'
        "<nc:PersonDescriptionText>seen</nc:PersonDescriptionText></nc:Person>"
        '<nc:Person s:id="P2"><nc:PersonNationality>Albania</nc:PersonNationality></nc:Person>'
        '<j:Victim><nc:RoleOfPerson s:ref="P1"/></j:Victim>'
        '<j:Subject><nc:RoleOfPerson s:ref="P2"/></j:Subject></ex:Exchange>'
    )
    [report] = _scan(tmp_path, "exchange.xml", text)
    assert [(f.person, f.category) for f in report.findings] == [("P1", "citizenship")]
    assert list(report.unbound) == [] and not report.roles_unknown


def test_a_pair_outside_the_role_part_is_bound_to_the_lone_person(tmp_path):
    record = {
        "party": {"role": "witness", "name": "A"},
        "attributes": [{"key": "immigration_status", "value": "pending"}],
    }
    [report] = _scan(tmp_path, "export.ndjson", json.dumps(record) + "\n")
    assert _found([report]) == [
        (1, "$.attributes[immigration_status]", "immigration record", "witness")
    ]


def test_a_pair_naming_the_record_itself_is_the_lone_persons(tmp_path):
    record = {"role": "victim", "key": "immigration_status", "value": "Overstayer"}
    [report] = _scan(tmp_path, "export.ndjson", json.dumps(record) + "\n")
    assert _found([report]) == [(1, "$[immigration_status]", "immigration record", "victim")]


def _niem(person_one: str, person_two: str) -> str:
    """A NIEM-style exchange: P1 a victim and P2 a suspect, each bound by a role element."""
    return (
        '<ex:Exchange xmlns:ex="urn:ex" xmlns:nc="urn:nc" xmlns:j="urn:j" xmlns:s="urn:s">'
        f'<nc:Person s:id="P1">{person_one}</nc:Person>'
        f'<nc:Person s:id="P2">{person_two}</nc:Person>'
        '<j:Victim><nc:RoleOfPerson s:ref="P1"/></j:Victim>'
        '<j:Subject><nc:RoleOfPerson s:ref="P2"/></j:Subject></ex:Exchange>'
    )


def test_values_stating_status_of_a_person_a_niem_role_element_binds_are_found(tmp_path):
    """A victim bound to their role by reference, not by a field: their remarks and flags are
    read for what they say, as in a flat record; the suspect's are not reported."""
    remark = "<nc:PersonDescriptionText>she is an asylum seeker awaiting decision</nc:PersonDescriptionText>"
    flag = "<ex:Flag>IMMIGRATION_INTEREST</ex:Flag>"
    text = _niem(remark + flag, remark + flag)
    [report] = _scan(tmp_path, "exchange.xml", text)
    assert sorted((f.person, f.category) for f in report.findings) == [
        ("P1", "asylum remark"),
        ("P1", "immigration status flag"),
    ]


@pytest.mark.parametrize(
    "description",
    ["Paid with a Visa debit card", "Immigration officer at Heathrow", "12 Asylum Road, London"],
)
def test_values_a_niem_victim_holds_for_other_reasons_find_nothing(tmp_path, description):
    text = _niem(f"<nc:PersonDescriptionText>{description}</nc:PersonDescriptionText>", "")
    [report] = _scan(tmp_path, "exchange.xml", text)
    assert report.findings == [] and not report.roles_unknown


@pytest.mark.parametrize(
    "remark",
    [
        "Applied for a U visa; I-918 Supplement B certification requested",
        "T visa applicant",
        "DACA recipient",
        "TPS holder since 2021",
        "Lawful permanent resident",
        "Entered without inspection in 2019",
        "Unlawfully present in the United States",
        "Out of status since March",
        "Asylum application (Form I-589) pending",
        "Next hearing at the immigration court",
        "Was in ICE custody last year",
        "UKVI informed of the incident",
        "On section 3C leave",
        "Has ILR",
        "Holds a BRP",
        "ASPEN card seen",
    ],
)
def test_us_and_uk_status_remarks_on_a_victim_are_found(tmp_path, remark):
    record = {"role": "victim", "name": "K L", "notes": remark}
    [report] = _scan(tmp_path, "export.ndjson", json.dumps(record) + "\n")
    assert len(report.findings) == 1, remark


@pytest.mark.parametrize(
    "remark",
    [
        "Collision on I-94 westbound near exit 12",
        "Crash on I-485 near the junction",
        "Slipped on ice outside the shop",
        "LPR hit on the vehicle",
        "TPS report filed",
        "Driver produced a green card for insurance",
        "Unlawfully present on the premises",
        "Overstayed his curfew",
        "Out of breath when officers arrived",
        "Section 3 of the Theft Act",
        "A number of items were taken",
        "Paid with a U visa card ending 4412",
    ],
)
def test_words_near_the_us_and_uk_remarks_find_nothing(tmp_path, remark):
    record = {"role": "victim", "name": "K L", "notes": remark}
    [report] = _scan(tmp_path, "export.ndjson", json.dumps(record) + "\n")
    assert report.findings == [], remark


@pytest.mark.parametrize(
    "remark",
    [
        "Items stolen: (i) 360 euros cash (ii) mobile phone",
        "Seized: (i) 589 cigarettes, (ii) 20 pouches of tobacco",
        "Victim complained of illegal working conditions at the car wash",
        "Illegal working hours reported to the council",
        "Number registered with the Telephone Preference Service; TPS status checked",
        "See section 3 c of the DASH risk assessment",
        "Council began vehicle removal proceedings against the neighbour",
    ],
)
def test_ordinary_crime_record_phrases_on_a_victim_find_nothing(tmp_path, remark):
    """Review of the US and UK vocabulary: a list numbered (i), (ii); a labour-exploitation
    victim's complaint; the Telephone Preference Service of a fraud report; a form's section
    3(c); a council's removal of a vehicle. Each would be a false finding on a real export."""
    record = {"role": "victim", "name": "K L", "notes": remark}
    [report] = _scan(tmp_path, "export.ndjson", json.dumps(record) + "\n")
    assert report.findings == [], remark


@pytest.mark.parametrize(
    "remark",
    ["U visa cert requested by the victim's advocate", "U-Visa certification request signed"],
)
def test_the_us_police_shorthand_for_u_visa_certification_is_found(tmp_path, remark):
    record = {"role": "victim", "name": "K L", "notes": remark}
    [report] = _scan(tmp_path, "export.ndjson", json.dumps(record) + "\n")
    assert len(report.findings) == 1, remark
