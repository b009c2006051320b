"""FW-03: a record or a search asked for in another format than JSON goes through another
renderer, which a vendor may have left outside the firewall; so may a search with an option or a
criterion its published interface offers and the target profile does not map. Run against the
reference with vendor layers that serve each of these to anyone."""

from __future__ import annotations

import pytest

from tests.acceptance.conftest import scenario_against_mutant

SCENARIO = "An immigration officer cannot open a victim's or a witness's record directly"


@pytest.mark.parametrize(
    ("mutant", "way"),
    [
        ("csv-record-skips-firewall", "asked for as CSV"),
        ("record-full-view-skips-firewall", "with view=full"),
    ],
)
def test_a_record_served_another_way_to_the_immigration_officer_is_a_breach(tmp_path, mutant, way):
    # Before: FW-03 COMPLIANT; the record was only ever asked for as JSON, as the profile asks.
    outcome, opening = scenario_against_mutant(tmp_path, mutant, "FW-03", SCENARIO)
    assert opening["outcome"] == "breach", opening
    assert way in opening["reason"], opening["reason"]
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1


SEARCH = "An immigration officer cannot find a victim or a witness by searching"


@pytest.mark.parametrize(
    ("mutant", "way"),
    [
        ("csv-search-skips-firewall", "asked for as CSV"),
        ("search-by-birth-order-skips-firewall", "with sort=date_of_birth"),
        ("search-by-case-skips-firewall", "by case_id"),
        ("overlapping-search-skips-firewall", "made at the same moment as an investigator's"),
    ],
)
def test_a_search_served_another_way_to_the_immigration_officer_is_a_breach(tmp_path, mutant, way):
    # Before: FW-03 COMPLIANT; the search was asked only as the profile maps it, as JSON.
    outcome, searching = scenario_against_mutant(tmp_path, mutant, "FW-03", SEARCH)
    assert searching["outcome"] == "breach", searching
    assert way in searching["reason"], searching["reason"]
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1


def test_a_search_asked_another_way_that_tells_who_is_on_record_is_a_breach(tmp_path):
    # Before: FW-03 COMPLIANT; the sorted search was never asked, nor compared with the same
    # search for people not on record.
    outcome, searching = scenario_against_mutant(
        tmp_path, "sorted-search-counts-withheld", "FW-03", SEARCH
    )
    assert searching["outcome"] == "breach", searching
    assert "tells them the person is on record" in searching["reason"], searching["reason"]
    assert "with sort=date_of_birth" in searching["reason"], searching["reason"]
    assert "withheld" in searching["reason"], searching["reason"]
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
