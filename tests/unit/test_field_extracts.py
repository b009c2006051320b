"""`scan` without canaries on extracts written as real records systems write them
(`field_extracts`): UK involvement codes (IP, RP, V1), US CAD codes (COMP, CW), the Home Office's
and US agencies' own status terms, and what sounds like them in a crime record but is not."""

import csv

import pytest

from firewall_conformance.detect.roles import column_person
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.detect.vocabulary import vocabulary
from tests.unit.field_extracts import tally

SALT = b"test-salt"

# Left open on purpose (status_values.yaml, rules.yaml say why): a CID number, a port reference
# and an ARC number mean other things in police data too; a Notice to Appear is also a criminal
# citation. A NIBRS victim segment without a role column stays inconclusive: no role field,
# key or column name says whose each value is.
LEFT_OPEN = [
    "athena_persons.csv (3, 'record 3')",
    "athena_persons.csv (6, 'record 6')",
    "athena_persons.csv (8, 'record 8')",
    "rms_persons.tsv (5, 'record 5')",
]
INCONCLUSIVE = [
    "nibrs_victims.csv (2, 'record 2')",
    "nibrs_victims.csv (3, 'record 3')",
]


def test_the_corpus_misses_only_what_is_left_open_and_alarms_on_no_clean_row(tmp_path):
    result = tally(tmp_path)
    assert result.missed == LEFT_OPEN
    assert result.inconclusive == INCONCLUSIVE
    assert result.false == []


def _found(tmp_path, role, notes):
    path = tmp_path / "persons.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([("Involvement Type", "Notes"), (role, notes)])
    (report,) = scan_status_path(path, SALT, workers=1)
    return report


@pytest.mark.parametrize(
    ("code", "role"),
    [
        ("IP", "victim"),
        ("RP", "victim"),
        ("Reporting Party", "victim"),
        ("COMP", "victim"),
        ("Compl.", "victim"),
        ("Inj. Party", "victim"),
        ("INJ PTY", "victim"),
        ("CW", "witness"),
        ("V1", "victim"),
        ("W2", "witness"),
        ("V-1", "victim"),
        ("Vic 3", "victim"),
        ("WIT#2", "witness"),
    ],
)
def test_uk_and_us_involvement_codes_name_a_victim_or_witness(tmp_path, code, role):
    report = _found(tmp_path, code, "Overstayer")
    assert [(f.field, f.role) for f in report.findings] == [("Notes", role)]


@pytest.mark.parametrize("code", ["S1", "A1", "V12345", "IP address", "1"])
def test_other_numbered_codes_name_no_one(tmp_path, code):
    report = _found(tmp_path, code, "Overstayer")
    assert report.findings == [] and report.roles_unknown


@pytest.mark.parametrize(
    ("notes", "category"),
    [
        ("Appeal rights exhausted - HO aware", "asylum remark"),
        ("Subject to immigration control", "immigration status remark"),
        ("In receipt of Section 95 support", "asylum remark"),
        ("Receiving NASS support", "asylum remark"),
        ("Asylum pending", "asylum remark"),
        ("Has EAD", "immigration status remark"),
        ("EUSS settled", "immigration status remark"),
        ("Overstaying since 2023", "immigration status remark"),
        ("Overstaying her visa", "immigration status remark"),
        ("Has been in the UK illegally since 2019", "immigration status remark"),
        ("She has no status in the UK", "immigration status remark"),
        ("No lawful status", "immigration status remark"),
        ("Referred to IE by OIC", "home office referral remark"),
        ("Referred to Immigration by the OIC", "home office referral remark"),
        ("Reported to ICE by her employer", "home office referral remark"),
        ("Contacted by Immigration and Customs Enforcement", "immigration status remark"),
        ("I-247A received from ERO", "immigration status remark"),
        ("Has an employment authorization document", "immigration status remark"),
        ("Caller states she is undocumented", "immigration status remark"),
        ("Victim has no right to work in the UK", "immigration status remark"),
        ("Reports weekly to the Home Office reporting centre", "immigration status remark"),
        ("Victim's BRP expired", "biometric residence permit remark"),
        ("Biometric residence card kept by employer", "biometric residence permit remark"),
        ("Victim holds a skilled worker visa", "visa remark"),
        ("On a Tier 2 visa", "visa remark"),
        ("On an H-2A visa", "visa remark"),
        ("Victim is stateless", "immigration status remark"),
        ("Has a certificate of application (CoA)", "immigration status remark"),
        ("Granted humanitarian protection", "asylum remark"),
        ("DDV concession applied for", "immigration status remark"),
        ("Victim's visa was curtailed", "visa remark"),
        ("Partner threatens to report her to immigration", "immigration status remark"),
        ("Has an asylum case", "asylum remark"),
        ("TPS recipient (El Salvador)", "immigration status remark"),
        ("Wears an ICE ankle monitor", "immigration status remark"),
        ("Victim entered the country illegally", "immigration status remark"),
        ("Victim crossed the border illegally", "immigration status remark"),
        ("Called an illegal alien by the suspect", "immigration status remark"),
        ("Victim has a final order of removal", "deportation remark"),
        ("Paroled into the US at the border", "immigration status remark"),
        ("SIJS petition pending", "immigration status remark"),
        ("Arrived by small boat in 2023", "immigration status remark"),
        ("She has no papers", "immigration status remark"),
    ],
)
def test_status_terms_of_uk_and_us_records_are_found_on_a_victim(tmp_path, notes, category):
    report = _found(tmp_path, "Victim", notes)
    assert [(f.field, f.category) for f in report.findings] == [("Notes", category)]


@pytest.mark.parametrize(
    "notes",
    [
        "Overstaying their welcome at a cousin's",
        "Overstaying the curfew",
        "The loss is undocumented; no receipts",
        "Reported to ice cream van driver",
        "Section 95 of the Act n/a",
        "Notice to Appear issued for petty theft",
        "Prisoner on ROTL day release",
        "On annual leave, leave to appeal refused",
        "Small boat stolen from the marina",
        "The car has no papers",
        "Employer granted discretionary leave",
        "The Visa holder disputed the transactions",
        "Vehicle removal order served by the council",
        "Tier 2 response, officers attended",
        "NRM referral made for modern slavery",
        "Victim has TPS on her landline",
        "Ice check in the car park before gritting",
        "Removal centre for furniture",
        "Order of removal of the items agreed",
        "Home Office reporting standards applied",
    ],
)
def test_words_like_the_new_status_terms_do_not_alarm(tmp_path, notes):
    assert _found(tmp_path, "Victim", notes).findings == []


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("GWF Ref", "home office reference"),
        ("gwf_number", "home office reference"),
        ("NASS Ref", "asylum"),
        ("HO CID Number", "home office reference"),
    ],
)
def test_home_office_reference_columns_are_recognised(name, category):
    assert vocabulary().category(name) == category


@pytest.mark.parametrize("name", ["CID Number", "Port Ref", "ARC Number"])
def test_references_that_mean_other_things_in_police_data_stay_out(name):
    assert vocabulary().category(name) is None


@pytest.mark.parametrize(
    ("notes", "says_status"),
    [
        ("Claim settled, status closed", False),
        ("Insurer: claim settled. Status: NFA", False),
        ("Paid by Visa. Expired passport found in her bag", False),
        ("Suspect illegal; immigrant community centre targeted", False),
        ("Settled status (EUSS)", True),
        ("Granted leave to remain. Works locally", True),
        ("U.S.-born; asylum seeker", True),
    ],
)
def test_a_remark_stands_within_one_clause(tmp_path, notes, says_status):
    """Words of a remark apart by a sentence's punctuation say nothing together."""
    assert bool(_found(tmp_path, "Victim", notes).findings) == says_status


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Imm. Status", "immigration status"),
        ("Immig. Status", "immigration status"),
        ("Imm Sts", "immigration status"),
        ("Ctzn.", "citizenship"),
        ("POB", "foreign birth"),
        ("COB", "foreign birth"),
        ("Cntry of Birth", "foreign birth"),
        ("Country of Origin", "nationality"),
    ],
)
def test_abbreviated_column_names_of_a_victim_are_found(tmp_path, name, category):
    """A column's own dots ("Imm. Status") are not a path: its name is read whole."""
    path = tmp_path / "persons.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([("Role", name), ("Victim", "Parolee"), ("Suspect", "Parolee")])
    (report,) = scan_status_path(path, SALT, workers=1)
    assert [(f.record, f.field, f.category) for f in report.findings] == [(2, name, category)]


@pytest.mark.parametrize("role_column", ["Invl. Type", "Inv. Type", "Role.", "Person Type."])
def test_a_role_column_with_dots_of_its_own_names_the_role(tmp_path, role_column):
    path = tmp_path / "persons.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([(role_column, "Notes"), ("Victim", "Overstayer")])
    (report,) = scan_status_path(path, SALT, workers=1)
    assert [(f.field, f.role) for f in report.findings] == [("Notes", "victim")]


@pytest.mark.parametrize("name", ["Sts.", "Cob Ref", "Inv. No.", "Status"])
def test_other_dotted_and_short_column_names_stay_out(name):
    assert vocabulary().category(name.replace(".", " ")) is None


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "case.json",
            '{"ref": "1", "victims": [{"name": "A", "immigrationStatus": "TPS"}],'
            ' "witnesses": [{"name": "B", "notes": "Asylum seeker"}],'
            ' "suspects": [{"name": "C", "immigrationStatus": "EWI"}]}',
            [("$.victims[0].immigrationStatus", "victim"), ("$.witnesses[0].notes", "witness")],
        ),
        (
            "cases.ndjson",
            '{"ref": "1", "victim": {"name": "A", "notes": "Overstayer"},'
            ' "suspect": {"name": "B", "immigrationStatus": "EWI", "notes": "Overstayer"}}\n',
            [("$.victim.notes", "victim")],
        ),
        (
            "flattened.csv",
            "ref,victim.name,victim.imm_status,suspect.name,suspect.imm_status\n1,A,Parolee,B,Parolee\n",
            [("victim.imm_status", "victim")],
        ),
    ],
)
def test_persons_listed_under_a_key_naming_their_role_have_that_role(
    tmp_path, name, text, expected
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (report,) = scan_status_path(path, SALT, workers=1)
    assert [(f.field, f.role) for f in report.findings] == expected
    assert not report.roles_unknown


def test_a_key_that_only_starts_with_a_role_word_names_no_role(tmp_path):
    path = tmp_path / "case.json"
    path.write_text('{"victimInjuries": {"notes": "Overstayer"}}', encoding="utf-8")
    (report,) = scan_status_path(path, SALT, workers=1)
    assert report.findings == [] and report.roles_unknown


@pytest.mark.parametrize(
    ("column", "person"),
    [
        ("victim1_imm_status", ("victim1_", "victim")),
        ("Victim 1 Immigration Status", ("Victim 1 ", "victim")),
        ("Injured Party 2 Nationality", ("Injured Party 2 ", "victim")),
        ("vic2_status", ("vic2_", "victim")),
        ("W1 Nationality", ("W1 ", "witness")),
        ("witness-2-visa", ("witness-2-", "witness")),
        ("suspect1_immigration_status", ("suspect1_", "suspect")),
        ("victim_nationality", ("victim_", "victim")),
    ],
)
def test_a_wide_records_column_belongs_to_the_person_its_name_begins_with(column, person):
    assert column_person(column) == person


@pytest.mark.parametrize(
    "column",
    ["Victim", "V_status", "S1_status", "IP address", "VictimInjuries", "Imm. Status", "$.v.x"],
)
def test_a_column_not_begun_by_a_role_belongs_to_no_one_of_its_own(column):
    """A role code counts only with its number; a whole role is a role column; a path's parts
    are read as paths."""
    assert column_person(column) is None


def test_each_persons_status_in_a_wide_record_is_bound_to_their_role(tmp_path):
    # Before: every value "roles unknown", the scan inconclusive; the suspect's too.
    path = tmp_path / "wide.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(
            [
                ("Ref", "Victim 1 Name", "Victim 1 Imm Status", "W1 Visa", "Suspect 1 Imm Status"),
                ("41/1", "A Okoro", "Overstayer", "", "Illegal entrant"),
                ("41/2", "C Diaz", "", "Student", ""),
            ]
        )
    (report,) = scan_status_path(path, SALT, workers=1)
    assert sorted((f.record, f.person, f.role, f.field) for f in report.findings) == [
        (2, "Victim 1", "victim", "Victim 1 Imm Status"),
        (3, "W1", "witness", "W1 Visa"),
    ]
    assert not report.roles_unknown
