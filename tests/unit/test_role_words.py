"""Role words and role columns `scan` once missed (issue 19, attacks 4 and 5): synonyms, short
codes as the whole value of a role column, role columns by other names, and roles held in
lists or in role objects."""

import json

import pytest

from firewall_conformance.detect.status import scan_status_path

SALT = b"test-salt"


def reports(path):
    return list(scan_status_path(path, SALT))


def found(path):
    return [(f.field, f.role, f.person) for r in reports(path) for f in r.findings]


@pytest.mark.parametrize(
    ("column", "value", "role"),
    [
        ("role", "complainant", "victim"),
        ("role", "Injured Party", "victim"),
        ("role", "aggrieved person", "victim"),
        ("role", "Aggrieved", "victim"),
        ("role", "survivor", "victim"),
        ("role", "reporting person", "victim"),
        ("role", "V", "victim"),
        ("role", "Vic", "victim"),
        ("role", "W", "witness"),
        ("role", "wit.", "witness"),
        ("role", "eye-witness", "witness"),
        ("role", "Eyewitness", "witness"),
        ("involvement_type", "victim", "victim"),
        ("party_type", "victim", "victim"),
        ("person_type", "witness", "witness"),
        ("role_desc", "victim", "victim"),
        ("PartyRole", "complainant", "victim"),
        ("role", "protected party", "victim"),
        ("role", "VICT", "victim"),
        ("role", "Wtns", "witness"),
        ("name_type", "W", "witness"),
        ("invl_type", "victim", "victim"),
        ("involvement_code", "V", "victim"),
    ],
)
def test_role_words_and_role_columns_are_recognised(tmp_path, column, value, role):
    path = tmp_path / "export.csv"
    path.write_text(f"{column},nationality\n{value},Eritrean\n", encoding="utf-8")
    assert found(path) == [("nationality", role, "record 2")]


@pytest.mark.parametrize("value", ["S", "Sus", "V for vendetta", "VW Golf", "visitor"])
def test_short_codes_count_only_as_a_whole_value_and_never_clear_anyone(tmp_path, value):
    """A default code can make a person a victim or a witness, never a suspect: a vendor's
    'S' may mean survivor, so only a profile may say what it means."""
    path = tmp_path / "export.csv"
    path.write_text(f"role,nationality\n{value},Eritrean\n", encoding="utf-8")
    (report,) = reports(path)
    assert report.findings == [] and report.roles_unknown


def test_a_short_code_in_a_field_that_is_not_a_role_is_no_role(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("grade,nationality\nV,Eritrean\n", encoding="utf-8")
    (report,) = reports(path)
    assert report.findings == [] and report.roles_unknown


def test_a_profile_can_map_its_own_codes():
    from firewall_conformance.detect.role_words import role_words

    words = role_words()
    assert words.roles_in("S", {"s": "suspect"}) == {"suspect"}
    assert words.roles_in("V", {"v": "suspect"}) == {"suspect", "victim"}
    assert words.roles_in("S") == set()


@pytest.mark.parametrize(
    ("record", "field", "person"),
    [
        ({"roles": ["victim"], "nationality": "Eritrean"}, "$.nationality", "$"),
        (
            {"person": {"roles": ["suspect", "witness"], "nationality": "Eritrean"}},
            "$.person.nationality",
            "$.person",
        ),
        (
            {"person": {"role": {"description": "Victim"}, "nationality": "Eritrean"}},
            "$.person.nationality",
            "$.person",
        ),
        (
            {"persons": [{"role": {"code": "V"}, "nationality": "Eritrean"}]},
            "$.persons[0].nationality",
            "$.persons[0]",
        ),
        (
            {"involvement": [{"type": "complainant"}], "nationality": "Eritrean"},
            "$.nationality",
            "$",
        ),
    ],
    ids=["role-list", "nested-role-list", "role-description", "role-code", "involvement-type"],
)
def test_roles_held_in_lists_and_role_objects_are_found(tmp_path, record, field, person):
    path = tmp_path / "export.ndjson"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert [(f, p) for f, _, p in found(path)] == [(field, person)]


def test_a_role_object_gives_its_role_to_its_owner_only(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            {
                "persons": [
                    {"role": {"description": "suspect"}, "nationality": "Polish"},
                    {"role": {"description": "victim"}, "nationality": "Eritrean"},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert found(path) == [("$.persons[1].nationality", "victim", "$.persons[1]")]
