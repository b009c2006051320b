"""FW-03: a search by a value strangers may share (a date of birth, a given name) is compared
with the same search for people not on record too, where the investigator's answers show that
it finds no one but the planted person. Run against the reference with a vendor layer that
tells the immigration officer how many records born on the day searched were withheld."""

from __future__ import annotations

from tests.acceptance.conftest import scenario_against_mutant

SCENARIO = "An immigration officer cannot find a victim or a witness by searching"


def test_a_birth_date_search_counting_the_withheld_is_a_breach(tmp_path):
    # Before: FW-03 COMPLIANT; searches by date of birth were never compared with decoys.
    outcome, searching = scenario_against_mutant(
        tmp_path, "birth-date-search-counts-withheld", "FW-03", SCENARIO
    )
    assert searching["outcome"] == "breach", searching
    assert "by date of birth" in str(searching) and "withheld" in str(searching), searching
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
