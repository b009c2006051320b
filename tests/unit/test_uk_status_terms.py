"""UK immigration columns `scan` once missed (issue 19, attacks 2 and 3): each UK term as a column
name, its near misses kept out, and a never-rule that must not hide a real status column."""

import pytest

from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.detect.vocabulary import vocabulary

SALT = b"test-salt"


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("HO_ref", "home office reference"),
        ("home_office_reference", "home office reference"),
        ("settled_status", "immigration status"),
        ("pre_settled_status", "immigration status"),
        ("PreSettledStatus", "immigration status"),
        ("EUSS_status", "immigration status"),
        ("eu_settlement_scheme_outcome", "immigration status"),
        ("ILR", "immigration status"),
        ("indefinite_leave_to_remain", "immigration status"),
        ("ILR_granted_date", "immigration status"),
        ("BRP_number", "biometric residence permit"),
        ("biometric_residence_permit", "biometric residence permit"),
        ("right_to_work", "right to work or rent check"),
        ("right_to_rent_check", "right to work or rent check"),
        ("RTW_share_code", "right to work or rent check"),
        ("UKVI_ref", "home office reference"),
        ("travel_document_no", "travel document"),
        ("TravelDocumentNumber", "travel document"),
        ("NRPF", "no recourse to public funds"),
        ("Nat", "nationality"),
    ],
)
def test_uk_status_column_names_are_recognised(name, category):
    assert vocabulary().category(name) == category


@pytest.mark.parametrize(
    "name",
    [
        "national_insurance_number",
        "nat_ins_no",
        "natural_light",
        "case_settled_date",
        "claim_settled",
        "work_phone",
        "rent_arrears",
        "right_hand_drive",
        "document_type",
        "travel_time_minutes",
        "residency_status",
        "resident_of_force_area",
        "stolen_passport_number",
        "property_travel_document",
    ],
)
def test_uk_near_misses_stay_out(name):
    assert vocabulary().category(name) is None


@pytest.mark.parametrize(
    "name",
    ["immigration_residency_status", "ImmigrationResidentStatus", "residency_visa_type"],
)
def test_a_never_rule_does_not_hide_a_strong_status_term(name):
    assert vocabulary().category(name) is not None


def test_scan_flags_each_uk_column_of_a_victim_and_none_of_a_suspect(tmp_path):
    columns = [
        "HO_ref",
        "settled_status",
        "EUSS_status",
        "ILR",
        "right_to_work",
        "UKVI_ref",
        "travel_document_no",
        "Nat",
        "immigration_residency_status",
    ]
    path = tmp_path / "export.csv"
    path.write_text(
        "role," + ",".join(columns) + "\n"
        "victim," + ",".join(f"value {i}" for i in range(len(columns))) + "\n"
        "suspect," + ",".join(f"value {i}" for i in range(len(columns))) + "\n",
        encoding="utf-8",
    )
    found = [f for report in scan_status_path(path, SALT) for f in report.findings]
    assert sorted(f.field for f in found) == sorted(columns)
    assert {f.role for f in found} == {"victim"}
